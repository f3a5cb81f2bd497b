package dev.alertrecs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.TestEvents;
import dev.alertrecs.config.JobSettings;
import dev.alertrecs.job.DailyJob;
import dev.alertrecs.job.ExitCode;
import dev.alertrecs.job.InputReader;
import dev.alertrecs.job.JobFailure;
import dev.alertrecs.job.Layout;
import dev.alertrecs.steps.ParseActions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input of docs/bad-input.md, each with its defined outcome: quarantined with its
 * reason, counted, warned in the run record, or a clean failure with one line and its exit code.
 * Line rules run the production parse step on inline lines; file and folder cases run the whole job
 * on a damaged copy of a small generated world.
 */
class BadInputCatalogueTest extends SparkTestBase {
  static final LocalDate END = LocalDate.of(2026, 11, 25);
  static final LocalDate MIDDLE = END.minusDays(1); // the generator leaves its snapshot out
  static final String KEY = "bad-input-test-key";

  @TempDir static Path dir;
  static Path world;

  @BeforeAll
  static void generateWorld() {
    world = Worlds.generate(dir.resolve("world"), END, 3, 2, 600, 0.002);
  }

  // ---- line rules: the parse step on inline lines ---------------------------------------------

  /** The reason of each line (null: valid), in order, after the production parse step. */
  static List<String> reasons(String... lines) {
    return parsed(lines).stream().map(r -> r.<String>getAs("quarantine_reason")).toList();
  }

  static List<Row> parsed(String... lines) {
    List<Row> rows = new ArrayList<>();
    for (String line : lines) {
      rows.add(
          RowFactory.create(
              line, "file:/in/actions/dt=" + END + "/part-0.json", java.sql.Date.valueOf(END)));
    }
    return ParseActions.apply(
            spark.createDataFrame(rows, InputReader.READ_SCHEMA), JobSettings.defaults())
        .collectAsList();
  }

  static String line(String fields) {
    return "{\"event_id\":\"e-1\",\"account_id\":\"acme\"," + fields + "}";
  }

  @Test
  void malformedJsonIsQuarantined() {
    assertEquals(
        List.of("not valid JSON", "not valid JSON", "not valid JSON", "empty line"),
        reasons(
            "{\"event_id\":\"e-1\",\"ts\":\"2026-11-25T08:15:02Z\",\"acc",
            "event_id=e-1 ts=2026-11-25",
            "{\"event_id\":\"e-1\",,}",
            "   "));
  }

  @Test
  void wrongJsonTypesAreDecidedPerField() {
    List<Row> rows =
        parsed(
            // a number as user id or event id is kept as its text
            line("\"ts\":\"2026-11-25T08:00:00Z\",\"user_id\":42,\"action\":\"page_viewed\""),
            // a number as ts is not an ISO time
            line("\"ts\":1732522502,\"user_id\":\"u-1\",\"action\":\"page_viewed\""),
            // an object or array as an id is refused
            line(
                "\"ts\":\"2026-11-25T08:00:00Z\",\"user_id\":\"u-1\",\"action\":\"dashboard_viewed\","
                    + "\"dashboard_id\":{\"a\":1}"),
            line(
                "\"ts\":\"2026-11-25T08:00:00Z\",\"user_id\":[\"u-1\"],\"action\":\"alert_opened\","
                    + "\"alert_id\":[1,2]"),
            "{\"event_id\":7,\"account_id\":{\"id\":\"acme\"},\"ts\":\"2026-11-25T08:00:00Z\","
                + "\"user_id\":\"u-1\",\"action\":\"page_viewed\"}",
            // a boolean as source is not "recommendation": organic
            line(
                "\"ts\":\"2026-11-25T08:00:00Z\",\"user_id\":\"u-1\",\"action\":\"page_viewed\","
                    + "\"source\":true"));
    assertNull(rows.get(0).getAs("quarantine_reason"));
    assertEquals("42", rows.get(0).getAs("user_id"));
    assertEquals("unparseable ts: 1732522502", rows.get(1).getAs("quarantine_reason"));
    assertEquals(
        "wrong type: dashboard_id must be a string", rows.get(2).getAs("quarantine_reason"));
    assertEquals(
        "wrong type: user_id, alert_id must be a string", rows.get(3).getAs("quarantine_reason"));
    assertEquals("wrong type: account_id must be a string", rows.get(4).getAs("quarantine_reason"));
    assertNull(rows.get(5).getAs("quarantine_reason"));
    assertEquals("organic", rows.get(5).getAs("source"));
  }

