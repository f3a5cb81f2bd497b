package dev.alertrecs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.TestEvents;
import dev.alertrecs.config.JobSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily job over a few days of a tiny two-account world. */
class DailyJobTest extends SparkTestBase {
  static final LocalDate FIRST = LocalDate.of(2026, 11, 20);
  static final LocalDate LAST = FIRST.plusDays(3);
  static final JobSettings SETTINGS = JobSettings.fromMap(Map.of("window_days", "7"), Map.of());

  @TempDir static Path dir;
  static Path input;
  static DailyJob.Result firstRun;

  @BeforeAll
  static void runOnHistory() throws Exception {
    input = dir.resolve("in");
    TestEvents.writeTinyWorld(input, FIRST, 4);
    firstRun = job("backfilled").run(LAST);
  }

  static DailyJob job(String outputName) {
    return new DailyJob(
        spark,
        SETTINGS,
        new Layout(input.toString(), dir.resolve(outputName).toString()),
        Clock.systemUTC());
  }

  static List<String> recommendations(String outputName, LocalDate day) {
    return spark
        .read()
        .parquet(dir.resolve(outputName) + "/recommendations/dt=" + day)
        .orderBy("account_id", "alert_id", "item_type", "rank")
        .collectAsList()
        .stream()
        .map(
            r ->
                String.join(
                    " ",
                    r.getAs("account_id"),
                    r.getAs("alert_id"),
                    r.getAs("item_type"),
                    String.valueOf(r.<Integer>getAs("rank")),
                    r.getAs("item_id"),
                    r.getAs("item_label"),
                    r.getAs("strategy"),
                    String.valueOf(r.<Double>getAs("score")),
                    r.getAs("reason")))
        .collect(Collectors.toList());
  }

  @Test
  void everyRowOfTheDayIsCounted() {
    var c = firstRun.counts();
    // 6 x 16 events, 2 organic, 1 duplicate, 1 malformed, 1 late event from the day before
    assertEquals(96 + 2 + 1 + 1 + 1, c.nRead());
    assertEquals(1, c.nQuarantined());
    assertEquals(1, c.nDuplicates());
    assertEquals(c.nRead(), c.nValid() + c.nQuarantined() + c.nDuplicates());
    assertEquals("published", firstRun.status());
    assertEquals(List.of(FIRST, FIRST.plusDays(1), FIRST.plusDays(2)), firstRun.backfilledDays());
  }

  @Test
  void theRecordCountsTheRowsOfEveryOutputWithoutJobsOfItsOwn() {
    // counted by the jobs that build the day's investigations and check the outputs
    assertEquals(rowsOf("backfilled", "investigations"), firstRun.nInvestigations());
    assertEquals(rowsOf("backfilled", "alert_stats"), firstRun.nAlerts());
    assertEquals(rowsOf("backfilled", "recommendations"), firstRun.nRecommendations());
    assertTrue(firstRun.nInvestigations() > 0 && firstRun.nRecommendations() > 0);
    Row record = spark.read().parquet(dir.resolve("backfilled") + "/runs/dt=" + LAST).first();
    assertEquals(firstRun.nInvestigations(), record.<Long>getAs("n_investigations"));
    assertEquals(firstRun.nSparkJobs(), record.<Long>getAs("n_spark_jobs"));
  }

  private static long rowsOf(String outputName, String table) {
    return spark.read().parquet(dir.resolve(outputName) + "/" + table + "/dt=" + LAST).count();
  }

  @Test
  void homeIsNotRecommendedAndSpecificItemsAre() {
    List<String> recs = recommendations("backfilled", LAST);
    List<String> acmeAl1 = recs.stream().filter(r -> r.startsWith("acme al-1 dashboard")).toList();
    assertEquals(1, acmeAl1.size(), recs.toString());
    assertTrue(
        acmeAl1.get(0).startsWith("acme al-1 dashboard 1 d-2 Checkout errors alert"),
        acmeAl1.get(0));
    assertTrue(
        acmeAl1.get(0).contains("opened in 24 of 24 investigations of this alert"), acmeAl1.get(0));
    assertTrue(recs.stream().noneMatch(r -> r.contains(" d-1 ")), "Home recommended: " + recs);
    assertTrue(recs.stream().noneMatch(r -> r.contains(" d-4 ")), "deleted dashboard recommended");
    List<String> acmeQueries = recs.stream().filter(r -> r.startsWith("acme al-1 query")).toList();
    assertEquals(1, acmeQueries.size(), "one family for six time ranges: " + acmeQueries);
  }

