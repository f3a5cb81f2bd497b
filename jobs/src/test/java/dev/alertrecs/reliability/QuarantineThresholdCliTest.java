package dev.alertrecs.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.job.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day with more bad lines than max_quarantine_share fails through the command line: exit code 4,
 * one line, nothing new published, the previous day untouched, the run record says failed_checks.
 */
class QuarantineThresholdCliTest extends SparkTestBase {
  static final LocalDate END = LocalDate.of(2026, 11, 25);
  static final LocalDate BEFORE = END.minusDays(1);

  @TempDir Path dir;

  @Test
  void tooManyQuarantinedRecordsFailTheRunBeforePublishing() throws Exception {
    Path input = Worlds.generate(dir.resolve("in"), END, 2, 2, 600, 0.002);
    Path out = dir.resolve("out");
    Cli.Result first =
        Cli.run(
            "daily",
            "--date",
            BEFORE.toString(),
            "--input",
            input.toString(),
            "--output",
            out.toString(),
            "--set",
            "window_days=1");
    assertEquals(0, first.exitCode(), first.toString());
    byte[] latestBefore = Files.readAllBytes(out.resolve("latest.json"));
    byte[] recsBefore =
        Files.readAllBytes(out.resolve("recommendations/dt=" + BEFORE + "/part-00000.parquet"));

    // 10% of the day's lines are bad: twice the default limit of 5%
    long lines = spark.read().text(Worlds.actionsDay(input, END).toString()).count();
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < lines / 9; i++) {
      bad.add("{\"event_id\":\"bad-" + i + "\",\"ts\":\"not a time\"}");
    }
    Worlds.addLines(input, END, "bad.json", bad);

    Cli.Result failed =
        Cli.run(
            "daily",
            "--date",
            END.toString(),
            "--input",
            input.toString(),
            "--output",
            out.toString(),
            "--set",
            "window_days=1");

    assertEquals(ExitCode.CHECKS_FAILED.code(), failed.exitCode(), failed.toString());
    assertEquals(1, failed.stderrLines().size(), failed.toString());
    String line = failed.stderrLines().get(0);
    assertTrue(
        line.startsWith(
            "alert-recs: run of " + END + " not published: check failed: quarantine_share ("),
        line);
    assertTrue(line.contains("(limit 5.00%)"), line);

    for (String table : List.of("recommendations", "next_steps", "investigations", "alert_stats")) {
      assertFalse(Files.exists(out.resolve(table + "/dt=" + END)), table + " published");
    }
    assertFalse(Files.exists(out.resolve("manifests/dt=" + END)));
    assertArrayEquals(latestBefore, Files.readAllBytes(out.resolve("latest.json")));
    assertArrayEquals(
        recsBefore,
        Files.readAllBytes(out.resolve("recommendations/dt=" + BEFORE + "/part-00000.parquet")));
    // the bad records themselves are published, so the on-call engineer can see them
    assertTrue(
        spark
                .read()
                .parquet(out + "/quarantine/dt=" + END)
                .where("source_file like '%bad.json'")
                .count()
            == bad.size());

    Row record = spark.read().parquet(out + "/runs/dt=" + END).first();
    assertEquals("failed_checks", record.getAs("status"));
    assertTrue(record.<String>getAs("error").contains("quarantine_share"));
    try (var staged = Files.list(out.resolve("_runs/dt=" + END))) {
      assertEquals(List.of(), staged.toList(), "staged files discarded");
    }
  }
}
