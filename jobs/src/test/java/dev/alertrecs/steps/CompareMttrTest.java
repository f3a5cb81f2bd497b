package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.TestEvents;
import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Time to resolve with and without a recommendation, per alert, on the run date only. */
class CompareMttrTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);
  static final JobSettings SETTINGS = JobSettings.defaults();

  @Test
  void investigationsThatUsedARecommendationAreComparedWithTheOthers() {
    var f =
        new TestEvents(DAY)
            // the day before: not the run date's, counts nowhere
            .investigation("u-0", "al-1", "2026-11-24T23:00:00Z", 5000, true)
            // al-1: with a recommendation 120, 600, 300 s; without 60, 240 s
            .investigation("u-1", "al-1", "2026-11-25T08:00:00Z", 120, true)
            .investigation("u-2", "al-1", "2026-11-25T08:00:00Z", 600, true)
            .investigation("u-3", "al-1", "2026-11-25T08:00:00Z", 300, true)
            .investigation("u-4", "al-1", "2026-11-25T08:00:00Z", 60, false)
            .investigation("u-5", "al-1", "2026-11-25T08:00:00Z", 240, false)
            // al-2: never a recommendation
            .investigation("u-6", "al-2", "2026-11-25T09:00:00Z", 100, false);
    var investigations = TestEvents.investigations(f.read(spark), SETTINGS);
    Map<String, String> byAlert = new TreeMap<>();
    for (Row r : CompareMttr.apply(investigations, DAY).collectAsList()) {
      byAlert.put(
          r.getAs("alert_id"),
          String.format(
              "n=%d with=%d without=%d median_with=%s median_without=%s %s %s",
              r.<Long>getAs("n_investigations"),
              r.<Long>getAs("n_with_recs"),
              r.<Long>getAs("n_without_recs"),
              r.<Double>getAs("mttr_median_with_recs_s"),
              r.<Double>getAs("mttr_median_without_recs_s"),
              r.getList(r.fieldIndex("durations_with_recs_s")),
              r.getList(r.fieldIndex("durations_without_recs_s"))));
    }
    assertEquals(
        Map.of(
            "al-1",
            "n=5 with=3 without=2 median_with=300.0 median_without=150.0"
                + " [120.0, 300.0, 600.0] [60.0, 240.0]",
            "al-2",
            "n=1 with=0 without=1 median_with=null median_without=100.0 [] [100.0]"),
        byAlert);
    assertEquals(List.of("al-1", "al-2"), List.copyOf(byAlert.keySet()));
  }
}
