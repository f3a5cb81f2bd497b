package dev.alertrecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertrecs.AlertRecs;
import dev.alertrecs.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's mistake ends with one readable line and a distinct exit code, never a stack trace. */
class CommandLineTest extends SparkTestBase {
  @TempDir Path dir;

  private record Outcome(int code, String err) {}

  /** An output root in the test's temp folder: a run that starts writes its outcome there. */
  private String outDir() {
    return dir.resolve("out").toString();
  }

  private static Outcome run(String... args) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = AlertRecs.execute(args);
      return new Outcome(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(oldErr);
    }
  }

  private static void assertOneLine(Outcome o, int code, String expected) {
    assertEquals(code, o.code(), o.err());
    assertTrue(o.err().startsWith("alert-recs: "), o.err());
    assertTrue(o.err().contains(expected), o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
  }

  @Test
  void aBadDateIsAUsageError() {
    assertOneLine(
        run("daily", "--date", "2026-13-01", "--input", "in", "--output", outDir()),
        2,
        "not a date (YYYY-MM-DD): 2026-13-01");
  }

  @Test
  void aClusterRunWithoutAUserHashKeyStopsBeforeSpark() {
    // the test JVM has no ALERT_RECS_USER_HASH_KEY: the public development key would be used
    assertOneLine(
        run(
            "daily",
            "--date",
            "2026-11-25",
            "--input",
            "in",
            "--output",
            outDir(),
            "--set",
            "spark.master=yarn"),
        2,
        "no user-hash key: set user_hash_key_file, or the environment variable that"
            + " user_hash_key_env names (default ALERT_RECS_USER_HASH_KEY); the public development"
            + " key is refused on master yarn unless allow_dev_user_hash_key=true");
  }

  @Test
  void aMissingOptionIsAUsageError() {
    assertOneLine(run("daily", "--date", "2026-11-25", "--input", "in"), 2, "--output");
  }

  @Test
  void aReversedRangeIsAUsageError() {
    assertOneLine(
        run(
            "daily",
            "--from",
            "2026-11-25",
            "--to",
            "2026-11-01",
            "--input",
            "in",
            "--output",
            outDir()),
        2,
        "--to 2026-11-01 is before --from 2026-11-25");
  }

  @Test
  void evaluateTakesTheSameRangeRules() {
    assertOneLine(
        run(
            "evaluate",
            "--from",
            "2026-11-25",
            "--to",
            "2026-11-01",
            "--input",
            "in",
            "--output",
            outDir()),
        2,
        "--to 2026-11-01 is before --from 2026-11-25");
    assertOneLine(
        run("evaluate", "--from", "2026-11-25", "--input", "in", "--output", outDir()), 2, "--to");
    assertOneLine(
        run(
            "evaluate",
            "--from",
            "2026-11-32",
            "--to",
            "2026-12-01",
            "--input",
            "in",
            "--output",
            outDir()),
        2,
        "not a date (YYYY-MM-DD): 2026-11-32");
  }

  @Test
  void anUnknownSettingOrABadValueIsAUsageError() {
    assertOneLine(
        run(
            "daily",
            "--date",
            "2026-11-25",
            "--input",
            "in",
            "--output",
            outDir(),
            "--set",
            "windowdays=3"),
        2,
        "unknown setting: windowdays");
    assertOneLine(
        run(
            "daily",
            "--date",
            "2026-11-25",
            "--input",
            "in",
            "--output",
            outDir(),
            "--set",
            "top_k=0"),
        2,
        "top_k must be >= 1, got: 0");
    assertOneLine(
        run(
            "daily",
            "--date",
            "2026-11-25",
            "--input",
            "in",
            "--output",
            outDir(),
            "--conf",
            "nope.properties"),
        2,
        "settings file not found: nope.properties");
  }

  @Test
  void missingInputIsItsOwnExitCode() throws Exception {
    Files.createDirectories(dir.resolve("in/catalog/alerts/dt=2026-11-20"));
    Files.createDirectories(dir.resolve("in/catalog/dashboards/dt=2026-11-20"));
    Outcome noActions =
        run(
            "daily",
            "--date",
            "2026-11-25",
            "--input",
            dir.resolve("in").toString(),
            "--output",
            dir.resolve("out").toString());
    assertOneLine(noActions, 3, "no actions folder for 2026-11-25");

    Outcome noCatalog =
        run(
            "daily",
            "--date",
            "2026-11-19",
            "--input",
            dir.resolve("in").toString(),
            "--output",
            dir.resolve("out").toString());
    assertOneLine(noCatalog, 3, "no alerts catalog snapshot on or before 2026-11-19");

    // the scheduler reads the outcome where YARN loses the exit code: worth a retry
    JsonNode status = status(dir.resolve("out"), "2026-11-25");
    assertEquals("2026-11-25", status.get("run_date").asText());
    assertEquals("failed", status.get("status").asText());
    assertEquals(3, status.get("exit_code").asInt());
    assertEquals("MISSING_INPUT", status.get("outcome").asText());
    assertTrue(status.get("retryable").asBoolean());
    assertTrue(status.get("message").asText().startsWith("no actions folder for 2026-11-25"));
    assertTrue(status.get("finished_at").isTextual());
  }

  @Test
  void aBadSettingLeavesAnOutcomeThatIsNotRetried() throws Exception {
    Path out = dir.resolve("out");
    assertOneLine(
        run(
            "daily",
            "--date",
            "2026-11-25",
            "--input",
            "in",
            "--output",
            out.toString(),
            "--set",
            "window_days=-3"),
        2,
        "window_days must be >= 1, got: -3");
    JsonNode status = status(out, "2026-11-25");
    assertEquals(2, status.get("exit_code").asInt());
    assertEquals("USAGE", status.get("outcome").asText());
    assertFalse(status.get("retryable").asBoolean());
  }

  private static JsonNode status(Path output, String date) throws Exception {
    return new ObjectMapper()
        .readTree(Files.readString(output.resolve("_status/dt=" + date + ".json")));
  }
}
