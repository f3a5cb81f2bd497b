package dev.alertrecs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.io.S3ProxyServer;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in a child JVM writing to a real S3 API (s3proxy): a good run prints neither the secret
 * key nor the user hash key; refused credentials and a stopped endpoint end with one line and exit
 * code 5, with nothing published. Credentials come from a settings file, never the command line.
 */
class S3FailureAndSecretsTest {
  static final LocalDate END = LocalDate.of(2026, 11, 25);
  static final String BUCKET = "reliability";
  static final String HASH_KEY = "hash-key-" + UUID.randomUUID();
  // generous: a child run takes about a minute on an idle machine, several under load
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  @TempDir static Path dir;
  static S3ProxyServer s3;
  static Path world;
  static Path goodConf;
  static Path eventLog;
  static ChildJob.Outcome good;

  /**
   * The server, the world, and one good run on S3 with Spark's event log on: the secrets test reads
   * what it left, the kill test starts from what it published.
   */
  @BeforeAll
  static void startAndRunOnce() throws Exception {
    s3 = S3ProxyServer.start();
    s3.createBucket(BUCKET);
    world = Worlds.generate(dir.resolve("world"), END, 1, 2, 500, 0.002);
    goodConf = conf("good", s3.hadoopConf(), s3.secretKey());
    eventLog = Files.createDirectories(dir.resolve("event-log"));
    // the event log holds every query's plans, as EMR's History Server reads them
    Files.writeString(
        goodConf,
        "spark.eventLog.enabled=true\nspark.eventLog.dir=" + eventLog.toUri() + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    good = run("s3-good", goodConf, "s3a://" + BUCKET + "/good");
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
  }

  static Path conf(String name, Map<String, String> hadoop, String secret) throws Exception {
    Properties p = new Properties();
    hadoop.forEach((k, v) -> p.setProperty("spark.hadoop." + k, v));
    p.setProperty("spark.hadoop.fs.s3a.secret.key", secret);
    p.setProperty("window_days", "1");
    p.setProperty("spark.sql.shuffle.partitions", "2");
    Path file = dir.resolve(name + ".properties");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, null);
    }
    return file;
  }

  static ChildJob.Outcome run(String label, Path conf, String output) {
    return new ChildJob(dir.resolve("logs"))
        .env(Worlds.HASH_KEY_ENV, HASH_KEY)
        .run(
            TIMEOUT,
            label,
            "daily",
            "--date",
            END.toString(),
            "--input",
            world.toString(),
            "--output",
            output,
            "--conf",
            conf.toString());
  }

  static ChildJob.Running start(String label, Path conf, String output, String... sets) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "daily",
                "--date",
                END.toString(),
                "--input",
                world.toString(),
                "--output",
                output,
                "--conf",
                conf.toString()));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    return new ChildJob(dir.resolve("logs"))
        .env(Worlds.HASH_KEY_ENV, HASH_KEY)
        .start(label, args.toArray(String[]::new));
  }

  static String text(String key) {
    return s3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String();
  }

  /**
   * The publish protocol on S3 itself: a run killed after it replaced its first table leaves the
   * manifests on the last published run, whose files all exist, every table one complete file; the
   * next run of the date publishes and removes the older runs' files.
   */
  @Test
  void aRunKilledWhilePublishingToS3LeavesTheLastRunReadableAndTheRerunSucceeds() throws Exception {
    Path conf = goodConf;
    String out = "s3a://" + BUCKET + "/good";
    assertEquals(0, good.exitCode(), good.toString());
    String latest = text("good/latest.json");
    String manifest = text("good/manifests/dt=" + END + "/manifest.json");

    ChildJob.Running running =
        start("s3-killed", conf, out, "top_k=3", "fault_pause_at=after_first_table");
    running.awaitStderr("alert-recs: fault: paused at after_first_table", TIMEOUT);
    running.kill();

    assertEquals(latest, text("good/latest.json"), "latest.json still names the last run");
    assertEquals(manifest, text("good/manifests/dt=" + END + "/manifest.json"));
    java.util.regex.Matcher snapshot =
        java.util.regex.Pattern.compile("\"snapshot\" : \"s3a://" + BUCKET + "/([^\"]+)\"")
            .matcher(latest);
    int snapshots = 0;
    while (snapshot.find()) {
      assertTrue(keys(snapshot.group(1)).contains(snapshot.group(1)), snapshot.group(1));
      snapshots++;
    }
    assertTrue(snapshots >= 4, latest);
    for (String table : List.of("recommendations", "investigations", "alert_stats", "quarantine")) {
      assertEquals(
          List.of(
              "good/" + table + "/dt=" + END + "/_SUCCESS",
              "good/" + table + "/dt=" + END + "/part-00000.parquet"),
          keys("good/" + table + "/dt=" + END + "/").stream().sorted().toList(),
          table + " is one complete file");
    }

    ChildJob.Outcome rerun = start("s3-rerun", conf, out, "top_k=3").await(TIMEOUT);
    assertEquals(0, rerun.exitCode(), rerun.toString());
    String newLatest = text("good/latest.json");
    assertFalse(newLatest.equals(latest));
    long runFolders =
        s3.client()
            .listObjectsV2(
                r -> r.bucket(BUCKET).prefix("good/_runs/dt=" + END + "/").delimiter("/"))
            .commonPrefixes()
            .size();
    assertEquals(1, runFolders, "only the published run's files are kept");
  }

  static List<String> keys(String prefix) {
    return s3.client().listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(o -> o.key())
        .toList();
  }

  @Test
  void aGoodRunOnS3LeavesNoSecretInItsOutputsLogsOrEventLog() throws Exception {
    ChildJob.Outcome run = good;
    assertEquals(0, run.exitCode(), run.toString());
    assertFalse(run.all().contains(s3.secretKey()), "secret key in the job's output");
    assertFalse(run.all().contains(HASH_KEY), "hash key in the job's output");
    List<String> published = keys("good/");
    assertTrue(published.contains("good/latest.json"), published.toString());
    String latest =
        s3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key("good/latest.json")).asUtf8String();
    assertFalse(latest.contains(s3.secretKey()));
    for (String key : published) {
      String bytes =
          s3.client()
              .getObjectAsBytes(r -> r.bucket(BUCKET).key(key))
              .asString(StandardCharsets.ISO_8859_1);
      assertFalse(bytes.contains(s3.secretKey()), key);
      assertFalse(bytes.contains(HASH_KEY), key);
    }
    List<Path> eventLogs;
    try (var files = Files.walk(eventLog)) {
      eventLogs = files.filter(Files::isRegularFile).toList();
    }
    assertFalse(eventLogs.isEmpty(), "no event log written");
    String events = "";
    for (Path file : eventLogs) {
      events += Files.readString(file, StandardCharsets.ISO_8859_1);
    }
    // the plans that hash users are in the event log, the key they are keyed with is not
    assertTrue(events.contains("user_hash("), "no plan with the user hash in the event log");
    assertFalse(events.contains(HASH_KEY), "hash key in the event log");
    assertFalse(events.contains(s3.secretKey()), "secret key in the event log");
  }

  @Test
  void refusedCredentialsAreExitCode5WithOneLineAndNothingPublished() throws Exception {
    String wrong = "wrong-secret-" + UUID.randomUUID();
    ChildJob.Outcome run =
        run("s3-wrong", conf("wrong", s3.hadoopConf(), wrong), "s3a://" + BUCKET + "/wrong");
    assertEquals(5, run.exitCode(), run.toString());
    assertEquals(1, run.jobLines().size(), run.toString());
    assertTrue(run.jobLines().get(0).startsWith("alert-recs: storage failed: "), run.toString());
    assertFalse(run.all().contains(wrong), "secret key in the job's output");
    assertFalse(run.all().contains(s3.secretKey()));
    assertEquals(List.of(), keys("wrong/"));
  }

  @Test
  void aStoppedEndpointIsExitCode5WithOneLine() throws Exception {
    S3ProxyServer gone = S3ProxyServer.start();
    Map<String, String> hadoop = gone.hadoopConf();
    String secret = gone.secretKey();
    gone.close();
    ChildJob.Outcome run =
        run("s3-down", conf("down", hadoop, secret), "s3a://" + BUCKET + "/down");
    assertEquals(5, run.exitCode(), run.toString());
    assertEquals(1, run.jobLines().size(), run.toString());
    assertTrue(run.jobLines().get(0).startsWith("alert-recs: storage failed: "), run.toString());
    assertFalse(run.all().contains(secret));
  }
}
