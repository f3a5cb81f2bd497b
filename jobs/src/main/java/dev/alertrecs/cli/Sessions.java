package dev.alertrecs.cli;

import dev.alertrecs.config.JobSettings;
import org.apache.spark.sql.SparkSession;

/**
 * Gets the Spark session for a command. The master is never set here: spark-submit (or the local
 * launcher) decides it. Settings starting with {@code spark.} are applied to the session.
 */
final class Sessions {
  private Sessions() {}

  static SparkSession get(String appName, JobSettings settings) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    settings.sparkConf().forEach(builder::config);
    builder.config("spark.sql.session.timeZone", "UTC");
    return builder.getOrCreate();
  }
}
