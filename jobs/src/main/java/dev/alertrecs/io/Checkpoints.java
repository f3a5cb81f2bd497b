package dev.alertrecs.io;

import java.util.HashSet;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Materializes a result that several later steps read, and cuts its lineage: a cached plan would be
 * planned, and printed, again inside every plan that reads it.
 *
 * <p>With a checkpoint directory on the Spark context the result is written there once (a reliable
 * checkpoint) and survives any executor. Without one it is a local checkpoint: blocks on the
 * executors' disks, fast, but lost with an executor, and a lost block fails the run (Spark cannot
 * recompute a local checkpoint). Local mode has one executor that lives as long as the run, so
 * local checkpoints are safe there; on a cluster, where executors come and go (dynamic allocation,
 * spot instances, EMR Serverless), a run checkpoints reliably.
 */
public final class Checkpoints {
  /** The folder under the output root used on a cluster when no checkpoint_dir is set. */
  public static final String FOLDER = "_checkpoints";

  private Checkpoints() {}

  /**
   * Chooses where a run's checkpoints go, once per Spark context: {@code checkpointDir} when set;
   * otherwise {@code <outputRoot>/_checkpoints} on a cluster, and local checkpoints in local mode.
   *
   * @return the checkpoint directory of the context, or null for local checkpoints
   */
  public static String configure(SparkSession spark, String checkpointDir, String outputRoot) {
    SparkContext sc = spark.sparkContext();
    if (sc.getCheckpointDir().isEmpty()) {
      String dir =
          checkpointDir != null && !checkpointDir.isBlank()
              ? checkpointDir.strip()
              : sc.isLocal() ? null : outputRoot + "/" + FOLDER;
      if (dir != null) {
        // Spark adds a folder of its own (a UUID) under the directory, per context
        sc.setCheckpointDir(dir);
      }
    }
    return sc.getCheckpointDir().isDefined() ? sc.getCheckpointDir().get() : null;
  }

  /** The dataset computed once, eagerly, with its lineage cut. */
  public static Dataset<Row> materialize(Dataset<Row> dataset) {
    return dataset.sparkSession().sparkContext().getCheckpointDir().isDefined()
        ? dataset.checkpoint()
        : dataset.localCheckpoint();
  }

  /** The ids of the RDDs whose blocks the context keeps now: taken when a run starts. */
  public static Set<Integer> kept(SparkSession spark) {
    return new HashSet<>(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).getPersistentRDDs().keySet());
  }

  /**
   * Drops the blocks of every RDD kept since {@code before}: a run's local checkpoints and caches
   * serve that run only. Without this, a session that runs many dates (evaluate, backfills, tests)
   * fills its storage memory with old blocks that execution memory cannot evict.
   */
  public static void releaseSince(SparkSession spark, Set<Integer> before) {
    JavaSparkContext.fromSparkContext(spark.sparkContext())
        .getPersistentRDDs()
        .forEach(
            (id, rdd) -> {
              if (!before.contains(id)) {
                rdd.unpersist(false);
              }
            });
  }
}
