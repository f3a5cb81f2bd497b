package dev.alertrecs.steps;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Keeps the first copy of each action and names the item it used: a dashboard by its id, a query by
 * its family (normalised text hashed with the account). Grain: one row per distinct action. No
 * shuffle.
 */
public final class IdentifyItems {
  public static final String VIEW = "identify_items";

  private IdentifyItems() {}

  public static Dataset<Row> apply(Dataset<Row> deduplicatedActions) {
    SqlModel.register(deduplicatedActions, DeduplicateActions.VIEW);
    return SqlModel.run(deduplicatedActions.sparkSession(), VIEW, Map.of());
  }
}
