package dev.alertrecs.steps;

import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The day's next-step evidence: per (account, alert, after item, next item), the resolved
 * investigations that went from one to the other closer to their stop, with investigation and user
 * sketches and durations; every column adds up across days. Grain: one row per (account, alert,
 * after item, next item).
 */
public final class SummarizeTransitionEvidence {
  public static final String VIEW = "summarize_transition_evidence";

  private SummarizeTransitionEvidence() {}

  public static Dataset<Row> apply(Dataset<Row> investigationSteps, LocalDate day) {
    SqlModel.register(investigationSteps, ExtractInvestigationSteps.VIEW);
    return SqlModel.run(investigationSteps.sparkSession(), VIEW, Map.of("run_date", day));
  }
}
