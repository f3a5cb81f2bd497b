package dev.alertrecs.job;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Counts the Spark jobs started while it is registered: the run record's {@code n_spark_jobs}. On a
 * small day a run's time goes to starting jobs, not to the rows, so the count is the figure to
 * watch. Every job of the Spark context counts, which is the run's own in a job that runs one date
 * per process.
 */
final class SparkJobCounter extends SparkListener implements AutoCloseable {
  private final SparkContext context;
  private final AtomicLong started = new AtomicLong();

  private SparkJobCounter(SparkContext context) {
    this.context = context;
  }

  /** Starts counting the jobs of {@code context}. */
  static SparkJobCounter register(SparkContext context) {
    SparkJobCounter counter = new SparkJobCounter(context);
    context.addSparkListener(counter);
    return counter;
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    started.incrementAndGet();
  }

  /** The jobs started so far. */
  long jobs() {
    // listeners hear of a job asynchronously: wait until the events of the jobs that already ran
    // are delivered, so the count is exact, not a race
    try {
      context.listenerBus().waitUntilEmpty();
    } catch (Exception e) { // a stopped or stuck bus: the count so far is still worth recording
      // fall through
    }
    return started.get();
  }

  @Override
  public void close() {
    context.removeSparkListener(this);
  }
}
