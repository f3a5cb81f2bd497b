package dev.alertrecs.io;

import org.apache.spark.SparkContext;
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
}
