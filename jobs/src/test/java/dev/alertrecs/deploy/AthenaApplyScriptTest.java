package dev.alertrecs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs scripts/athena-apply.sh with {@code --dry-run} and reads the calls it would make, one JSON
 * line each; then runs it for real against a stand-in {@code aws} command that records its calls.
 */
class AthenaApplyScriptTest {

  static final String SCRIPT = "athena-apply.sh";
  static final String[] BASE = {"--work-group", "alert-recs", "--bucket", "acme-recs"};

  static List<JsonNode> calls(String stdout) throws IOException {
    List<JsonNode> calls = new ArrayList<>();
    for (String line : stdout.strip().split("\n")) {
      calls.add(EmrScriptsTest.JSON.readTree(line));
    }
    return calls;
  }

  static List<JsonNode> dryRun(String... extra) throws Exception {
    EmrScriptsTest.Result r = EmrScriptsTest.run(SCRIPT, EmrScriptsTest.concat(BASE, extra));
    assertEquals(0, r.exitCode(), r.stderr());
    return calls(r.stdout());
  }

  static List<Path> ddlFiles() throws IOException {
    try (Stream<Path> files = Files.list(AthenaDdlTest.ATHENA_DIR)) {
      return files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
  }

  @Test
  void theDatabaseComesFirstAndAloneThenOneCallPerTableInIt() throws Exception {
    List<JsonNode> calls = dryRun("--dry-run");
    JsonNode first = calls.get(0);
    assertEquals("CREATE DATABASE IF NOT EXISTS `alert_recs`", first.get("query_string").asText());
    assertTrue(first.get("database").isNull(), "the database does not exist yet: no context");
    assertEquals(
        List.of(
            "aws",
            "athena",
            "start-query-execution",
            "--work-group",
            "alert-recs",
            "--query-string",
            "CREATE DATABASE IF NOT EXISTS `alert_recs`"),
        EmrScriptsTest.texts(first.get("argv")));

    List<JsonNode> tables = calls.subList(1, calls.size());
    assertEquals(ddlFiles().size(), tables.size(), "one call per DDL file, nothing else");
    for (JsonNode call : tables) {
      String sql = call.get("query_string").asText();
      assertTrue(sql.startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS "), sql);
      assertFalse(sql.toUpperCase().contains("CREATE DATABASE"), sql);
      List<String> argv = EmrScriptsTest.texts(call.get("argv"));
      assertEquals(List.of("aws", "athena", "start-query-execution"), argv.subList(0, 3));
      assertEquals("alert-recs", EmrScriptsTest.valueAfter(argv, "--work-group"));
      assertEquals(sql, EmrScriptsTest.valueAfter(argv, "--query-string"));
      assertEquals(
          "Database=alert_recs", EmrScriptsTest.valueAfter(argv, "--query-execution-context"));
      assertEquals("alert_recs", call.get("database").asText());
    }
  }

  @Test
  void everyStatementIsOneStatementWithoutComments() throws Exception {
    for (JsonNode call : dryRun("--dry-run")) {
      String sql = call.get("query_string").asText();
      assertFalse(sql.isBlank());
      assertEquals(sql.strip(), sql, "no leading or trailing blank");
      assertFalse(sql.startsWith("--"), "Athena rejects a statement that starts with a comment");
      sql.lines().forEach(l -> assertFalse(l.strip().startsWith("--"), "comment line: " + l));
      assertFalse(sql.contains(" -- "), "trailing comment in " + sql);
      // a semicolon outside quoted text would end a statement
      assertFalse(
          sql.replaceAll("'[^']*'", "''").contains(";"),
          "more than one statement in a call: " + sql);
    }
  }

  @Test
  void everyDdlFileIsAppliedWithTheColumnTypesDuckDbReads() throws Exception {
    List<JsonNode> tables = dryRun("--dry-run").subList(1, ddlFiles().size() + 1);
    List<String> sources =
        tables.stream()
            .map(c -> Path.of(c.get("source").asText()).getFileName().toString())
            .toList();
    assertEquals(ddlFiles().stream().map(p -> p.getFileName().toString()).toList(), sources);
    for (int i = 0; i < tables.size(); i++) {
      AthenaDdl sent = AthenaDdl.parse(tables.get(i).get("query_string").asText());
      AthenaDdl file = AthenaDdl.parse(ddlFiles().get(i));
      assertEquals(file.table(), sent.table());
      // the same columns as the file (which the DuckDB tests hold against the Parquet the job
      // writes), and the contract's types
      assertEquals(file.columns(), sent.columns(), sent.table());
      assertEquals(file.partitionKeys(), sent.partitionKeys(), sent.table());
      Map<String, String> sentTypes = sent.typesByName();
      AthenaDdlTest.CONTRACT
          .get(sent.table())
          .forEach(
              (column, type) ->
                  assertEquals(type, sentTypes.get(column), sent.table() + "." + column + " sent"));
      // the output root is filled in; Athena's own ${dt} template stays
      assertEquals("s3://acme-recs/recs/" + sent.table() + "/", sent.location());
      assertEquals(
          "s3://acme-recs/recs/" + sent.table() + "/dt=${dt}/",
          sent.tableProperties().get("storage.location.template"));
    }
  }

  @Test
  void outputDatabaseAndRegionAreUsedAsGiven() throws Exception {
    EmrScriptsTest.Result r =
        EmrScriptsTest.run(
            SCRIPT,
            "--work-group",
            "analytics",
            "--output",
            "s3://other-bucket/alert/recs/",
            "--database",
            "recs_prod",
            "--region",
            "eu-west-1",
            "--dry-run");
    assertEquals(0, r.exitCode(), r.stderr());
    List<JsonNode> calls = calls(r.stdout());
    assertEquals(
        "CREATE DATABASE IF NOT EXISTS `recs_prod`", calls.get(0).get("query_string").asText());
    for (JsonNode call : calls) {
      List<String> argv = EmrScriptsTest.texts(call.get("argv"));
      assertEquals(List.of("aws", "--region", "eu-west-1", "athena"), argv.subList(0, 4));
    }
    JsonNode runs = calls.get(calls.size() - 1);
    assertEquals(
        "Database=recs_prod",
        EmrScriptsTest.valueAfter(
            EmrScriptsTest.texts(runs.get("argv")), "--query-execution-context"));
    assertEquals(
        "s3://other-bucket/alert/recs/runs/",
        AthenaDdl.parse(runs.get("query_string").asText()).location());
  }

  @Test
  void missingWorkGroupOrOutputIsAUsageError() throws Exception {
    EmrScriptsTest.Result r = EmrScriptsTest.run(SCRIPT, "--bucket", "acme-recs", "--dry-run");
    assertEquals(2, r.exitCode());
    assertTrue(r.stderr().contains("--work-group"), r.stderr());
    r = EmrScriptsTest.run(SCRIPT, "--work-group", "wg", "--dry-run");
    assertEquals(2, r.exitCode());
    assertTrue(r.stderr().contains("--output"), r.stderr());
    assertEquals("", r.stdout());
  }

  // ---- for real, against a stand-in aws command
  // --------------------------------------------------

  /** Records every call in $FAKE_AWS_LOG; queries RUN once, then SUCCEED, or FAIL when named. */
  static final String FAKE_AWS =
      """
      #!/usr/bin/env bash
      printf '%s\\n' "$*" | tr '\\n' ' ' >> "$FAKE_AWS_LOG"; echo >> "$FAKE_AWS_LOG"
      id="" prev=""
      for a in "$@"; do [[ $prev == --query-execution-id ]] && id=$a; prev=$a; done
      case " $* " in
        *" start-query-execution "*) echo "q-$(grep -c start-query-execution "$FAKE_AWS_LOG")" ;;
        *" get-query-execution "*)
          if [[ $id == "${FAKE_AWS_FAIL:-}" ]]; then
            printf 'FAILED\\tline 1:8: no viable alternative\\n'
          elif [[ ! -e "$FAKE_AWS_LOG.$id" ]]; then
            touch "$FAKE_AWS_LOG.$id"; printf 'RUNNING\\tNone\\n'
          else
            printf 'SUCCEEDED\\tNone\\n'
          fi ;;
        *) exit 9 ;;
      esac
      """;

  record Applied(int exitCode, String stderr, List<String> log) {}

  static Applied apply(Path dir, String failQuery) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path aws = bin.resolve("aws");
    Files.writeString(aws, FAKE_AWS);
    Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path log = dir.resolve("calls.log");
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash",
            EmrScriptsTest.SCRIPTS.resolve(SCRIPT).toString(),
            "--work-group",
            "alert-recs",
            "--bucket",
            "acme-recs");
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("FAKE_AWS_LOG", log.toString());
    pb.environment().put("ATHENA_POLL_SECONDS", "0");
    if (failQuery != null) {
      pb.environment().put("FAKE_AWS_FAIL", failQuery);
    }
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(SCRIPT + " did not finish in 60 s");
    }
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Applied(p.exitValue(), stderr, Files.readAllLines(log));
  }

  @Test
  void eachStatementIsWaitedForBeforeTheNextStarts(@TempDir Path dir) throws Exception {
    Applied a = apply(dir, null);
    assertEquals(0, a.exitCode(), a.stderr());
    int statements = ddlFiles().size() + 1;
    List<String> expected = new ArrayList<>();
    for (int q = 1; q <= statements; q++) {
      expected.add("start");
      // RUNNING once, then SUCCEEDED: two polls before the next statement
      expected.add("get q-" + q);
      expected.add("get q-" + q);
    }
    List<String> seen =
        a.log().stream()
            .map(
                l ->
                    l.contains("start-query-execution")
                        ? "start"
                        : "get " + l.replaceAll(".*--query-execution-id (\\S+).*", "$1"))
            .toList();
    assertEquals(expected, seen);
    assertTrue(a.log().get(0).contains("CREATE DATABASE"), a.log().get(0));
  }

  @Test
  void aFailedStatementStopsTheRunWithAthenasReason(@TempDir Path dir) throws Exception {
    Applied a = apply(dir, "q-3");
    assertEquals(1, a.exitCode(), a.stderr());
    assertTrue(a.stderr().contains("FAILED: line 1:8: no viable alternative"), a.stderr());
    assertTrue(a.stderr().contains(ddlFiles().get(1).getFileName().toString()), a.stderr());
    assertNull(
        a.log().stream().filter(l -> l.contains("q-4")).findFirst().orElse(null),
        "nothing runs after a failed statement");
    assertEquals(3, a.log().stream().filter(l -> l.contains("start-query-execution")).count());
  }
}
