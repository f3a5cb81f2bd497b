package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.TestEvents;
import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The items of each investigation: uses, seconds between the last use and the stop, proximity. */
class ExtractInvestigationItemsTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);
  static final JobSettings SETTINGS = JobSettings.defaults();

  private static Dataset<Row> items(TestEvents f) {
    Dataset<Row> identified = TestEvents.identified(f.read(spark), SETTINGS);
    return ExtractInvestigationItems.apply(
        SessionizeInvestigations.apply(identified, SETTINGS), SETTINGS);
  }

  /**
   * One investigation of 600 s: d-1 used at +60 s and again at +240 s, a query at +120 s, d-2 at
   * +360 s, resolved at +600 s; d-3 is viewed after the resolve and belongs to no investigation.
   */
  static TestEvents oneInvestigation() {
    return new TestEvents(DAY)
        .act("2026-11-25T08:00:00Z", "u1", "alert_opened", "al-1")
        .act("2026-11-25T08:01:00Z", "u1", "dashboard_viewed", "d-1")
        .act("2026-11-25T08:02:00Z", "u1", "query_run", "service:checkout  AND level:error")
        .act("2026-11-25T08:04:00Z", "u1", "dashboard_viewed", "d-1")
        .act("2026-11-25T08:06:00Z", "u1", "dashboard_viewed", "d-2")
        .act("2026-11-25T08:10:00Z", "u1", "alert_resolved", "al-1")
        .act("2026-11-25T08:11:00Z", "u1", "dashboard_viewed", "d-3")
        .act("2026-11-25T12:00:00Z", "u1", "page_viewed", null);
  }

  @Test
  void proximityDecaysWithTheSecondsBetweenTheLastUseAndTheStop() {
    Map<String, String> byItem = new TreeMap<>();
    for (Row r : items(oneInvestigation()).collectAsList()) {
      String key = "dashboard".equals(r.getAs("item_type")) ? r.getAs("item_id") : "query";
      byItem.put(
          key,
          String.format(
              "%s %s uses=%d before_stop=%.0f proximity=%.9f duration=%.0f on=%s text=%s",
              r.<String>getAs("account_id"),
              r.<String>getAs("alert_id"),
              r.<Long>getAs("n_uses"),
              r.<Double>getAs("s_before_stop"),
              r.<Double>getAs("proximity"),
              r.<Double>getAs("duration_s"),
              r.getAs("started_on"),
              r.<String>getAs("item_text")));
    }
    // tau is 10 minutes: proximity = exp(-s_before_stop / 600); the stop is the resolve at +600 s,
    // and d-1 counts from its last use (+240 s), not its first
    assertEquals(
        Map.of(
            "d-1",
            "acme al-1 uses=2 before_stop=360 proximity=0.548811636 duration=600 on=2026-11-25"
                + " text=null",
            "d-2",
            "acme al-1 uses=1 before_stop=240 proximity=0.670320046 duration=600 on=2026-11-25"
                + " text=null",
            "query",
            "acme al-1 uses=1 before_stop=480 proximity=0.449328964 duration=600 on=2026-11-25"
                + " text=service:checkout AND level:error"),
        byItem);
  }

  @Test
  void anItemUsedAtTheStopHasProximityOne() {
    var f =
        new TestEvents(DAY)
            .act("2026-11-25T08:00:00Z", "u1", "alert_opened", "al-1")
            .act("2026-11-25T08:03:00Z", "u1", "dashboard_viewed", "d-1")
            .act("2026-11-25T08:07:00Z", "u1", "dashboard_viewed", "d-2")
            .act("2026-11-25T12:00:00Z", "u1", "page_viewed", null);
    Map<String, Double> proximity = new TreeMap<>();
    for (Row r : items(f).collectAsList()) {
      proximity.put(r.getAs("item_id"), r.getAs("proximity"));
    }
    // stopped idle at its last action (+420 s): d-2 is that action, d-1 was 240 s before
    assertEquals(2, proximity.size());
    assertEquals(1.0, proximity.get("d-2"), 1e-12);
    assertEquals(Math.exp(-0.4), proximity.get("d-1"), 1e-12);
  }

  /**
   * The same keyed hash as the investigations (both steps hash the user, one copy must not drift).
   */
  @Test
  void eachItemCarriesTheInvestigationsIdsAndTheKeyedUserHash() {
    List<Row> rows = items(oneInvestigation()).collectAsList();
    assertEquals(3, rows.size());
    String userHash = TestEvents.userHash(SETTINGS.userHashKey(), "acme", "u1");
    String investigationId = TestEvents.investigationId("acme", "e-1");
    for (Row r : rows) {
      assertEquals(investigationId, r.getAs("investigation_id"));
      assertEquals(userHash, r.getAs("user_hash"));
    }
  }
}
