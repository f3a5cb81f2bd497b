package dev.alertrecs.io;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The few file operations the job does itself, beside Spark's reads and writes: publish an output
 * by copying it over the previous one, and read or write small manifests. One implementation per
 * kind of storage, chosen from the URI by {@link #forUri}, so the job code reads the same on a
 * laptop (local paths) and on EMR (S3).
 *
 * <p>Every failure surfaces as an {@link ObjectStoreException} with a one-line message naming the
 * operation, the URI and the cause.
 */
public interface ObjectStore extends AutoCloseable {

  /**
   * Replaces the object/file at `to` with a copy of `from`, so that a reader of `to` sees either
   * the old or the new bytes, never a partial file.
   */
  void copyReplacing(String fromUri, String toUri);

  /** Writes small text (JSON) atomically for readers. */
  void putText(String uri, String text);

  /** The text at uri, or null if there is none. */
  String getText(String uri);

  /**
   * Names (not full URIs) of the files directly under dirUri, sorted; empty if the folder does not
   * exist.
   */
  List<String> listFiles(String dirUri);

  /** Names of the folders directly under dirUri, sorted; empty if the folder does not exist. */
  List<String> listFolders(String dirUri);

  /** Deletes the file or everything under the folder; no error if absent. */
  void delete(String uri);

  boolean exists(String uri);

  @Override
  void close();

  /**
   * s3a:// and s3:// roots get S3ObjectStore, anything else (a local path or file:// URI)
   * LocalObjectStore.
   *
   * @param settings the settings the Spark session gets; S3ObjectStore reads the {@code
   *     spark.hadoop.fs.s3a.*} keys from it so both talk to the same endpoint with the same keys
   */
  static ObjectStore forUri(String uri, Map<String, String> settings) {
    if (isS3(uri)) {
      return S3ObjectStore.fromSettings(settings, S3ObjectStore.Location.parse(uri).bucket());
    }
    return new LocalObjectStore();
  }

  /**
   * As {@link #forUri} with the S3A settings of a running Spark session (its Hadoop configuration),
   * so the job's own writes go where Spark's go.
   */
  static ObjectStore forSession(String uri, SparkSession spark) {
    Map<String, String> settings = new HashMap<>();
    spark
        .sparkContext()
        .hadoopConfiguration()
        .getPropsWithPrefix("fs.s3a.")
        .forEach((k, v) -> settings.put("fs.s3a." + k, v));
    return forUri(uri, settings);
  }

  /** True for s3a://, s3:// and s3n:// URIs. */
  static boolean isS3(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    return lower.startsWith("s3a://") || lower.startsWith("s3://") || lower.startsWith("s3n://");
  }
}
