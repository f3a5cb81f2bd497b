package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.TestEvents;
import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Per alert of the run date: time to resolve (mean, median, p90, with and without a recommendation)
 * and time to engage (from each firing to the first opening within the window).
 */
class ComputeAlertStatsTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);

  private Map<String, Row> statsByAlert(TestEvents f) {
    JobSettings settings = JobSettings.defaults();
    Dataset<Row> identified = TestEvents.identified(f.read(spark), settings);
    Dataset<Row> members = SessionizeInvestigations.apply(identified, settings);
    Dataset<Row> investigations = SummarizeInvestigations.apply(members, identified, settings);
    return ComputeAlertStats.apply(investigations, identified, DAY, settings)
        .collectAsList()
        .stream()
        .collect(
            Collectors.toMap(
                r -> r.<String>getAs("account_id") + "/" + r.<String>getAs("alert_id"), r -> r));
  }

  @Test
  void eachFiringEngagesWithTheFirstOpeningAtOrAfterItWithinTheWindow() {
    var f = new TestEvents(DAY);
    // al-1: fired 08:00 and 08:10, opened 07:00 (before: ignored), 08:10 (same instant as the
    // second firing: counts) and 09:00: engagements of 600 s and 0 s, median 300 s
    f.act("2026-11-25T07:00:00Z", "u-1", "alert_opened", "al-1");
    f.act("2026-11-25T08:00:00Z", null, "alert_fired", "al-1");
    f.act("2026-11-25T08:10:00Z", null, "alert_fired", "al-1");
    f.act("2026-11-25T08:10:00Z", "u-2", "alert_opened", "al-1");
    f.act("2026-11-25T09:00:00Z", "u-3", "alert_opened", "al-1");
    // al-2: opened at 00:30, fired at 01:00, next opened 26 hours later (outside the 24 h
    // window): no engagement
    f.act("2026-11-25T00:30:00Z", "u-4", "alert_opened", "al-2");
    f.act("2026-11-25T01:00:00Z", null, "alert_fired", "al-2");
    f.act("2026-11-26T03:00:00Z", "u-4", "alert_opened", "al-2");
    // al-3: the opening of another alert in the same account and of al-3 in another account
    // do not engage al-3's firing; its own opening 30 min later does
    f.act("2026-11-25T10:00:00Z", null, "alert_fired", "al-3");
    f.act("2026-11-25T10:05:00Z", "u-5", "alert_opened", "al-1");
    f.json(
        "account_id",
        "globex",
        "ts",
        "2026-11-25T10:06:00Z",
        "user_id",
        "u-5",
        "action",
        "alert_opened",
        "alert_id",
        "al-3");
    f.act("2026-11-25T10:30:00Z", "u-6", "alert_opened", "al-3");

    Map<String, Row> stats = statsByAlert(f);
    assertEquals(300.0, stats.get("acme/al-1").<Double>getAs("mtte_median_s"), 1e-9);
    assertNull(stats.get("acme/al-2").getAs("mtte_median_s"));
    assertEquals(1800.0, stats.get("acme/al-3").<Double>getAs("mtte_median_s"), 1e-9);
    assertNull(stats.get("globex/al-3").getAs("mtte_median_s"));
  }

  @Test
  void timeToResolveIsTheMeanMedianAndP90OfTheRunDatesInvestigations() {
    var f =
        new TestEvents(DAY)
            // started the day before: not in the run date's figures
            .investigation("u-0", "al-1", "2026-11-24T23:00:00Z", 5000, false)
            // 60, 120, 300, 600 s; 120 and 600 through a recommendation
            .investigation("u-1", "al-1", "2026-11-25T08:00:00Z", 60, false)
            .investigation("u-2", "al-1", "2026-11-25T08:00:00Z", 120, true)
            .investigation("u-3", "al-1", "2026-11-25T08:00:00Z", 300, false)
            .investigation("u-4", "al-1", "2026-11-25T08:00:00Z", 600, true);
    Row al1 = statsByAlert(f).get("acme/al-1");
    assertEquals(4L, al1.<Long>getAs("n_investigations"));
    // (60 + 120 + 300 + 600) / 4
    assertEquals(270.0, al1.<Double>getAs("mttr_mean_s"), 1e-9);
    // between the 2nd and 3rd: (120 + 300) / 2
    assertEquals(210.0, al1.<Double>getAs("mttr_median_s"), 1e-9);
    // at rank 0.9 x (4 - 1) = 2.7: 300 + 0.7 x (600 - 300)
    assertEquals(510.0, al1.<Double>getAs("mttr_p90_s"), 1e-9);
    // with: (120 + 600) / 2, without: (60 + 300) / 2
    assertEquals(360.0, al1.<Double>getAs("mttr_median_with_recs_s"), 1e-9);
    assertEquals(180.0, al1.<Double>getAs("mttr_median_without_recs_s"), 1e-9);
    assertEquals(2L, al1.<Long>getAs("n_with_recs"));
    assertEquals(4L, al1.<Long>getAs("n_resolved"));
    assertNull(al1.getAs("mtte_median_s"), "no firing, no time to engage");
  }
}
