package dev.alertrecs.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.evaluation.RankingMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple3;

/**
 * The backtest's metrics on a fixture computed by hand, through the production scoring ({@link
 * Backtest#score}). Account a: alert A1 has history (warm, 3 investigations: segment 3-9), C1 has
 * none (cold, segment 0). Evidence before the day: A1 used d-1 three times, d-2 and d-3 twice each
 * (a tie: d-2 goes first by id), q-1 once and d-5 nine times (deleted: never listed); A2 used d-4
 * five times. Two alerts only: no item is navigation. The model lists d-3, d-9 for A1's dashboards,
 * nothing for A1's queries (an empty list) and d-1 for C1. On the day, all resolved: i1 (A1) used
 * d-2 (100 s before the resolve), then d-3 last (10 s), and q-1; i2 (A1) used d-1 and d-3 at the
 * same last moment (a tie: both count as last); i3 (C1) used d-2. i4 (A1) went idle after d-4: no
 * label. Grades: last 3, the one before 2; NDCG gains 2^3 - 1 = 7 and 2^2 - 1 = 3.
 */
class RankingMetricsTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);
  static final JobSettings SETTINGS = JobSettings.fromMap(Map.of("top_k", "3"), Map.of());
  static final double EPS = 1e-6;
  static final double LOG2_3 = Math.log(3) / Math.log(2);
  static Dataset<Row> relevance;
  static Dataset<Row> lists;
  static Map<String, Double> metrics;

  @BeforeAll
  static void compute() {
    Dataset<Row> items =
        spark.sql(
            "select account_id, alert_id, investigation_id, item_type, item_id,"
                + " cast(s as double) as s_before_stop, exp(-s / 600.0) as proximity,"
                + " false as via_recommendation, cast(started_on as date) as started_on"
                + " from values"
                + " ('a', 'A1', 'i1', 'dashboard', 'd-2', 100, '2026-11-25'),"
                + " ('a', 'A1', 'i1', 'dashboard', 'd-3', 10, '2026-11-25'),"
                + " ('a', 'A1', 'i1', 'query', 'q-1', 0, '2026-11-25'),"
                + " ('a', 'A1', 'i2', 'dashboard', 'd-1', 50, '2026-11-25'),"
                + " ('a', 'A1', 'i2', 'dashboard', 'd-3', 50, '2026-11-25'),"
                + " ('a', 'C1', 'i3', 'dashboard', 'd-2', 5, '2026-11-25'),"
                + " ('a', 'A1', 'i4', 'dashboard', 'd-4', 5, '2026-11-25'),"
                + " ('a', 'A1', 'i0', 'dashboard', 'd-9', 5, '2026-11-24')"
                + " as t(account_id, alert_id, investigation_id, item_type, item_id, s, started_on)");
    Dataset<Row> investigations =
        spark.sql(
            "select investigation_id, stop_reason, cast(started_on as date) as started_on"
                + " from values ('i0', 'resolved', '2026-11-24'), ('i1', 'resolved', '2026-11-25'),"
                + " ('i2', 'resolved', '2026-11-25'), ('i3', 'resolved', '2026-11-25'),"
                + " ('i4', 'idle', '2026-11-25')"
                + " as t(investigation_id, stop_reason, started_on)");
    Dataset<Row> modelLists =
        spark.sql(
            "select account_id, alert_id, item_type, cast(rank as int) as rank, item_id from values"
                + " ('a', 'A1', 'dashboard', 1, 'd-3'), ('a', 'A1', 'dashboard', 2, 'd-9'),"
                + " ('a', 'C1', 'dashboard', 1, 'd-1')"
                + " as t(account_id, alert_id, item_type, rank, item_id)");
    Dataset<Row> itemEvidence =
        spark.sql(
            "select account_id, alert_id, item_type, item_id, cast(n as bigint) as n_investigations"
                + " from values ('a', 'A1', 'dashboard', 'd-1', 3), ('a', 'A1', 'dashboard', 'd-2', 2),"
                + " ('a', 'A1', 'dashboard', 'd-3', 2), ('a', 'A1', 'query', 'q-1', 1),"
                + " ('a', 'A1', 'dashboard', 'd-5', 9), ('a', 'A2', 'dashboard', 'd-4', 5)"
                + " as t(account_id, alert_id, item_type, item_id, n)");
    Dataset<Row> alertEvidence =
        spark.sql(
            "select account_id, alert_id, cast(n as bigint) as n_investigations from values"
                + " ('a', 'A1', 3), ('a', 'A2', 5) as t(account_id, alert_id, n)");
    Dataset<Row> dashboards =
        spark.sql(
            "select account_id, dashboard_id, title, deleted from values"
                + " ('a', 'd-1', 'one', false), ('a', 'd-2', 'two', false),"
                + " ('a', 'd-3', 'three', false), ('a', 'd-4', 'four', false),"
                + " ('a', 'd-5', 'five', true)"
                + " as t(account_id, dashboard_id, title, deleted)");
    Backtest.Scored scored =
        Backtest.score(
            DAY,
            items,
            investigations,
            itemEvidence,
            alertEvidence,
            modelLists,
            dashboards,
            SETTINGS);
    relevance = scored.relevance();
    lists = scored.lists();
    metrics = new HashMap<>();
    for (Row r : scored.metrics().collectAsList()) {
      String segment = r.getAs("history_segment");
      metrics.put(
          key(
                  r.getAs("model_or_baseline"),
                  r.getAs("item_type"),
                  r.getAs("alert_group") + (segment.equals("all") ? "" : " " + segment),
                  r.getAs("metric"),
                  r.getAs("k"))
              + " n="
              + r.<Long>getAs("n"),
          r.<Double>getAs("value"));
    }
  }

  static String key(String ranker, String type, String group, String metric, Integer k) {
    return ranker + " " + type + " " + group + " " + metric + (k == null ? "" : "@" + k);
  }

  /** The value of a metric, asserting the number of units it was computed over. */
  static double metric(String ranker, String type, String group, String metric, Integer k, long n) {
    Double value = metrics.get(key(ranker, type, group, metric, k) + " n=" + n);
    assertNotNull(
        value, key(ranker, type, group, metric, k) + " n=" + n + " in " + metrics.keySet());
    return value;
  }

  static double all(String ranker, String metric, Integer k) {
    return metric(ranker, "all", "all", metric, k, metric.endsWith("coverage") ? -1 : 4);
  }

  @Test
  void gradesRankByClosenessToTheResolveTiesForLastBothCountAndAnIdleInvestigationGivesNoLabel() {
    List<String> rows =
        relevance.orderBy("investigation_id", "item_type", "ideal_rank").collectAsList().stream()
            .map(
                r ->
                    r.getAs("investigation_id")
                        + " "
                        + r.getAs("item_id")
                        + " "
                        + r.<Double>getAs("gain")
                        + " "
                        + r.<Integer>getAs("ideal_rank"))
            .toList();
    assertEquals(
        List.of(
            "i1 d-3 3.0 1",
            "i1 d-2 2.0 2",
            "i1 q-1 3.0 1",
            "i2 d-1 3.0 1",
            "i2 d-3 3.0 2",
            "i3 d-2 3.0 1"),
        rows);
  }

  @Test
  void baselinesBreakTiesByIdSkipDeletedDashboardsAndGiveNoAlertListToAColdAlert() {
    List<String> rows =
        lists.orderBy("model_or_baseline", "alert_id", "item_type", "rank").collectAsList().stream()
            .map(
                r ->
                    r.getAs("model_or_baseline")
                        + " "
                        + r.getAs("alert_id")
                        + " "
                        + r.getAs("item_type")
                        + " "
                        + r.<Integer>getAs("rank")
                        + " "
                        + r.getAs("item_id"))
            .toList();
    assertEquals(
        List.of(
            "account_popular A1 dashboard 1 d-4",
            "account_popular A1 dashboard 2 d-1",
            "account_popular A1 dashboard 3 d-2",
            "account_popular A1 query 1 q-1",
            "account_popular C1 dashboard 1 d-4",
            "account_popular C1 dashboard 2 d-1",
            "account_popular C1 dashboard 3 d-2",
            "account_popular C1 query 1 q-1",
            "alert_popular A1 dashboard 1 d-1",
            "alert_popular A1 dashboard 2 d-2",
            "alert_popular A1 dashboard 3 d-3",
            "alert_popular A1 query 1 q-1",
            "model A1 dashboard 1 d-3",
            "model A1 dashboard 2 d-9",
            "model C1 dashboard 1 d-1"),
        rows);
  }

  @Test
  void modelMetricsMatchTheHandComputedValues() {
    double idcg3i1 = 7 + 3 / LOG2_3; // d-3 (grade 3: 7), d-2 (grade 2: 3)
    double idcg3i2 = 7 + 7 / LOG2_3; // d-1 and d-3, both grade 3
    assertEquals(0.5, all("model", "hit_rate", 1), EPS);
    assertEquals(0.5, all("model", "hit_rate", 3), EPS);
    assertEquals(0.5, all("model", "precision", 1), EPS);
    assertEquals((1 / 3.0 + 1 / 3.0) / 4, all("model", "precision", 3), EPS);
    assertEquals((0.2 + 0.2) / 4, all("model", "precision", 5), EPS);
    assertEquals((0.5 + 0.5) / 4, all("model", "recall", 3), EPS);
    assertEquals(0.5, all("model", "ndcg", 1), EPS);
    assertEquals((7 / idcg3i1 + 7 / idcg3i2) / 4, all("model", "ndcg", 3), EPS);
    assertEquals(0.5, all("model", "mrr", null), EPS);
    // warm: i1 dashboards, i1 queries (empty list), i2 dashboards; cold: i3 (a list, no hit)
    assertEquals(2 / 3.0, metric("model", "all", "warm", "hit_rate", 3, 3), EPS);
    assertEquals(0.0, metric("model", "all", "cold", "hit_rate", 3, 1), EPS);
    assertEquals(2 / 3.0, metric("model", "dashboard", "all", "hit_rate", 3, 3), EPS);
    assertEquals(0.0, metric("model", "query", "warm", "hit_rate", 5, 1), EPS);
    assertEquals(0.0, metric("model", "query", "warm", "ndcg", 5, 1), EPS);
    // history segments: A1 (3 investigations before the day) is 3-9, C1 is 0
    assertEquals(2 / 3.0, metric("model", "all", "warm 3-9", "hit_rate", 3, 3), EPS);
    assertEquals(0.0, metric("model", "all", "cold 0", "hit_rate", 3, 1), EPS);
    assertEquals(1.0, metric("model", "dashboard", "warm 3-9", "hit_rate", 1, 2), EPS);
  }

  @Test
  void baselineMetricsMatchTheHandComputedValues() {
    double idcg3i1 = 7 + 3 / LOG2_3;
    double idcg3i2 = 7 + 7 / LOG2_3;
    // account_popular: [d-4, d-1, d-2] for every alert, [q-1]
    assertEquals(0.25, all("account_popular", "hit_rate", 1), EPS);
    assertEquals(1.0, all("account_popular", "hit_rate", 3), EPS);
    assertEquals((1 / 3.0 + 1 + 1 / 2.0 + 1 / 3.0) / 4, all("account_popular", "mrr", null), EPS);
    assertEquals(
        ((3 / 2.0) / idcg3i1 + 1 + (7 / LOG2_3) / idcg3i2 + 0.5) / 4,
        all("account_popular", "ndcg", 3),
        EPS);
    // alert_popular: A1 [d-1, d-2, d-3], [q-1]; C1 has no list
    assertEquals(0.5, all("alert_popular", "hit_rate", 1), EPS);
    assertEquals(0.75, all("alert_popular", "hit_rate", 3), EPS);
    assertEquals((2 / 3.0 + 1 / 3.0 + 2 / 3.0 + 0) / 4, all("alert_popular", "precision", 3), EPS);
    assertEquals((1 + 1 + 1 + 0) / 4.0, all("alert_popular", "recall", 3), EPS);
    assertEquals(
        ((3 / LOG2_3 + 7 / 2.0) / idcg3i1 + 1 + (7 + 7 / 2.0) / idcg3i2) / 4,
        all("alert_popular", "ndcg", 3),
        EPS);
    assertEquals(0.625, all("alert_popular", "mrr", null), EPS);
  }

  @Test
  void coverageCountsAlertsWithAListAndItemsEverListed() {
    // investigated (alert, type): A1 dashboard, A1 query, C1 dashboard
    assertEquals(2 / 3.0, metric("model", "all", "all", "alert_coverage", null, 3), EPS);
    assertEquals(1.0, metric("account_popular", "all", "all", "alert_coverage", null, 3), EPS);
    assertEquals(2 / 3.0, metric("alert_popular", "all", "all", "alert_coverage", null, 3), EPS);
    // items used: d-1, d-2, d-3, q-1; the model lists d-1 and d-3 (and d-9, never used)
    assertEquals(0.5, metric("model", "all", "all", "item_coverage", null, 4), EPS);
    assertEquals(0.0, metric("model", "dashboard", "cold", "item_coverage", null, 1), EPS);
    assertEquals(0.75, metric("account_popular", "all", "all", "item_coverage", null, 4), EPS);
  }

  /** MLlib's RankingMetrics on the same lists and graded labels gives the same figures. */
  @Test
  void precisionRecallAndNdcgAgreeWithMllibRankingMetrics() {
    Map<String, List<Row>> relevantByUnit =
        relevance.collectAsList().stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.getAs("investigation_id") + "|" + r.getAs("item_type")));
    List<Row> listRows = lists.collectAsList();
    for (String ranker : EvaluationRow.RANKERS) {
      List<Tuple3<List<String>, List<String>, List<Double>>> units = new ArrayList<>();
      relevantByUnit.forEach(
          (unit, rel) -> {
            Row first = rel.get(0);
            List<String> predicted =
                listRows.stream()
                    .filter(
                        l ->
                            l.getAs("model_or_baseline").equals(ranker)
                                && l.getAs("alert_id").equals(first.getAs("alert_id"))
                                && l.getAs("item_type").equals(first.getAs("item_type")))
                    .sorted(Comparator.comparing(l -> l.<Integer>getAs("rank")))
                    .map(l -> l.<String>getAs("item_id"))
                    .toList();
            List<Row> byGain =
                rel.stream()
                    .sorted(Comparator.comparing(r -> r.<Integer>getAs("ideal_rank")))
                    .toList();
            units.add(
                new Tuple3<>(
                    predicted,
                    byGain.stream().map(r -> r.<String>getAs("item_id")).toList(),
                    byGain.stream().map(r -> r.<Double>getAs("gain")).toList()));
          });
      JavaRDD<Tuple3<List<String>, List<String>, List<Double>>> rdd =
          JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(units, 1);
      RankingMetrics<String> mllib = RankingMetrics.of(rdd);
      for (int k : List.of(1, 3, 5)) {
        assertEquals(mllib.precisionAt(k), all(ranker, "precision", k), EPS, ranker + " p@" + k);
        assertEquals(mllib.recallAt(k), all(ranker, "recall", k), EPS, ranker + " r@" + k);
        assertEquals(mllib.ndcgAt(k), all(ranker, "ndcg", k), EPS, ranker + " ndcg@" + k);
      }
    }
  }
}
