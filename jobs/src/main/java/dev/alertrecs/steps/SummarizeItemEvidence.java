package dev.alertrecs.steps;

import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The day's evidence per (account, alert, item): investigations, a user sketch, proximity sum,
 * durations and the most used text; every column adds up across days. Grain: one row per (account,
 * alert, item_type, item_id). Shuffles by that key.
 */
public final class SummarizeItemEvidence {
  public static final String VIEW = "summarize_item_evidence";

  private SummarizeItemEvidence() {}

  public static Dataset<Row> apply(Dataset<Row> investigationItems, LocalDate day) {
    SqlModel.register(investigationItems, ExtractInvestigationItems.VIEW);
    return SqlModel.run(investigationItems.sparkSession(), VIEW, Map.of("run_date", day));
  }
}
