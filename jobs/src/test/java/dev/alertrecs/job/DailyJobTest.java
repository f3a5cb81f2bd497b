package dev.alertrecs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.config.JobSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
    TinyWorld.write(input, FIRST, 4);
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
    List<String> al8 = recs.stream().filter(r -> r.startsWith("acme al-8 ")).toList();
    assertFalse(al8.isEmpty());
    assertTrue(
        al8.stream().allMatch(r -> r.contains(" account ") && r.contains("not enough history")),
        al8.toString());
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
  void aFirstRunOnHistoryEqualsDailyRunsAndARerunIsIdentical() {
    DailyJob daily = job("daily");
    for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
      assertTrue(daily.run(d).backfilledDays().isEmpty());
    }
    assertEquals(recommendations("backfilled", LAST), recommendations("daily", LAST));

    DailyJob.Result rerun = job("backfilled").run(LAST);
    assertTrue(rerun.backfilledDays().isEmpty());
    assertEquals(recommendations("daily", LAST), recommendations("backfilled", LAST));
    List<Row> runs =
        spark.read().parquet(dir.resolve("backfilled") + "/runs/dt=" + LAST).collectAsList();
    assertEquals(1, runs.size(), "a rerun replaces the date's run record");
  }

  @Test
  void aMissingDayFolderIsACleanFailure() {
    JobFailure e = assertThrows(JobFailure.class, () -> job("missing").run(LAST.plusDays(5)));
    assertEquals(ExitCode.MISSING_INPUT, e.exitCode());
    assertTrue(
        e.getMessage().startsWith("no actions folder for " + LAST.plusDays(5)), e.getMessage());
  }
}
