package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.TestEvents;
import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The day's stored evidence: per (alert, item) and per alert, counts of investigations and of
 * distinct users, proximity sums, sorted durations and the most used text; the run date's
 * investigations only.
 */
class SummarizeEvidenceTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);
  static final JobSettings SETTINGS = JobSettings.defaults();
  static final String LAST_HOUR = "level:error AND @timestamp:[now-1h TO now]";
  static final String LAST_15_MIN = "level:error AND @timestamp:[now-15m TO now]";

  /**
   * al-1 on the run date: u-1 at 08:00 (d-1 at +60, the last-hour query at +120, resolved at +180),
   * u-2 at 09:00 (d-1 at +60 through a recommendation, resolved at +300), u-1 at 10:00 (the
   * 15-minute query at +60, resolved at +120), u-3 at 11:00 (the last-hour query at +60, resolved
   * at +120). u-4's investigation started the day before and is not the run date's evidence.
   */
  static TestEvents fourInvestigations() {
    return new TestEvents(DAY)
        .act("2026-11-24T22:00:00Z", "u-4", "alert_opened", "al-1")
        .act("2026-11-24T22:01:00Z", "u-4", "dashboard_viewed", "d-1")
        .act("2026-11-24T22:02:00Z", "u-4", "alert_resolved", "al-1")
        .act("2026-11-25T08:00:00Z", "u-1", "alert_opened", "al-1")
        .act("2026-11-25T08:01:00Z", "u-1", "dashboard_viewed", "d-1")
        .act("2026-11-25T08:02:00Z", "u-1", "query_run", LAST_HOUR)
        .act("2026-11-25T08:03:00Z", "u-1", "alert_resolved", "al-1")
        .act("2026-11-25T09:00:00Z", "u-2", "alert_opened", "al-1")
        .json(
            "ts", "2026-11-25T09:01:00Z",
            "user_id", "u-2",
            "action", "dashboard_viewed",
            "dashboard_id", "d-1",
            "source", "recommendation")
        .act("2026-11-25T09:05:00Z", "u-2", "alert_resolved", "al-1")
        .act("2026-11-25T10:00:00Z", "u-1", "alert_opened", "al-1")
        .act("2026-11-25T10:01:00Z", "u-1", "query_run", LAST_15_MIN)
        .act("2026-11-25T10:02:00Z", "u-1", "alert_resolved", "al-1")
        .act("2026-11-25T11:00:00Z", "u-3", "alert_opened", "al-1")
        .act("2026-11-25T11:01:00Z", "u-3", "query_run", LAST_HOUR)
        .act("2026-11-25T11:02:00Z", "u-3", "alert_resolved", "al-1");
  }

  private static String describe(Row r) {
    boolean isItem = r.schema().getFieldIndex("item_id").nonEmpty();
    return String.format(
        "%s %s n=%d users=%d durations=%s%s",
        r.getAs("evidence_date"),
        r.<String>getAs("alert_id"),
        r.<Long>getAs("n_investigations"),
        r.<Long>getAs("n_users"),
        r.getList(r.fieldIndex("durations_s")),
        isItem
            ? String.format(
                " proximity=%.9f via_recs=%d label=%s label_uses=%s",
                r.<Double>getAs("sum_proximity"),
                r.<Long>getAs("n_via_recommendation"),
                r.<String>getAs("label"),
                r.getAs("label_uses"))
            : "");
  }

  private static Map<String, String> byKey(Dataset<Row> evidence, String key) {
    Map<String, String> out = new TreeMap<>();
    for (Row r :
        evidence.selectExpr("*", "hll_sketch_estimate(users_sketch) as n_users").collectAsList()) {
      out.put(r.getAs(key), describe(r));
    }
    return out;
  }

  @Test
  void itemEvidenceCountsInvestigationsAndDistinctUsersAndKeepsTheMostUsedText() {
    Dataset<Row> identified = TestEvents.identified(fourInvestigations().read(spark), SETTINGS);
    Dataset<Row> items =
        ExtractInvestigationItems.apply(
            SessionizeInvestigations.apply(identified, SETTINGS), SETTINGS);
    Map<String, String> evidence = byKey(SummarizeItemEvidence.apply(items, DAY), "item_type");
    // d-1: u-1's and u-2's investigations, 120 s and 240 s before their stops, one through a
    // recommendation; the query family: three investigations of two users, each 60 s before the
    // stop, labelled by the text two of them ran (not the smaller text)
    assertEquals(
        Map.of(
            "dashboard",
            "2026-11-25 al-1 n=2 users=2 durations=[180.0, 300.0] proximity="
                + String.format("%.9f", Math.exp(-0.2) + Math.exp(-0.4))
                + " via_recs=1 label=null label_uses=null",
            "query",
            "2026-11-25 al-1 n=3 users=2 durations=[120.0, 120.0, 180.0] proximity="
                + String.format("%.9f", 3 * Math.exp(-0.1))
                + " via_recs=0 label="
                + LAST_HOUR
                + " label_uses=2"),
        evidence);
  }

  @Test
  void alertEvidenceCountsTheRunDatesInvestigationsAndDistinctUsers() {
    Dataset<Row> investigations =
        TestEvents.investigations(fourInvestigations().read(spark), SETTINGS);
    assertEquals(
        Map.of("al-1", "2026-11-25 al-1 n=4 users=3 durations=[120.0, 120.0, 180.0, 300.0]"),
        byKey(SummarizeAlertEvidence.apply(investigations, DAY), "alert_id"));
  }

  /**
   * Help in the stored evidence: per item, the resolved investigations that used it and their
   * grades by closeness to the resolve among the investigation's items of the type (3 for the last
   * used, 2 just before, 1 earlier; a re-used item counts by its last use); per alert, its resolved
   * investigations. u-2's investigation is never resolved and grades nothing.
   */
  @Test
  void evidenceKeepsResolvedInvestigationsAndTheirGrades() {
    TestEvents events =
        new TestEvents(DAY)
            .act("2026-11-25T08:00:00Z", "u-1", "alert_opened", "al-1")
            .act("2026-11-25T08:01:00Z", "u-1", "dashboard_viewed", "d-1")
            .act("2026-11-25T08:02:00Z", "u-1", "dashboard_viewed", "d-2")
            .act("2026-11-25T08:03:00Z", "u-1", "dashboard_viewed", "d-3")
            .act("2026-11-25T08:04:00Z", "u-1", "dashboard_viewed", "d-2")
            .act("2026-11-25T08:05:00Z", "u-1", "alert_resolved", "al-1")
            .act("2026-11-25T09:00:00Z", "u-2", "alert_opened", "al-1")
            .act("2026-11-25T09:01:00Z", "u-2", "dashboard_viewed", "d-1");
    Dataset<Row> identified = TestEvents.identified(events.read(spark), SETTINGS);
    Dataset<Row> items =
        ExtractInvestigationItems.apply(
            SessionizeInvestigations.apply(identified, SETTINGS), SETTINGS);
    Map<String, String> help = new TreeMap<>();
    for (Row r :
        SummarizeItemEvidence.apply(items, DAY)
            .selectExpr("item_id", "n_investigations", "n_resolved", "sum_gain")
            .collectAsList()) {
      help.put(
          r.getString(0),
          r.getLong(1) + " used, " + r.getLong(2) + " resolved, gain " + r.getLong(3));
    }
    assertEquals(
        Map.of(
            "d-1", "2 used, 1 resolved, gain 1",
            "d-2", "1 used, 1 resolved, gain 3",
            "d-3", "1 used, 1 resolved, gain 2"),
        help);
    Row alert =
        SummarizeAlertEvidence.apply(TestEvents.investigations(events.read(spark), SETTINGS), DAY)
            .selectExpr("n_investigations", "n_resolved")
            .first();
    assertEquals(2L, alert.getLong(0));
    assertEquals(1L, alert.getLong(1));
  }
}
