package dev.alertrecs.evaluation;

import dev.alertrecs.checks.CheckResult;
import dev.alertrecs.config.JobSettings;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Decides whether a daily run may publish its lists: no error check failed, and in the run's own
 * backtest the model's hit rate@3 is not below the account-popular baseline's by more than {@code
 * gate_max_hit_rate_drop}. {@code gate_force_publish} overrides the backtest part only: lists that
 * failed an error check (another account's dashboard, a malformed list) are never published.
 * Without data to evaluate (no investigations on the date, or no evidence before it), or with less
 * than {@code gate_min_evidence_days} days of evidence or {@code gate_min_units} evaluated
 * investigation-item types, the gate passes and says so: a model judged on a day or two of history
 * would be blocked by noise, and the popularity baselines get items such as Home for free.
 */
public final class QualityGate {
  public static final String PASSED = "passed";
  public static final String PASSED_NO_DATA = "passed_no_data";
  public static final String FORCED = "forced";
  public static final String FAILED = "failed";
  public static final String FAILED_CHECKS = "failed_checks";
  public static final int GATE_K = 3;
  private static final double EPSILON = 1e-9;

  /** The outcome: whether to publish, a status for the run record and a readable note. */
  public record Decision(boolean publish, String status, String note) {}

  private QualityGate() {}

  public static Decision decide(
      List<CheckResult> checks, EvaluationSummary evaluation, JobSettings settings) {
    List<CheckResult> blocking = checks.stream().filter(CheckResult::blocks).toList();
    if (!blocking.isEmpty()) {
      return new Decision(
          false,
          FAILED_CHECKS,
          "error checks failed: "
              + blocking.stream().map(CheckResult::name).collect(Collectors.joining(", ")));
    }
    if (evaluation.nUnits() == 0) {
      return new Decision(
          true, PASSED_NO_DATA, "not enough data to evaluate: no investigation used an item");
    }
    if (evaluation.evidenceDays() == 0) {
      return new Decision(
          true, PASSED_NO_DATA, "not enough data to evaluate: no evidence before the run date");
    }
    if (evaluation.evidenceDays() < settings.gateMinEvidenceDays()
        || evaluation.nUnits() < settings.gateMinUnits()) {
      return new Decision(
          true,
          PASSED_NO_DATA,
          String.format(
              Locale.ROOT,
              "not enough data to judge: %d evidence days (gate_min_evidence_days %d), %d"
                  + " investigation-item types (gate_min_units %d)",
              evaluation.evidenceDays(),
              settings.gateMinEvidenceDays(),
              evaluation.nUnits(),
              settings.gateMinUnits()));
    }
    double model = orZero(evaluation.headlineValue(EvaluationRow.MODEL, "hit_rate", GATE_K));
    double baseline =
        orZero(evaluation.headlineValue(EvaluationRow.ACCOUNT_POPULAR, "hit_rate", GATE_K));
    double drop = baseline - model;
    String figures =
        String.format(
            Locale.ROOT,
            "model hit_rate@%d %.4f vs account_popular %.4f (drop %.4f, allowed %.4f) over %d"
                + " investigation-item types",
            GATE_K,
            model,
            baseline,
            drop,
            settings.gateMaxHitRateDrop(),
            evaluation.nUnits());
    if (drop <= settings.gateMaxHitRateDrop() + EPSILON) {
      return new Decision(true, PASSED, figures);
    }
    if (settings.gateForcePublish()) {
      return new Decision(true, FORCED, "published by gate_force_publish: " + figures);
    }
    return new Decision(false, FAILED, figures);
  }

  private static double orZero(Double value) {
    return value == null ? 0.0 : value;
  }
}
