package dev.alertrecs.steps;

import dev.alertrecs.config.JobSettings;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The path each investigation took: its items in the order it used them, consecutive uses of one
 * item being one step, each with how long before the stop it was last used. Grain: one row per
 * (investigation, step). Windows over each user's timeline, as the members are partitioned.
 */
public final class ExtractInvestigationSteps {
  public static final String VIEW = "extract_investigation_steps";

  private ExtractInvestigationSteps() {}

  public static Dataset<Row> apply(Dataset<Row> investigationActions, JobSettings settings) {
    UserHash.register(investigationActions.sparkSession(), settings.userHashKey());
    InvestigationId.register(investigationActions.sparkSession());
    SqlModel.register(investigationActions, SessionizeInvestigations.VIEW);
    return SqlModel.run(investigationActions.sparkSession(), VIEW, Map.of());
  }
}
