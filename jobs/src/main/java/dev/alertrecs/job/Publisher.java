package dev.alertrecs.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.alertrecs.config.FaultSettings;
import dev.alertrecs.io.ObjectStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes a run so that no reader sees a partial or mixed table, also during a rerun.
 *
 * <p>A run first writes each table as one Parquet file under its own folder, {@code
 * _runs/dt=D/<run_id>/<table>/} (Athena skips folders starting with {@code _}). Publishing then
 * replaces {@code <table>/dt=D/part-00000.parquet} with that file in one step (a server-side copy
 * on S3, an atomic rename on a local disk), so a reader of the table sees the old or the new day,
 * never a mix. {@code _SUCCESS} follows each table, and the manifests come last: {@code
 * manifests/dt=D/manifest.json} and {@code latest.json}, which point at the run's own immutable
 * files. The alert mechanism reads {@code latest.json}; it never moves back to an older date. A run
 * killed half-way leaves every table complete (old or new) and the manifests on the last published
 * run, whose files are kept until a later run of that date has published.
 */
public final class Publisher {
  public static final String PUBLISHED_FILE = "part-00000.parquet";
  public static final String LATEST = "latest.json";

  /** Where runs stage their tables; Athena skips folders starting with {@code _}. */
  public static final String RUNS_FOLDER = "_runs";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectStore store;
  private final Layout layout;
  private final FaultSettings faults;
  private final int keepRunDays;

  public Publisher(ObjectStore store, Layout layout) {
    this(store, layout, FaultSettings.NONE, Integer.MAX_VALUE);
  }

  /**
   * @param faults test-only pause points ({@code fault_pause_at})
   * @param keepRunDays staged run folders of days this much older than the published day are
   *     removed after publishing
   */
  public Publisher(ObjectStore store, Layout layout, FaultSettings faults, int keepRunDays) {
    this.store = store;
    this.layout = layout;
    this.faults = faults;
    this.keepRunDays = keepRunDays;
  }

  /** Where a run stages a table before publishing it. */
  public String stagedTable(LocalDate day, String runId, String table) {
    return runFolder(day, runId) + "/" + table;
  }

  /** Replaces the day's file of each table with the run's file, then marks it complete. */
  public Map<String, String> publishTables(LocalDate day, String runId, List<String> tables) {
    Map<String, String> snapshots = new LinkedHashMap<>();
    for (String table : tables) {
      String staged = stagedTable(day, runId, table);
      String file = onlyDataFile(staged);
      String target = layout.tableDay(table, day) + "/" + PUBLISHED_FILE;
      store.copyReplacing(file, target);
      for (String other : store.listFiles(layout.tableDay(table, day))) {
        // leftovers of an older layout would be read beside the published file
        if (!other.equals(PUBLISHED_FILE) && !other.startsWith("_") && !other.startsWith(".")) {
          store.delete(layout.tableDay(table, day) + "/" + other);
        }
      }
      store.putText(layout.tableDay(table, day) + "/_SUCCESS", "");
      snapshots.put(table, file);
      if (snapshots.size() == 1 && tables.size() > 1) {
        faults.pauseIfAt("after_first_table"); // test-only hook: a kill here tests half a publish
      }
    }
    return snapshots;
  }

  /** Adds the run's record to the day's runs folder: one file per run, reruns keep history. */
  public void publishRunRecord(LocalDate day, String runId) {
    String file = onlyDataFile(stagedTable(day, runId, Layout.RUNS));
    store.copyReplacing(file, layout.tableDay(Layout.RUNS, day) + "/" + runId + ".parquet");
  }

  /**
   * Writes the day's manifest, then {@code latest.json} unless a later date is already published,
   * then removes the folders of older runs of the day.
   */
  public String writeManifests(
      LocalDate day,
      String runId,
      String modelVersion,
      Instant publishedAt,
      Map<String, String> snapshots,
      Map<String, Long> rowCounts) {
    faults.pauseIfAt("before_manifests"); // test-only hook: tables new, manifests still old
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("run_date", day.toString());
    manifest.put("run_id", runId);
    manifest.put("model_version", modelVersion);
    manifest.put("published_at", publishedAt.toString());
    Map<String, Object> tables = new LinkedHashMap<>();
    snapshots.forEach(
        (table, file) -> {
          Map<String, Object> t = new LinkedHashMap<>();
          t.put("path", layout.tableDay(table, day) + "/" + PUBLISHED_FILE);
          t.put("snapshot", file);
          t.put("rows", rowCounts.get(table));
          tables.put(table, t);
        });
    manifest.put("tables", tables);
    String text = toJson(manifest);
    store.putText(layout.outputRoot() + "/manifests/dt=" + day + "/manifest.json", text);
    LocalDate latest = latestDate();
    if (latest == null || !latest.isAfter(day)) {
      store.putText(layout.outputRoot() + "/" + LATEST, text);
    }
    for (String run : store.listFolders(runsOfDay(day))) {
      if (!run.equals(runId)) {
        store.delete(runsOfDay(day) + "/" + run);
      }
    }
    removeOldRuns(day);
    return text;
  }

  /**
   * Removes the staged folders of days more than {@code keepRunDays} before {@code day}: the
   * published tables are copies, so only the manifests of those days lose their snapshot files.
   */
  private void removeOldRuns(LocalDate day) {
    if (keepRunDays == Integer.MAX_VALUE) {
      return;
    }
    LocalDate oldestKept = day.minusDays(keepRunDays);
    for (String folder : store.listFolders(layout.outputRoot() + "/" + RUNS_FOLDER)) {
      LocalDate folderDay = folderDate(folder);
      if (folderDay != null && folderDay.isBefore(oldestKept)) {
        store.delete(layout.outputRoot() + "/" + RUNS_FOLDER + "/" + folder);
      }
    }
  }

  private static LocalDate folderDate(String folder) {
    if (!folder.startsWith("dt=")) {
      return null;
    }
    try {
      return LocalDate.parse(folder.substring(3));
    } catch (java.time.format.DateTimeParseException notADay) {
      return null;
    }
  }

  /** Removes a run's staged files when it did not publish its tables. */
  public void discard(LocalDate day, String runId) {
    store.delete(runFolder(day, runId));
  }

  /** The run date latest.json names, or null when nothing was published yet. */
  public LocalDate latestDate() {
    String text = store.getText(layout.outputRoot() + "/" + LATEST);
    if (text == null) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(text);
      return LocalDate.parse(node.get("run_date").asText());
    } catch (JsonProcessingException | RuntimeException e) {
      return null;
    }
  }

  private String runsOfDay(LocalDate day) {
    return layout.outputRoot() + "/" + RUNS_FOLDER + "/dt=" + day;
  }

  private String runFolder(LocalDate day, String runId) {
    return runsOfDay(day) + "/" + runId;
  }

  private String onlyDataFile(String folder) {
    List<String> parts =
        store.listFiles(folder).stream()
            .filter(n -> n.startsWith("part-") && n.endsWith(".parquet"))
            .toList();
    if (parts.size() != 1) {
      throw new IllegalStateException(
          "expected one Parquet file in " + folder + ", found " + parts.size());
    }
    return folder + "/" + parts.get(0);
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
