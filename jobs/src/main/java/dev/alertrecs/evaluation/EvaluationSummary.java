package dev.alertrecs.evaluation;

import java.util.List;
import java.util.Optional;

/**
 * What a backtest found for one date: every figure, how many evidence days the lists were built
 * from and how many (investigation, item type) units they were scored on.
 */
public record EvaluationSummary(List<EvaluationRow> rows, int evidenceDays, long nUnits) {
  public EvaluationSummary {
    rows = List.copyOf(rows);
  }

  public static EvaluationSummary empty() {
    return new EvaluationSummary(List.of(), 0, 0);
  }

  /** A pooled figure (all item types, all alerts); {@code k} null for MRR and coverage. */
  public Optional<EvaluationRow> headline(String ranker, String metric, Integer k) {
    return rows.stream().filter(r -> r.isHeadline(ranker, metric, k)).findFirst();
  }

  public Double headlineValue(String ranker, String metric, Integer k) {
    return headline(ranker, metric, k).map(EvaluationRow::value).orElse(null);
  }

  /** The overall MTTR difference (with minus without recommendations), if there is one. */
  public Optional<EvaluationRow> mttrDiff() {
    return rows.stream()
        .filter(
            r ->
                r.modelOrBaseline().equals(EvaluationRow.OBSERVED)
                    && r.accountId() == null
                    && r.metric().equals(MttrBootstrap.DIFF))
        .findFirst();
  }

  /** Whether there was anything to score lists against, and anything to build them from. */
  public boolean hasData() {
    return nUnits > 0 && evidenceDays > 0;
  }
}
