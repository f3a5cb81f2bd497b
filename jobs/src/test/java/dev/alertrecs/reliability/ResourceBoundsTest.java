package dev.alertrecs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.TestEvents;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A skewed day still finishes in a small heap: one account with almost every event (100,000 by
 * default, 250,000 checked by hand: 149 s on two shared, busy cores), one user with 5,000 actions
 * in one minute, two small accounts. The job runs in a child JVM with {@code -Xmx1g} on local[2];
 * the test prints the time it took (a figure, not an assertion).
 */
class ResourceBoundsTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);

  /**
   * 100,000 by default to stay near a minute; -Dalertrecs.bounds.events=250000 for the heavier run.
   */
  static final int BIG_EVENTS = Integer.getInteger("alertrecs.bounds.events", 100_000);

  static final int BURST = 5_000;
  static final int USERS = 300;
  static final int ALERTS = 30;

  @TempDir Path dir;

  @Test
  void oneHugeAccountAndABurstingUserFinishInAOneGigabyteHeap() throws Exception {
    Path input = dir.resolve("in");
    writeInput(input);
    Path out = dir.resolve("out");

    ChildJob.Outcome run =
        new ChildJob(dir.resolve("logs"))
            .heap("1g")
            .env(Worlds.HASH_KEY_ENV, "bounds-key")
            .run(
                Duration.ofMinutes(5),
                "bounds",
                "daily",
                "--date",
                DAY.toString(),
                "--input",
                input.toString(),
                "--output",
                out.toString(),
                "--set",
                "window_days=1",
                "--set",
                "spark.sql.shuffle.partitions=4");
    System.out.println(
        "ResourceBoundsTest: "
            + (BIG_EVENTS + BURST + 4_000)
            + " events in "
            + run.took().toSeconds()
            + " s with -Xmx1g on local[2]");
    assertEquals(0, run.exitCode(), run.toString());
    Row burst =
        spark
            .read()
            .parquet(out + "/investigations/dt=" + DAY)
            .where("alert_id = 'al-burst'")
            .first();
    assertTrue(burst.<Long>getAs("n_actions") >= BURST, burst.toString());
    assertEquals("resolved", burst.getAs("stop_reason"));
    assertTrue(spark.read().parquet(out + "/investigations/dt=" + DAY).count() > BIG_EVENTS / 12);
  }

  static void writeInput(Path input) throws Exception {
    Path actions = input.resolve("actions/dt=" + DAY);
    Files.createDirectories(actions);
    Instant start = DAY.atStartOfDay().toInstant(ZoneOffset.UTC);
    try (BufferedWriter w = gz(actions.resolve("part-00000.json.gz"))) {
      for (int i = 0; i < BIG_EVENTS; i++) {
        int user = i % USERS;
        int step = i / USERS; // the user's n-th action: open, 8 items, resolve, again
        int inCycle = step % 10;
        int cycle = step / 10;
        String alert = "al-" + (1 + (user + cycle) % ALERTS);
        Instant ts = start.plusSeconds(step * 30L).plusMillis(user);
        String u = "u-" + user;
        String line =
            switch (inCycle) {
              case 0 ->
                  TestEvents.line(
                      "big", "e-" + i, ts.toString(), u, "alert_opened", "alert_id", alert);
              case 9 ->
                  TestEvents.line(
                      "big", "e-" + i, ts.toString(), u, "alert_resolved", "alert_id", alert);
              case 3, 6 ->
                  TestEvents.line(
                      "big",
                      "e-" + i,
                      ts.toString(),
                      u,
                      "query_run",
                      "query",
                      "service:svc-"
                          + (user % 7)
                          + " AND level:error AND @timestamp:[now-"
                          + inCycle
                          + "m TO now]");
              default ->
                  TestEvents.line(
                      "big",
                      "e-" + i,
                      ts.toString(),
                      u,
                      "dashboard_viewed",
                      "dashboard_id",
                      "d-" + (1 + (user * 3 + inCycle) % 40));
            };
        w.write(line);
        w.newLine();
      }
      Instant burstStart = start.plusSeconds(20 * 3600);
      w.write(
          TestEvents.line(
              "big",
              "b-open",
              burstStart.toString(),
              "burst-user",
              "alert_opened",
              "alert_id",
              "al-burst"));
      w.newLine();
      for (int i = 0; i < BURST; i++) {
        w.write(
            TestEvents.line(
                "big",
                "b-" + i,
                burstStart.plusMillis(1 + i * 11L).toString(),
                "burst-user",
                "dashboard_viewed",
                "dashboard_id",
                "d-" + (1 + i % 40)));
        w.newLine();
      }
      w.write(
          TestEvents.line(
              "big",
              "b-resolve",
              burstStart.plusSeconds(59).toString(),
              "burst-user",
              "alert_resolved",
              "alert_id",
              "al-burst"));
      w.newLine();
    }
    try (BufferedWriter w = gz(actions.resolve("part-00001.json.gz"))) {
      for (String account : List.of("small-1", "small-2")) {
        for (int i = 0; i < 2_000; i++) {
          int step = i / 20;
          Instant ts = start.plusSeconds(step * 60L).plusMillis(i % 20);
          String u = "u-" + (i % 20);
          String line =
              step % 5 == 0
                  ? TestEvents.line(
                      account,
                      "e-" + i,
                      ts.toString(),
                      u,
                      "alert_opened",
                      "alert_id",
                      "al-" + (1 + i % 3))
                  : TestEvents.line(
                      account,
                      "e-" + i,
                      ts.toString(),
                      u,
                      "dashboard_viewed",
                      "dashboard_id",
                      "d-" + (1 + i % 5));
          w.write(line);
          w.newLine();
        }
      }
    }
    List<String> alerts = new ArrayList<>();
    List<String> dashboards = new ArrayList<>();
    for (String account : List.of("big", "small-1", "small-2")) {
      for (int a = 1; a <= ALERTS; a++) {
        alerts.add(
            "{\"account_id\":\""
                + account
                + "\",\"alert_id\":\"al-"
                + a
                + "\",\"title\":\"Alert "
                + a
                + " of "
                + account
                + "\",\"severity\":\"high\"}");
      }
      for (int d = 1; d <= 40; d++) {
        dashboards.add(
            "{\"account_id\":\""
                + account
                + "\",\"dashboard_id\":\"d-"
                + d
                + "\",\"title\":\"Board "
                + d
                + " of "
                + account
                + "\",\"deleted\":false}");
      }
    }
    alerts.add(
        "{\"account_id\":\"big\",\"alert_id\":\"al-burst\",\"title\":\"Burst\",\"severity\":\"low\"}");
    Path a = input.resolve("catalog/alerts/dt=" + DAY);
    Path d = input.resolve("catalog/dashboards/dt=" + DAY);
    Files.createDirectories(a);
    Files.createDirectories(d);
    Files.write(a.resolve("alerts.json"), alerts);
    Files.write(d.resolve("dashboards.json"), dashboards);
  }

  static BufferedWriter gz(Path file) throws Exception {
    return new BufferedWriter(
        new OutputStreamWriter(
            new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8));
  }
}
