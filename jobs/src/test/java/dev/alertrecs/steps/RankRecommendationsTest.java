package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.config.JobSettings;
import dev.alertrecs.job.InputReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The three tiers of a list on hand-made scored items: an alert's own items; a cold alert's items
 * learned from its warm similar alerts, weighted by similarity; the account's best items when
 * neither gives a list. Deleted and unknown dashboards and the account's navigation items are never
 * listed; ties go to the smaller id.
 */
class RankRecommendationsTest extends SparkTestBase {
  // al-5's teachers are 0.6 and 0.4 similar: a ratio of 0.5 lets both teach, to test the blend
  static final JobSettings SETTINGS =
      JobSettings.fromMap(Map.of("top_k", "2", "similar_alert_min_ratio", "0.5"), Map.of());

  static final StructType SCORED =
      new StructType()
          .add("account_id", DataTypes.StringType)
          .add("alert_id", DataTypes.StringType)
          .add("item_type", DataTypes.StringType)
          .add("item_id", DataTypes.StringType)
          .add("label", DataTypes.StringType)
          .add("n_investigations", DataTypes.LongType)
          .add("alert_n_investigations", DataTypes.LongType)
          .add("lift", DataTypes.DoubleType)
          .add("item_median_s", DataTypes.DoubleType)
          .add("is_eligible", DataTypes.BooleanType)
          .add("score", DataTypes.DoubleType);
  static final StructType SIMILAR =
      new StructType()
          .add("account_id", DataTypes.StringType)
          .add("alert_id", DataTypes.StringType)
          .add("similar_alert_id", DataTypes.StringType)
          .add("similarity", DataTypes.DoubleType)
          .add("basis", DataTypes.StringType);
  static final StructType NAVIGATION =
      new StructType()
          .add("account_id", DataTypes.StringType)
          .add("item_type", DataTypes.StringType)
          .add("item_id", DataTypes.StringType);

  private final List<Row> scored = new ArrayList<>();

  private void scored(
      String account,
      String alert,
      String item,
      long n,
      long alertN,
      double lift,
      double medianS,
      boolean eligible,
      double score) {
    boolean query = item.startsWith("q-");
    scored.add(
        RowFactory.create(
            account,
            alert,
            query ? "query" : "dashboard",
            item,
            query ? "level:error" : null,
            n,
            alertN,
            lift,
            medianS,
            eligible,
            score));
  }

  private List<String> lists(Row... navigation) {
    return lists(SETTINGS, navigation);
  }

