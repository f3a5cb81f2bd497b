package dev.alertrecs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * The DAG's structure, read by scripts/airflow/dag_structure.py with Python's {@code ast} (Airflow
 * is not installed where the tests run): its tasks and their order, the schedule, the templated
 * dates, the retry decision and where the spark-submit arguments come from. Each expected value is
 * written out here; a change to the DAG's order, schedule or dates fails the test.
 */
class AirflowDagTest {

  static final Path AIRFLOW = Path.of("..", "scripts", "airflow");
  static final Path DAG = AIRFLOW.resolve("alert_recs_dag.py");
  static final Path STRUCTURE = AIRFLOW.resolve("dag_structure.py");
  static final Path SHARED = Path.of("..", "scripts", "lib", "alert_recs_job.py");

  static final String INPUT = "{{ var.value.alert_recs_input.rstrip('/') }}";
  static final List<List<String>> TASKS =
      List.of(
          List.of("grace_period", "TimeDeltaSensor"),
          List.of("wait_for_input", "S3KeySensor"),
          List.of("wait_for_next_day", "S3KeySensor"),
          List.of("run_job", "PythonOperator"),
          List.of("check_latest_manifest", "PythonOperator"));

  static JsonNode dag;

  @BeforeAll
  static void readTheDag() throws Exception {
    dag = structure(DAG);
  }

  static JsonNode structure(Path dagFile) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("python3", STRUCTURE.toString(), dagFile.toString());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("dag_structure.py did not finish in 60 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), err);
    return EmrScriptsTest.JSON.readTree(out);
  }

  static JsonNode task(JsonNode structure, String taskId) {
    for (JsonNode t : structure.get("tasks")) {
      if (t.get("task_id").asText().equals(taskId)) {
        return t.get("args");
      }
    }
    throw new AssertionFailedError("no task " + taskId);
  }

  /** The schedule, the tasks and their order: what a change to the DAG must not break silently. */
  static void assertScheduleAndOrder(JsonNode s) {
    JsonNode d = s.get("dag");
    assertEquals("alert_recs_daily", d.get("dag_id").asText());
    assertEquals("@daily", d.get("schedule").asText());
    assertTrue(d.get("catchup").asBoolean(), "missed days are backfilled");
    assertEquals(1, d.get("max_active_runs").asInt(), "one day at a time, oldest first");

    List<List<String>> tasks = new ArrayList<>();
    s.get("tasks")
        .forEach(t -> tasks.add(List.of(t.get("task_id").asText(), t.get("operator").asText())));
    assertEquals(TASKS, tasks);
    List<List<String>> chain = new ArrayList<>();
    for (int i = 0; i + 1 < TASKS.size(); i++) {
      chain.add(List.of(TASKS.get(i).get(0), TASKS.get(i + 1).get(0)));
    }
    List<List<String>> edges = new ArrayList<>();
    s.get("edges").forEach(e -> edges.add(List.of(e.get(0).asText(), e.get(1).asText())));
    assertEquals(chain, edges, "one chain, in this order");
    assertEquals(TASKS.stream().map(t -> t.get(0)).toList(), EmrScriptsTest.texts(s.get("order")));

    // the run for D waits for D's folder and D+1's, both templated from the run's date
    assertEquals(
        INPUT + "/actions/dt={{ ds }}/*", task(s, "wait_for_input").get("bucket_key").asText());
    assertEquals(
        INPUT + "/actions/dt={{ macros.ds_add(ds, 1) }}/*",
        task(s, "wait_for_next_day").get("bucket_key").asText());
  }

