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

/** Scoring on stored evidence rows: specificity, significance, decay. */
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
          .add("label_uses", DataTypes.LongType);
  static final StructType ALERT =
      new StructType()
          .add("evidence_date", DataTypes.DateType)
          .add("account_id", DataTypes.StringType)
          .add("alert_id", DataTypes.StringType)
          .add("n_investigations", DataTypes.LongType)
          .add("users_sketch", DataTypes.BinaryType)
          .add("durations_s", DataTypes.createArrayType(DataTypes.DoubleType));

  private final List<Row> items = new ArrayList<>();
  private final List<Row> alerts = new ArrayList<>();

  private void alert(LocalDate day, String alert, long n) {
    alerts.add(RowFactory.create(Date.valueOf(day), "acme", alert, n, null, durations(n, 600)));
  }

  private void item(LocalDate day, String alert, String item, long n, double proximity) {
    items.add(
        RowFactory.create(
            Date.valueOf(day),
            "acme",
            alert,
            "dashboard",
            item,
            n,
            null,
            proximity * n,
            0L,
            durations(n, 480),
            null,
            null));
  }

  private static List<Double> durations(long n, double each) {
    List<Double> d = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      d.add(each);
    }
    return d;
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

  @Test
  void homeUsedEverywhereIsNotEligibleASpecificItemIs() {
    for (String a : List.of("al-1", "al-2", "al-3")) {
      alert(DAY, a, 20);
      item(DAY, a, "d-home", 20, 0.1);
    }
    item(DAY, "al-1", "d-specific", 15, 0.9);
    // a generic board slightly more used by al-2 than elsewhere, by chance
    item(DAY, "al-2", "d-generic", 5, 0.2);
    item(DAY, "al-1", "d-generic", 4, 0.2);
    item(DAY, "al-3", "d-generic", 3, 0.2);
    Map<String, Row> s = score(JobSettings.defaults());

    Row home = s.get("al-1/d-home");
    assertFalse(home.<Boolean>getAs("is_eligible"));
    assertEquals(0.0, home.<Double>getAs("score"), 1e-12);

    Row specific = s.get("al-1/d-specific");
    assertTrue(specific.<Boolean>getAs("is_eligible"));
    assertEquals(0.75, specific.<Double>getAs("share"), 1e-9);
    assertTrue(specific.<Double>getAs("lift") > 2.5, "lift " + specific.getAs("lift"));
    assertTrue(specific.<Double>getAs("significance") > 10.83);
    assertTrue(specific.<Double>getAs("score") > 0.5);

    Row generic = s.get("al-2/d-generic");
    assertTrue(generic.<Double>getAs("lift") > 1.25, "lift above the floor by chance");
    assertFalse(generic.<Boolean>getAs("is_eligible"), "but not significant");
  }

  @Test
  void olderEvidenceWeighsLess() {
    alert(DAY, "al-1", 10);
    alert(DAY, "al-2", 10);
    alert(DAY.minusDays(14), "al-1", 10);
    alert(DAY.minusDays(14), "al-2", 10);
    item(DAY, "al-1", "d-new", 8, 1.0);
    item(DAY.minusDays(14), "al-1", "d-old", 8, 1.0);
    Map<String, Row> s = score(JobSettings.defaults());
    double recent = s.get("al-1/d-new").getAs("share");
    double old = s.get("al-1/d-old").getAs("share");
    // one half-life apart: 8 of (10 + 5) against 4 of (10 + 5)
    assertEquals(8.0 / 15, recent, 1e-9);
    assertEquals(4.0 / 15, old, 1e-9);
    assertTrue(
        s.get("al-1/d-new").<Double>getAs("score") > s.get("al-1/d-old").<Double>getAs("score"));
  }
}