  @Test
  void accountsNeverSeeEachOthersItems() {
    List<String> recs = recommendations("backfilled", LAST);
    assertTrue(
        recs.contains(
            recs.stream()
                .filter(
                    r -> r.startsWith("globex al-1 dashboard 1 d-3 Billing database disks alert"))
                .findFirst()
                .orElse("missing globex al-1 d-3")));
    assertTrue(
        recs.stream()
            .filter(r -> r.startsWith("acme"))
            .noneMatch(r -> r.contains("Billing") || r.contains("Shipping")));
    assertTrue(
        recs.stream()
            .filter(r -> r.startsWith("globex"))
            .noneMatch(
                r -> r.contains("Checkout") || r.contains("checkout") || r.contains("Search")));
  }

  @Test
  void aColdAlertLearnsFromItsSimilarAlertAndAnUnlikeOneGetsTheAccountsBestItems() {
    List<String> recs = recommendations("backfilled", LAST);
    List<String> al9 = recs.stream().filter(r -> r.startsWith("acme al-9 ")).toList();
    assertEquals(2, al9.size(), al9.toString());
    assertTrue(
        al9.get(0).startsWith("acme al-9 dashboard 1 d-2 Checkout errors similar_alerts "),
        al9.get(0));
    assertTrue(al9.get(1).startsWith("acme al-9 query 1 q-"), al9.get(1));
    assertTrue(
        al9.stream()
            .allMatch(
                r ->
                    r.contains(" similar_alerts ")
                        && r.endsWith(
                            "learned from \"High error rate on checkout\" (similar title); "
                                + (r.contains(" dashboard ") ? "opened" : "run")
                                + " in 24 of 24 of its investigations")),
        al9.toString());
    // al-8 is like no alert: the account's best items, d-2 (al-1's) and d-3 (al-2's), each the
    // last dashboard of every resolved investigation of its alert, so of equal help (ties go to the
    // smaller id), and the checkout query family; Home is everywhere and never eligible, d-4 is
    // deleted
    List<String> al8 =
        recs.stream()
            .filter(r -> r.startsWith("acme al-8 "))
            .map(
                r ->
                    r.replaceFirst(" account [0-9.E-]+ ", " account * ")
                        .replaceFirst(
                            " query 1 q-[0-9a-f]{12} .* account ", " query 1 q-* * account "))
            .toList();
    String why = "not enough history for this alert yet; ";
    assertEquals(
        List.of(
            "acme al-8 dashboard 1 d-2 Checkout errors account * "
                + why
                + "opened in 24 investigations across 1 alert of this account",
            "acme al-8 dashboard 2 d-3 Search latency account * "
                + why
                + "opened in 24 investigations across 1 alert of this account",
            "acme al-8 query 1 q-* * account * "
                + why
                + "run in 24 investigations across 1 alert of this account"),
        al8);
  }

  @Test
  void theFittedModelsAreSavedWithTheirSettings() throws Exception {
    Path models = dir.resolve("backfilled/models/dt=" + LAST);
    for (String part :
        List.of(
            "query_families/features",
            "query_families/lsh",
            "similar_alerts/features",
            "similar_alerts/title_lsh",
            "similar_alerts/profile_lsh")) {
      assertTrue(java.nio.file.Files.isDirectory(models.resolve(part + "/metadata")), part);
    }
    String json = java.nio.file.Files.readString(models.resolve("similar_alerts/settings.json"));
    assertTrue(json.contains("\"model_version\":\"" + firstRun.modelVersion() + "\""), json);
    assertTrue(json.contains("\"similar_alert_min_similarity\":\"0.3\""), json);
  }

  @Test
  void aFirstRunOnHistoryEqualsDailyRunsAndARerunIsIdenticalAndCountsItsOwnJobs() throws Exception {
    DailyJob daily = job("daily");
    for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
      DailyJob.Result r = daily.run(d);
      assertTrue(r.backfilledDays().isEmpty());
      if (d.equals(FIRST)) {
        // nothing before the first day to build lists from: the gate passes and says so
        assertEquals("passed_no_data", r.gateStatus());
      }
    }
    assertEquals(recommendations("backfilled", LAST), recommendations("daily", LAST));

