package dev.alertrecs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the job's S3 client puts on the wire. A PUT has a plain body of exactly Content-Length bytes
 * whose SHA-256 is signed, never an aws-chunked body. An S3-compatible server may answer a PUT from
 * its headers and close the connection before reading a chunked body (s3proxy does for an empty
 * object); the client, still writing the chunks, then fails with "Error writing request body to
 * server" on every retry. A plain body of length 0 has nothing left to write. No PUT asks for
 * "Expect: 100-continue", which the URL-connection client handles badly when a server answers
 * early.
 *
 * <p>The client reads S3A's settings as S3A does: server-side encryption on every object it writes,
 * per-bucket overrides, the region from the SDK's default chain when none is set.
 *
 * <p>The peer is a one-request-per-connection HTTP server on a loopback socket that records each
 * request as it arrived, so the test sees the bytes, not the SDK's idea of them.
 */
class S3ObjectStoreRequestsTest {

  record Request(String line, Map<String, String> headers, byte[] body) {}

  @Test
  void anEmptyMarkerAndATextArePutAsPlainSignedBodies(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("part-00000.parquet");
    // over 1 MiB: the size from which the SDK would ask for "Expect: 100-continue" by default
    Files.write(file, new byte[1_100_000]);
    List<Request> requests =
        recordRequests(
            3,
            endpoint -> {
              try (S3ObjectStore store = S3ObjectStore.fromSettings(settings(endpoint))) {
                store.putText("s3a://bucket/recs/alert_stats/dt=2026-11-25/_SUCCESS", "");
                store.putText("s3a://bucket/recs/latest.json", "{\"run_date\":\"2026-11-25\"}");
                store.copyReplacing(file.toUri().toString(), "s3a://bucket/recs/_runs/x.parquet");
              }
            });

    assertEquals(
        List.of(
            "PUT /bucket/recs/alert_stats/dt%3D2026-11-25/_SUCCESS HTTP/1.1",
            "PUT /bucket/recs/latest.json HTTP/1.1", "PUT /bucket/recs/_runs/x.parquet HTTP/1.1"),
        requests.stream().map(Request::line).toList());
    List<byte[]> sent =
        List.of(
            new byte[0],
            "{\"run_date\":\"2026-11-25\"}".getBytes(StandardCharsets.UTF_8),
            Files.readAllBytes(file));
    for (int i = 0; i < requests.size(); i++) {
      Request request = requests.get(i);
      Map<String, String> h = request.headers();
      assertNull(h.get("content-encoding"), request.line() + ": " + h);
      assertNull(h.get("x-amz-decoded-content-length"), request.line() + ": " + h);
      assertNull(h.get("x-amz-trailer"), request.line() + ": " + h);
      assertFalse(h.containsKey("transfer-encoding"), request.line() + ": " + h);
      assertNull(h.get("expect"), request.line() + ": " + h);
      assertEquals(String.valueOf(sent.get(i).length), h.get("content-length"), request.line());
      assertEquals(sha256Hex(sent.get(i)), h.get("x-amz-content-sha256"), request.line());
      assertEquals(HexFormat.of().formatHex(sent.get(i)), HexFormat.of().formatHex(request.body()));
    }
  }

  @Test
  void writesAreEncryptedAsS3aIsToldAndPerBucketSettingsWin(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("part-00000.parquet");
    Files.write(file, new byte[10]);
    String kmsKey = "arn:aws:kms:eu-west-3:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    List<Request> requests =
        recordRequests(
            3,
            endpoint -> {
              Map<String, String> s = settings("http://127.0.0.1:9"); // nobody listens there
              s.put("spark.hadoop.fs.s3a.bucket.bucket.endpoint", endpoint);
              s.put("fs.s3a.encryption.algorithm", "SSE-S3");
              s.put("spark.hadoop.fs.s3a.bucket.bucket.encryption.algorithm", "SSE-KMS");
              s.put("spark.hadoop.fs.s3a.bucket.bucket.encryption.key", kmsKey);
              try (ObjectStore store = ObjectStore.forUri("s3a://bucket/recs", s)) {
                store.putText("s3a://bucket/recs/latest.json", "{}");
                store.copyReplacing(file.toUri().toString(), "s3a://bucket/recs/a.parquet");
                store.copyReplacing("s3a://bucket/recs/a.parquet", "s3a://bucket/recs/b.parquet");
              }
            });
    assertEquals(
        List.of(
            "PUT /bucket/recs/latest.json HTTP/1.1",
            "PUT /bucket/recs/a.parquet HTTP/1.1",
            "PUT /bucket/recs/b.parquet HTTP/1.1"),
        requests.stream().map(Request::line).toList());
    for (Request request : requests) {
      assertEquals(
          "aws:kms", request.headers().get("x-amz-server-side-encryption"), request.line());
      assertEquals(
          kmsKey,
          request.headers().get("x-amz-server-side-encryption-aws-kms-key-id"),
          request.line());
    }
    assertEquals("bucket/recs/a.parquet", requests.get(2).headers().get("x-amz-copy-source"));
  }

