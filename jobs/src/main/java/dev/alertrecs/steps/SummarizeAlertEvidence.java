package dev.alertrecs.steps;

import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The day's investigations per (account, alert): the denominators of the evidence window. Grain:
 * one row per (account, alert). Shuffles by that key.
 */
public final class SummarizeAlertEvidence {
  public static final String VIEW = "summarize_alert_evidence";

  private SummarizeAlertEvidence() {}

  public static Dataset<Row> apply(Dataset<Row> investigations, LocalDate day) {
    SqlModel.register(investigations, SummarizeInvestigations.VIEW);
    return SqlModel.run(investigations.sparkSession(), VIEW, Map.of("run_date", day));
  }
}
