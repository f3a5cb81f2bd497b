package dev.alertrecs.evaluation;

import java.util.Comparator;
import java.util.List;

/**
 * The order rows are written and shown in: rankers, then types, groups, segments (all first, then
 * by size), metrics, k.
 */
final class EvaluationRows {
  private static final List<String> RANKER_ORDER =
      List.of(
          EvaluationRow.MODEL,
          EvaluationRow.ACCOUNT_POPULAR,
          EvaluationRow.ALERT_POPULAR,
          EvaluationRow.OBSERVED);

  static final Comparator<EvaluationRow> ORDER =
      Comparator.<EvaluationRow>comparingInt(r -> RANKER_ORDER.indexOf(r.modelOrBaseline()))
          .thenComparing(EvaluationRow::itemType)
          .thenComparing(EvaluationRow::alertGroup)
          .thenComparingInt(r -> EvaluationRow.SEGMENTS.indexOf(r.historySegment()))
          .thenComparing(EvaluationRow::accountId, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(EvaluationRow::alertId, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(EvaluationRow::metric)
          .thenComparing(EvaluationRow::k, Comparator.nullsFirst(Comparator.naturalOrder()));

  private EvaluationRows() {}
}
