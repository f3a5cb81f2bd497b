package dev.alertrecs.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.checks.CheckResult;
import dev.alertrecs.config.JobSettings;
import dev.alertrecs.config.SettingsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * When a run may publish: error checks, then the model's NDCG@3 against both popularity baselines,
 * judged by the bootstrap interval of the difference (the summaries are built by the production
 * bootstrap from per-investigation scores), forcing, and too little data.
 */
class QualityGateTest {
  static final List<CheckResult> CHECKS_OK =
      List.of(
          CheckResult.error("row_accounting", true, "ok"), CheckResult.warning("w", false, "x"));

  /**
   * A backtest of {@code n} investigations of one unit each, whose NDCG@3 under each ranker is
   * given per investigation; the summary carries the pooled NDCG@3 of each ranker and the
   * bootstrap's differences, as {@link Backtest} writes them.
   */
  static EvaluationSummary backtest(
      int n,
      IntToDoubleFunction model,
      IntToDoubleFunction alertPopular,
      IntToDoubleFunction accountPopular,
      int days) {
    List<NdcgBootstrap.InvestigationScores> scores = new ArrayList<>();
    double[] sums = new double[3];
    for (int i = 0; i < n; i++) {
      double m = model.applyAsDouble(i);
      double al = alertPopular.applyAsDouble(i);
      double ac = accountPopular.applyAsDouble(i);
      sums[0] += m;
      sums[1] += ac;
      sums[2] += al;
      scores.add(
          new NdcgBootstrap.InvestigationScores(String.format("inv-%05d", i), "3-9", 1, m, ac, al));
    }
    List<EvaluationRow> rows = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      rows.add(
          new EvaluationRow(
              EvaluationRow.RANKERS.get(r),
              "v",
              "all",
              "all",
              null,
              null,
              "ndcg",
              3,
              n == 0 ? 0 : sums[r] / n,
              n,
              null,
              null));
    }
    for (NdcgBootstrap.Figure f : NdcgBootstrap.compute(scores, 200, 42)) {
      rows.add(
          new EvaluationRow(
              EvaluationRow.MODEL,
              "v",
              "all",
              f.alertGroup(),
              null,
              null,
              f.metric(),
              3,
              f.value(),
              f.nUnits(),
              f.ciLow(),
              f.ciHigh(),
              f.historySegment()));
    }
    return new EvaluationSummary(rows, days, n);
  }

  static IntToDoubleFunction constant(double value) {
    return i -> value;
  }

  /**
   * Model hits (NDCG 1) in the first 48 of every 100 investigations, alert popularity in every
   * second one: the model is 0.02 worse on average, with a per-investigation spread of about 0.7.
   */
  static final IntToDoubleFunction MODEL_48 = i -> i % 100 < 48 ? 1 : 0;

  static final IntToDoubleFunction EVERY_SECOND = i -> i % 2 == 0 ? 1 : 0;

  /** The defaults, with the evidence minimums lowered to the fixtures' small backtests. */
  static final JobSettings SMALL = settings();

  static JobSettings settings(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    m.put("gate_min_evidence_days", "1");
    m.put("gate_min_units", "1");
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return JobSettings.fromMap(m, Map.of());
  }

  @Test
  void aModelAsGoodAsTheBaselinesPasses() {
    var d =
        QualityGate.decide(
            CHECKS_OK, backtest(100, constant(0.8), constant(0.8), constant(0.5), 3), SMALL);
    assertTrue(d.publish());
    assertEquals(QualityGate.PASSED, d.status());
  }

  @Test
  void aModelClearlyWorseThanAlertPopularityIsBlockedWithBothComparisonsInTheNote() {
    var d =
        QualityGate.decide(
            CHECKS_OK, backtest(100, constant(0.5), constant(0.8), constant(0.4), 3), SMALL);
    assertFalse(d.publish());
    assertEquals(QualityGate.FAILED, d.status());
    assertEquals(
        "worse than alert_popular: model NDCG@3 0.5000 vs alert_popular 0.8000 (model minus it"
            + " -0.3000, 95% CI [-0.3000, -0.3000]), account_popular 0.4000 (model minus it"
            + " +0.1000, 95% CI [+0.1000, +0.1000]) over 100 investigation-item types; blocked"
            + " when a CI's upper end is below -0.0100 (gate_max_ndcg_drop 0.0100)",
        d.note());
  }

  /** The backtest above plus pooled next-step hit@3 rows of the model and both baselines. */
  static EvaluationSummary withNextSteps(
      EvaluationSummary lists, long steps, double model, double alertList, double accountNext) {
    List<EvaluationRow> rows = new ArrayList<>(lists.rows());
    double[] values = {model, alertList, accountNext};
    List<String> rankers =
        List.of(EvaluationRow.MODEL, EvaluationRow.ALERT_LIST, EvaluationRow.ACCOUNT_NEXT);
    for (int r = 0; r < 3; r++) {
      rows.add(
          new EvaluationRow(
              rankers.get(r),
              "v",
              "all",
              "all",
              null,
              null,
              EvaluationRow.NEXT_STEP_HIT_RATE,
              3,
              values[r],
              steps,
              null,
              null));
    }
    return new EvaluationSummary(rows, lists.evidenceDays(), lists.nUnits());
  }

  @Test
  void nextStepsBelowABaselineByMoreThanTheAllowedDropBlockTheRun() {
    EvaluationSummary lists = backtest(100, constant(0.8), constant(0.8), constant(0.5), 3);
    // 0.16 below the alert's list: more than the default 0.1
    var d = QualityGate.decide(CHECKS_OK, withNextSteps(lists, 200, 0.60, 0.76, 0.50), SMALL);
    assertFalse(d.publish());
    assertEquals(QualityGate.FAILED, d.status());
    assertTrue(d.note().startsWith("worse than alert_list on next steps: "), d.note());
    assertTrue(
        d.note()
            .endsWith(
                "; next steps hit@3 0.6000 vs alert_list 0.7600, account_next 0.5000 over 200"
                    + " steps; blocked when below a baseline by more than 0.1000"
                    + " (gate_max_next_step_drop)"),
        d.note());
    // 0.09 below passes, and so does any gap with fewer scored steps than gate_min_units
    assertTrue(
        QualityGate.decide(CHECKS_OK, withNextSteps(lists, 200, 0.67, 0.76, 0.50), SMALL)
            .publish());
    assertTrue(
        QualityGate.decide(
                CHECKS_OK,
                withNextSteps(lists, 50, 0.10, 0.76, 0.50),
                settings("gate_min_units", "100"))
            .publish());
  }

  @Test
  void theStrongerBaselineDecidesWhicheverItIs() {
    // account popularity beats the model this time; alert popularity does not
    var d =
        QualityGate.decide(
            CHECKS_OK, backtest(100, constant(0.5), constant(0.3), constant(0.7), 3), SMALL);
    assertEquals(QualityGate.FAILED, d.status());
    assertTrue(d.note().startsWith("worse than account_popular: "), d.note());
  }

  @Test
  void aSlightlyWorseModelWithinTheNoisePassesAndTheSameLossOnManyInvestigationsBlocks() {
    var few =
        QualityGate.decide(CHECKS_OK, backtest(100, MODEL_48, EVERY_SECOND, constant(0), 3), SMALL);
    assertEquals(QualityGate.PASSED, few.status(), few.note());
    assertTrue(few.note().contains("alert_popular 0.5000 (model minus it -0.0200, 95% CI [-"));
    // with no margin: the interval alone decides
    JobSettings noMargin = settings("gate_max_ndcg_drop", "0");
    var many =
        QualityGate.decide(
            CHECKS_OK, backtest(10_000, MODEL_48, EVERY_SECOND, constant(0), 3), noMargin);
    assertEquals(QualityGate.FAILED, many.status(), many.note());
    assertTrue(many.note().startsWith("worse than alert_popular: "), many.note());
  }

  /**
   * By default the model may trail the strongest baseline by up to 0.01 NDCG@3 even when the
   * difference is certain: on a busy day a certain difference can be one no user would notice.
   */
  @Test
  void theDefaultMarginLetsACertainButImmaterialLossPass() {
    var immaterial =
        QualityGate.decide(
            CHECKS_OK, backtest(10_000, constant(0.795), constant(0.8), constant(0.4), 3), SMALL);
    assertEquals(QualityGate.PASSED, immaterial.status(), immaterial.note());
    var material =
        QualityGate.decide(
            CHECKS_OK, backtest(10_000, constant(0.785), constant(0.8), constant(0.4), 3), SMALL);
    assertEquals(QualityGate.FAILED, material.status(), material.note());
  }

  @Test
  void theMarginLetsALossOfUpToItPass() {
    EvaluationSummary loss = backtest(100, constant(0.5), constant(0.8), constant(0.4), 3);
    assertEquals(
        QualityGate.PASSED,
        QualityGate.decide(CHECKS_OK, loss, settings("gate_max_ndcg_drop", "0.3")).status());
    assertEquals(
        QualityGate.FAILED,
        QualityGate.decide(CHECKS_OK, loss, settings("gate_max_ndcg_drop", "0.29")).status());
  }

  @Test
  void forcingPublishesAWorseModelButNeverListsThatFailedAnErrorCheck() {
    JobSettings force = settings("gate_force_publish", "true");
    EvaluationSummary worse = backtest(100, constant(0.1), constant(0.8), constant(0.4), 3);
    var forced = QualityGate.decide(CHECKS_OK, worse, force);
    assertTrue(forced.publish());
    assertEquals(QualityGate.FORCED, forced.status());
    assertTrue(forced.note().startsWith("published by gate_force_publish: worse than"));
    var broken =
        QualityGate.decide(
            List.of(CheckResult.error("recommended_dashboards_live_in_own_account", false, "1")),
            backtest(100, constant(0.9), constant(0.8), constant(0.4), 3),
            force);
    assertFalse(broken.publish());
    assertEquals(QualityGate.FAILED_CHECKS, broken.status());
    assertTrue(broken.note().contains("recommended_dashboards_live_in_own_account"));
  }

  @Test
  void withoutDataToEvaluateTheGatePassesAndSaysSo() {
    var noInvestigations =
        QualityGate.decide(
            CHECKS_OK, backtest(0, constant(0), constant(0.8), constant(0.4), 3), SMALL);
    assertTrue(noInvestigations.publish());
    assertEquals(QualityGate.PASSED_NO_DATA, noInvestigations.status());
    assertEquals(
        "not enough data to evaluate: no resolved investigation used a helpful item",
        noInvestigations.note());
    var emptyWindow =
        QualityGate.decide(
            CHECKS_OK, backtest(10, constant(0), constant(0.8), constant(0.4), 0), SMALL);
    assertTrue(emptyWindow.publish());
    assertEquals(QualityGate.PASSED_NO_DATA, emptyWindow.status());
    assertTrue(emptyWindow.note().contains("no evidence before the run date"));
    var noComparison =
        QualityGate.decide(CHECKS_OK, new EvaluationSummary(List.of(), 3, 10), SMALL);
    assertEquals(QualityGate.PASSED_NO_DATA, noComparison.status());
    assertEquals(
        "not enough data to judge: no NDCG@3 comparison in the backtest", noComparison.note());
  }

  @Test
  void withTooLittleEvidenceTheGateDoesNotJudge() {
    IntToDoubleFunction zero = constant(0);
    IntToDoubleFunction high = constant(0.8);
    var fewDays =
        QualityGate.decide(CHECKS_OK, backtest(500, zero, high, high, 3), JobSettings.defaults());
    assertTrue(fewDays.publish());
    assertEquals(QualityGate.PASSED_NO_DATA, fewDays.status());
    assertEquals(
        "not enough data to judge: 3 evidence days (gate_min_evidence_days 7), 500"
            + " investigation-item types (gate_min_units 50)",
        fewDays.note());
    var fewUnits =
        QualityGate.decide(CHECKS_OK, backtest(49, zero, high, high, 27), JobSettings.defaults());
    assertEquals(QualityGate.PASSED_NO_DATA, fewUnits.status());
    var enough =
        QualityGate.decide(CHECKS_OK, backtest(50, zero, high, high, 7), JobSettings.defaults());
    assertFalse(enough.publish());
    assertEquals(QualityGate.FAILED, enough.status());
  }

  @Test
  void badGateSettingsAreRefusedWithTheValue() {
    assertRefused(
        "gate_max_ndcg_drop must be between 0 and 1, got: -0.1",
        () -> settings("gate_max_ndcg_drop", "-0.1"));
    assertRefused(
        "gate_force_publish must be true or false, got: yes",
        () -> settings("gate_force_publish", "yes"));
    assertRefused(
        "eval_bootstrap_resamples must be >= 10, got: 3",
        () -> settings("eval_bootstrap_resamples", "3"));
    assertRefused(
        "eval_navigation_min_share must be between 0 and 1, got: 1.5",
        () -> settings("eval_navigation_min_share", "1.5"));
    assertRefused(
        "eval_navigation_min_alerts must be >= 1, got: 0",
        () -> settings("eval_navigation_min_alerts", "0"));
  }

  static void assertRefused(String message, Executable e) {
    assertEquals(
        message,
        org.junit.jupiter.api.Assertions.assertThrows(SettingsException.class, e).getMessage());
  }
}
