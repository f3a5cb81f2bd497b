package dev.alertrecs.evaluation;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of the {@code evaluation/} table: a figure of one ranker (the model, a baseline, or
 * {@code observed} for the MTTR comparison) for one item type, alert group and history segment, or
 * for one alert. {@code historySegment} is {@code all} unless the row is one segment's.
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
    Double ciHigh,
    String historySegment) {

  public static final String MODEL = "model";
  public static final String ACCOUNT_POPULAR = "account_popular";
  public static final String ALERT_POPULAR = "alert_popular";
  public static final String OBSERVED = "observed";

  /** The next-step baselines: the alert's list, the account's most common next items. */
  public static final String ALERT_LIST = "alert_list";

  public static final String ACCOUNT_NEXT = "account_next";
  public static final List<String> NEXT_STEP_BASELINES = List.of(ALERT_LIST, ACCOUNT_NEXT);

  /** The share of an investigation's steps whose next item was among the first k offered. */
  public static final String NEXT_STEP_HIT_RATE = "next_step_hit_rate";

  public static final List<String> RANKERS = List.of(MODEL, ACCOUNT_POPULAR, ALERT_POPULAR);
  public static final String ALL = "all";

  /**
   * The history segments: an alert's investigations in the evidence window the lists were built
   * from (0 is a cold alert), in the order they are shown, after {@code all}.
   */
  public static final List<String> SEGMENTS = List.of("0", "1-2", "3-9", "10-29", "30+");

  /** A row of every segment pooled ({@code history_segment = all}). */
  public EvaluationRow(
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
    this(
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
        ciHigh,
        ALL);
  }

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
          .add("ci_high", DataTypes.DoubleType)
          .add("history_segment", DataTypes.StringType);

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
        ciHigh,
        historySegment);
  }

  /** A pooled figure (all item types, all alerts) of the given ranker, metric and cutoff. */
  public boolean isHeadline(String ranker, String metricName, Integer cutoff) {
    return modelOrBaseline.equals(ranker)
        && ALL.equals(itemType)
        && ALL.equals(alertGroup)
        && accountId == null
        && ALL.equals(historySegment)
        && metric.equals(metricName)
        && java.util.Objects.equals(k, cutoff);
  }
}
