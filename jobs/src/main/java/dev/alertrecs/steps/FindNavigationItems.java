package dev.alertrecs.steps;

import dev.alertrecs.config.JobSettings;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The account's navigation items for the backtest: items its people open whatever the alert (a Home
 * page), found from usage in the evidence window, never from titles. Such items are no label in the
 * relevance and are left out of the popularity baselines. Grain: one row per (account, item_type,
 * item_id) judged navigation. Reads the evidence of the days before the run date (query items keyed
 * by merged family); shuffles by alert, then by item.
 */
public final class FindNavigationItems {
  public static final String VIEW = "evaluate_navigation";

  private FindNavigationItems() {}

  public static Dataset<Row> apply(
      Dataset<Row> itemEvidenceBefore, Dataset<Row> alertEvidenceBefore, JobSettings settings) {
    SqlModel.register(itemEvidenceBefore, "backtest_item_evidence");
    SqlModel.register(alertEvidenceBefore, "backtest_alert_evidence");
    return SqlModel.run(
        itemEvidenceBefore.sparkSession(),
        VIEW,
        Map.of(
            "navigation_min_share", settings.evalNavigationMinShare(),
            "navigation_min_alerts", settings.evalNavigationMinAlerts()));
  }
}