    // the rerun also shows that a run counts its own Spark jobs, not the session's since it
    // started (the runs before this one launched many), and that the record and the report are
    // written after the count
    AtomicLong seen = new AtomicLong();
    SparkListener everyJob =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart jobStart) {
            seen.incrementAndGet();
          }
        };
    spark.sparkContext().addSparkListener(everyJob);
    DailyJob.Result rerun;
    try {
      rerun = job("backfilled").run(LAST);
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(everyJob);
    }
    assertTrue(
        rerun.nSparkJobs() > 0 && rerun.nSparkJobs() < seen.get(),
        rerun.nSparkJobs() + " jobs recorded, " + seen.get() + " seen");
    assertTrue(rerun.backfilledDays().isEmpty());
    assertEquals(recommendations("daily", LAST), recommendations("backfilled", LAST));
    List<Row> runs =
        spark.read().parquet(dir.resolve("backfilled") + "/runs/dt=" + LAST).collectAsList();
    assertEquals(2, runs.size(), "each run of the date leaves its own record");
  }

  @Test
  void aMissingDayFolderIsACleanFailure() {
    JobFailure e = assertThrows(JobFailure.class, () -> job("missing").run(LAST.plusDays(5)));
    assertEquals(ExitCode.MISSING_INPUT, e.exitCode());
    assertTrue(
        e.getMessage().startsWith("no actions folder for " + LAST.plusDays(5)), e.getMessage());
  }

  // --- evaluation, quality gate and report ---

  static final Pattern FIGURE = Pattern.compile("data-figure=\"([a-z_0-9]+)\">([^<]*)<");

  static Row runRecord(String outputName, LocalDate day) {
    return spark.read().parquet(dir.resolve(outputName) + "/runs/dt=" + day).first();
  }

  static String report(String outputName, LocalDate day) throws IOException {
    return Files.readString(dir.resolve(outputName).resolve("runs/dt=" + day + "/_report.html"));
  }

  static Map<String, String> figures(String html) {
    Map<String, String> found = new HashMap<>();
    Matcher m = FIGURE.matcher(html);
    while (m.find()) {
      found.put(m.group(1), m.group(2));
    }
    return found;
  }

  /** A copy of an output root, so a test can rerun a date without disturbing the others. */
  static void copyOutput(String from, String to) throws IOException {
    Path source = dir.resolve(from);
    Path target = dir.resolve(to);
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path p : paths.toList()) {
        Path dest = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  @Test
  void theReportShowsTheFiguresOfTheRunRecord() throws IOException {
    Row run = runRecord("backfilled", LAST);
    String html = report("backfilled", LAST);
    Map<String, String> shown = figures(html);
    for (String count :
        List.of(
            "n_read",
            "n_valid",
            "n_quarantined",
            "n_duplicates",
            "n_investigations",
            "n_alerts",
            "n_recommendations",
            "eval_n_units")) {
      assertEquals(
          String.valueOf(run.<Long>getAs(count)), shown.get(count), count + " in the report");
    }
    assertEquals(
        String.valueOf(run.<Integer>getAs("eval_evidence_days")), shown.get("eval_evidence_days"));
    for (String figure :
        List.of(
            "eval_hit_rate_at_3",
            "eval_hit_rate_at_3_account_popular",
            "eval_hit_rate_at_3_alert_popular",
            "eval_ndcg_at_5",
            "eval_mrr",
            "eval_alert_coverage")) {
      Double recorded = run.getAs(figure);
      assertTrue(recorded != null, figure + " recorded");
      assertEquals(recorded, Double.parseDouble(shown.get(figure)), 5e-5, figure);
    }
    assertEquals(run.<String>getAs("status"), shown.get("status"));
    assertEquals(run.<String>getAs("gate_status"), shown.get("gate_status"));
    assertEquals("published", run.<String>getAs("status"));
    assertEquals(3, run.<Integer>getAs("eval_evidence_days"));
    // a unit is a resolved investigation of the run date and an item type it has a relevant item
    // of: only acme al-1 is resolved, by each of the 6 users, with dashboards and a query
    // (acme al-2 and globex's alerts stop unresolved and give no label)
    assertEquals(6L * 2, run.<Long>getAs("eval_n_units"));
    assertTrue(html.contains("<svg"), "an inline chart");
    assertFalse(
        html.contains("<script") || html.contains("src=") || html.contains("href="),
        "self-contained");
    assertTrue(html.contains("acme / al-1") && html.contains("Checkout errors"), "busiest lists");
    assertTrue(html.contains("row_accounting"), "the checks");

    List<Row> evaluation =
        spark.read().parquet(dir.resolve("backfilled") + "/evaluation/dt=" + LAST).collectAsList();
    assertEquals(
        java.util.Set.of(
            "model", "account_popular", "alert_popular", "observed", "alert_list", "account_next"),
        evaluation.stream()
            .map(r -> r.<String>getAs("model_or_baseline"))
            .collect(Collectors.toSet()));
  }

  @Test
  void theGateKeepsTheLastGoodListsWhenTheModelIsWorseThanPopularity() throws IOException {
    copyOutput("backfilled", "gated");
    List<String> before = recommendations("gated", LAST);
    assertFalse(before.isEmpty());
    // min_lift 1000: no item is eligible, every list is empty, popularity wins
    JobSettings worse =
        JobSettings.fromMap(
            Map.of(
                "window_days",
                "7",
                "min_lift",
                "1000",
                // the tiny world has 3 days before LAST: let the gate judge anyway
                "gate_min_evidence_days",
                "1",
                "gate_min_units",
                "1"),
            Map.of());
    DailyJob job =
        new DailyJob(
            spark,
            worse,
            new Layout(input.toString(), dir.resolve("gated").toString()),
            Clock.systemUTC());
    JobFailure e = assertThrows(JobFailure.class, () -> job.run(LAST));
    assertEquals(ExitCode.GATE_FAILED, e.exitCode());
    assertTrue(
        e.getMessage()
            .startsWith(
                "run of " + LAST + " not published: quality gate: worse than alert_popular"),
        e.getMessage());
    assertTrue(e.getMessage().contains(": model NDCG@3 0.0000 vs alert_popular "), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    assertEquals(before, recommendations("gated", LAST), "the last good lists stay");
    Row run = runRecord("gated", LAST);
    assertEquals("gate_failed", run.<String>getAs("status"));
    assertEquals("failed", run.<String>getAs("gate_status"));
    assertEquals(0.0, run.<Double>getAs("eval_hit_rate_at_3"));
    assertTrue(report("gated", LAST).contains("not published"));
  }

  @Test
  void theEvaluateCommandGivesTheSameFiguresAsTheDailyRunsOwnBacktest() throws IOException {
    copyOutput("backfilled", "evaluated");
    Path evaluationOfRun = dir.resolve("evaluated/evaluation/dt=" + LAST);
    List<String> daily = evaluationRows("evaluated");
    assertTrue(Files.isDirectory(evaluationOfRun));
    int code =
        dev.alertrecs.AlertRecs.execute(
            "evaluate",
            "--from",
            LAST.toString(),
            "--to",
            LAST.toString(),
            "--input",
            input.toString(),
            "--output",
            dir.resolve("evaluated").toString(),
            "--set",
            "window_days=7");
    assertEquals(0, code);
    assertEquals(daily, evaluationRows("evaluated"));
  }

  static List<String> evaluationRows(String outputName) {
    return spark
        .read()
        .parquet(dir.resolve(outputName) + "/evaluation/dt=" + LAST)
        .where("model_or_baseline <> 'observed'")
        .orderBy("model_or_baseline", "item_type", "alert_group", "metric", "k")
        .collectAsList()
        .stream()
        .map(
            r ->
                String.join(
                    " ",
                    r.<String>getAs("model_or_baseline"),
                    r.<String>getAs("item_type"),
                    r.<String>getAs("alert_group"),
                    r.<String>getAs("metric"),
                    String.valueOf(r.<Integer>getAs("k")),
                    String.format(java.util.Locale.ROOT, "%.9f", r.<Double>getAs("value")),
                    String.valueOf(r.<Long>getAs("n"))))
        .toList();
  }
}
