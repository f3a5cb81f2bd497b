package dev.alertrecs.job;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the output tables and the daily evidence store, one explicit {@code dt=} folder per table
 * and date, so a rerun replaces that date and nothing else. One sorted file per table and date: the
 * daily tables are small, and one file per day keeps Athena listings cheap.
 */
public final class OutputWriter {
  private final SparkSession spark;
  private final Layout layout;

  public OutputWriter(SparkSession spark, Layout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  /** Writes a table's day, replacing it (the evidence store). */
  public void write(Dataset<Row> rows, String table, LocalDate day, String... sortColumns) {
    writeTo(rows, layout.tableDay(table, day), sortColumns);
  }

  /** Writes rows as one sorted Parquet file into a folder, replacing the folder. */
  public void writeTo(Dataset<Row> rows, String folder, String... sortColumns) {
    Dataset<Row> one = rows.repartition(1);
    if (sortColumns.length > 0) {
      one = one.sortWithinPartitions(sortColumns[0], rest(sortColumns));
    }
    one.write().mode(SaveMode.Overwrite).parquet(folder);
  }

  /** True when the table's folder for the day was written completely (Spark's marker). */
  public boolean isComplete(String table, LocalDate day) {
    Path marker = new Path(layout.tableDay(table, day) + "/_SUCCESS");
    try {
      return marker.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(marker);
    } catch (IOException e) {
      throw InputReader.storageFailure("cannot look at " + marker, e);
    }
  }

  /** Days of a table, read together; the caller has checked that each is complete. */
  public Dataset<Row> readDays(String table, List<LocalDate> days) {
    List<String> paths = new ArrayList<>();
    for (LocalDate day : days) {
      paths.add(layout.tableDay(table, day));
    }
    // days written by older versions may lack a column added since: read it as null there
    return spark.read().option("mergeSchema", "true").parquet(paths.toArray(String[]::new));
  }

  /**
   * Writes one small text file into a table's date folder (the run report), replacing it. Name it
   * with a leading {@code _} so Spark and Athena skip it when they read the table.
   */
  public void writeText(String table, LocalDate day, String fileName, String text) {
    Path path = new Path(layout.tableDay(table, day) + "/" + fileName);
    try (var out =
        path.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(path, true)) {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw InputReader.storageFailure("cannot write " + path, e);
    }
  }

  private static String[] rest(String[] columns) {
    return java.util.Arrays.copyOfRange(columns, 1, columns.length);
  }
}
