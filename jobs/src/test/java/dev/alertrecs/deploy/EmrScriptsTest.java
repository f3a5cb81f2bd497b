package dev.alertrecs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs scripts/emr-add-step.sh and scripts/emr-serverless-start.sh with {@code --dry-run} (which
 * builds, uploads and calls nothing) and reads the request JSON they print. Both parse their common
 * options in scripts/lib/common.sh and build the request with scripts/lib/alert_recs_job.py, which
 * the Airflow DAG imports too; the last tests call that module the way the DAG does.
 */
class EmrScriptsTest {

  static final Path SCRIPTS = Path.of("..", "scripts");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String[] CLUSTER = {"--cluster-id", "j-2AXXXXXXGAPLF"};
  static final String[] SERVERLESS = {
    "--application-id", "00fabc123def",
    "--execution-role-arn", "arn:aws:iam::123456789012:role/alert-recs-job"
  };

  record Result(int exitCode, String stdout, String stderr) {}

  static Result run(String script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve(script).toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    // the outputs are small: reading them after exit cannot fill a pipe
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(script + " did not finish in 60 s");
    }
    return new Result(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The arguments after {@code option}, e.g. valueAfter(args, "--input"). */
  static String valueAfter(List<String> args, String option) {
    int i = args.indexOf(option);
    assertTrue(i >= 0 && i + 1 < args.size(), "no " + option + " in " + args);
    return args.get(i + 1);
  }

  @Test
  void addStepDryRunPrintsOneSparkSubmitStepForTheDate() throws Exception {
    Result r =
        run(
            "emr-add-step.sh",
            concat(CLUSTER, "--bucket", "acme-recs", "--date", "2026-11-25", "--dry-run"));
    assertEquals(0, r.exitCode(), r.stderr());
    JsonNode steps = JSON.readTree(r.stdout());
    assertTrue(steps.isArray());
    assertEquals(1, steps.size());
    JsonNode step = steps.get(0);
    assertEquals("CONTINUE", step.get("ActionOnFailure").asText());
    assertTrue(step.get("Name").asText().contains("2026-11-25"));
    assertEquals("command-runner.jar", step.get("HadoopJarStep").get("Jar").asText());

    List<String> args = texts(step.get("HadoopJarStep").get("Args"));
    assertEquals("spark-submit", args.get(0));
    assertEquals("cluster", valueAfter(args, "--deploy-mode"));
    assertEquals("dev.alertrecs.AlertRecs", valueAfter(args, "--class"));
    assertEquals("s3://acme-recs/conf/emr.properties", valueAfter(args, "--files"));

    // everything after the jar belongs to the job
    int jar = args.indexOf("s3://acme-recs/jars/alert-recs.jar");
    assertTrue(jar > 0, "no jar in " + args);
    List<String> job = args.subList(jar + 1, args.size());
    assertEquals("daily", job.get(0));
    assertEquals("2026-11-25", valueAfter(job, "--date"));
    assertEquals("s3://acme-recs/raw", valueAfter(job, "--input"));
    assertEquals("s3://acme-recs/recs", valueAfter(job, "--output"));
    // the settings file shipped with --files is read by its base name on the driver
    assertEquals("emr.properties", valueAfter(job, "--conf"));
    assertFalse(job.contains("--from"));
  }

  @Test
  void addStepDryRunTakesARangeExplicitUrisAndOverrides() throws Exception {
    Result r =
        run(
            "emr-add-step.sh",
            concat(
                CLUSTER,
                "--jar-uri",
                "s3://jars-bucket/alert-recs/1.2.0/alert-recs.jar",
                "--input",
                "s3://logs-bucket/actions-root",
                "--output",
                "s3://recs-bucket/out",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-25",
                "--hash-key-uri",
                "s3://secret-bucket/alert-recs/user-hash.key",
                "--set",
                "top_k=7",
                "--dry-run"));
    assertEquals(0, r.exitCode(), r.stderr());
    List<String> args = texts(JSON.readTree(r.stdout()).get(0).get("HadoopJarStep").get("Args"));
    assertEquals(
        "s3://jars-bucket/alert-recs/1.2.0/emr.properties,s3://secret-bucket/alert-recs/user-hash.key",
        valueAfter(args, "--files"));
    int jar = args.indexOf("s3://jars-bucket/alert-recs/1.2.0/alert-recs.jar");
    List<String> job = args.subList(jar + 1, args.size());
    assertEquals("daily", job.get(0));
    assertEquals("2026-11-01", valueAfter(job, "--from"));
    assertEquals("2026-11-25", valueAfter(job, "--to"));
    assertFalse(job.contains("--date"));
    assertEquals("s3://logs-bucket/actions-root", valueAfter(job, "--input"));
    assertEquals("s3://recs-bucket/out", valueAfter(job, "--output"));
    assertTrue(job.contains("user_hash_key_file=user-hash.key"), job.toString());
    assertTrue(job.indexOf("top_k=7") > job.indexOf("--conf"), "--set must come after --conf");
  }

  @Test
  void serverlessDryRunPrintsTheStartJobRunRequest() throws Exception {
    Result r =
        run(
            "emr-serverless-start.sh",
            concat(
                SERVERLESS,
                "--bucket",
                "acme-recs",
                "--date",
                "2026-11-25",
                "--hash-key-secret",
                "alert-recs/user-hash-key",
                "--dry-run"));
    assertEquals(0, r.exitCode(), r.stderr());
    JsonNode request = JSON.readTree(r.stdout());
    assertEquals("00fabc123def", request.get("applicationId").asText());
    assertEquals(
        "arn:aws:iam::123456789012:role/alert-recs-job", request.get("executionRoleArn").asText());
    assertTrue(request.get("name").asText().contains("2026-11-25"));
    JsonNode submit = request.get("jobDriver").get("sparkSubmit");
    assertEquals("s3://acme-recs/jars/alert-recs.jar", submit.get("entryPoint").asText());

    List<String> job = texts(submit.get("entryPointArguments"));
    assertEquals("daily", job.get(0));
    assertEquals("2026-11-25", valueAfter(job, "--date"));
    assertEquals("s3://acme-recs/raw", valueAfter(job, "--input"));
    assertEquals("s3://acme-recs/recs", valueAfter(job, "--output"));
    // no settings file on Serverless: job keys arrive as --set, Spark keys as --conf
    assertFalse(job.contains("--conf"));
    assertTrue(job.contains("window_days=28"), job.toString());
    assertFalse(job.stream().anyMatch(a -> a.startsWith("spark.")), job.toString());

    String params = submit.get("sparkSubmitParameters").asText();
    assertTrue(params.startsWith("--class dev.alertrecs.AlertRecs"), params);
    assertTrue(params.contains("--conf spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS"));
    assertTrue(params.contains("--conf spark.sql.session.timeZone=UTC"));
    assertTrue(
        params.contains(
            "--conf spark.emr-serverless.driverEnv.ALERT_RECS_USER_HASH_KEY="
                + "EMR.secret@alert-recs/user-hash-key"),
        params);
    assertEquals(
        "s3://acme-recs/logs/emr-serverless/",
        request
            .get("configurationOverrides")
            .get("monitoringConfiguration")
            .get("s3MonitoringConfiguration")
            .get("logUri")
            .asText());
  }

  @Test
  void serverlessDryRunTakesARange() throws Exception {
    Result r =
        run(
            "emr-serverless-start.sh",
            concat(
                SERVERLESS,
                "--bucket",
                "acme-recs",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-25",
                "--set",
                "top_k=3",
                "--dry-run"));
    assertEquals(0, r.exitCode(), r.stderr());
    List<String> job =
        texts(
            JSON.readTree(r.stdout())
                .get("jobDriver")
                .get("sparkSubmit")
                .get("entryPointArguments"));
    assertEquals("2026-11-01", valueAfter(job, "--from"));
    assertEquals("2026-11-25", valueAfter(job, "--to"));
    assertFalse(job.contains("--date"));
    // the command-line override comes after the file's value, so it wins
    assertTrue(job.lastIndexOf("top_k=3") > job.indexOf("top_k=5"), job.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-13-01", "2026-02-30", "20261125", "yesterday"})
  void aBadDateIsAUsageError(String date) throws Exception {
    assertUsageError(
        run(
            "emr-add-step.sh",
            concat(CLUSTER, "--bucket", "acme-recs", "--date", date, "--dry-run")),
        date);
    assertUsageError(
        run(
            "emr-serverless-start.sh",
            concat(SERVERLESS, "--bucket", "acme-recs", "--date", date, "--dry-run")),
        date);
  }

  @Test
  void aMissingRequiredOptionIsAUsageError() throws Exception {
    assertUsageError(
        run("emr-add-step.sh", "--bucket", "acme-recs", "--date", "2026-11-25", "--dry-run"),
        "--cluster-id");
    assertUsageError(
        run("emr-add-step.sh", concat(CLUSTER, "--bucket", "acme-recs", "--dry-run")), "--date");
    assertUsageError(
        run("emr-add-step.sh", concat(CLUSTER, "--date", "2026-11-25", "--dry-run")), "--bucket");
    assertUsageError(
        run(
            "emr-add-step.sh",
            concat(CLUSTER, "--bucket", "acme-recs", "--from", "2026-11-01", "--dry-run")),
        "--to");
    assertUsageError(
        run(
            "emr-serverless-start.sh",
            "--application-id",
            "00fabc123def",
            "--bucket",
            "acme-recs",
            "--date",
            "2026-11-25",
            "--dry-run"),
        "--execution-role-arn");
  }

  @Test
  void aRangeEndingBeforeItStartsIsAUsageError() throws Exception {
    assertUsageError(
        run(
            "emr-add-step.sh",
            concat(
                CLUSTER,
                "--bucket",
                "acme-recs",
                "--from",
                "2026-11-25",
                "--to",
                "2026-11-01",
                "--dry-run")),
        "--from");
  }

  // ---- what both scripts share (scripts/lib/common.sh, scripts/lib/alert_recs_job.py) ----------

  static final String[][] BOTH = {
    concat(CLUSTER, "--bucket", "acme-recs", "--date", "2026-11-25"),
    concat(SERVERLESS, "--bucket", "acme-recs", "--date", "2026-11-25")
  };
  static final String[] SCRIPT_NAMES = {"emr-add-step.sh", "emr-serverless-start.sh"};

  /** The job's arguments: after the jar in the step, entryPointArguments in the request. */
  static List<String> jobArgs(String script, String stdout) throws IOException {
    JsonNode json = JSON.readTree(stdout);
    if (script.equals("emr-add-step.sh")) {
      List<String> args = texts(json.get(0).get("HadoopJarStep").get("Args"));
      return args.subList(args.indexOf("s3://acme-recs/jars/alert-recs.jar") + 1, args.size());
    }
    return texts(json.get("jobDriver").get("sparkSubmit").get("entryPointArguments"));
  }

  @Test
  void bothScriptsGiveTheJobTheSameDateInputAndOutput() throws Exception {
    List<List<String>> heads = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Result r = run(SCRIPT_NAMES[i], concat(BOTH[i], "--dry-run"));
      assertEquals(0, r.exitCode(), r.stderr());
      heads.add(jobArgs(SCRIPT_NAMES[i], r.stdout()).subList(0, 7));
    }
    assertEquals(
        List.of(
            "daily",
            "--date",
            "2026-11-25",
            "--input",
            "s3://acme-recs/raw",
            "--output",
            "s3://acme-recs/recs"),
        heads.get(0));
    assertEquals(heads.get(0), heads.get(1));
  }

  @Test
  void bothScriptsTakeSparkConfNameAndSetTheSameWay() throws Exception {
    String[] extra = {
      "--spark-conf",
      "spark.executor.memory=8g",
      "--name",
      "nightly 25",
      "--set",
      "top_k=9",
      "--dry-run"
    };
    Result step = run(SCRIPT_NAMES[0], concat(BOTH[0], extra));
    assertEquals(0, step.exitCode(), step.stderr());
    JsonNode s = JSON.readTree(step.stdout()).get(0);
    assertEquals("nightly 25", s.get("Name").asText());
    List<String> args = texts(s.get("HadoopJarStep").get("Args"));
    int jar = args.indexOf("s3://acme-recs/jars/alert-recs.jar");
    // a Spark setting belongs to spark-submit (before the jar), a job setting to the job
    int memory = args.indexOf("spark.executor.memory=8g");
    assertTrue(
        memory > 0 && memory < jar && args.get(memory - 1).equals("--conf"), args.toString());
    assertEquals("top_k=9", args.get(args.size() - 1));
    assertEquals("--set", args.get(args.size() - 2));

    Result serverless = run(SCRIPT_NAMES[1], concat(BOTH[1], extra));
    assertEquals(0, serverless.exitCode(), serverless.stderr());
    JsonNode request = JSON.readTree(serverless.stdout());
    assertEquals("nightly 25", request.get("name").asText());
    String params =
        request.get("jobDriver").get("sparkSubmit").get("sparkSubmitParameters").asText();
    assertTrue(params.contains("--conf spark.executor.memory=8g"), params);
    List<String> job = jobArgs(SCRIPT_NAMES[1], serverless.stdout());
    assertEquals("top_k=9", job.get(job.size() - 1));
  }

  @Test
  void bothScriptsRejectAnUnknownOptionAndDescribeTheSharedOnes() throws Exception {
    for (int i = 0; i < 2; i++) {
      assertUsageError(run(SCRIPT_NAMES[i], concat(BOTH[i], "--dryrun")), "--dryrun");
      assertUsageError(
          run(SCRIPT_NAMES[i], concat(BOTH[i], "--set", "no-equals", "--dry-run")), "--set");
      Result help = run(SCRIPT_NAMES[i], "--help");
      assertEquals(0, help.exitCode(), help.stderr());
      for (String option :
          List.of(
              "--date D", "--bucket NAME", "--spark-conf", "--no-build", "--dry-run", "--region")) {
        assertTrue(help.stdout().contains(option), SCRIPT_NAMES[i] + " --help lacks " + option);
      }
    }
  }

  @Test
  void theSettingsFileNamesTheSecretsEnvironmentVariableOnServerless() throws Exception {
    Result r =
        run(
            "emr-serverless-start.sh",
            concat(
                BOTH[1],
                "--hash-key-secret",
                "alert-recs/key",
                "--set",
                "user_hash_key_env=RECS_KEY",
                "--dry-run"));
    assertEquals(0, r.exitCode(), r.stderr());
    String params =
        JSON.readTree(r.stdout())
            .get("jobDriver")
            .get("sparkSubmit")
            .get("sparkSubmitParameters")
            .asText();
    assertTrue(
        params.endsWith("--conf spark.emr-serverless.driverEnv.RECS_KEY=EMR.secret@alert-recs/key"),
        params);
    assertFalse(params.contains("ALERT_RECS_USER_HASH_KEY"), params);
  }

  /** Runs python3 with scripts/lib on the path: the way the DAG uses alert_recs_job. */
  static Result python(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("python3"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("PYTHONPATH", SCRIPTS.resolve("lib").toString());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("python3 did not finish in 60 s");
    }
    return new Result(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void theDagsStepIsTheScriptsStep() throws Exception {
    // what alert_recs_dag.run_job builds from its Variables for 2026-11-25, try 1
    Result dag =
        python(
            "",
            "-c",
            """
            import json, alert_recs_job as job
            d = job.date_arguments("2026-11-25")
            print(json.dumps([job.emr_step(
                date_args=d, jar_uri="s3://acme-recs/jars/alert-recs.jar",
                conf_uri="s3://acme-recs/conf/emr.properties", input_uri="s3://acme-recs/raw",
                output_uri="s3://acme-recs/recs",
                hash_key_uri="s3://secret-bucket/alert-recs/user-hash.key",
                name=job.run_name(d, try_number=1))]))
            """);
    assertEquals(0, dag.exitCode(), dag.stderr());
    Result script =
        run(
            "emr-add-step.sh",
            concat(
                BOTH[0],
                "--hash-key-uri",
                "s3://secret-bucket/alert-recs/user-hash.key",
                "--dry-run"));
    assertEquals(0, script.exitCode(), script.stderr());
    JsonNode fromDag = JSON.readTree(dag.stdout()).get(0);
    JsonNode fromScript = JSON.readTree(script.stdout()).get(0);
    assertEquals(fromScript.get("HadoopJarStep"), fromDag.get("HadoopJarStep"));
    assertEquals("alert-recs daily 2026-11-25", fromScript.get("Name").asText());
    assertEquals("alert-recs daily 2026-11-25 try 1", fromDag.get("Name").asText());
  }

  static boolean retryable(String status, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                SCRIPTS.resolve("lib").resolve("alert_recs_job.py").toString(), "classify-status"));
    command.addAll(List.of(args));
    Result r = python(status, command.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.stderr());
    return JSON.readTree(r.stdout()).get("retryable").asBoolean();
  }

  @Test
  void aFailedRunIsRetriedOnlyWhenItsOutcomeSaysSo() throws Exception {
    String at = "\"finished_at\":\"2026-11-26T06:40:00Z\"";
    String[] after = {"--submitted-at", "2026-11-26T06:00:00Z"};
    // the driver was lost before it wrote an outcome: retried
    assertTrue(retryable("", after));
    assertTrue(retryable("{\"status\":\"running\",\"run_id\":\"r1\"}", after));
    // the job's own verdict wins over the exit code
    assertTrue(
        retryable("{\"status\":\"failed\",\"exit_code\":3,\"retryable\":true," + at + "}", after));
    assertFalse(
        retryable("{\"status\":\"failed\",\"exit_code\":3,\"retryable\":false," + at + "}", after));
    assertFalse(
        retryable(
            "{\"status\":\"failed\",\"exit_code\":7,\"outcome\":\"GATE_BLOCKED\",\"retryable\":false,"
                + at
                + "}",
            after));
    // without it, the exit code: 3 and 5 are worth retrying, 4 is not
    assertTrue(retryable("{\"status\":\"failed\",\"exit_code\":5," + at + "}", after));
    assertFalse(retryable("{\"status\":\"failed\",\"exit_code\":4," + at + "}", after));
    // the job published, the step failed afterwards: rerunning the day is safe
    assertTrue(retryable("{\"status\":\"succeeded\",\"exit_code\":0," + at + "}", after));
    // an outcome written before this run was submitted belongs to an earlier run
    assertTrue(
        retryable(
            "{\"status\":\"failed\",\"exit_code\":7,\"retryable\":false,\"finished_at\":\"2026-11-26T05:00:00Z\"}",
            after));
  }

  private static void assertUsageError(Result r, String mentioned) {
    assertEquals(2, r.exitCode(), "exit code; stderr: " + r.stderr());
    assertEquals("", r.stdout(), "nothing on stdout after a usage error");
    String message = r.stderr().strip();
    assertFalse(message.isEmpty(), "no message");
    assertFalse(message.contains("\n"), "more than one line: " + message);
    assertTrue(message.contains(mentioned), message + " should mention " + mentioned);
  }
}
