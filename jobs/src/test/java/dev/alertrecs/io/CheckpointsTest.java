package dev.alertrecs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a run's checkpoints go: local ones in local mode without a setting, reliable ones (files in
 * the checkpoint directory, which outlive any executor) when checkpoint_dir is set.
 */
class CheckpointsTest extends SparkTestBase {

  @Test
  void localModeWithoutASettingKeepsLocalCheckpoints(@TempDir Path out) {
    assertNull(Checkpoints.configure(spark, "", out.toString()));
    Dataset<Row> materialized = Checkpoints.materialize(spark.range(3).toDF());
    assertEquals(3, materialized.count());
    assertTrue(
        materialized.queryExecution().analyzed().toString().contains("LogicalRDD"),
        materialized.queryExecution().analyzed().toString());
  }

  @Test
  void aCheckpointDirGetsReliableCheckpointFiles(@TempDir Path dir) throws Exception {
    try {
      String configured = Checkpoints.configure(spark, dir.toUri().toString(), "unused");
      // Spark's own folder (a UUID) under the directory
      assertEquals(
          dir.toUri().getPath().replaceAll("/$", ""),
          Path.of(java.net.URI.create(configured)).getParent().toString());
      Dataset<Row> materialized =
          Checkpoints.materialize(spark.range(5).selectExpr("id * 2 as twice"));
      assertEquals(
          List.of(0L, 2L, 4L, 6L, 8L),
          materialized.collectAsList().stream().map(r -> r.getLong(0)).sorted().toList());
      // the rows are in files under the directory, not in executor blocks
      try (var files = Files.walk(dir)) {
        assertTrue(
            files.anyMatch(f -> f.getFileName().toString().startsWith("part-")),
            "no checkpoint files under " + dir);
      }
    } finally {
      // back to local checkpoints for the rest of the suite (allowed in local mode)
      spark.sparkContext().setCheckpointDir(null);
    }
  }
}
