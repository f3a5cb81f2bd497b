package dev.alertrecs;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/**
 * One Spark session for the whole test JVM: local[2], two shuffle partitions, no UI. Starting a
 * session per test class would make the suite several times slower.
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SharedSpark.get();
  }

  /** Holds the session; never stopped explicitly, the JVM's shutdown hook stops it. */
  public static final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {}

    public static synchronized SparkSession get() {
      if (session == null) {
        session =
            SparkSession.builder()
                .master("local[2]")
                .appName("alert-recs-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.adaptive.enabled", "true")
                // the SQL status store keeps every execution's plan even with the UI off; the
                // suite runs thousands of queries with long plans, the test heap cannot keep them
                // all
                .config("spark.sql.ui.retainedExecutions", "50")
                .config("spark.ui.retainedJobs", "100")
                .config("spark.ui.retainedStages", "100")
                .getOrCreate();
        session.sparkContext().setLogLevel("WARN");
      }
      return session;
    }
  }
}
