package dev.alertrecs.steps;

import dev.alertrecs.config.JobSettings;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The items each investigation used, with how close to the stop each was last used. Grain: one row
 * per (investigation, item). Aggregates per user partition (no shuffle), then joins each item with
 * its investigation's stop (one shuffle by investigation).
 */
public final class ExtractInvestigationItems {
  public static final String VIEW = "extract_investigation_items";

  private ExtractInvestigationItems() {}

  public static Dataset<Row> apply(Dataset<Row> investigationActions, JobSettings settings) {
    UserHash.register(investigationActions.sparkSession(), settings.userHashKey());
    InvestigationId.register(investigationActions.sparkSession());
    SqlModel.register(investigationActions, SessionizeInvestigations.VIEW);
    return SqlModel.run(
        investigationActions.sparkSession(),
        VIEW,
        Map.of("proximity_tau_s", settings.proximityTauMinutes() * 60.0));
  }
}
