package dev.alertrecs.steps;

import dev.alertrecs.config.JobSettings;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The account's navigation items: items its people open whatever the alert, often (a Home page) or
 * rarely but at rates that do not depend on the alert (a generic dashboard, kind background), found
 * from usage in the evidence window, never from titles. They help no investigation in particular:
 * the lists and the next steps never offer them, the relevance gives them no label and the
 * popularity baselines leave them out. Grain: one row per (account, item_type, item_id) judged
 * navigation. Reads the evidence the lists are built from (query items keyed by merged family);
 * shuffles by alert, then by item.
 */
public final class FindNavigationItems {
  public static final String VIEW = "find_navigation_items";

  private FindNavigationItems() {}

  public static Dataset<Row> apply(
      Dataset<Row> familyItemEvidence, Dataset<Row> alertEvidence, JobSettings settings) {
    SqlModel.register(familyItemEvidence, "navigation_item_evidence");
    SqlModel.register(alertEvidence, "navigation_alert_evidence");
    return SqlModel.run(
        familyItemEvidence.sparkSession(),
        VIEW,
        Map.of(
            "navigation_min_share", settings.evalNavigationMinShare(),
            "navigation_min_alerts", settings.evalNavigationMinAlerts()));
  }
}
