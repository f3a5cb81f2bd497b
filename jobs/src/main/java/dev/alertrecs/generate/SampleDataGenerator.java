package dev.alertrecs.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alertrecs.generate.SampleWorld.Account;
import dev.alertrecs.generate.SampleWorld.Alert;
import dev.alertrecs.generate.SampleWorld.Dashboard;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a realistic, deterministic input tree for the job (layout of CONTRACT.md): action logs per
 * day ({@code actions/dt=.../part-NNNNN.json.gz}, the last part of a day plain {@code .json}),
 * daily catalog snapshots (one day left out on purpose), and the ground truth the recommendations
 * are checked against ({@code _generator/truth.jsonl}).
 *
 * <p>Grain of the work: one task per (day, file), run on a thread pool; each task has its own
 * random streams seeded from (seed, day, file), so the output is byte-identical for the same
 * settings whatever the scheduling. A task streams its events to two files: its part in its own
 * day's folder and {@code part-NNNNN-late.json.gz} in the next day's folder for what is received
 * after midnight (late events, actions of investigations running past midnight, some duplicates).
 * Memory does not grow with the number of events.
 */
public final class SampleDataGenerator {

  /**
   * What was written, over all folders.
   *
   * @param eventsWritten distinct valid events (each counted once)
   * @param malformedLines bad lines (they replace the event they were made from)
   * @param duplicateLines extra copies of valid events, same {@code event_id}
   * @param lateEvents valid events received in the folder after their own day (included in {@code
   *     eventsWritten}; events of investigations running past midnight are not late)
   * @param daysWritten full days written ({@code dt=endDate+1} holds only what arrived late)
   */
  public record Summary(
      long eventsWritten,
      long malformedLines,
      long duplicateLines,
      long lateEvents,
      int daysWritten) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;
  private static final int LAST_DAYS_OF_NEW_ALERTS = 3;

  private final GeneratorSettings settings;
  private final SampleWorld world;

  public SampleDataGenerator(GeneratorSettings settings) {
    this.settings = settings;
    this.world =
        new SampleWorld(settings.seed(), settings.accounts(), settings.days(), settings.shape());
  }

  public Summary generate() throws IOException {
    writeCatalog();
    writeTruth();
    return writeActions();
  }

  /** Day index (0 = first day) whose catalog snapshot is left out, or -1 when too few days. */
  int missingCatalogDay() {
    return settings.days() >= 3 ? settings.days() / 2 : -1;
  }

  /** Share of the day's events for each account: the first one is big, the rest share. */
  double accountShare(int account) {
    int n = settings.accounts();
    if (n == 1) {
      return 1.0;
    }
    return account == 0 ? 0.4 : 0.6 / (n - 1);
  }

