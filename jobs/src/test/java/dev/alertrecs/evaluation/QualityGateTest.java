package dev.alertrecs.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.checks.CheckResult;
import dev.alertrecs.config.JobSettings;
import dev.alertrecs.config.SettingsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** When a run may publish: error checks, the model against account popularity, forcing. */
class QualityGateTest {
  static final List<CheckResult> CHECKS_OK =
      List.of(
          CheckResult.error("row_accounting", true, "ok"), CheckResult.warning("w", false, "x"));

  static EvaluationSummary backtest(double model, double accountPopular, long units, int days) {
    List<EvaluationRow> rows = new ArrayList<>();
    rows.add(row(EvaluationRow.MODEL, model, units));
    rows.add(row(EvaluationRow.ACCOUNT_POPULAR, accountPopular, units));
    return new EvaluationSummary(rows, days, units);
  }

  static EvaluationRow row(String ranker, double value, long n) {
    return new EvaluationRow(
        ranker, "v", "all", "all", null, null, "hit_rate", 3, value, n, null, null);
  }

  /** The defaults, with the evidence minimums lowered to the fixtures' small backtests. */
  static final JobSettings SMALL = settings();

  static JobSettings settings(String... keyValues) {
    java.util.Map<String, String> m = new java.util.HashMap<>();
    m.put("gate_min_evidence_days", "1");
    m.put("gate_min_units", "1");
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return JobSettings.fromMap(m, Map.of());
  }

  @Test
  void aModelAsGoodAsTheBaselinePasses() {
    var d = QualityGate.decide(CHECKS_OK, backtest(0.8, 0.8, 10, 3), SMALL);
    assertTrue(d.publish());
    assertEquals(QualityGate.PASSED, d.status());
  }

  @Test
  void aWorseModelFailsByDefaultAndPassesWithinTheAllowedDrop() {
    var failed = QualityGate.decide(CHECKS_OK, backtest(0.7, 0.8, 10, 3), SMALL);
    assertFalse(failed.publish());
    assertEquals(QualityGate.FAILED, failed.status());
    assertTrue(
        failed.note().startsWith("model hit_rate@3 0.7000 vs account_popular 0.8000 (drop 0.1000"),
        failed.note());
    var within =
        QualityGate.decide(
            CHECKS_OK, backtest(0.7, 0.8, 10, 3), settings("gate_max_hit_rate_drop", "0.1"));
    assertTrue(within.publish(), within.note());
  }

  @Test
  void forcingPublishesAWorseModelButNeverListsThatFailedAnErrorCheck() {
    JobSettings force = settings("gate_force_publish", "true");
    var forced = QualityGate.decide(CHECKS_OK, backtest(0.1, 0.8, 10, 3), force);
    assertTrue(forced.publish());
    assertEquals(QualityGate.FORCED, forced.status());
    var broken =
        QualityGate.decide(
            List.of(CheckResult.error("recommended_dashboards_live_in_own_account", false, "1")),
            backtest(0.9, 0.8, 10, 3),
            force);
    assertFalse(broken.publish());
    assertEquals(QualityGate.FAILED_CHECKS, broken.status());
    assertTrue(broken.note().contains("recommended_dashboards_live_in_own_account"));
  }

  @Test
  void withoutDataToEvaluateTheGatePassesAndSaysSo() {
    var noInvestigations = QualityGate.decide(CHECKS_OK, backtest(0, 0.8, 0, 3), SMALL);
    assertTrue(noInvestigations.publish());
    assertEquals(QualityGate.PASSED_NO_DATA, noInvestigations.status());
    assertTrue(noInvestigations.note().startsWith("not enough data to evaluate"));
    var emptyWindow = QualityGate.decide(CHECKS_OK, backtest(0, 0, 10, 0), SMALL);
    assertTrue(emptyWindow.publish());
    assertEquals(QualityGate.PASSED_NO_DATA, emptyWindow.status());
    assertTrue(emptyWindow.note().contains("no evidence before the run date"));
  }

  @Test
  void withTooLittleEvidenceTheGateDoesNotJudge() {
    var fewDays = QualityGate.decide(CHECKS_OK, backtest(0.1, 0.8, 500, 3), JobSettings.defaults());
    assertTrue(fewDays.publish());
    assertEquals(QualityGate.PASSED_NO_DATA, fewDays.status());
    assertEquals(
        "not enough data to judge: 3 evidence days (gate_min_evidence_days 7), 500"
            + " investigation-item types (gate_min_units 50)",
        fewDays.note());
    var fewUnits =
        QualityGate.decide(CHECKS_OK, backtest(0.1, 0.8, 49, 27), JobSettings.defaults());
    assertEquals(QualityGate.PASSED_NO_DATA, fewUnits.status());
    var enough = QualityGate.decide(CHECKS_OK, backtest(0.1, 0.8, 50, 7), JobSettings.defaults());
    assertFalse(enough.publish());
    assertEquals(QualityGate.FAILED, enough.status());
  }

  @Test
  void badGateSettingsAreRefusedWithTheValue() {
    assertRefused(
        "gate_max_hit_rate_drop must be between 0 and 1, got: -0.1",
        () -> settings("gate_max_hit_rate_drop", "-0.1"));
    assertRefused(
        "gate_force_publish must be true or false, got: yes",
        () -> settings("gate_force_publish", "yes"));
    assertRefused(
        "eval_bootstrap_resamples must be >= 10, got: 3",
        () -> settings("eval_bootstrap_resamples", "3"));
  }

  static void assertRefused(String message, Executable e) {
    assertEquals(
        message,
        org.junit.jupiter.api.Assertions.assertThrows(SettingsException.class, e).getMessage());
  }
}
