package dev.alertrecs.steps;

import dev.alertrecs.config.JobSettings;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The top K items per (account, alert, item_type) with a reason: the alert's own items; for a cold
 * alert the items of its similar alerts ({@link FindSimilarAlerts}); else the account's best items.
 * The account's navigation items ({@link FindNavigationItems}) are never listed. Grain: one row per
 * (account, alert, item_type, rank). Shuffles by list key.
 */
public final class RankRecommendations {
  public static final String VIEW = "rank_recommendations";

  private RankRecommendations() {}

  public static Dataset<Row> apply(
      Dataset<Row> scoredItems,
      Dataset<Row> catalogAlerts,
      Dataset<Row> catalogDashboards,
      Dataset<Row> similarAlerts,
      Dataset<Row> navigation,
      JobSettings settings,
      String modelVersion,
      java.time.Instant generatedAt) {
    SqlModel.register(scoredItems, ScoreItems.VIEW);
    SqlModel.register(catalogAlerts, "catalog_alerts");
    SqlModel.register(catalogDashboards, "catalog_dashboards");
    SqlModel.register(similarAlerts, "similar_alerts");
    SqlModel.register(navigation, "navigation_items");
    return SqlModel.run(
        scoredItems.sparkSession(),
        VIEW,
        Map.of(
            "top_k",
            settings.topK(),
            "cold_alert_max_investigations",
            settings.coldAlertMaxInvestigations(),
            "similar_alert_min_ratio",
            settings.similarAlertMinRatio(),
            "model_version",
            modelVersion,
            "generated_at",
            generatedAt));
  }
}
