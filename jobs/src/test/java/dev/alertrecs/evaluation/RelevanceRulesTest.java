package dev.alertrecs.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of the graded relevance, one account per rule, through the production scoring ({@link
 * Backtest#score}), with the exact rows each gives.
 *
 * <ul>
 *   <li>Account r, ONLY_RESOLVED_INVESTIGATIONS_LABEL and GRADES_BY_CLOSENESS_TO_THE_RESOLVE: alert
 *       R1; on the day r-res is resolved after dashboards d-a and d-b (both at the resolve), d-c
 *       (30 s before), d-d (600 s) and d-e (601 s), and query q-a (200 s); r-idle, r-cap, r-next
 *       and r-end used d-a but went idle, hit the 4-hour cap, left for another alert, or were cut
 *       by the end of the data; r-old was resolved but started the day before.
 *   <li>Account n, NAVIGATION_IS_NO_HELP: evidence of alerts N1 (40 investigations, over two days),
 *       N2 (10), N3 (4), N4 (1). home was used in 36, 7, 2 and 1 of them: on average 0.775 of an
 *       alert's investigations, by 4 alerts, so navigation. runbook was used in 38, 1 and 1: 73% of
 *       the account's investigations, but N1's own (0.325 on average): not navigation. shared was
 *       used in every investigation of N3 and N4 (0.5 on average) but by two alerts only: not
 *       navigation. On the day n-v (N2) used n2-dash, runbook and then home last before resolving;
 *       n-w (N1) used home only.
 *   <li>Account m, NAVIGATION_IS_PER_ACCOUNT: its home is M1's alone (M1, M2, M3 have 5
 *       investigations each); m-v (M1) ended on it.
 *   <li>Account b, BACKGROUND_IS_NO_HELP: alerts B1 to B4 have 20 investigations each. habit was
 *       used in 3, 2, 3 and 2 of them: rarely (0.125 on average), but by every alert at rates
 *       chance explains (G2 0.46 against 3 + 3 sqrt 6 = 10.35), so background. svc was used in 15,
 *       14, 1 and 1: by every alert too, but its use depends on the alert. b-v (B1) used svc and
 *       then habit last before resolving.
 * </ul>
 */
class RelevanceRulesTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);
  static final JobSettings SETTINGS = JobSettings.fromMap(Map.of("top_k", "3"), Map.of());
  static final double EPS = 1e-9;
  static final double LOG2_3 = Math.log(3) / Math.log(2);
  static Backtest.Scored scored;

  @BeforeAll
  static void score() {
    Dataset<Row> items =
        spark.sql(
            "select account_id, alert_id, investigation_id, item_type, item_id,"
                + " cast(s as double) as s_before_stop, exp(-s / 600.0) as proximity,"
                + " false as via_recommendation, cast(started_on as date) as started_on"
                + " from values"
                + " ('r', 'R1', 'r-res', 'dashboard', 'd-a', 0, '2026-11-25'),"
                + " ('r', 'R1', 'r-res', 'dashboard', 'd-b', 0, '2026-11-25'),"
                + " ('r', 'R1', 'r-res', 'dashboard', 'd-c', 30, '2026-11-25'),"
                + " ('r', 'R1', 'r-res', 'dashboard', 'd-d', 600, '2026-11-25'),"
                + " ('r', 'R1', 'r-res', 'dashboard', 'd-e', 601, '2026-11-25'),"
                + " ('r', 'R1', 'r-res', 'query', 'q-a', 200, '2026-11-25'),"
                + " ('r', 'R1', 'r-idle', 'dashboard', 'd-a', 0, '2026-11-25'),"
                + " ('r', 'R1', 'r-cap', 'dashboard', 'd-a', 0, '2026-11-25'),"
                + " ('r', 'R1', 'r-next', 'dashboard', 'd-a', 0, '2026-11-25'),"
                + " ('r', 'R1', 'r-end', 'dashboard', 'd-a', 0, '2026-11-25'),"
                + " ('r', 'R1', 'r-old', 'dashboard', 'd-a', 0, '2026-11-24'),"
                + " ('n', 'N2', 'n-v', 'dashboard', 'home', 0, '2026-11-25'),"
                + " ('n', 'N2', 'n-v', 'dashboard', 'runbook', 120, '2026-11-25'),"
                + " ('n', 'N2', 'n-v', 'dashboard', 'n2-dash', 60, '2026-11-25'),"
                + " ('n', 'N1', 'n-w', 'dashboard', 'home', 10, '2026-11-25'),"
                + " ('m', 'M1', 'm-v', 'dashboard', 'home', 0, '2026-11-25'),"
                + " ('b', 'B1', 'b-v', 'dashboard', 'svc', 60, '2026-11-25'),"
                + " ('b', 'B1', 'b-v', 'dashboard', 'habit', 0, '2026-11-25')"
                + " as t(account_id, alert_id, investigation_id, item_type, item_id, s, started_on)");
    Dataset<Row> investigations =
        spark.sql(
            "select investigation_id, stop_reason, cast(started_on as date) as started_on"
                + " from values ('r-res', 'resolved', '2026-11-25'),"
                + " ('r-idle', 'idle', '2026-11-25'), ('r-cap', 'max_duration', '2026-11-25'),"
                + " ('r-next', 'next_alert', '2026-11-25'), ('r-end', 'end_of_data', '2026-11-25'),"
                + " ('r-old', 'resolved', '2026-11-24'), ('n-v', 'resolved', '2026-11-25'),"
                + " ('n-w', 'resolved', '2026-11-25'), ('m-v', 'resolved', '2026-11-25'),"
                + " ('b-v', 'resolved', '2026-11-25')"
                + " as t(investigation_id, stop_reason, started_on)");
    Dataset<Row> alertEvidence =
        spark.sql(
            "select account_id, alert_id, cast(n as bigint) as n_investigations from values"
                + " ('r', 'R1', 5), ('n', 'N1', 25), ('n', 'N1', 15), ('n', 'N2', 10),"
                + " ('n', 'N3', 4), ('n', 'N4', 1), ('m', 'M1', 5), ('m', 'M2', 5), ('m', 'M3', 5),"
                + " ('b', 'B1', 20), ('b', 'B2', 20), ('b', 'B3', 20), ('b', 'B4', 20)"
                + " as t(account_id, alert_id, n)");
    Dataset<Row> itemEvidence =
        spark.sql(
            "select account_id, alert_id, item_type, item_id, cast(n as bigint) as n_investigations"
                + " from values ('r', 'R1', 'dashboard', 'd-a', 3),"
                + " ('n', 'N1', 'dashboard', 'home', 20), ('n', 'N1', 'dashboard', 'home', 16),"
                + " ('n', 'N2', 'dashboard', 'home', 7), ('n', 'N3', 'dashboard', 'home', 2),"
                + " ('n', 'N4', 'dashboard', 'home', 1), ('n', 'N1', 'dashboard', 'runbook', 38),"
                + " ('n', 'N2', 'dashboard', 'runbook', 1), ('n', 'N3', 'dashboard', 'runbook', 1),"
                + " ('n', 'N3', 'dashboard', 'shared', 4), ('n', 'N4', 'dashboard', 'shared', 1),"
                + " ('n', 'N2', 'dashboard', 'n2-dash', 6), ('m', 'M1', 'dashboard', 'home', 5),"
                + " ('b', 'B1', 'dashboard', 'habit', 3), ('b', 'B2', 'dashboard', 'habit', 2),"
                + " ('b', 'B3', 'dashboard', 'habit', 3), ('b', 'B4', 'dashboard', 'habit', 2),"
                + " ('b', 'B1', 'dashboard', 'svc', 15), ('b', 'B2', 'dashboard', 'svc', 14),"
                + " ('b', 'B3', 'dashboard', 'svc', 1), ('b', 'B4', 'dashboard', 'svc', 1)"
                + " as t(account_id, alert_id, item_type, item_id, n)");
    Dataset<Row> modelLists =
        spark.sql(
            "select account_id, alert_id, item_type, cast(rank as int) as rank, item_id from values"
                + " ('n', 'N2', 'dashboard', 1, 'home'), ('n', 'N2', 'dashboard', 2, 'runbook'),"
                + " ('n', 'N2', 'dashboard', 3, 'n2-dash')"
                + " as t(account_id, alert_id, item_type, rank, item_id)");
    Dataset<Row> dashboards =
        spark.sql(
            "select account_id, dashboard_id, title, deleted from values"
                + " ('r', 'd-a', 'a', false), ('n', 'home', 'Start', false),"
                + " ('n', 'runbook', 'N1 runbook', false), ('n', 'shared', 'Shared', false),"
                + " ('n', 'n2-dash', 'N2', false), ('m', 'home', 'Home', false),"
                + " ('b', 'habit', 'Habit', false), ('b', 'svc', 'Service', false)"
                + " as t(account_id, dashboard_id, title, deleted)");
    scored =
        Backtest.score(
            DAY,
            items,
            investigations,
            itemEvidence,
            alertEvidence,
            modelLists,
            dashboards,
            SETTINGS);
  }

  static List<String> relevance(String account) {
    return scored
        .relevance()
        .where("account_id = '" + account + "'")
        .orderBy("investigation_id", "item_type", "ideal_rank")
        .collectAsList()
        .stream()
        .map(
            r ->
                r.getAs("investigation_id")
                    + " "
                    + r.getAs("item_type")
                    + " "
                    + r.getAs("item_id")
                    + " "
                    + r.<Double>getAs("gain")
                    + " "
                    + r.<Integer>getAs("ideal_rank"))
        .toList();
  }

  @Test
  void onlyTheResolvedInvestigationOfTheDayGivesLabelsGradedByClosenessToTheResolve() {
    assertEquals(
        List.of(
            "r-res dashboard d-a 3.0 1",
            "r-res dashboard d-b 3.0 2",
            "r-res dashboard d-c 2.0 3",
            "r-res dashboard d-d 1.0 4",
            "r-res dashboard d-e 1.0 5",
            "r-res query q-a 3.0 1"),
        relevance("r"));
  }

  @Test
  void navigationIsFoundFromUseAcrossAlertsNotFromOneBusyAlertOrTwoAlerts() {
    List<String> rows =
        scored.navigation().orderBy("account_id", "item_id").collectAsList().stream()
            .map(
                r ->
                    r.getAs("account_id")
                        + " "
                        + r.getAs("item_type")
                        + " "
                        + r.getAs("item_id")
                        + " "
                        + r.<Long>getAs("n_alerts_used")
                        + "/"
                        + r.<Long>getAs("n_alerts")
                        + " "
                        + r.getAs("kind"))
            .toList();
    assertEquals(
        List.of("b dashboard habit 4/4 background", "n dashboard home 4/4 navigation"), rows);
    assertEquals(
        (36 / 40.0 + 7 / 10.0 + 2 / 4.0 + 1 / 1.0) / 4,
        scored.navigation().where("account_id = 'n'").first().<Double>getAs("mean_alert_share"),
        EPS);
    // habit: expected 2.5 of 20 in each alert; G2 = 2 x 2 x (3 ln(3 / 2.5) + 17 ln(17 / 17.5)
    // + 2 ln(2 / 2.5) + 18 ln(18 / 17.5))
    double g2 =
        4
            * (3 * Math.log(3 / 2.5)
                + 17 * Math.log(17 / 17.5)
                + 2 * Math.log(2 / 2.5)
                + 18 * Math.log(18 / 17.5));
    assertEquals(
        g2,
        scored.navigation().where("account_id = 'b'").first().<Double>getAs("independence_g2"),
        EPS);
  }

  @Test
  void navigationIsNoHelpAndTheItemBeforeItBecomesTheLast() {
    // n-v: home dropped, n2-dash (60 s) is the last helpful item; n-w used only home: no unit
    assertEquals(
        List.of("n-v dashboard n2-dash 3.0 1", "n-v dashboard runbook 2.0 2"), relevance("n"));
    // another account's home is its own alert's item, and helps
    assertEquals(List.of("m-v dashboard home 3.0 1"), relevance("m"));
  }

  @Test
  void backgroundIsNoHelpButAnItemWhoseUseDependsOnTheAlertIs() {
    // b-v: habit, used last, is dropped; svc becomes the last helpful item
    assertEquals(List.of("b-v dashboard svc 3.0 1"), relevance("b"));
  }

  @Test
  void baselinesLeaveNavigationOut() {
    List<String> rows =
        scored
            .lists()
            .where("account_id = 'n' and model_or_baseline <> 'model'")
            .orderBy("model_or_baseline", "rank")
            .collectAsList()
            .stream()
            .map(r -> r.getAs("model_or_baseline") + " " + r.getAs("item_id"))
            .toList();
    assertEquals(
        List.of(
            "account_popular runbook",
            "account_popular n2-dash",
            "account_popular shared",
            "alert_popular n2-dash",
            "alert_popular runbook"),
        rows);
  }

  @Test
  void ndcgOfAListLedByNavigationIsComputedOnTheHelpfulItemsOnly() {
    // n-v's ideal: n2-dash (grade 3, gain 7), runbook (grade 2, gain 3)
    double ideal = 7 + 3 / LOG2_3;
    // the model lists home, runbook, n2-dash: home is no hit
    assertEquals((3 / LOG2_3 + 7 / 2.0) / ideal, unit("model", "n-v", "ndcg_3"), EPS);
    assertEquals(0.0, unit("model", "n-v", "hit_1"), EPS);
    assertEquals(0.5, unit("model", "n-v", "reciprocal_rank"), EPS);
    // alert popularity lists n2-dash, runbook: the ideal order
    assertEquals(1.0, unit("alert_popular", "n-v", "ndcg_3"), EPS);
    // account popularity lists runbook, n2-dash, shared
    assertEquals((3 + 7 / LOG2_3) / ideal, unit("account_popular", "n-v", "ndcg_3"), EPS);
  }

  @Test
  void unitsAreCountedPerHistorySegment() {
    // r-res (R1, 5 before the day: 3-9) has a dashboard and a query unit, m-v (M1, 5: 3-9) a
    // dashboard unit, n-v (N2, 10: 10-29) and b-v (B1, 20: 10-29) a dashboard unit each
    assertEquals(3, n("all", "3-9"));
    assertEquals(2, n("dashboard", "3-9"));
    assertEquals(1, n("query", "3-9"));
    assertEquals(2, n("all", "10-29"));
    assertEquals(5, n("all", "all"));
  }

  static double unit(String ranker, String investigation, String column) {
    return scored
        .units()
        .where(
            "model_or_baseline = '"
                + ranker
                + "' and investigation_id = '"
                + investigation
                + "' and item_type = 'dashboard'")
        .first()
        .<Double>getAs(column);
  }

  static long n(String itemType, String segment) {
    List<Row> rows =
        scored
            .metrics()
            .where(
                "model_or_baseline = 'model' and metric = 'hit_rate' and k = 1 and item_type = '"
                    + itemType
                    + "' and history_segment = '"
                    + segment
                    + "'"
                    + (segment.equals("all") ? " and alert_group = 'all'" : ""))
            .collectAsList();
    assertEquals(1, rows.size(), itemType + " " + segment);
    return rows.get(0).<Long>getAs("n");
  }
}
