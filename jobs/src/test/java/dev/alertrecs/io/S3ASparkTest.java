package dev.alertrecs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark writes and reads Parquet on s3a:// through the S3A connector against s3proxy, with the
 * default commit protocol (FileOutputCommitter v1: task and job commit by rename, which S3A does as
 * copy + delete), and S3ObjectStore sees the same files.
 */
class S3ASparkTest extends SparkTestBase {

  private static final String BUCKET = "alert-recs-spark";

  private static S3ProxyServer server;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
    server.createBucket(BUCKET);
    // the shared session exists already, so spark.hadoop.* settings cannot go on its builder
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    server.hadoopConf().forEach(hadoop::set);
  }

  @AfterAll
  static void stopServer() {
    if (server == null) {
      return;
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    server.hadoopConf().keySet().forEach(hadoop::unset);
    server.close();
  }

  @Test
  void parquetWrittenToADayFolderReadsBackAndLists() {
    String table = "s3a://" + BUCKET + "/x";
    String day = table + "/dt=2026-11-25/";
    Dataset<Row> recs =
        spark.sql(
            "select id as alert_id, concat('dash-', id % 3) as dashboard_id, id * 0.5 as score"
                + " from range(0, 10, 1, 2)");

    spark.sparkContext().setJobDescription("write recs to s3a");
    recs.write().mode(SaveMode.Overwrite).parquet(day);

    Dataset<Row> back = spark.read().parquet(day);
    assertEquals(10, back.count());
    assertEquals(45L, back.selectExpr("sum(alert_id)").first().getLong(0));
    // read as a partitioned table, the folder name becomes the dt column
    assertEquals(
        List.of("2026-11-25"),
        spark
            .read()
            .parquet(table)
            .selectExpr("cast(dt as string)")
            .distinct()
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList());

    try (ObjectStore store = ObjectStore.forUri(day, server.sparkConf())) {
      List<String> files = store.listFiles(day);
      assertTrue(files.contains("_SUCCESS"), files.toString());
      List<String> parts = files.stream().filter(f -> f.endsWith(".parquet")).toList();
      assertEquals(2, parts.size(), files.toString());
      assertTrue(parts.stream().allMatch(f -> f.startsWith("part-")), files.toString());
      // no commit leftovers next to the data
      assertFalse(files.stream().anyMatch(f -> f.startsWith("_temporary")), files.toString());
      assertEquals(List.of(), store.listFiles(day + "_temporary"));
      // the classic FileOutputCommitter writes an empty marker; S3A's own committers write JSON
      assertEquals("", store.getText(day + "_SUCCESS"));
    }
  }
}
