package dev.alertrecs.steps;

import dev.alertrecs.config.JobSettings;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The top K items per (account, alert, item_type) with a reason, falling back to the account's best
 * items for alerts without their own. Grain: one row per (account, alert, item_type, rank).
 * Shuffles by list key.
 */
public final class RankRecommendations {
  public static final String VIEW = "rank_recommendations";

  private RankRecommendations() {}

  public static Dataset<Row> apply(
      Dataset<Row> scoredItems,
      Dataset<Row> catalogAlerts,
      Dataset<Row> catalogDashboards,
      JobSettings settings,
      String modelVersion,
      java.time.Instant generatedAt) {
    SqlModel.register(scoredItems, ScoreItems.VIEW);
    SqlModel.register(catalogAlerts, "catalog_alerts");
    SqlModel.register(catalogDashboards, "catalog_dashboards");
    return SqlModel.run(
        scoredItems.sparkSession(),
        VIEW,
        Map.of(
            "top_k", settings.topK(),
            "model_version", modelVersion,
            "generated_at", generatedAt));
  }
}
