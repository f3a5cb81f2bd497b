package dev.alertrecs.io;

/**
 * A failed storage operation. The message is one line naming the operation, the URI and the cause,
 * e.g. {@code cannot write s3a://bucket/out/latest.json: the S3 endpoint refused the credentials
 * (403 InvalidAccessKeyId)}; it never contains a secret key, so it can go into logs and run records
 * as it is.
 */
public class ObjectStoreException extends RuntimeException {

  public ObjectStoreException(String message) {
    super(oneLine(message));
  }

  public ObjectStoreException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  static String oneLine(String text) {
    return text == null ? null : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
