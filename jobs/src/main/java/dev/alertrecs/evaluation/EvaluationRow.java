package dev.alertrecs.evaluation;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of the {@code evaluation/} table: a figure of one ranker (the model, a baseline, or
 * {@code observed} for the MTTR comparison) for one item type and alert group, or for one alert.
 */
public record EvaluationRow(
    String modelOrBaseline,
    String modelVersion,
    String itemType,
    String alertGroup,
    String accountId,
    String alertId,
    String metric,
    Integer k,
    double value,
    long n,
    Double ciLow,
    Double ciHigh) {

  public static final String MODEL = "model";
  public static final String ACCOUNT_POPULAR = "account_popular";
  public static final String ALERT_POPULAR = "alert_popular";
  public static final String OBSERVED = "observed";
  public static final List<String> RANKERS = List.of(MODEL, ACCOUNT_POPULAR, ALERT_POPULAR);
  public static final String ALL = "all";

  public static final StructType SCHEMA =
      new StructType()
          .add("model_or_baseline", DataTypes.StringType)
          .add("model_version", DataTypes.StringType)
          .add("item_type", DataTypes.StringType)
          .add("alert_group", DataTypes.StringType)
          .add("account_id", DataTypes.StringType)
          .add("alert_id", DataTypes.StringType)
          .add("metric", DataTypes.StringType)
          .add("k", DataTypes.IntegerType)
          .add("value", DataTypes.DoubleType)
          .add("n", DataTypes.LongType)
          .add("ci_low", DataTypes.DoubleType)
          .add("ci_high", DataTypes.DoubleType);

  public Row toRow() {
    return RowFactory.create(
        modelOrBaseline,
        modelVersion,
        itemType,
        alertGroup,
        accountId,
        alertId,
        metric,
        k,
        value,
        n,
        ciLow,
        ciHigh);
  }

  /** A pooled figure (all item types, all alerts) of the given ranker, metric and cutoff. */
  public boolean isHeadline(String ranker, String metricName, Integer cutoff) {
    return modelOrBaseline.equals(ranker)
        && ALL.equals(itemType)
        && ALL.equals(alertGroup)
        && accountId == null
        && metric.equals(metricName)
        && java.util.Objects.equals(k, cutoff);
  }
}