  private List<String> lists(JobSettings settings, Row... navigation) {
    // al-1 (10 investigations): the deleted and the unknown board score best but are never listed,
    // d-3 is not eligible
    scored("acme", "al-1", "d-2", 4, 10, 2.0, 300, true, 0.8);
    scored("acme", "al-1", "d-1", 6, 10, 1.5, 45, true, 0.5);
    scored("acme", "al-1", "d-del", 5, 10, 2.0, 300, true, 0.9);
    scored("acme", "al-1", "d-unknown", 5, 10, 2.0, 300, true, 0.95);
    scored("acme", "al-1", "d-3", 5, 10, 2.0, 300, false, 0.7);
    scored("acme", "al-1", "q-1", 3, 10, 1.8, 7200, true, 0.3);
    // al-2 (8): a tie between d-3 and d-4; no query of its own
    scored("acme", "al-2", "d-3", 5, 8, 1.6, 600, true, 0.4);
    scored("acme", "al-2", "d-4", 2, 8, 1.3, 600, true, 0.4);
    // al-7 is cold (2 investigations, at most cold_alert_max_investigations) with a list of its
    // own, which gives way to what it learns from al-1
    scored("acme", "al-7", "d-4", 2, 2, 3.0, 60, true, 0.6);
    // another account, the same alert and dashboard ids, a higher score
    scored("globex", "al-1", "d-1", 9, 10, 3.0, 60, true, 0.99);

    Dataset<Row> catalog =
        spark.createDataFrame(
            List.of(
                RowFactory.create("acme", "al-1", "High error rate on checkout", "high"),
                RowFactory.create("acme", "al-2", "Latency p99 on search", "high"),
                RowFactory.create("acme", "al-5", "Checkout errors (EU)", "high"),
                RowFactory.create("acme", "al-7", "Checkout errors (US)", "high"),
                RowFactory.create("acme", "al-8", "Certificate expiry", "low"),
                RowFactory.create("globex", "al-1", "Disk almost full", "high")),
            InputReader.ALERTS_SCHEMA);
    Dataset<Row> dashboards =
        spark.createDataFrame(
            List.of(
                RowFactory.create("acme", "d-1", "Home", false),
                RowFactory.create("acme", "d-2", "Checkout errors", false),
                RowFactory.create("acme", "d-3", "Search latency", false),
                RowFactory.create("acme", "d-4", "Deploys", null),
                RowFactory.create("acme", "d-del", "Old board", true),
                RowFactory.create("globex", "d-1", "Globex home", false)),
            InputReader.DASHBOARDS_SCHEMA);
    Dataset<Row> similar =
        spark.createDataFrame(
            List.of(
                // al-5 learns from al-1 and al-2 (weights 0.6 and 0.4), not from al-8: a cold
                // alert teaches nothing, however similar
                RowFactory.create("acme", "al-5", "al-1", 0.6, "title"),
                RowFactory.create("acme", "al-5", "al-2", 0.4, "profile"),
                RowFactory.create("acme", "al-5", "al-8", 0.9, "title"),
                RowFactory.create("acme", "al-7", "al-1", 0.5, "title")),
            SIMILAR);
    return RankRecommendations.apply(
            spark.createDataFrame(scored, SCORED),
            catalog,
            dashboards,
            similar,
            spark.createDataFrame(List.of(navigation), NAVIGATION),
            settings,
            "test",
            Instant.EPOCH)
        .orderBy("account_id", "alert_id", "item_type", "rank")
        .collectAsList()
        .stream()
        .map(
            r ->
                String.join(
                    " | ",
                    r.<String>getAs("account_id") + " " + r.<String>getAs("alert_id"),
                    r.<String>getAs("item_type") + " " + r.<Integer>getAs("rank"),
                    r.<String>getAs("item_id"),
                    r.<String>getAs("item_label"),
                    String.format("%.4f", r.<Double>getAs("score")),
                    String.valueOf(r.<Long>getAs("investigations")),
                    r.<String>getAs("strategy"),
                    r.<String>getAs("reason")))
        .toList();
  }

