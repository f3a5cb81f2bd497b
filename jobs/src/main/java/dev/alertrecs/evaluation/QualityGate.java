package dev.alertrecs.evaluation;

import dev.alertrecs.checks.CheckResult;
import dev.alertrecs.config.JobSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether a daily run may publish its lists: no error check failed, and in the run's own
 * backtest the model is not clearly worse than either popularity baseline on the primary metric,
 * NDCG@3 with graded relevance (the items that helped resolve an investigation). "Clearly" is
 * judged with the 95% bootstrap interval of the model's NDCG@3 minus the baseline's (resampled over
 * investigations, {@link NdcgBootstrap}): the run is blocked only when the interval's upper end is
 * below {@code -gate_max_ndcg_drop}, so a day whose difference could be noise publishes. Checking
 * both baselines holds the model to the stronger of them, whichever it is that day, without first
 * picking one on the same data. {@code gate_force_publish} overrides the backtest part only: lists
 * that failed an error check (another account's dashboard, a malformed list) are never published.
 * Without data to evaluate (no resolved investigation with a helpful item on the date, or no
 * evidence before it), or with less than {@code gate_min_evidence_days} days of evidence or {@code
 * gate_min_units} evaluated investigation-item types, the gate passes and says so: a model judged
 * on a day or two of history would be blocked by noise.
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
          true,
          PASSED_NO_DATA,
          "not enough data to evaluate: no resolved investigation used a helpful item");
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
    double margin = settings.gateMaxNdcgDrop();
    List<String> judged = new ArrayList<>();
    List<String> worse = new ArrayList<>();
    for (String baseline : NdcgBootstrap.BASELINES) {
      Optional<EvaluationRow> diff =
          evaluation.headline(EvaluationRow.MODEL, NdcgBootstrap.metricName(baseline), GATE_K);
      if (diff.isEmpty() || diff.get().ciHigh() == null) {
        continue;
      }
      EvaluationRow d = diff.get();
      judged.add(
          String.format(
              Locale.ROOT,
              "%s %.4f (model minus it %+.4f, 95%% CI [%+.4f, %+.4f])",
              baseline,
              orZero(evaluation.headlineValue(baseline, "ndcg", GATE_K)),
              d.value(),
              d.ciLow(),
              d.ciHigh()));
      if (d.ciHigh() < -margin - EPSILON) {
        worse.add(baseline);
      }
    }
    if (judged.isEmpty()) {
      return new Decision(
          true, PASSED_NO_DATA, "not enough data to judge: no NDCG@3 comparison in the backtest");
    }
    String nextSteps = judgeNextSteps(evaluation, settings, worse);
    String figures =
        String.format(
                Locale.ROOT,
                "model NDCG@%d %.4f vs %s over %d investigation-item types; blocked when a CI's upper"
                    + " end is below %.4f (gate_max_ndcg_drop %.4f)",
                GATE_K,
                orZero(evaluation.headlineValue(EvaluationRow.MODEL, "ndcg", GATE_K)),
                String.join(", ", judged),
                evaluation.nUnits(),
                0.0 - margin,
                margin)
            + nextSteps;
    if (worse.isEmpty()) {
      return new Decision(true, PASSED, figures);
    }
    figures = "worse than " + String.join(" and ", worse) + ": " + figures;
    if (settings.gateForcePublish()) {
      return new Decision(true, FORCED, "published by gate_force_publish: " + figures);
    }
    return new Decision(false, FAILED, figures);
  }

  /**
   * The next steps against both of their baselines, pooled over item types: a baseline whose
   * next-step hit@3 is above the model's by more than {@code gate_max_next_step_drop} is added to
   * {@code worse}. Judged only with at least {@code gate_min_units} scored steps.
   *
   * @return the figures, to append to the decision's note; empty without enough steps
   */
  static String judgeNextSteps(
      EvaluationSummary evaluation, JobSettings settings, List<String> worse) {
    Optional<EvaluationRow> model =
        evaluation.headline(EvaluationRow.MODEL, EvaluationRow.NEXT_STEP_HIT_RATE, GATE_K);
    if (model.isEmpty() || model.get().n() < settings.gateMinUnits()) {
      return "";
    }
    double drop = settings.gateMaxNextStepDrop();
    List<String> figures = new ArrayList<>();
    for (String baseline : EvaluationRow.NEXT_STEP_BASELINES) {
      Double value = evaluation.headlineValue(baseline, EvaluationRow.NEXT_STEP_HIT_RATE, GATE_K);
      if (value == null) {
        continue;
      }
      figures.add(String.format(Locale.ROOT, "%s %.4f", baseline, value));
      if (model.get().value() < value - drop - EPSILON) {
        worse.add(baseline + " on next steps");
      }
    }
    return String.format(
        Locale.ROOT,
        "; next steps hit@%d %.4f vs %s over %d steps; blocked when below a baseline by more than"
            + " %.4f (gate_max_next_step_drop)",
        GATE_K,
        model.get().value(),
        String.join(", ", figures),
        model.get().n(),
        drop);
  }

  private static double orZero(Double value) {
    return value == null ? 0.0 : value;
  }
}