  @Test
  void missingRequiredFieldsAreQuarantined() {
    assertEquals(
        List.of(
            "missing required field: event_id",
            "missing required field: account_id",
            "missing required field: action",
            "missing required field: ts",
            "missing required field: user_id on query_run",
            "missing alert_id on alert_resolved",
            "missing dashboard_id on dashboard_viewed",
            "missing query on query_run"),
        reasons(
            "{\"ts\":\"2026-11-25T08:00:00Z\",\"account_id\":\"acme\",\"user_id\":\"u\",\"action\":\"page_viewed\"}",
            "{\"event_id\":\"e\",\"ts\":\"2026-11-25T08:00:00Z\",\"user_id\":\"u\",\"action\":\"page_viewed\"}",
            line("\"ts\":\"2026-11-25T08:00:00Z\",\"user_id\":\"u\""),
            line("\"user_id\":\"u\",\"action\":\"page_viewed\""),
            line("\"ts\":\"2026-11-25T08:00:00Z\",\"action\":\"query_run\",\"query\":\"a:b\""),
            line("\"ts\":\"2026-11-25T08:00:00Z\",\"user_id\":\"u\",\"action\":\"alert_resolved\""),
            line(
                "\"ts\":\"2026-11-25T08:00:00Z\",\"user_id\":\"u\",\"action\":\"dashboard_viewed\","
                    + "\"dashboard_id\":\"\""),
            line("\"ts\":\"2026-11-25T08:00:00Z\",\"user_id\":\"u\",\"action\":\"query_run\"")));
  }

  @Test
  void unknownActionValuesAreValidActivityWithoutAnItem() {
    List<Row> rows =
        parsed(
            line("\"ts\":\"2026-11-25T08:00:00Z\",\"user_id\":\"u\",\"action\":\"page_viewed\""),
            line(
                "\"ts\":\"2026-11-25T08:00:00Z\",\"user_id\":\"u\",\"action\":\" Settings_Changed\""),
            line("\"ts\":\"2026-11-25T08:00:00Z\",\"user_id\":\"u\",\"action\":\"teleported\""));
    for (Row r : rows) {
      assertNull(r.getAs("quarantine_reason"), r.toString());
    }
    assertEquals("settings_changed", rows.get(1).getAs("action"));
  }

  @Test
  void timestampsWithOffsetsInTheFarFutureAndYearsOld() {
    List<Row> rows =
        parsed(
            line("\"ts\":\"2026-11-25T13:45:00.5+05:30\",\"user_id\":\"u\",\"action\":\"x\""),
            line("\"ts\":\"2026-11-25T08:00:00-0800\",\"user_id\":\"u\",\"action\":\"x\""),
            line("\"ts\":\"2099-01-01T00:00:00Z\",\"user_id\":\"u\",\"action\":\"x\""),
            line("\"ts\":\"2026-11-27T02:00:00Z\",\"user_id\":\"u\",\"action\":\"x\""),
            line("\"ts\":\"2021-03-01T00:00:00Z\",\"user_id\":\"u\",\"action\":\"x\""),
            line("\"ts\":\"2026-11-25T08:00:00 Europe/Paris\",\"user_id\":\"u\",\"action\":\"x\""));
    assertEquals(
        java.sql.Timestamp.from(java.time.Instant.parse("2026-11-25T08:15:00.5Z")),
        rows.get(0).getAs("ts"));
    assertEquals(
        java.sql.Timestamp.from(java.time.Instant.parse("2026-11-25T16:00:00Z")),
        rows.get(1).getAs("ts"));
    assertEquals(
        "ts in the future: 2099-01-01T00:00:00Z in the folder of 2026-11-25",
        rows.get(2).getAs("quarantine_reason"));
    assertEquals(
        "ts in the future: 2026-11-27T02:00:00Z in the folder of 2026-11-25",
        rows.get(3).getAs("quarantine_reason"));
    assertEquals(
        "ts too old: 2021-03-01T00:00:00Z in the folder of 2026-11-25",
        rows.get(4).getAs("quarantine_reason"));
    assertEquals(
        "unparseable ts: 2026-11-25T08:00:00 Europe/Paris", rows.get(5).getAs("quarantine_reason"));
  }

