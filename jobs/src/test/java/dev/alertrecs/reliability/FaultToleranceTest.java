package dev.alertrecs.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.TestEvents;
import dev.alertrecs.job.DailyJob;
import dev.alertrecs.job.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults the job must survive, with the job in a child JVM: tasks failing their first attempt
 * (retried by Spark, same output as a clean run), the process killed with SIGKILL at each named
 * point of staging and publishing (the published day stays complete, old or new per table, the
 * manifests on the last published run; the next run succeeds), and a rerun of a date (the same rows
 * again).
 */
class FaultToleranceTest extends SparkTestBase {
  static final LocalDate END = LocalDate.of(2026, 11, 25);
  static final String KEY = "fault-test-key";
  static final Duration CHILD_TIMEOUT = Duration.ofMinutes(10);

  @TempDir static Path dir;
  static Path world;
  static Path clean;
  static DailyJob.Result cleanRun;

  /** The world, and one clean in-process run of it: the reference and the start of every test. */
  @BeforeAll
  static void generateWorldAndRunIt() {
    world = Worlds.generate(dir.resolve("world"), END, 2, 2, 800, 0.002);
    clean = dir.resolve("clean-out");
    cleanRun = runInProcess(world, clean);
  }

  /** A copy of the clean run's output root, its manifests naming the copy's own files. */
  static Path copyOfClean(String name) throws IOException {
    Path copy = dir.resolve(name);
    Worlds.copyTree(clean, copy);
    try (Stream<Path> files = Files.walk(copy)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        Files.writeString(
            f, Files.readString(f).replace(clean.toString() + "/", copy.toString() + "/"));
      }
    }
    return copy;
  }

  static ChildJob child() {
    return new ChildJob(dir.resolve("child-logs")).env(Worlds.HASH_KEY_ENV, KEY);
  }

  static DailyJob.Result runInProcess(Path input, Path out, String... settings) {
    String[] all =
        Stream.concat(Stream.of("window_days", "1"), Stream.of(settings)).toArray(String[]::new);
    return new DailyJob(
            spark,
            Worlds.settings(KEY, all),
            new Layout(input.toString(), out.toString()),
            Clock.systemUTC())
        .run(END);
  }

  static String[] dailyArgs(Path input, Path out, String... sets) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "daily",
                "--date",
                END.toString(),
                "--input",
                input.toString(),
                "--output",
                out.toString(),
                "--set",
                "window_days=1",
                "--set",
                "spark.sql.shuffle.partitions=2"));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return args.toArray(String[]::new);
  }

  @Test
  void failedTaskAttemptsAreRetriedAndGiveTheSameOutputAsACleanRun() {
    Path faulty = dir.resolve("faulty-out");

    ChildJob.Outcome run =
        child()
            .master("local[2,3]")
            .run(
                CHILD_TIMEOUT,
                "task-faults",
                dailyArgs(world, faulty, "fault_fail_first_task_attempts=true"));

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("fails on purpose"), "the fault did not fire:\n" + run);
    for (String table : Outputs.TABLES) {
      assertEquals(
          Outputs.rows(spark, clean.toString(), table, END.toString()),
          Outputs.rows(spark, faulty.toString(), table, END.toString()),
          table);
    }
  }

  @Test
  void withoutRetriesTheFaultHookFailsTheRun() {
    ChildJob.Outcome run =
        child()
            .master("local[2]")
            .run(
                CHILD_TIMEOUT,
                "task-faults-no-retry",
                dailyArgs(
                    world, dir.resolve("no-retry-out"), "fault_fail_first_task_attempts=true"));
    assertEquals(1, run.exitCode(), run.toString());
    assertFalse(Files.exists(dir.resolve("no-retry-out/latest.json")));
  }

  @Test
  void aRerunOfTheSameDateGivesTheSameRows() throws IOException {
    Path out = copyOfClean("rerun-out");
    List<List<String>> first =
        Outputs.TABLES.stream()
            .map(t -> Outputs.rows(spark, out.toString(), t, END.toString()))
            .toList();
    runInProcess(world, out);
    List<List<String>> second =
        Outputs.TABLES.stream()
            .map(t -> Outputs.rows(spark, out.toString(), t, END.toString()))
            .toList();
    assertEquals(first, second);
    assertEquals(2, spark.read().parquet(out + "/runs/dt=" + END).count());
  }

  @ParameterizedTest
  @ValueSource(strings = {"after_stage", "after_first_table", "before_manifests"})
  void aProcessKilledWhilePublishingLeavesEveryTableOldOrNewAndTheNextRunSucceeds(String point)
      throws Exception {
    Path input = dir.resolve(point + "-in");
    Worlds.copyTree(world, input);
    // the old run: the clean run of the same lines, with the default top_k (5)
    Path out = copyOfClean(point + "-out");
    DailyJob.Result old = cleanRun;
    byte[] oldLatest = Files.readAllBytes(out.resolve("latest.json"));
    byte[] oldManifest = Files.readAllBytes(out.resolve("manifests/dt=" + END + "/manifest.json"));
    long oldInvestigations = old.nInvestigations();

    // the new run differs in every table: another model (top_k) and one more investigation
    String account =
        spark.read().json(world + "/catalog/alerts/dt=" + END).first().getAs("account_id");
    String alert = spark.read().json(world + "/catalog/alerts/dt=" + END).first().getAs("alert_id");
    Worlds.addLines(
        input,
        END,
        "extra.json",
        List.of(
            TestEvents.line(
                account,
                "x-1",
                END + "T12:00:00Z",
                "extra-user",
                "alert_opened",
                "alert_id",
                alert),
            TestEvents.line(
                account,
                "x-2",
                END + "T12:01:00Z",
                "extra-user",
                "alert_resolved",
                "alert_id",
                alert)));

    ChildJob.Running running =
        child().start("kill-" + point, dailyArgs(input, out, "top_k=3", "fault_pause_at=" + point));
    running.awaitStderr("alert-recs: fault: paused at " + point, CHILD_TIMEOUT);
    running.kill();

    // the manifests still name the old run, whose files are all there
    assertArrayEquals(oldLatest, Files.readAllBytes(out.resolve("latest.json")));
    assertArrayEquals(
        oldManifest, Files.readAllBytes(out.resolve("manifests/dt=" + END + "/manifest.json")));
    String manifest = new String(oldManifest, java.nio.charset.StandardCharsets.UTF_8);
    for (String snapshot : manifestSnapshots(manifest)) {
      assertTrue(Files.exists(Path.of(snapshot.replaceFirst("^file:", ""))), snapshot);
    }
    // every table is one complete file, of the old run or of the new one, never a mix
    Set<String> models = modelVersions(out);
    assertEquals(1, models.size(), "recommendations mix two runs: " + models);
    long investigations = spark.read().parquet(out + "/investigations/dt=" + END).count();
    assertTrue(
        investigations == oldInvestigations || investigations == oldInvestigations + 1,
        "investigations: " + investigations);
    boolean recommendationsNew = !models.contains(old.modelVersion());
    switch (point) {
      case "after_stage" -> {
        assertFalse(recommendationsNew);
        assertEquals(oldInvestigations, investigations);
      }
      case "after_first_table" -> {
        assertTrue(recommendationsNew);
        assertEquals(oldInvestigations, investigations);
      }
      default -> {
        assertTrue(recommendationsNew);
        assertEquals(oldInvestigations + 1, investigations);
      }
    }
    for (String table : Outputs.TABLES) {
      try (Stream<Path> files = Files.list(out.resolve(table + "/dt=" + END))) {
        assertEquals(
            List.of("_SUCCESS", "part-00000.parquet"),
            files
                .map(f -> f.getFileName().toString())
                .filter(n -> !n.startsWith("."))
                .sorted()
                .toList(),
            table);
      }
    }

    DailyJob.Result next = runInProcess(input, out, "top_k", "3");
    assertEquals("published", next.status());
    assertTrue(Files.readString(out.resolve("latest.json")).contains(next.runId()));
    assertEquals(Set.of(next.modelVersion()), modelVersions(out));
    assertEquals(
        oldInvestigations + 1, spark.read().parquet(out + "/investigations/dt=" + END).count());
    try (Stream<Path> runs = Files.list(out.resolve("_runs/dt=" + END))) {
      assertEquals(List.of(next.runId()), runs.map(p -> p.getFileName().toString()).toList());
    }
  }

  static Set<String> modelVersions(Path out) {
    return Set.copyOf(
        spark
            .read()
            .parquet(out + "/recommendations/dt=" + END)
            .select("model_version")
            .distinct()
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList());
  }

  static List<String> manifestSnapshots(String manifest) throws Exception {
    var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest);
    List<String> snapshots = new java.util.ArrayList<>();
    node.get("tables").forEach(t -> snapshots.add(t.get("snapshot").asText()));
    return snapshots;
  }
}
