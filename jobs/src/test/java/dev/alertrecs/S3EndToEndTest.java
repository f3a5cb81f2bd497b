package dev.alertrecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertrecs.generate.GeneratorSettings;
import dev.alertrecs.generate.SampleDataGenerator;
import dev.alertrecs.io.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The daily job against a real S3 API server: generated gzip logs and catalogs uploaded to one
 * bucket, the job run through its command line on s3a:// input and output with the endpoint and
 * credentials given as settings, every output table and the manifest checked in the bucket.
 */
class S3EndToEndTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);
  static final String IN = "s3a://alert-recs-raw/raw";
  static final String OUT = "s3a://alert-recs-out/recs";

  @TempDir static Path dir;
  static S3ProxyServer server;
  static S3Client s3;
  static int exitCode;
  static long dayLines;
  static long catalogAlerts;

  @BeforeAll
  static void uploadAndRun() throws Exception {
    server = S3ProxyServer.start();
    server.createBucket("alert-recs-raw");
    server.createBucket("alert-recs-out");
    s3 = server.client();
    Path input = dir.resolve("in");
    new SampleDataGenerator(new GeneratorSettings(input, DAY, 2, 2, 600, 11, 2, 0.005, 0.02, 0.03))
        .generate();
    dayLines = lines(input.resolve("actions/dt=" + DAY));
    catalogAlerts = lines(input.resolve("catalog/alerts/dt=" + DAY));
    try (Stream<Path> files = Files.walk(input)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String key = "raw/" + input.relativize(f).toString().replace('\\', '/');
        s3.putObject(b -> b.bucket("alert-recs-raw").key(key), RequestBody.fromFile(f));
      }
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "daily",
                "--date",
                DAY.toString(),
                "--input",
                IN,
                "--output",
                OUT,
                "--conf",
                "../conf/local.properties",
                "--set",
                "window_days=2",
                "--set",
                "spark.sql.shuffle.partitions=2"));
    for (Map.Entry<String, String> e : server.sparkConf().entrySet()) {
      args.add("--set");
      args.add(e.getKey() + "=" + e.getValue());
    }
    exitCode = AlertRecs.execute(args.toArray(String[]::new));
  }

  /** The lines of every file of a folder, gzip or plain, as the job reads them. */
  static long lines(Path folder) throws java.io.IOException {
    long n = 0;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.toList()) {
        byte[] bytes = Files.readAllBytes(f);
        if (f.toString().endsWith(".gz")) {
          bytes =
              new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))
                  .readAllBytes();
        }
        n += new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().count();
      }
    }
    return n;
  }

  @AfterAll
  static void stop() {
    // the S3A settings point at this server only: leave the shared session as it was
    server.hadoopConf().keySet().forEach(k -> spark.sparkContext().hadoopConfiguration().unset(k));
    server.close();
  }

  private static List<String> keys(String bucket, String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  @Test
  void everyTableIsPublishedInTheBucketWithItsMarkerAndTheManifestLast() throws Exception {
    assertEquals(0, exitCode);
    for (String table :
        List.of("recommendations", "next_steps", "investigations", "alert_stats", "quarantine")) {
      List<String> keys = keys("alert-recs-out", "recs/" + table + "/dt=" + DAY + "/");
      assertEquals(
          List.of(
              "recs/" + table + "/dt=" + DAY + "/_SUCCESS",
              "recs/" + table + "/dt=" + DAY + "/part-00000.parquet"),
          keys.stream().sorted().toList());
    }
    assertFalse(keys("alert-recs-out", "recs/runs/dt=" + DAY + "/").isEmpty());
    JsonNode latest =
        new ObjectMapper()
            .readTree(
                s3.getObjectAsBytes(b -> b.bucket("alert-recs-out").key("recs/latest.json"))
                    .asUtf8String());
    assertEquals(DAY.toString(), latest.get("run_date").asText());
    String snapshot = latest.get("tables").get("recommendations").get("snapshot").asText();
    assertTrue(snapshot.startsWith(OUT + "/_runs/dt=" + DAY + "/"), snapshot);
    assertEquals(
        spark.read().parquet(OUT + "/recommendations/dt=" + DAY).count(),
        latest.get("tables").get("recommendations").get("rows").asLong(),
        "the manifest's row count is the table's");
  }

  @Test
  void theOutputReadsBackFromS3WithTheContractsCounts() {
    Row run = spark.read().parquet(OUT + "/runs/dt=" + DAY).first();
    assertEquals("published", run.getAs("status"));
    long read = run.getAs("n_read");
    assertEquals(dayLines, read, "every line of the day's folder is read");
    assertEquals(
        read,
        run.<Long>getAs("n_valid")
            + run.<Long>getAs("n_quarantined")
            + run.<Long>getAs("n_duplicates"));
    assertEquals(
        run.<Long>getAs("n_quarantined"),
        spark.read().parquet(OUT + "/quarantine/dt=" + DAY).count());
    var recommendations = spark.read().parquet(OUT + "/recommendations/dt=" + DAY);
    assertEquals(run.<Long>getAs("n_recommendations"), recommendations.count());
    assertEquals(
        catalogAlerts,
        recommendations.select("account_id", "alert_id").distinct().count(),
        "every alert of the catalog gets a list");
    long investigations = spark.read().parquet(OUT + "/investigations/dt=" + DAY).count();
    assertEquals(run.<Long>getAs("n_investigations"), investigations);
    Row stats =
        spark
            .read()
            .parquet(OUT + "/alert_stats/dt=" + DAY)
            .selectExpr("sum(n_investigations)", "count(*)")
            .first();
    assertEquals(investigations, stats.getLong(0), "alert_stats counts each investigation once");
    assertEquals(run.<Long>getAs("n_alerts"), stats.getLong(1));
    // the day's stored item evidence: dated the run date, of the alerts with investigations
    // that day, never more investigations per item than its alert had
    spark.read().parquet(OUT + "/alert_stats/dt=" + DAY).createOrReplaceTempView("s3_alert_stats");
    spark.read().parquet(OUT + "/item_evidence/dt=" + DAY).createOrReplaceTempView("s3_items");
    assertEquals(
        List.of(),
        spark
            .sql(
                "select i.account_id, i.alert_id, i.item_id from s3_items as i left join"
                    + " s3_alert_stats as a using (account_id, alert_id) where a.alert_id is null"
                    + " or i.n_investigations > a.n_investigations or i.evidence_date != date'"
                    + DAY
                    + "'")
            .collectAsList());
  }

  @Test
  void theRunRecordHoldsNoCredentials() {
    String record =
        spark.read().parquet(OUT + "/runs/dt=" + DAY).toJSON().collectAsList().toString();
    assertFalse(record.contains(server.secretKey()));
    assertFalse(record.contains(server.accessKey()));
  }
}