  @Test
  void aLineOfSeveralMegabytesIsQuarantinedAsTooLong() {
    String huge =
        line(
            "\"ts\":\"2026-11-25T08:00:00Z\",\"user_id\":\"u\",\"action\":\"query_run\",\"query\":\""
                + "service:checkout OR ".repeat(150_000)
                + "x\"");
    List<Row> rows = parsed(huge);
    assertEquals(
        "line too long: " + huge.length() + " chars (limit 100000)",
        rows.get(0).getAs("quarantine_reason"));
    assertEquals(2000, rows.get(0).<String>getAs("raw").length(), "raw is cut");
  }

  // ---- files and folders: the whole job -------------------------------------------------------

  Path copyOfWorld(String name) {
    Path copy = dir.resolve(name + "-in");
    Worlds.copyTree(world, copy);
    return copy;
  }

  DailyJob job(Path input, String outputName, String... settings) {
    return new DailyJob(
        spark,
        Worlds.settings(KEY, settings),
        new Layout(input.toString(), dir.resolve(outputName).toString()),
        Clock.systemUTC());
  }

  Row runRecord(String outputName, LocalDate day) {
    List<Row> runs =
        spark
            .read()
            .parquet(dir.resolve(outputName) + "/runs/dt=" + day)
            .orderBy("started_at")
            .collectAsList();
    return runs.get(runs.size() - 1);
  }

  static Map<String, Row> checks(Row record) {
    Map<String, Row> byName = new LinkedHashMap<>();
    for (Row c : record.<Row>getList(record.fieldIndex("checks"))) {
      byName.put(c.getAs("name"), c);
    }
    return byName;
  }

