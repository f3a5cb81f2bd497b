package dev.alertrecs.job;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.SparkSession;

/**
 * Saves the fitted models of a run beside its outputs, one folder per run date and model: {@code
 * <output>/models/dt=YYYY-MM-DD/<model>/<part>/} (Spark ML's own format) plus {@code
 * settings.json}, the settings and model version they were fitted with. A rerun replaces them.
 */
final class ModelStore {
  private final SparkSession spark;
  private final Layout layout;

  ModelStore(SparkSession spark, Layout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  String folder(String model, LocalDate day) {
    return layout.tableDay(Layout.MODELS, day) + "/" + model;
  }

  void save(
      String model,
      LocalDate day,
      Map<String, MLWritable> parts,
      String modelVersion,
      Map<String, String> settings) {
    String root = folder(model, day);
    try {
      for (var part : parts.entrySet()) {
        part.getValue().write().overwrite().save(root + "/" + part.getKey());
      }
      Path json = new Path(root + "/settings.json");
      FileSystem fs = json.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(json, true)) {
        out.write(settingsJson(modelVersion, settings).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw InputReader.storageFailure("cannot save the model " + model + " under " + root, e);
    }
  }

  static String settingsJson(String modelVersion, Map<String, String> settings) {
    return "{\"model_version\":"
        + quote(modelVersion)
        + ",\"settings\":{"
        + settings.entrySet().stream()
            .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
            .collect(Collectors.joining(","))
        + "}}\n";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
