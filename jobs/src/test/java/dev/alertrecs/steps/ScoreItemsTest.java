package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.config.JobSettings;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Scoring on stored evidence rows: specificity, significance, speed, users, decay. */
class ScoreItemsTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);
  static final StructType ITEM =
      new StructType()
          .add("evidence_date", DataTypes.DateType)
          .add("account_id", DataTypes.StringType)
          .add("alert_id", DataTypes.StringType)
          .add("item_type", DataTypes.StringType)
          .add("item_id", DataTypes.StringType)
          .add("n_investigations", DataTypes.LongType)
          .add("users_sketch", DataTypes.BinaryType)
          .add("sum_proximity", DataTypes.DoubleType)
          .add("n_via_recommendation", DataTypes.LongType)
          .add("durations_s", DataTypes.createArrayType(DataTypes.DoubleType))
          .add("label", DataTypes.StringType)
          .add("label_uses", DataTypes.LongType)
          .add("n_resolved", DataTypes.LongType)
          .add("sum_gain", DataTypes.LongType);
  static final StructType ALERT =
      new StructType()
          .add("evidence_date", DataTypes.DateType)
          .add("account_id", DataTypes.StringType)
          .add("alert_id", DataTypes.StringType)
          .add("n_investigations", DataTypes.LongType)
          .add("users_sketch", DataTypes.BinaryType)
          .add("durations_s", DataTypes.createArrayType(DataTypes.DoubleType))
          .add("n_resolved", DataTypes.LongType);

  private final List<Row> items = new ArrayList<>();
  private final List<Row> alerts = new ArrayList<>();

  /** An alert's day: n investigations whose durations are given as (count, seconds) pairs. */
  private void alert(LocalDate day, String alert, double... countAndSeconds) {
    List<Double> d = durations(countAndSeconds);
    alerts.add(RowFactory.create(Date.valueOf(day), "acme", alert, (long) d.size(), null, d, null));
  }

  /** An alert's day with n investigations of 600 s, {@code resolved} of them resolved. */
  private void gradedAlert(String alert, long n, long resolved) {
    alerts.add(
        RowFactory.create(Date.valueOf(DAY), "acme", alert, n, null, durations(n, 600), resolved));
  }

  /**
   * An item's day: n investigations, {@code resolved} of them resolved with grades summing to gain.
   */
  private void gradedItem(String alert, String item, long n, long resolved, long gain) {
    items.add(
        RowFactory.create(
            Date.valueOf(DAY),
            "acme",
            alert,
            "dashboard",
            item,
            n,
            null,
            0.5 * n,
            0L,
            durations(n, 600),
            null,
            null,
            resolved,
            gain));
  }

  /** An item's day: its users, mean proximity and durations as (count, seconds) pairs. */
  private void item(
      LocalDate day,
      String alert,
      String item,
      List<String> users,
      double proximity,
      double... countAndSeconds) {
    List<Double> d = durations(countAndSeconds);
    long n = d.size();
    items.add(
        RowFactory.create(
            Date.valueOf(day),
            "acme",
            alert,
            "dashboard",
            item,
            n,
            sketch(users),
            proximity * n,
            0L,
            d,
            null,
            null,
            null,
            null));
  }

  private static List<Double> durations(double... countAndSeconds) {
    List<Double> d = new ArrayList<>();
    for (int i = 0; i < countAndSeconds.length; i += 2) {
      for (int k = 0; k < countAndSeconds[i]; k++) {
        d.add(countAndSeconds[i + 1]);
      }
    }
    d.sort(null);
    return d;
  }

  /** A stored users sketch, built by Spark's own HLL aggregate as the evidence step does. */
  private static byte[] sketch(List<String> users) {
    if (users.isEmpty()) {
      return null;
    }
    return spark
        .createDataset(users, org.apache.spark.sql.Encoders.STRING())
        .selectExpr("hll_sketch_agg(value)")
        .first()
        .getAs(0);
  }

  private Map<String, Row> score(JobSettings settings) {
    Dataset<Row> scored =
        ScoreItems.apply(
            spark.createDataFrame(items, ITEM),
            spark.createDataFrame(alerts, ALERT),
            DAY,
            settings);
    return scored.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("alert_id") + "/" + r.getAs("item_id"), r -> r));
  }

  /**
   * Three alerts of 20 investigations each (60 in the account). Home is used in all 60; d-specific
   * in 15 of al-1's 20 and nowhere else; d-generic in 4, 5 and 3 of al-1, al-2, al-3.
   */
  @Test
  void homeUsedEverywhereIsNotEligibleASpecificItemScoresByHandComputedFigures() {
    // al-1 resolved in 5 x 240 s, 5 x 420 s, 10 x 900 s: its median is the mean of the 10th and
    // 11th durations, (420 + 900) / 2 = 660 s
    alert(DAY, "al-1", 5, 240, 5, 420, 10, 900);
    alert(DAY, "al-2", 20, 600);
    alert(DAY, "al-3", 20, 600);
    for (String a : List.of("al-1", "al-2", "al-3")) {
      item(DAY, a, "d-home", List.of(), 0.1, 20, 600);
    }
    // the 15 investigations with d-specific: 5 x 240, 5 x 420, 5 x 900, median the 8th = 420 s;
    // 4 distinct users
    item(DAY, "al-1", "d-specific", List.of("a", "b", "c", "d"), 0.9, 5, 240, 5, 420, 5, 900);
    item(DAY, "al-2", "d-generic", List.of(), 0.2, 5, 600);
    item(DAY, "al-1", "d-generic", List.of(), 0.2, 4, 600);
    item(DAY, "al-3", "d-generic", List.of(), 0.2, 3, 600);
    Map<String, Row> s = score(JobSettings.defaults());

    // Home: k11 = 20, k12 = 0, k21 = 40, k22 = 0: every cell is its expected count, G2 = 0;
    // lift = (21 / 22) / (61 / 62) = 0.9702
    Row home = s.get("al-1/d-home");
    assertEquals(0.0, home.<Double>getAs("significance"), 1e-9);
    assertEquals(0.970193740685544, home.<Double>getAs("lift"), 1e-9);
    assertFalse(home.<Boolean>getAs("is_eligible"));
    assertEquals(0.0, home.<Double>getAs("score"), 1e-12);

    Row specific = s.get("al-1/d-specific");
    assertTrue(specific.<Boolean>getAs("is_eligible"));
    assertEquals(15L, specific.<Long>getAs("n_investigations"));
    assertEquals(20L, specific.<Long>getAs("alert_n_investigations"));
    assertEquals(4L, specific.<Long>getAs("n_users"));
    assertEquals(0.75, specific.<Double>getAs("share"), 1e-9);
    // (15 + 1) / (20 + 2) over (15 + 1) / (60 + 2) = 62 / 22
    assertEquals(62.0 / 22, specific.<Double>getAs("lift"), 1e-9);
    // k11 = 15, k12 = 5, k21 = 0, k22 = 40, N = 60:
    // G2 = 2 (15 ln(15*60 / (20*15)) + 5 ln(5*60 / (20*45)) + 40 ln(40*60 / (40*45)))
    //    = 2 (15 ln 3 - 5 ln 3 + 40 ln 4/3) = 2 (10.9861 + 11.5073) = 44.98681
    assertEquals(44.98681156950466, specific.<Double>getAs("significance"), 1e-9);
    assertEquals(0.9, specific.<Double>getAs("proximity"), 1e-9);
    assertEquals(420.0, specific.<Double>getAs("item_median_s"), 1e-9);
    assertEquals(660.0, specific.<Double>getAs("alert_median_s"), 1e-9);
    // (660 + 60) / (420 + 60)
    assertEquals(1.5, specific.<Double>getAs("speed"), 1e-9);
    // 0.75 x (1 - 22 / 62) x (0.5 + 0.45) x 1.5 = 0.75 x 0.645161 x 0.95 x 1.5
    assertEquals(0.689516129, specific.<Double>getAs("score"), 1e-8);

    // al-2's d-generic: k11 = 5, k12 = 15, k21 = 7, k22 = 33: G2 = 0.45677; its lift
    // (6 / 22) / (13 / 62) = 1.3007 is above 1: eligible by default (the cut-offs are off), with
    // a small score: 0.25 x (1 - 1 / 1.3007) x (0.5 + 0.1) x speed 1
    Row generic = s.get("al-2/d-generic");
    assertEquals(1.3006993006993006, generic.<Double>getAs("lift"), 1e-9);
    assertEquals(0.4567698542773888, generic.<Double>getAs("significance"), 1e-9);
    assertTrue(generic.<Boolean>getAs("is_eligible"));
    assertEquals(0.25 * (1 - 1 / 1.3006993006993006) * 0.6, generic.<Double>getAs("score"), 1e-8);
    // with the optional cut-offs set, it passes the lift floor of 1.25 but not G2 >= 10.83
    Row cut =
        score(
                JobSettings.fromMap(
                    Map.of("min_lift", "1.25", "min_significance", "10.83"), Map.of()))
            .get("al-2/d-generic");
    assertFalse(cut.<Boolean>getAs("is_eligible"), "above the lift floor but not significant");
    assertTrue(
        score(
                JobSettings.fromMap(
                    Map.of("min_lift", "1.25", "min_significance", "10.83"), Map.of()))
            .get("al-1/d-specific")
            .<Boolean>getAs("is_eligible"));
  }

  /**
   * With resolved investigations and their grades stored, an item scores its help: the mean grade
   * per resolved investigation of the alert, shrunk toward the item's mean grade in the account's
   * other alerts with the weight of next_step_prior_weight (2) investigations. The most used item
   * is not the most helpful one.
   */
  @Test
  void gradedEvidenceRanksByHelpShrunkTowardTheOtherAlerts() {
    gradedAlert("al-1", 10, 8);
    gradedAlert("al-2", 10, 5);
    // al-1: d-late in 8 investigations, 6 of them resolved: last before the resolve in 4, just
    // before the last in 1, earlier in 1 (4 x 3 + 2 + 1 = 15); d-early in 9, 7 resolved: earlier
    // in 5, just before the last in 2 (5 + 2 x 2 = 9)
    gradedItem("al-1", "d-late", 8, 6, 15);
    gradedItem("al-1", "d-early", 9, 7, 9);
    gradedItem("al-2", "d-late", 2, 1, 2);
    Map<String, Row> s = score(JobSettings.defaults());

    // prior of d-late for al-1: al-2's 2 over its 5 resolved = 0.4; (15 + 2 x 0.4) / (8 + 2)
    Row late = s.get("al-1/d-late");
    assertEquals(1.58, late.<Double>getAs("help"), 1e-9);
    assertEquals(1.58, late.<Double>getAs("score"), 1e-9);
    // d-early has no use in other alerts: prior 0; 9 / (8 + 2)
    Row early = s.get("al-1/d-early");
    assertEquals(0.9, early.<Double>getAs("help"), 1e-9);
    assertEquals(0.9, early.<Double>getAs("score"), 1e-9);
    assertTrue(early.<Double>getAs("share") > late.<Double>getAs("share"), "more used, less help");
    // al-2's d-late: prior 15 / 8 = 1.875, help (2 + 3.75) / 7; but al-2 uses it less than the
    // account's average investigation (lift (3 / 12) / (11 / 22) = 0.5): no score
    Row other = s.get("al-2/d-late");
    assertEquals(5.75 / 7, other.<Double>getAs("help"), 1e-9);
    assertEquals(0.5, other.<Double>getAs("lift"), 1e-9);
    assertEquals(0.0, other.<Double>getAs("score"), 1e-12);
  }

  @Test
  void speedIsClippedToHalfAndDouble() {
    alert(DAY, "al-1", 10, 3600);
    alert(DAY, "al-2", 10, 60);
    item(DAY, "al-1", "d-fast", List.of(), 1.0, 10, 60);
    item(DAY, "al-2", "d-slow", List.of(), 1.0, 10, 3600);
    Map<String, Row> s = score(JobSettings.defaults());
    // (3600 + 60) / (60 + 60) = 30.5 -> 2; (60 + 60) / (3600 + 60) = 0.033 -> 0.5
    assertEquals(2.0, s.get("al-1/d-fast").<Double>getAs("speed"), 1e-12);
    assertEquals(0.5, s.get("al-2/d-slow").<Double>getAs("speed"), 1e-12);
  }

  @Test
  void olderEvidenceWeighsLessButCountsFullyInTheSignificanceAndUsersCountOnce() {
    alert(DAY, "al-1", 10, 600);
    alert(DAY, "al-2", 10, 600);
    alert(DAY.minusDays(14), "al-1", 10, 600);
    alert(DAY.minusDays(14), "al-2", 10, 600);
    item(DAY, "al-1", "d-new", List.of("a", "b"), 1.0, 8, 480);
    item(DAY.minusDays(14), "al-1", "d-old", List.of("b", "c"), 1.0, 8, 480);
    // the same item on both days: users a, b then b, c are three people, not four
    item(DAY, "al-2", "d-both", List.of("a", "b"), 0.5, 2, 480);
    item(DAY.minusDays(14), "al-2", "d-both", List.of("b", "c"), 1.0, 2, 480);
    Map<String, Row> s = score(JobSettings.defaults());
    Row recent = s.get("al-1/d-new");
    Row old = s.get("al-1/d-old");
    // one half-life apart: 8 of (10 + 5) against 4 of (10 + 5)
    assertEquals(8.0 / 15, recent.<Double>getAs("share"), 1e-9);
    assertEquals(4.0 / 15, old.<Double>getAs("share"), 1e-9);
    assertTrue(recent.<Double>getAs("score") > old.<Double>getAs("score"));
    // significance is over the raw counts, whatever their age: k11 = 8, k12 = 12, k21 = 0,
    // k22 = 20, N = 40: 2 (8 ln 2 + 12 ln(12*40 / (20*32)) + 20 ln(20*40 / (20*32))) = 13.11173
    assertEquals(13.111727202684772, recent.<Double>getAs("significance"), 1e-9);
    assertEquals(13.111727202684772, old.<Double>getAs("significance"), 1e-9);

    Row both = s.get("al-2/d-both");
    assertEquals(3L, both.<Long>getAs("n_users"));
    assertEquals(4L, both.<Long>getAs("n_investigations"));
    // proximity weighed like the counts: (2 x 0.5 + 2 x 1.0 x 0.5) / (2 + 2 x 0.5) = 2 / 3
    assertEquals(2.0 / 3, both.<Double>getAs("proximity"), 1e-9);
  }
}