  static Path firstFile(Path folder, String suffix) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().findFirst().orElseThrow();
    }
  }

  @Test
  void aTruncatedGzipFileFailsTheRunWithExitCode6NamingTheFile() throws Exception {
    Path input = copyOfWorld("gzip");
    Path gz = firstFile(Worlds.actionsDay(input, END), ".json.gz");
    byte[] bytes = Files.readAllBytes(gz);
    Files.write(gz, Arrays.copyOf(bytes, bytes.length / 2));
    Path out = dir.resolve("gzip-out");

    Cli.Result r =
        Cli.run(
            "daily",
            "--date",
            END.toString(),
            "--input",
            input.toString(),
            "--output",
            out.toString(),
            "--set",
            "window_days=1");

    assertEquals(ExitCode.BAD_INPUT.code(), r.exitCode(), r.toString());
    assertEquals(1, r.stderrLines().size(), r.toString());
    String message = r.stderrLines().get(0);
    assertTrue(message.startsWith("alert-recs: unreadable input file: "), message);
    assertTrue(message.contains(gz.getFileName().toString()), message);
    assertTrue(message.contains("EOFException"), message);
    Row record = runRecord("gzip-out", END);
    assertEquals("failed", record.getAs("status"));
    assertTrue(record.<String>getAs("error").contains(gz.getFileName().toString()));
    assertFalse(Files.exists(out.resolve("recommendations/dt=" + END)), "nothing published");
    assertFalse(Files.exists(out.resolve("latest.json")));
  }

  @Test
  void aCorruptParquetFileFailsTheRunWithExitCode6NamingTheFile() throws Exception {
    Path input = copyOfWorld("parquet");
    Path day = Worlds.actionsDay(input, END);
    // a readable Parquet file of actions, and a copy of it cut short (no footer)
    Path staging = dir.resolve("parquet-staging");
    spark
        .read()
        .json(firstFile(day, ".json").toString())
        .coalesce(1)
        .write()
        .parquet(staging.toString());
    byte[] good = Files.readAllBytes(firstFile(staging, ".parquet"));
    Files.write(day.resolve("good.parquet"), good);
    Files.write(day.resolve("corrupt.parquet"), Arrays.copyOf(good, good.length - 30));

    Cli.Result r =
        Cli.run(
            "daily",
            "--date",
            END.toString(),
            "--input",
            input.toString(),
            "--output",
            dir.resolve("parquet-out").toString(),
            "--set",
            "window_days=1");

    assertEquals(ExitCode.BAD_INPUT.code(), r.exitCode(), r.toString());
    assertEquals(1, r.stderrLines().size(), r.toString());
    String message = r.stderrLines().get(0);
    assertTrue(message.contains("corrupt.parquet"), message);
    assertFalse(message.contains("good.parquet"), message);
    assertEquals("failed", runRecord("parquet-out", END).getAs("status"));
  }

  @Test
  void aMissingDayFolderIsExitCode3WithItsRunRecord() {
    LocalDate later = END.plusDays(9);
    Cli.Result r =
        Cli.run(
            "daily",
            "--date",
            later.toString(),
            "--input",
            world.toString(),
            "--output",
            dir.resolve("missing-out").toString());
    assertEquals(ExitCode.MISSING_INPUT.code(), r.exitCode(), r.toString());
    assertEquals(
        List.of(
            "alert-recs: no actions folder for "
                + later
                + ": "
                + world.resolve("actions/dt=" + later)),
        r.stderrLines());
    Row record = runRecord("missing-out", later);
    assertEquals("failed", record.getAs("status"));
  }

  @Test
  void anEmptyDayFolderPublishesWithAWarning() throws Exception {
    Path input = copyOfWorld("empty");
    Path day = Worlds.actionsDay(input, END);
    try (Stream<Path> files = Files.list(day)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    DailyJob.Result result = job(input, "empty-out").run(END);
    assertEquals("published", result.status());
    assertEquals(0, result.counts().nRead());
    Row check = checks(runRecord("empty-out", END)).get("input_present");
    assertEquals("warning", check.getAs("severity"));
    assertFalse(check.<Boolean>getAs("passed"));
    assertEquals("0 rows in the day's folder", check.getAs("observed"));
  }

  @Test
  void aMissingCatalogSnapshotFallsBackToTheNewestEarlierOneWithAWarning() {
    assertFalse(Files.exists(world.resolve("catalog/alerts/dt=" + MIDDLE)), "generator changed?");
    DailyJob.Result result = job(world, "fallback-out").run(MIDDLE);
    assertEquals("published", result.status());
    Row record = runRecord("fallback-out", MIDDLE);
    assertEquals(java.sql.Date.valueOf(MIDDLE.minusDays(1)), record.getAs("alerts_snapshot_date"));
    Row check = checks(record).get("alerts_snapshot_current");
    assertFalse(check.<Boolean>getAs("passed"));
    assertEquals("fell back to the snapshot of " + MIDDLE.minusDays(1), check.getAs("observed"));
  }

  @Test
  void catalogMissingEntirelyIsExitCode3() {
    Path input = copyOfWorld("nocatalog");
    Worlds.deleteTree(input.resolve("catalog/dashboards"));
    JobFailure e = assertThrows(JobFailure.class, () -> job(input, "nocatalog-out").run(END));
    assertEquals(ExitCode.MISSING_INPUT, e.exitCode());
    assertTrue(e.getMessage().startsWith("no dashboards catalog snapshot on or before"));
  }

  /**
   * One messy file added to a day: each of its lines must show up in the counts exactly as the
   * catalogue says, compared with a run of the same day without it.
   */
  @Test
  void aMessyFileIsCountedLineByLineDuplicatesAcrossDaysAndUnknownAlertsIncluded()
      throws Exception {
    DailyJob.Result clean = job(world, "clean-out").run(END);

    Path input = copyOfWorld("messy");
    Row anEarlierEvent =
        spark
            .read()
            .json(firstFile(Worlds.actionsDay(input, END.minusDays(1)), ".json").toString())
            .where("user_id is not null and event_id is not null and ts is not null")
            .orderBy("event_id")
            .first();
    String account = anEarlierEvent.getAs("account_id");
    String duplicate =
        TestEvents.line(
            account,
            anEarlierEvent.getAs("event_id"),
            anEarlierEvent.getAs("ts"),
            anEarlierEvent.getAs("user_id"),
            "page_viewed",
            null,
            null);
    String user = "messy-user-1";
    List<String> lines =
        List.of(
            // valid: an investigation of an alert the catalog does not know
            TestEvents.line(
                account, "m-1", END + "T10:00:00Z", user, "alert_opened", "alert_id", "al-404"),
            TestEvents.line(
                account,
                "m-2",
                END + "T10:01:00Z",
                user,
                "dashboard_viewed",
                "dashboard_id",
                "d-1"),
            TestEvents.line(
                account, "m-3", END + "T10:02:00Z", user, "alert_resolved", "alert_id", "al-404"),
            // duplicate of an event received the day before
            duplicate,
            // quarantined: several megabytes, a number as ts, an object as id, broken JSON
            TestEvents.line(
                account,
                "m-4",
                END + "T10:03:00Z",
                user,
                "query_run",
                "query",
                "x".repeat(3_000_000)),
            "{\"event_id\":\"m-5\",\"ts\":1732522502,\"account_id\":\""
                + account
                + "\",\"user_id\":\""
                + user
                + "\",\"action\":\"page_viewed\"}",
            "{\"event_id\":\"m-6\",\"ts\":\""
                + END
                + "T10:04:00Z\",\"account_id\":\""
                + account
                + "\",\"user_id\":\""
                + user
                + "\",\"action\":\"dashboard_viewed\",\"dashboard_id\":{\"a\":1}}",
            "{\"event_id\":\"m-7\",\"user_id\":\"" + user + "\",\"ts\":\"" + END);
    Worlds.addLines(input, END, "messy.json", lines);

    DailyJob.Result messy = job(input, "messy-out").run(END);

    assertEquals("published", messy.status());
    var c = messy.counts();
    var b = clean.counts();
    assertEquals(b.nRead() + 8, c.nRead());
    assertEquals(b.nValid() + 3, c.nValid());
    assertEquals(b.nDuplicates() + 1, c.nDuplicates());
    assertEquals(b.nQuarantined() + 4, c.nQuarantined());

    List<String> reasons =
        spark
            .read()
            .parquet(dir.resolve("messy-out") + "/quarantine/dt=" + END)
            .where("source_file like '%messy.json'")
            .orderBy("reason")
            .collectAsList()
            .stream()
            .map(r -> r.<String>getAs("reason"))
            .toList();
    assertEquals(
        List.of(
            "line too long: " + lines.get(4).length() + " chars (limit 100000)",
            "not valid JSON",
            "unparseable ts: 1732522502",
            "wrong type: dashboard_id must be a string"),
        reasons);

    Row unknown = checks(runRecord("messy-out", END)).get("investigated_alerts_in_catalog");
    assertFalse(unknown.<Boolean>getAs("passed"));
    assertEquals("warning", unknown.getAs("severity"));
    assertEquals("1 investigated alerts unknown to the catalog", unknown.getAs("observed"));
    assertEquals(
        1,
        spark
            .read()
            .parquet(dir.resolve("messy-out") + "/investigations/dt=" + END)
            .where("alert_id = 'al-404'")
            .count());
    // the catalog may lag behind the logs: an alert investigated today gets its own list
    List<Row> al404 =
        spark
            .read()
            .parquet(dir.resolve("messy-out") + "/recommendations/dt=" + END)
            .where("alert_id = 'al-404'")
            .collectAsList();
    // one investigation is no history: the account's best items, ranked 1.. per item type, of
    // its own account only
    assertEquals(
        java.util.Set.of("dashboard", "query"),
        al404.stream().map(r -> r.<String>getAs("item_type")).collect(Collectors.toSet()),
        al404.toString());
    for (String type : List.of("dashboard", "query")) {
      List<Integer> ranks =
          al404.stream()
              .filter(r -> type.equals(r.getAs("item_type")))
              .map(r -> r.<Integer>getAs("rank"))
              .sorted()
              .toList();
      assertEquals(
          java.util.stream.IntStream.rangeClosed(1, ranks.size()).boxed().toList(), ranks, type);
      assertTrue(ranks.size() <= 5, type + " within top_k");
    }
    assertEquals(
        java.util.Set.of(account + " account"),
        al404.stream()
            .map(r -> r.<String>getAs("account_id") + " " + r.<String>getAs("strategy"))
            .collect(Collectors.toSet()));
  }
}
