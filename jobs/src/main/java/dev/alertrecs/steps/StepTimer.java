package dev.alertrecs.steps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Times the steps of a run and labels their Spark jobs, so the Spark UI and the run record read
 * like the pipeline. Spark is lazy: a step's time is the time of the actions run inside it.
 */
public final class StepTimer {
  public record Timing(String step, double seconds) {}

  private final SparkSession spark;
  private final List<Timing> timings = new ArrayList<>();

  public StepTimer(SparkSession spark) {
    this.spark = spark;
  }

  /** Times a step; a step timed inside another labels its jobs and then gives the label back. */
  public <T> T time(String step, Supplier<T> work) {
    String outer = spark.sparkContext().getLocalProperty(JOB_DESCRIPTION);
    spark.sparkContext().setJobDescription(outer == null ? step : outer + ": " + step);
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      timings.add(new Timing(step, (System.nanoTime() - start) / 1e9));
      spark.sparkContext().setJobDescription(outer);
    }
  }

  /** The local property behind {@code SparkContext.setJobDescription}. */
  private static final String JOB_DESCRIPTION = "spark.job.description";

  public void time(String step, Runnable work) {
    time(
        step,
        () -> {
          work.run();
          return null;
        });
  }

  public List<Timing> timings() {
    return Collections.unmodifiableList(timings);
  }
}
