package dev.alertrecs.steps;

import dev.alertrecs.config.JobSettings;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The lists the backtest scores: the model's lists built before the run date, and the two
 * popularity baselines (account_popular, alert_popular) built from the same evidence without the
 * account's navigation items. Grain: one row per (model_or_baseline, account, alert, item_type,
 * rank). Shuffles by list key.
 */
public final class BuildEvaluationLists {
  public static final String VIEW = "evaluate_lists";

  private BuildEvaluationLists() {}

  public static Dataset<Row> apply(
      Dataset<Row> modelLists,
      Dataset<Row> itemEvidenceBefore,
      Dataset<Row> catalogDashboards,
      Dataset<Row> navigation,
      Dataset<Row> relevance,
      JobSettings settings) {
    SqlModel.register(modelLists, "backtest_recommendations");
    SqlModel.register(itemEvidenceBefore, "backtest_item_evidence");
    SqlModel.register(catalogDashboards, "catalog_dashboards");
    SqlModel.register(navigation, FindNavigationItems.VIEW);
    SqlModel.register(relevance, GradeRelevance.VIEW);
    return SqlModel.run(modelLists.sparkSession(), VIEW, Map.of("top_k", settings.topK()));
  }
}
