package dev.alertrecs.steps;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Marks every copy of an (account_id, event_id) but the first, the first being the copy in the
 * earliest folder. Grain: one row per line read; quarantined lines pass through unranked, so the
 * output accounts for every line. Shuffles by (account_id, event_id).
 */
public final class DeduplicateActions {
  public static final String VIEW = "deduplicate_actions";

  private DeduplicateActions() {}

  public static Dataset<Row> apply(Dataset<Row> parsedActions) {
    SqlModel.register(parsedActions, ParseActions.VIEW);
    return SqlModel.run(parsedActions.sparkSession(), VIEW, Map.of());
  }
}
