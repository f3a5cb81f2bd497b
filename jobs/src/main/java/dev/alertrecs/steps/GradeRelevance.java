package dev.alertrecs.steps;

import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The relevant items of each investigation of the run date, graded (the last one used before the
 * stop counts most), for the backtest. Grain: one row per (investigation, item_type, item_id).
 * Shuffles by investigation.
 */
public final class GradeRelevance {
  public static final String VIEW = "evaluate_relevance";

  private GradeRelevance() {}

  public static Dataset<Row> apply(Dataset<Row> investigationItems, LocalDate runDate) {
    SqlModel.register(investigationItems, ExtractInvestigationItems.VIEW);
    return SqlModel.run(investigationItems.sparkSession(), VIEW, Map.of("run_date", runDate));
  }
}
