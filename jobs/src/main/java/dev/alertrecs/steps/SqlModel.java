package dev.alertrecs.steps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one SQL model from {@code sql/<name>.sql} (shipped inside the jar) with bound parameters,
 * and registers the result as the temp view {@code <name>}, so the next model can read it by the
 * name of the step that made it.
 */
public final class SqlModel {
  private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();

  private SqlModel() {}

  public static Dataset<Row> run(SparkSession spark, String name, Map<String, Object> params) {
    Dataset<Row> result = spark.sql(text(name), params);
    bind(result, name);
    return result;
  }

  /** Registers an input under the view name a model reads it by. */
  public static void register(Dataset<Row> input, String viewName) {
    bind(input, viewName);
  }

  /**
   * Points a view name at a dataset. The old view is dropped from the session's catalog first:
   * {@code createOrReplaceTempView} over a view with another plan uncaches, with cascade, every
   * cached dataset built on the old one, so the backtest's models (same view names, other data)
   * silently dropped the run's cached lists and the writes ranked everything again.
   */
  private static void bind(Dataset<Row> dataset, String viewName) {
    dataset.sparkSession().sessionState().catalog().dropTempView(viewName);
    dataset.createOrReplaceTempView(viewName);
  }

  /**
   * Stored evidence read as it was written: a column added to a stored table since some of its days
   * were written reads as null there (Parquet schema merging), and as null everywhere when none of
   * the days read has it.
   */
  public static Dataset<Row> withNullColumn(Dataset<Row> stored, String column, String sqlType) {
    if (java.util.Arrays.asList(stored.columns()).contains(column)) {
      return stored;
    }
    return stored.withColumn(column, org.apache.spark.sql.functions.lit(null).cast(sqlType));
  }

  static String text(String name) {
    return TEXTS.computeIfAbsent(
        name,
        n -> {
          String path = "/sql/" + n + ".sql";
          try (InputStream in = SqlModel.class.getResourceAsStream(path)) {
            if (in == null) {
              throw new IllegalStateException("SQL model missing from the jar: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