  @Test
  void dagCompiles(@TempDir Path pycache) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("python3", "-m", "py_compile", DAG.toString()).redirectErrorStream(true);
    pb.environment().put("PYTHONPYCACHEPREFIX", pycache.toString());
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "py_compile did not finish");
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), output);
  }

  @Test
  void dailyBackfillingChainOfFiveTasks() {
    assertScheduleAndOrder(dag);
  }

  @Test
  void retriesAndAlertsAreSetForEveryTask() {
    JsonNode args = dag.get("dag").get("default_args");
    assertEquals(2, args.get("retries").asInt());
    assertEquals(15 * 60, args.get("retry_delay").get("timedelta_seconds").asInt());
    assertEquals("notify_failure", args.get("on_failure_callback").get("name").asText());
    // the notifier: an SNS topic and/or a webhook, named in Variables the docstring describes
    List<String> calls =
        EmrScriptsTest.texts(dag.get("functions").get("notify_failure").get("calls"));
    assertTrue(calls.contains("SnsHook().publish_to_target"), calls.toString());
    assertTrue(calls.contains("urllib.request.urlopen"), calls.toString());
    List<String> strings = EmrScriptsTest.texts(dag.get("strings"));
    assertTrue(strings.contains("alert_recs_alert_sns_topic_arn"));
    assertTrue(strings.contains("alert_recs_alert_webhook_url"));
    String docstring =
        strings.stream().filter(t -> t.startsWith("Airflow 2 DAG")).findFirst().orElse("");
    assertTrue(docstring.contains("alert_recs_alert_sns_topic_arn"), "documented in the docstring");
    assertTrue(docstring.contains("alert_recs_alert_webhook_url"), "documented in the docstring");
  }

  @Test
  void theRunWaitsLongEnoughForInvestigationsThatCrossMidnight() throws Exception {
    JsonNode grace = task(dag, "grace_period");
    assertEquals(6 * 3600, grace.get("delta").get("timedelta_seconds").asInt());
    // an investigation started just before midnight may last max_investigation_hours plus the
    // idle gap into D+1: the run must not start before that much of D+1 can have arrived
    Properties emr = new Properties();
    try (var in = Files.newInputStream(Path.of("..", "conf", "emr.properties"))) {
      emr.load(in);
    }
    int longest =
        Integer.parseInt(emr.getProperty("max_investigation_hours")) * 3600
            + Integer.parseInt(emr.getProperty("idle_gap_minutes")) * 60;
    assertTrue(grace.get("delta").get("timedelta_seconds").asInt() > longest);
    for (String sensor : List.of("grace_period", "wait_for_input", "wait_for_next_day")) {
      assertEquals("reschedule", task(dag, sensor).get("mode").asText(), sensor + " holds no slot");
    }
    assertTrue(task(dag, "wait_for_input").get("wildcard_match").asBoolean());
    assertTrue(task(dag, "wait_for_next_day").get("wildcard_match").asBoolean());
  }

  @Test
  void aRetryResubmitsTheJobAndOnlyRetryableOutcomesAreRetried() {
    assertEquals("run_job", task(dag, "run_job").get("python_callable").get("name").asText());
    JsonNode functions = dag.get("functions");
    JsonNode runJob = functions.get("run_job");
    // each try submits: the step (or job run) is added inside the task, not by an upstream task
    assertTrue(
        EmrScriptsTest.texts(runJob.get("calls"))
            .containsAll(List.of("_run_emr_step", "_run_serverless")));
    assertTrue(
        EmrScriptsTest.texts(functions.get("_run_emr_step").get("calls"))
            .contains("hook.add_job_flow_steps"));
    assertTrue(
        EmrScriptsTest.texts(functions.get("_run_serverless").get("calls"))
            .contains("client.start_job_run"));
    // retryable comes from the shared classification; retryable -> AirflowException (Airflow
    // retries), otherwise the function ends with AirflowFailException (no retry)
    assertEquals("job.classify_status", runJob.get("assigned_from").get("retryable").asText());
    assertEquals(1, runJob.get("raises_if").size());
    assertEquals("retryable", runJob.get("raises_if").get(0).get("if").asText());
    assertEquals("AirflowException", runJob.get("raises_if").get(0).get("raises").asText());
    assertEquals("AirflowFailException", runJob.get("raises_last").asText());
    assertTrue(
        EmrScriptsTest.texts(functions.get("_read_status").get("calls"))
            .contains("job.status_uri"));

    JsonNode shared = dag.get("shared_module");
    assertEquals("s3://bucket/recs/_status/dt=2026-11-25.json", shared.get("status_uri").asText());
    Map<String, Boolean> expected =
        Map.of(
            "no_status_object", true,
            "status_running", true,
            "exit_code_1", false,
            "exit_code_2", false,
            "exit_code_3", true,
            "exit_code_4", false,
            "exit_code_5", true,
            "exit_code_6", false,
            "exit_code_7", false);
    Map<String, Boolean> actual = new java.util.TreeMap<>();
    shared
        .get("retryable")
        .fields()
        .forEachRemaining(e -> actual.put(e.getKey(), e.getValue().asBoolean()));
    assertEquals(new java.util.TreeMap<>(expected), actual);
  }

  @Test
  void theSparkSubmitArgumentsComeFromTheModuleTheScriptsUse() throws Exception {
    assertEquals("alert_recs_job", dag.get("imports").get("job").asText());
    assertEquals(SHARED.toRealPath().toString(), dag.get("shared_module").get("file").asText());
    assertTrue(
        EmrScriptsTest.texts(dag.get("functions").get("_run_emr_step").get("calls"))
            .contains("job.emr_step"));
    assertTrue(
        EmrScriptsTest.texts(dag.get("functions").get("_run_serverless").get("calls"))
            .containsAll(List.of("job.serverless_request", "job.parse_properties")));
    // nothing of the spark-submit line is spelled out in the DAG itself
    List<String> strings = EmrScriptsTest.texts(dag.get("strings"));
    for (String part :
        List.of(
            "spark-submit",
            "--deploy-mode",
            "dev.alertrecs.AlertRecs",
            "command-runner.jar",
            "spark.yarn.maxAppAttempts=1",
            "--files",
            "--class")) {
      assertFalse(
          strings.stream().anyMatch(t -> t.contains(part) && !t.startsWith("Airflow 2 DAG")), part);
    }
  }

  // ---- the checks above fail on a changed DAG ---------------------------------------------------

  static Path mutated(Path dir, String from, String to) throws Exception {
    String source = Files.readString(DAG);
    assertTrue(source.contains(from), "the DAG no longer contains: " + from);
    Path copy = dir.resolve("alert_recs_dag.py");
    Files.writeString(copy, source.replace(from, to));
    return copy;
  }

  @Test
  void aChangedOrderFails(@TempDir Path dir) throws Exception {
    JsonNode changed =
        structure(
            mutated(
                dir,
                "grace_period >> wait_for_input >> wait_for_next_day >> run >> check_manifest",
                "wait_for_input >> grace_period >> wait_for_next_day >> run >> check_manifest"));
    assertThrows(AssertionFailedError.class, () -> assertScheduleAndOrder(changed));
    JsonNode parallel =
        structure(
            mutated(
                dir,
                "grace_period >> wait_for_input >> wait_for_next_day >> run >> check_manifest",
                "grace_period >> [wait_for_input, wait_for_next_day] >> run >> check_manifest"));
    assertThrows(AssertionFailedError.class, () -> assertScheduleAndOrder(parallel));
  }

  @Test
  void aChangedScheduleOrDateFails(@TempDir Path dir) throws Exception {
    JsonNode hourly = structure(mutated(dir, "schedule=\"@daily\"", "schedule=\"@hourly\""));
    assertThrows(AssertionFailedError.class, () -> assertScheduleAndOrder(hourly));
    JsonNode sameDay =
        structure(
            mutated(dir, "NEXT_DAY = \"{{ macros.ds_add(ds, 1) }}\"", "NEXT_DAY = \"{{ ds }}\""));
    assertThrows(AssertionFailedError.class, () -> assertScheduleAndOrder(sameDay));
    JsonNode noCatchup = structure(mutated(dir, "catchup=True", "catchup=False"));
    assertThrows(AssertionFailedError.class, () -> assertScheduleAndOrder(noCatchup));
  }
}
