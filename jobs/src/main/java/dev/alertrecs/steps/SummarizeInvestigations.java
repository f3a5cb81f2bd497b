package dev.alertrecs.steps;

import dev.alertrecs.config.JobSettings;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One row per investigation with its duration and the reason it stopped. Grain: one row per
 * investigation. Aggregates the members of each investigation, no shuffle (they are partitioned by
 * user) but the scalar max(ts) that tells where the input ends.
 */
public final class SummarizeInvestigations {
  public static final String VIEW = "summarize_investigations";

  private SummarizeInvestigations() {}

  public static Dataset<Row> apply(
      Dataset<Row> investigationActions, Dataset<Row> identifiedActions, JobSettings settings) {
    UserHash.register(investigationActions.sparkSession(), settings.userHashKey());
    InvestigationId.register(investigationActions.sparkSession());
    SqlModel.register(investigationActions, SessionizeInvestigations.VIEW);
    SqlModel.register(identifiedActions, IdentifyItems.VIEW);
    return SqlModel.run(
        investigationActions.sparkSession(),
        VIEW,
        Map.of(
            "idle_gap_s", settings.idleGap().toSeconds(),
            "max_duration_s", settings.maxInvestigation().toSeconds()));
  }
}