  private Summary writeActions() throws IOException {
    int files = settings.filesPerDay();
    int tasks = settings.days() * files;
    int threads = Math.max(1, Math.min(tasks, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<EventWriter>> results = new ArrayList<>();
      int daysWritten = 0;
      for (int day = 0; day < settings.days(); day++) {
        if (!settings.writesActionsOf(settings.startDate().plusDays(day))) {
          continue;
        }
        daysWritten++;
        for (int file = 0; file < files; file++) {
          int d = day;
          int f = file;
          results.add(pool.submit(() -> writeShard(d, f)));
        }
      }
      long events = 0;
      long malformed = 0;
      long duplicates = 0;
      long late = 0;
      for (Future<EventWriter> result : results) {
        EventWriter w = result.get();
        events += w.eventsWritten;
        malformed += w.malformedLines;
        duplicates += w.duplicateLines;
        late += w.lateEvents;
      }
      return new Summary(events, malformed, duplicates, late, daysWritten);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing actions", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("writing actions failed", cause);
    } finally {
      pool.shutdownNow();
    }
  }

  private EventWriter writeShard(int dayIndex, int file) throws IOException {
    LocalDate day = settings.startDate().plusDays(dayIndex);
    long epochDay = day.toEpochDay();
    boolean last = file == settings.filesPerDay() - 1 && settings.filesPerDay() > 1;
    boolean plain = last || settings.shape().plainJson();
    String part = String.format("part-%05d", file);
    Path mainFile = dayDir("actions", day).resolve(part + (plain ? ".json" : ".json.gz"));
    Path nextFile = dayDir("actions", day.plusDays(1)).resolve(part + "-late.json.gz");
    String idPrefix = "e-" + day.format(COMPACT) + "-" + file + "-";
    SplittableRandom route =
        new SplittableRandom(Seeds.mix(settings.seed(), 0xDE11_7E4L, epochDay, file));
    SplittableRandom behaviour =
        new SplittableRandom(Seeds.mix(settings.seed(), 0xBE4A_7105L, epochDay, file));
    double validPerDay = settings.eventsPerDay() / (1 + settings.duplicateShare());
    if (dayIndex == 0) {
      // the first day receives no late events from a day before: make up for them
      validPerDay *= 1 + settings.lateShare() + 0.2 * settings.duplicateShare() + 0.02;
    }
    try (EventWriter out =
        new EventWriter(
            mainFile,
            !plain,
            nextFile,
            (epochDay + 1) * ShardSimulation.DAY,
            idPrefix,
            route,
            settings)) {
      out.touchMain();
      ShardSimulation sim =
          new ShardSimulation(
              behaviour,
              out,
              settings.seed(),
              epochDay,
              dayIndex,
              settings.days(),
              file,
              settings.filesPerDay(),
              settings.shape());
      for (Account account : world.accounts) {
        sim.run(account, validPerDay * accountShare(account.index) / settings.filesPerDay());
      }
      return out;
    }
  }

  private void writeCatalog() throws IOException {
    for (int d = 0; d < settings.days(); d++) {
      if (d == missingCatalogDay()) {
        continue;
      }
      LocalDate day = settings.startDate().plusDays(d);
      List<String> alertLines = new ArrayList<>();
      List<String> dashboardLines = new ArrayList<>();
      for (Account account : world.accounts) {
        for (Alert alert : account.alerts) {
          if (alert.isNew() && d < settings.days() - LAST_DAYS_OF_NEW_ALERTS) {
            continue;
          }
          ObjectNode row = MAPPER.createObjectNode();
          row.put("account_id", account.id);
          row.put("alert_id", alert.id());
          row.put("title", alert.title());
          row.put("severity", alert.severity());
          alertLines.add(MAPPER.writeValueAsString(row));
        }
        for (Dashboard dashboard : account.dashboards) {
          ObjectNode row = MAPPER.createObjectNode();
          row.put("account_id", account.id);
          row.put("dashboard_id", dashboard.id());
          row.put("title", dashboard.title());
          row.put("deleted", dashboard.deletedOn(d));
          dashboardLines.add(MAPPER.writeValueAsString(row));
        }
      }
      writeLines(dayDir("catalog/alerts", day).resolve("alerts.json"), alertLines);
      writeLines(dayDir("catalog/dashboards", day).resolve("dashboards.json"), dashboardLines);
    }
  }

  /**
   * One line per (account, alert): what a good recommender would show. Deleted dashboards are
   * listed apart (never to be recommended); query templates carry {@code {range}} and {@code {n}}
   * placeholders where users vary the text, and one example of each is given as typed.
   */
  private void writeTruth() throws IOException {
    int lastDay = settings.days() - 1;
    List<String> lines = new ArrayList<>();
    for (Account account : world.accounts) {
      for (Alert alert : account.alerts) {
        ObjectNode row = MAPPER.createObjectNode();
        row.put("account_id", account.id);
        row.put("alert_id", alert.id());
        row.put("title", alert.title());
        row.put("service", alert.service());
        row.put("symptom", alert.symptom());
        ArrayNode relevant = row.putArray("relevant_dashboards");
        ArrayNode deleted = row.putArray("deleted_dashboards");
        for (String id : alert.relevantDashboards()) {
          (account.dashboard(id).deletedOn(lastDay) ? deleted : relevant).add(id);
        }
        ArrayNode templates = row.putArray("relevant_query_templates");
        ArrayNode examples = row.putArray("relevant_query_examples");
        for (QueryTemplate q : alert.relevantQueries()) {
          templates.add(q.pattern());
          examples.add(q.canonical());
        }
        row.put("is_new", alert.isNew());
        row.put("sibling_of", alert.siblingOf());
        lines.add(MAPPER.writeValueAsString(row));
      }
    }
    Path dir = settings.inputRoot().resolve("_generator");
    Files.createDirectories(dir);
    writeLines(dir.resolve("truth.jsonl"), lines);
  }

  private Path dayDir(String table, LocalDate day) {
    return settings.inputRoot().resolve(table).resolve("dt=" + day);
  }

  private static void writeLines(Path file, List<String> lines) throws IOException {
    Files.createDirectories(file.getParent());
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (String line : lines) {
        w.write(line);
        w.write('\n');
      }
    }
  }
}
