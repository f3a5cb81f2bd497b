package dev.alertrecs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DAG file at least compiles (Airflow itself is not installed where the tests run). */
class AirflowDagTest {

  static final Path DAG = Path.of("..", "scripts", "airflow", "alert_recs_dag.py");

  @Test
  void dagCompiles(@TempDir Path pycache) throws Exception {
    Assumptions.assumeTrue(python3Available(), "python3 is not installed");
    assertTrue(Files.isRegularFile(DAG), DAG + " is missing");
    ProcessBuilder pb =
        new ProcessBuilder("python3", "-m", "py_compile", DAG.toString()).redirectErrorStream(true);
    // keep __pycache__ out of the source tree
    pb.environment().put("PYTHONPYCACHEPREFIX", pycache.toString());
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "py_compile did not finish");
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), output);
  }

  @Test
  void dagDeclaresTheDailyBackfillingSchedule() throws Exception {
    String dag = Files.readString(DAG);
    assertTrue(dag.contains("dag_id=\"alert_recs_daily\""), "dag_id");
    assertTrue(dag.contains("catchup=True"), "catchup");
    assertTrue(dag.contains("max_active_runs=1"), "max_active_runs");
    for (String name : new String[] {"S3KeySensor", "EmrAddStepsOperator", "EmrStepSensor"}) {
      assertTrue(dag.contains(name), name);
    }
  }

  private static boolean python3Available() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
