package dev.alertrecs.cli;

import dev.alertrecs.config.JobSettings;
import org.apache.spark.sql.SparkSession;

/**
 * Gets the Spark session for a command. The master is never set here: spark-submit (or the local
 * launcher) decides it. Settings starting with {@code spark.} are applied to the session.
 */
final class Sessions {
  private static final String HADOOP_PREFIX = "spark.hadoop.";

  private Sessions() {}

  static SparkSession get(String appName, JobSettings settings) {
    // before any session is built: a refused run must not start executors
    settings.requireUserHashKey(master(settings));
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    settings.sparkConf().forEach(builder::config);
    builder.config("spark.sql.session.timeZone", "UTC");
    SparkSession spark = builder.getOrCreate();
    // An existing session (a notebook, a test) ignores spark.hadoop.* given to the builder:
    // apply them to its Hadoop configuration, so S3A settings from --set always take effect.
    settings
        .sparkConf()
        .forEach(
            (key, value) -> {
              if (key.startsWith(HADOOP_PREFIX)) {
                spark
                    .sparkContext()
                    .hadoopConfiguration()
                    .set(key.substring(HADOOP_PREFIX.length()), value);
              }
            });
    return spark;
  }

  /**
   * The master a run will use: the one its settings name, else that of a session already running (a
   * test, a notebook), else the one spark-submit passed as a system property.
   */
  static String master(JobSettings settings) {
    String fromSettings = settings.sparkConf().get("spark.master");
    if (fromSettings != null) {
      return fromSettings;
    }
    scala.Option<SparkSession> running = SparkSession.getDefaultSession();
    if (running.isDefined()) {
      return running.get().sparkContext().master();
    }
    return System.getProperty("spark.master");
  }
}
