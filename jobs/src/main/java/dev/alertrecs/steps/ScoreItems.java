package dev.alertrecs.steps;

import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores every (alert, item) of the evidence window: share, lift over the account's baseline,
 * proximity to the stop and speed, decayed by age. Grain: one row per (account, alert, item_type,
 * item_id). Shuffles by item and by alert, joins the two aggregates.
 */
public final class ScoreItems {
  public static final String VIEW = "score_items";

  private ScoreItems() {}

  public static Dataset<Row> apply(
      Dataset<Row> itemEvidenceWindow,
      Dataset<Row> alertEvidenceWindow,
      LocalDate runDate,
      JobSettings settings) {
    SqlModel.register(
        SqlModel.withNullColumn(
            SqlModel.withNullColumn(itemEvidenceWindow, "n_resolved", "double"),
            "sum_gain",
            "double"),
        "item_evidence_window");
    SqlModel.register(
        SqlModel.withNullColumn(alertEvidenceWindow, "n_resolved", "bigint"),
        "alert_evidence_window");
    return SqlModel.run(
        itemEvidenceWindow.sparkSession(),
        VIEW,
        Map.of(
            "run_date", runDate,
            "half_life_days", settings.halfLifeDays(),
            "min_lift", settings.minLift(),
            "min_significance", settings.minSignificance(),
            "min_investigations", settings.minInvestigations(),
            "prior_weight", settings.itemPriorWeight()));
  }
}
