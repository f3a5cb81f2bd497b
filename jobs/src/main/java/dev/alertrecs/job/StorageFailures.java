package dev.alertrecs.job;

import dev.alertrecs.io.ObjectStoreException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.util.Optional;

/**
 * Tells a storage failure (the S3 endpoint down, refusing the credentials, a bucket missing) from a
 * bug, wherever it surfaced: in the job's own object store, in a Hadoop file system call, or inside
 * a Spark job that read or wrote. A storage failure becomes one line and {@link ExitCode#STORAGE}.
 * The messages of S3A and the AWS SDKs name keys ids and buckets, never the secret key.
 */
final class StorageFailures {
  private StorageFailures() {}

  /** The storage failure behind {@code e}, or null when it is something else. */
  static JobFailure classify(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ObjectStoreException) {
        return new JobFailure(ExitCode.STORAGE, "storage failed: " + t.getMessage(), e);
      }
      if (isStorage(t)) {
        return new JobFailure(ExitCode.STORAGE, "storage failed: " + describe(t), e);
      }
    }
    return null;
  }

  private static boolean isStorage(Throwable t) {
    String name = t.getClass().getName();
    return t instanceof AccessDeniedException
        || t instanceof ConnectException
        || t instanceof NoRouteToHostException
        || t instanceof UnknownHostException
        || t instanceof SocketTimeoutException
        || (t instanceof IOException && name.startsWith("org.apache.hadoop.fs.s3a."))
        || name.startsWith("com.amazonaws.")
        || name.startsWith("software.amazon.awssdk.");
  }

  private static String describe(Throwable t) {
    String message = Optional.ofNullable(t.getMessage()).orElse("");
    String line = message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    if (line.length() > 300) {
      line = line.substring(0, 300) + "…";
    }
    return t.getClass().getSimpleName() + (line.isEmpty() ? "" : ": " + line);
  }
}
