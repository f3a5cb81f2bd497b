package dev.alertrecs.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertrecs.config.SettingsException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataGeneratorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final LocalDate END = LocalDate.parse("2026-11-25");
  private static final LocalDate START = END.minusDays(2);
  private static final long EVENTS_PER_DAY = 3000;

  @TempDir static Path root;
  private static GeneratorSettings settings;
  private static SampleDataGenerator.Summary summary;
  private static List<Line> lines;
  private static List<Event> events;

  /** One line as found on disk. */
  record Line(LocalDate folder, String file, String text) {}

  /** A valid event (first copy only). */
  record Event(
      LocalDate folder, String file, Instant ts, String tsText, JsonNode json, String account) {
    String user() {
      return text("user_id");
    }

    String action() {
      return text("action");
    }

    String text(String field) {
      return json.hasNonNull(field) ? json.get(field).asText() : null;
    }
  }

  @BeforeAll
  static void generateTinyWorld() throws IOException {
    settings =
        new GeneratorSettings(
            root.resolve("input"), END, 3, 2, EVENTS_PER_DAY, 7, 2, 0.01, 0.02, 0.03);
    summary = new SampleDataGenerator(settings).generate();
    lines = readActions(settings.inputRoot());
    events = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Line line : lines) {
      JsonNode json = validOrNull(line.text());
      if (json != null && seen.add(json.get("account_id").asText() + "/" + json.get("event_id"))) {
        String ts = json.get("ts").asText();
        events.add(
            new Event(
                line.folder(),
                line.file(),
                OffsetDateTime.parse(ts).toInstant(),
                ts,
                json,
                json.get("account_id").asText()));
      }
    }
  }

  @Test
  void layoutHasDailyPartitionsGzipAndPlainPartsAndTheTruth() throws IOException {
    Path actions = settings.inputRoot().resolve("actions");
    for (int d = 0; d < 3; d++) {
      Path day = actions.resolve("dt=" + START.plusDays(d));
      assertTrue(Files.exists(day.resolve("part-00000.json.gz")), day.toString());
      assertTrue(Files.exists(day.resolve("part-00001.json")), day.toString());
    }
    Set<String> names;
    try (Stream<Path> files = Files.walk(actions)) {
      names =
          files
              .filter(Files::isRegularFile)
              .map(p -> p.getParent().getFileName() + "/" + p.getFileName())
              .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
    for (String name : names) {
      assertTrue(name.matches("dt=\\d{4}-\\d{2}-\\d{2}/part-\\d{5}(-late)?\\.json(\\.gz)?"), name);
    }
    // what the last day received after midnight sits in dt=endDate+1
    assertTrue(
        names.contains("dt=" + END.plusDays(1) + "/part-00000-late.json.gz"), names.toString());
    assertTrue(Files.exists(settings.inputRoot().resolve("_generator/truth.jsonl")));
    assertEquals(3, summary.daysWritten());
  }

  @Test
  void oneCatalogSnapshotInTheMiddleIsMissing() {
    Path catalog = settings.inputRoot().resolve("catalog");
    for (String table : List.of("alerts/dt=%s/alerts.json", "dashboards/dt=%s/dashboards.json")) {
      assertTrue(Files.exists(catalog.resolve(table.formatted(START))));
      assertFalse(Files.exists(catalog.resolve(table.formatted(START.plusDays(1)))));
      assertTrue(Files.exists(catalog.resolve(table.formatted(END))));
    }
  }

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedOtherBytes() throws IOException {
    GeneratorSettings same =
        new GeneratorSettings(
            root.resolve("again"), END, 3, 2, EVENTS_PER_DAY, 7, 2, 0.01, 0.02, 0.03);
    new SampleDataGenerator(same).generate();
    Map<String, byte[]> first = tree(settings.inputRoot());
    Map<String, byte[]> second = tree(same.inputRoot());
    assertEquals(first.keySet(), second.keySet());
    for (String file : first.keySet()) {
      assertArrayEquals(first.get(file), second.get(file), file);
    }

    GeneratorSettings other =
        new GeneratorSettings(
            root.resolve("other"), END, 3, 2, EVENTS_PER_DAY, 8, 2, 0.01, 0.02, 0.03);
    new SampleDataGenerator(other).generate();
    Map<String, byte[]> third = tree(other.inputRoot());
    String part = "actions/dt=" + START + "/part-00001.json";
    assertFalse(java.util.Arrays.equals(first.get(part), third.get(part)));
  }

  @Test
  void actionsFromWritesTheLastDayExactlyAsAFullRunAndNothingBefore() throws IOException {
    GeneratorSettings lastDay =
        new GeneratorSettings(
            root.resolve("last-day"), END, 3, 2, EVENTS_PER_DAY, 7, 2, 0.01, 0.02, 0.03, END);
    SampleDataGenerator.Summary written = new SampleDataGenerator(lastDay).generate();
    Map<String, byte[]> full = tree(settings.inputRoot());
    Map<String, byte[]> partial = tree(lastDay.inputRoot());
    Set<String> actionFiles =
        partial.keySet().stream().filter(f -> f.startsWith("actions/")).collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "actions/dt=" + END + "/part-00000.json.gz",
            "actions/dt=" + END + "/part-00001.json",
            "actions/dt=" + END.plusDays(1) + "/part-00000-late.json.gz",
            "actions/dt=" + END.plusDays(1) + "/part-00001-late.json.gz"),
        actionFiles);
    for (String file : partial.keySet()) {
      assertArrayEquals(full.get(file), partial.get(file), file);
    }
    assertEquals(1, written.daysWritten());
    assertThrows(
        SettingsException.class,
        () -> new GeneratorSettings(root, END, 3, 2, 10, 1, 1, 0, 0, 0, END.plusDays(1)));
  }

  @Test
  void idsCollideAcrossAccountsButTitlesDiffer() throws IOException {
    Map<String, Map<String, String>> alertTitles = catalog("alerts", END, "alert_id");
    Map<String, String> acme = alertTitles.get("acme");
    Map<String, String> globex = alertTitles.get("globex");
    Set<String> shared = new HashSet<>(acme.keySet());
    shared.retainAll(globex.keySet());
    assertTrue(shared.size() >= 8, shared.toString());
    long differ = shared.stream().filter(id -> !acme.get(id).equals(globex.get(id))).count();
    assertTrue(differ > shared.size() / 2, "titles differing: " + differ + " of " + shared.size());

    Map<String, Map<String, String>> dashboards = catalog("dashboards", END, "dashboard_id");
    for (Map<String, String> titles : dashboards.values()) {
      assertEquals("Home", titles.get("d-1"));
      assertTrue(titles.size() >= 25 && titles.size() <= 45, "dashboards: " + titles.size());
    }
    Set<String> acmeUsers = usersOf("acme");
    Set<String> globexUsers = usersOf("globex");
    assertTrue(acmeUsers.contains("u-1") && globexUsers.contains("u-1"));
  }

  @Test
  void everyValidLineHasTheFieldsOfItsActionAndTheCountsMatchTheSummary() {
    long bad = lines.stream().filter(l -> validOrNull(l.text()) == null).count();
    long valid = lines.size() - bad;
    assertEquals(summary.malformedLines(), bad);
    assertEquals(summary.eventsWritten(), events.size());
    assertEquals(summary.duplicateLines(), valid - events.size());

    double total = lines.size();
    assertShare(0.01, bad / total, "malformed");
    assertShare(0.02, summary.duplicateLines() / total, "duplicates");
    assertShare(0.03, summary.lateEvents() / total, "late");

    // every kind of damage is there
    assertTrue(lines.stream().anyMatch(l -> l.text().contains("\"ts\":\"yesterday\"")));
    assertTrue(lines.stream().anyMatch(l -> !l.text().startsWith("{")));
    long withoutDashboard =
        lines.stream()
            .map(l -> parseOrNull(l.text()))
            .filter(j -> j != null && "dashboard_viewed".equals(j.path("action").asText()))
            .filter(j -> !j.has("dashboard_id"))
            .count();
    assertTrue(withoutDashboard > 0);
  }

  @Test
  void lateEventsSitInTheNextDaysFolder() {
    long earlierInLateFiles =
        events.stream()
            .filter(e -> e.file().contains("-late"))
            .filter(e -> e.ts().atOffset(ZoneOffset.UTC).toLocalDate().isBefore(e.folder()))
            .count();
    assertTrue(earlierInLateFiles >= summary.lateEvents(), "late found: " + earlierInLateFiles);
    assertTrue(earlierInLateFiles <= summary.lateEvents() + summary.duplicateLines());
  }

  @Test
  void eachDayHasAboutTheTargetNumberOfLines() {
    Map<LocalDate, Long> perFolder =
        lines.stream()
            .collect(Collectors.groupingBy(Line::folder, TreeMap::new, Collectors.counting()));
    for (int d = 0; d < 3; d++) {
      long n = perFolder.get(START.plusDays(d));
      assertTrue(Math.abs(n - EVENTS_PER_DAY) <= EVENTS_PER_DAY / 10, START.plusDays(d) + ": " + n);
    }
    assertTrue(perFolder.get(END.plusDays(1)) < EVENTS_PER_DAY / 5);
  }

  @Test
  void timestampsAreUtcExceptAFewWithAnOffsetForTheSameInstant() {
    long withOffset = events.stream().filter(e -> !e.tsText().endsWith("Z")).count();
    assertShare(0.05, withOffset / (double) events.size(), "offset timestamps");
    assertTrue(
        events.stream()
            .allMatch(
                e -> e.tsText().matches(".*T\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)")));
  }

  @Test
  void someInvestigationsRunPastMidnight() {
    int crossing = 0;
    for (List<Event> userEvents : byUser().values()) {
      Instant lastOpened = null;
      for (int i = 0; i + 1 < userEvents.size(); i++) {
        Event e = userEvents.get(i);
        if ("alert_opened".equals(e.action())) {
          lastOpened = e.ts();
        }
        Event next = userEvents.get(i + 1);
        LocalDate day = e.ts().atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate nextDay = next.ts().atOffset(ZoneOffset.UTC).toLocalDate();
        if (lastOpened != null
            && nextDay.isAfter(day)
            && next.ts().toEpochMilli() - e.ts().toEpochMilli() < 30 * 60_000
            && e.ts().toEpochMilli() - lastOpened.toEpochMilli() < 70 * 60_000) {
          crossing++;
          assertEquals(nextDay, next.folder(), "received on the day it happened, or later");
        }
      }
    }
    assertTrue(crossing >= 2, "investigations crossing midnight: " + crossing);
  }

  @Test
  void newAlertsAreInTheTruthAndTheCatalogButNeverOpened() throws IOException {
    List<JsonNode> truth = truth();
    List<JsonNode> cold = truth.stream().filter(t -> t.get("is_new").asBoolean()).toList();
    assertTrue(cold.size() >= 2, "one or two per account");
    Map<String, Map<String, String>> lastCatalog = catalog("alerts", END, "alert_id");
    for (JsonNode alert : cold) {
      String account = alert.get("account_id").asText();
      String id = alert.get("alert_id").asText();
      String sibling = alert.get("sibling_of").asText();
      assertTrue(lastCatalog.get(account).containsKey(id), id);
      assertTrue(
          lastCatalog.get(account).get(id).startsWith(lastCatalog.get(account).get(sibling)));
      long opened =
          events.stream()
              .filter(e -> e.account().equals(account) && id.equals(e.text("alert_id")))
              .filter(e -> !"alert_fired".equals(e.action()))
              .count();
      assertEquals(0, opened, account + "/" + id);
      long siblingOpened =
          events.stream()
              .filter(e -> e.account().equals(account) && sibling.equals(e.text("alert_id")))
              .filter(e -> "alert_opened".equals(e.action()))
              .count();
      assertTrue(siblingOpened >= 10, "the sibling is well investigated: " + siblingOpened);
    }
    assertTrue(
        truth.stream()
            .filter(t -> !t.get("is_new").asBoolean())
            .allMatch(t -> t.get("sibling_of").isNull()));
  }

  @Test
  void homeIsOpenedInManyInvestigationsOfManyAlerts() {
    Map<String, int[]> byAlert = new HashMap<>(); // investigations, with Home
    for (List<Event> userEvents : byUser().values()) {
      String alert = null;
      boolean home = false;
      Instant last = null;
      for (Event e : userEvents) {
        boolean idle = last != null && e.ts().toEpochMilli() - last.toEpochMilli() > 30 * 60_000;
        if (alert != null && (idle || "alert_opened".equals(e.action()))) {
          int[] counts = byAlert.computeIfAbsent(e.account() + "/" + alert, k -> new int[2]);
          counts[0]++;
          counts[1] += home ? 1 : 0;
          alert = null;
        }
        if ("alert_opened".equals(e.action())) {
          alert = e.text("alert_id");
          home = false;
        } else if ("d-1".equals(e.text("dashboard_id"))) {
          home = true;
        }
        last = e.ts();
      }
    }
    long alertsWithHome = byAlert.values().stream().filter(c -> c[1] > 0).count();
    long investigations = byAlert.values().stream().mapToLong(c -> c[0]).sum();
    long withHome = byAlert.values().stream().mapToLong(c -> c[1]).sum();
    assertTrue(alertsWithHome >= byAlert.size() * 0.7, alertsWithHome + " of " + byAlert.size());
    assertTrue(withHome >= investigations * 0.4, withHome + " of " + investigations);
  }

  @Test
  void someItemsAreReachedThroughRecommendations() {
    long items =
        events.stream()
            .filter(e -> e.text("dashboard_id") != null || e.text("query") != null)
            .count();
    long recommended =
        events.stream().filter(e -> "recommendation".equals(e.text("source"))).count();
    assertTrue(
        recommended > items * 0.03 && recommended < items * 0.2, recommended + " of " + items);
  }

  @Test
  void queriesAreTypedWithVariations() {
    List<String> queries =
        events.stream().map(e -> e.text("query")).filter(q -> q != null).toList();
    assertTrue(queries.stream().anyMatch(q -> q.contains(" and ")));
    assertTrue(queries.stream().anyMatch(q -> q.contains("  ")));
    assertTrue(
        queries.stream()
            .anyMatch(
                q ->
                    q.startsWith("Service:")
                        || q.startsWith("Host:")
                        || q.startsWith("Kubernetes.pod:")
                        || q.startsWith("Queue:")
                        || q.startsWith("Trace.service:")));
    assertTrue(
        queries.stream()
                .filter(q -> q.contains("now-"))
                .map(q -> q.replaceAll(".*now-(\\w+).*", "$1"))
                .distinct()
                .count()
            >= 3);
  }

  @Test
  void deletedDashboardsAreMarkedInTheCatalogAndNoLongerOpened() throws IOException {
    List<JsonNode> withDeleted =
        truth().stream().filter(t -> t.get("deleted_dashboards").size() > 0).toList();
    assertFalse(withDeleted.isEmpty());
    for (JsonNode t : withDeleted) {
      String account = t.get("account_id").asText();
      String dashboard = t.get("deleted_dashboards").get(0).asText();
      assertEquals(
          "true",
          catalogRow("dashboards", END, account, "dashboard_id", dashboard)
              .get("deleted")
              .asText());
      assertEquals(
          "false",
          catalogRow("dashboards", START, account, "dashboard_id", dashboard)
              .get("deleted")
              .asText());
      // deleted by the last day at the latest (the middle snapshot is missing on purpose)
      Instant after = END.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(2 * 3600);
      Instant firstDayEnd = START.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      long viewedBefore =
          events.stream()
              .filter(e -> e.account().equals(account) && dashboard.equals(e.text("dashboard_id")))
              .filter(e -> e.ts().isBefore(firstDayEnd))
              .count();
      assertTrue(viewedBefore > 0, "still in the logs before its deletion: " + dashboard);
      long viewedAfter =
          events.stream()
              .filter(e -> e.account().equals(account) && dashboard.equals(e.text("dashboard_id")))
              .filter(e -> e.ts().isAfter(after))
              .count();
      assertEquals(0, viewedAfter, account + "/" + dashboard);
    }
  }

  @Test
  void settingsAreChecked() {
    Path p = Path.of("x");
    assertEquals(
        "days must be > 0, got: 0",
        assertThrows(
                SettingsException.class,
                () -> new GeneratorSettings(p, END, 0, 2, 10, 1, 1, 0, 0, 0))
            .getMessage());
    assertEquals(
        "accounts must be > 0, got: -1",
        assertThrows(
                SettingsException.class,
                () -> new GeneratorSettings(p, END, 1, -1, 10, 1, 1, 0, 0, 0))
            .getMessage());
    assertEquals(
        "eventsPerDay must be > 0, got: 0",
        assertThrows(
                SettingsException.class,
                () -> new GeneratorSettings(p, END, 1, 1, 0, 1, 1, 0, 0, 0))
            .getMessage());
    assertEquals(
        "lateShare must be in [0, 1), got: 1.0",
        assertThrows(
                SettingsException.class,
                () -> new GeneratorSettings(p, END, 1, 1, 10, 1, 1, 0, 0, 1.0))
            .getMessage());
    assertEquals(
        "malformedShare must be in [0, 1), got: -0.1",
        assertThrows(
                SettingsException.class,
                () -> new GeneratorSettings(p, END, 1, 1, 10, 1, 1, -0.1, 0, 0))
            .getMessage());
    GeneratorSettings small = GeneratorSettings.small(p, END);
    assertEquals(30, small.days());
    assertEquals(3, small.accounts());
    assertEquals(42, small.seed());
    assertEquals(END.minusDays(29), small.startDate());
  }

  // ---- helpers

  private static void assertShare(double expected, double actual, String what) {
    assertTrue(
        actual > expected * 0.5 && actual < expected * 1.5,
        what + ": expected about " + expected + ", got " + actual);
  }

  /** The event if the line is a valid record by the contract, else null. */
  static JsonNode validOrNull(String line) {
    JsonNode json = parseOrNull(line);
    if (json == null || !json.isObject()) {
      return null;
    }
    for (String field : List.of("event_id", "ts", "account_id", "action")) {
      if (!json.hasNonNull(field)) {
        return null;
      }
    }
    try {
      OffsetDateTime.parse(json.get("ts").asText());
    } catch (DateTimeParseException e) {
      return null;
    }
    String action = json.get("action").asText();
    if (!action.equals("alert_fired") && !json.hasNonNull("user_id")) {
      return null;
    }
    if (action.startsWith("alert_") && !json.hasNonNull("alert_id")) {
      return null;
    }
    if (action.equals("dashboard_viewed") && !json.hasNonNull("dashboard_id")) {
      return null;
    }
    if (action.equals("query_run") && !json.hasNonNull("query")) {
      return null;
    }
    return json;
  }

  private static JsonNode parseOrNull(String line) {
    try {
      return MAPPER.readTree(line);
    } catch (IOException e) {
      return null;
    }
  }

  private static Map<String, List<Event>> byUser() {
    Map<String, List<Event>> users = new HashMap<>();
    for (Event e : events) {
      if (e.user() != null) {
        users.computeIfAbsent(e.account() + "/" + e.user(), k -> new ArrayList<>()).add(e);
      }
    }
    users.values().forEach(list -> list.sort(Comparator.comparing(Event::ts)));
    return users;
  }

  private static Set<String> usersOf(String account) {
    return events.stream()
        .filter(e -> e.account().equals(account) && e.user() != null)
        .map(Event::user)
        .collect(Collectors.toSet());
  }

  private static List<JsonNode> truth() throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(settings.inputRoot().resolve("_generator/truth.jsonl"))) {
      rows.add(MAPPER.readTree(line));
    }
    return rows;
  }

  /** account -> id -> title of one catalog snapshot. */
  private static Map<String, Map<String, String>> catalog(
      String table, LocalDate day, String idField) throws IOException {
    Map<String, Map<String, String>> byAccount = new TreeMap<>();
    for (JsonNode row : catalogRows(table, day)) {
      byAccount
          .computeIfAbsent(row.get("account_id").asText(), k -> new TreeMap<>())
          .put(row.get(idField).asText(), row.get("title").asText());
    }
    return byAccount;
  }

  private static JsonNode catalogRow(
      String table, LocalDate day, String account, String idField, String id) throws IOException {
    JsonNode found =
        catalogRows(table, day).stream()
            .filter(
                r ->
                    r.get("account_id").asText().equals(account)
                        && r.get(idField).asText().equals(id))
            .findFirst()
            .orElse(null);
    assertNotNull(found, table + " " + day + " " + account + "/" + id);
    return found;
  }

  private static List<JsonNode> catalogRows(String table, LocalDate day) throws IOException {
    Path file =
        settings.inputRoot().resolve("catalog/" + table + "/dt=" + day + "/" + table + ".json");
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      rows.add(MAPPER.readTree(line));
    }
    return rows;
  }

  private static List<Line> readActions(Path input) throws IOException {
    List<Line> result = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(input.resolve("actions"))) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      LocalDate folder = LocalDate.parse(file.getParent().getFileName().toString().substring(3));
      InputStream in = Files.newInputStream(file);
      if (file.toString().endsWith(".gz")) {
        in = new GZIPInputStream(in);
      }
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          result.add(new Line(folder, file.getFileName().toString(), line));
        }
      }
    }
    return result;
  }

  private static Map<String, byte[]> tree(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }
}