  @Test
  void sseS3AndTheRegionOfTheDefaultChain() throws Exception {
    String before = System.getProperty("aws.region");
    System.setProperty("aws.region", "eu-west-3");
    try {
      List<Request> requests =
          recordRequests(
              1,
              endpoint -> {
                Map<String, String> s = settings(endpoint);
                s.remove("spark.hadoop.fs.s3a.endpoint.region");
                s.put("fs.s3a.server-side-encryption-algorithm", "AES256");
                try (ObjectStore store = ObjectStore.forUri("s3a://bucket/recs", s)) {
                  store.putText("s3a://bucket/recs/_SUCCESS", "");
                }
              });
      Map<String, String> h = requests.get(0).headers();
      assertEquals("AES256", h.get("x-amz-server-side-encryption"));
      assertNull(h.get("x-amz-server-side-encryption-aws-kms-key-id"));
      assertTrue(h.get("authorization").contains("/eu-west-3/s3/aws4_request"), h.toString());
    } finally {
      if (before == null) {
        System.clearProperty("aws.region");
      } else {
        System.setProperty("aws.region", before);
      }
    }
  }

  @Test
  void clientSideKeysAreRefusedWithTheSettingNamed() {
    Map<String, String> s = settings("http://127.0.0.1:9");
    s.put("fs.s3a.encryption.algorithm", "SSE-C");
    ObjectStoreException e =
        assertThrows(ObjectStoreException.class, () -> ObjectStore.forUri("s3a://bucket/x", s));
    assertTrue(
        e.getMessage().startsWith("fs.s3a.encryption.algorithm SSE-C is not supported"),
        e.getMessage());
  }

  private static Map<String, String> settings(String endpoint) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("spark.hadoop.fs.s3a.endpoint", endpoint);
    s.put("spark.hadoop.fs.s3a.endpoint.region", "us-east-1");
    s.put("spark.hadoop.fs.s3a.path.style.access", "true");
    s.put("spark.hadoop.fs.s3a.access.key", "shape-test-access");
    s.put("spark.hadoop.fs.s3a.secret.key", "shape-test-secret");
    return s;
  }

  interface Client {
    void run(String endpoint) throws Exception;
  }

  /** Serves {@code count} requests, one connection each, answering 200 after reading the body. */
  private static List<Request> recordRequests(int count, Client client) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      CompletableFuture<List<Request>> served =
          CompletableFuture.supplyAsync(
              () -> {
                List<Request> requests = new ArrayList<>();
                try {
                  while (requests.size() < count) {
                    try (Socket socket = server.accept()) {
                      socket.setSoTimeout(10_000);
                      Request request = read(socket.getInputStream());
                      requests.add(request);
                      OutputStream out = socket.getOutputStream();
                      out.write(
                          ("HTTP/1.1 200 OK\r\nETag: \"e\"\r\nContent-Length: 0\r\n"
                                  + "Connection: close\r\n\r\n")
                              .getBytes(StandardCharsets.US_ASCII));
                      out.flush();
                    }
                  }
                } catch (IOException e) {
                  throw new IllegalStateException("recording server failed", e);
                }
                return requests;
              });
      client.run("http://127.0.0.1:" + server.getLocalPort());
      return served.get(30, TimeUnit.SECONDS);
    }
  }

  private static Request read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside the headers: " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Request(lines[0], headers, body);
  }

  private static String sha256Hex(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