  @Test
  void ownListsThenListsLearnedFromSimilarAlertsThenTheAccountsBestItems() {
    String fromAl1 = "learned from \"High error rate on checkout\" (similar title); ";
    assertEquals(
        List.of(
            "acme al-1 | dashboard 1 | d-2 | Checkout errors | 0.8000 | 4 | alert | opened in 4 of"
                + " 10 investigations of this alert, 2.0x the account's rate; those resolved in a"
                + " median 5 min",
            "acme al-1 | dashboard 2 | d-1 | Home | 0.5000 | 6 | alert | opened in 6 of 10"
                + " investigations of this alert, 1.5x the account's rate; those resolved in a"
                + " median 45 s",
            "acme al-1 | query 1 | q-1 | level:error | 0.3000 | 3 | alert | run in 3 of 10"
                + " investigations of this alert, 1.8x the account's rate; those resolved in a"
                + " median 2.0 h",
            "acme al-2 | dashboard 1 | d-3 | Search latency | 0.4000 | 5 | alert | opened in 5 of"
                + " 8 investigations of this alert, 1.6x the account's rate; those resolved in a"
                + " median 10 min",
            "acme al-2 | dashboard 2 | d-4 | Deploys | 0.4000 | 2 | alert | opened in 2 of 8"
                + " investigations of this alert, 1.3x the account's rate; those resolved in a"
                + " median 10 min",
            // no query of its own: the account's best
            "acme al-2 | query 1 | q-1 | level:error | 0.3000 | 3 | account | not enough history"
                + " for this alert yet; run in 3 investigations across 1 alert of this account",
            // 0.6 x 0.8 / (0.6 + 0.4), 0.6 x 0.5 / 1.0; al-2's d-3 and d-4 (0.4 x 0.4) are cut
            "acme al-5 | dashboard 1 | d-2 | Checkout errors | 0.4800 | 4 | similar_alerts | "
                + fromAl1
                + "opened in 4 of 10 of its investigations",
            "acme al-5 | dashboard 2 | d-1 | Home | 0.3000 | 6 | similar_alerts | "
                + fromAl1
                + "opened in 6 of 10 of its investigations",
            "acme al-5 | query 1 | q-1 | level:error | 0.1800 | 3 | similar_alerts | "
                + fromAl1
                + "run in 3 of 10 of its investigations",
            // al-7's own d-4 gives way to what it learned from al-1 alone
            "acme al-7 | dashboard 1 | d-2 | Checkout errors | 0.8000 | 4 | similar_alerts | "
                + fromAl1
                + "opened in 4 of 10 of its investigations",
            "acme al-7 | dashboard 2 | d-1 | Home | 0.5000 | 6 | similar_alerts | "
                + fromAl1
                + "opened in 6 of 10 of its investigations",
            "acme al-7 | query 1 | q-1 | level:error | 0.3000 | 3 | similar_alerts | "
                + fromAl1
                + "run in 3 of 10 of its investigations",
            // nothing of its own, no similar alert: the account's items, summed over its alerts
            // (d-4: 0.4 + 0.6), never globex's
            "acme al-8 | dashboard 1 | d-4 | Deploys | 1.0000 | 4 | account | not enough history"
                + " for this alert yet; opened in 4 investigations across 2 alerts of this account",
            "acme al-8 | dashboard 2 | d-2 | Checkout errors | 0.8000 | 4 | account | not enough"
                + " history for this alert yet; opened in 4 investigations across 1 alert of this"
                + " account",
            "acme al-8 | query 1 | q-1 | level:error | 0.3000 | 3 | account | not enough history"
                + " for this alert yet; run in 3 investigations across 1 alert of this account",
            "globex al-1 | dashboard 1 | d-1 | Globex home | 0.9900 | 9 | alert | opened in 9 of"
                + " 10 investigations of this alert, 3.0x the account's rate; those resolved in a"
                + " median 60 s"),
        lists());
  }

  @Test
  void navigationItemsAreListedForNoAlertOfTheirAccount() {
    // acme's Home (d-1) is navigation: it leaves every acme list, and the next item moves up
    // (al-5: al-2's d-3, 0.4 x 0.4, ahead of d-4 by id); globex's d-1 is another item
    List<String> dashboards =
        lists(RowFactory.create("acme", "dashboard", "d-1")).stream()
            .filter(l -> l.contains("| dashboard "))
            .map(l -> String.join(" ", List.of(l.split(" \\| ")).subList(0, 5)))
            .toList();
    assertEquals(
        List.of(
            "acme al-1 dashboard 1 d-2 Checkout errors 0.8000",
            "acme al-2 dashboard 1 d-3 Search latency 0.4000",
            "acme al-2 dashboard 2 d-4 Deploys 0.4000",
            "acme al-5 dashboard 1 d-2 Checkout errors 0.4800",
            "acme al-5 dashboard 2 d-3 Search latency 0.1600",
            "acme al-7 dashboard 1 d-2 Checkout errors 0.8000",
            "acme al-8 dashboard 1 d-4 Deploys 1.0000",
            "acme al-8 dashboard 2 d-2 Checkout errors 0.8000",
            "globex al-1 dashboard 1 d-1 Globex home 0.9900"),
        dashboards);
  }

  @Test
  void aClearlyCloserSiblingTeachesAlone() {
    // by default a teacher needs 0.8 of the closest one's similarity: al-2 (0.4 against al-1's
    // 0.6) no longer teaches al-5, whose list is al-1's alone (0.6 x 0.8 / 0.6)
    JobSettings defaults = JobSettings.fromMap(Map.of("top_k", "2"), Map.of());
    assertEquals(
        List.of(
            "acme al-5 dashboard 1 d-2 Checkout errors 0.8000",
            "acme al-5 dashboard 2 d-1 Home 0.5000",
            "acme al-5 query 1 q-1 level:error 0.3000"),
        lists(defaults).stream()
            .filter(l -> l.startsWith("acme al-5 "))
            .map(l -> String.join(" ", List.of(l.split(" \\| ")).subList(0, 5)))
            .toList());
  }
}
