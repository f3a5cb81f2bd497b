package dev.alertrecs.steps;

import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per alert, the durations of the run date's investigations that used a recommendation and of the
 * others, with their medians. Grain: one row per (account, alert) with investigations started on
 * the run date. Shuffles by alert.
 */
public final class CompareMttr {
  public static final String VIEW = "evaluate_mttr";

  private CompareMttr() {}

  public static Dataset<Row> apply(Dataset<Row> investigations, LocalDate runDate) {
    SqlModel.register(investigations, SummarizeInvestigations.VIEW);
    return SqlModel.run(investigations.sparkSession(), VIEW, Map.of("run_date", runDate));
  }
}
