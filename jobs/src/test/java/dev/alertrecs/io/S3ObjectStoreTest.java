package dev.alertrecs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S3ObjectStore against a real S3 API (s3proxy in a child JVM). */
class S3ObjectStoreTest {

  private static final String BUCKET = "alert-recs-test";
  private static final String ROOT = "s3a://" + BUCKET + "/store-test";

  private static S3ProxyServer server;
  private static S3ObjectStore store;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
    server.createBucket(BUCKET);
    store = S3ObjectStore.fromSettings(server.sparkConf());
  }

  @AfterAll
  static void stopServer() {
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void forUriPicksTheStoreByScheme() {
    try (ObjectStore s3a = ObjectStore.forUri("s3a://b/x", server.sparkConf());
        ObjectStore s3 = ObjectStore.forUri("s3://b/x", server.sparkConf());
        ObjectStore local = ObjectStore.forUri("/tmp/x", Map.of());
        ObjectStore fileUri = ObjectStore.forUri("file:///tmp/x", Map.of())) {
      assertInstanceOf(S3ObjectStore.class, s3a);
      assertInstanceOf(S3ObjectStore.class, s3);
      assertInstanceOf(LocalObjectStore.class, local);
      assertInstanceOf(LocalObjectStore.class, fileUri);
    }
  }

  @Test
  void listFoldersNamesOnlyTheFoldersOneLevelDown() {
    store.putText(ROOT + "/folders/run-b/x.json", "{}");
    store.putText(ROOT + "/folders/run-a/deeper/y.json", "{}");
    store.putText(ROOT + "/folders/file.json", "{}");
    assertEquals(java.util.List.of("run-a", "run-b"), store.listFolders(ROOT + "/folders"));
    assertEquals(java.util.List.of("file.json"), store.listFiles(ROOT + "/folders"));
    assertTrue(store.listFolders(ROOT + "/no-such-folder").isEmpty());
  }

  @Test
  void putTextThenGetTextReturnsTheSameText() {
    String uri = ROOT + "/put/latest.json";
    store.putText(uri, "{\"run_date\":\"2026-11-25\",\"note\":\"é\"}");
    assertEquals("{\"run_date\":\"2026-11-25\",\"note\":\"é\"}", store.getText(uri));

    store.putText(uri, "{\"run_date\":\"2026-11-26\"}");
    assertEquals("{\"run_date\":\"2026-11-26\"}", store.getText(uri));
  }

  @Test
  void getTextOfAMissingObjectIsNull() {
    assertNull(store.getText(ROOT + "/nothing/here.json"));
  }

  @Test
  void listFilesNamesOnlyTheFilesDirectlyInTheFolderSorted() {
    String dir = ROOT + "/list";
    store.putText(dir + "/b.json", "b");
    store.putText(dir + "/a.json", "a");
    store.putText(dir + "/_SUCCESS", "");
    store.putText(dir + "/sub/c.json", "c");
    store.putText(ROOT + "/list-sibling.json", "not in the folder");

    assertEquals(List.of("_SUCCESS", "a.json", "b.json"), store.listFiles(dir));
    assertEquals(List.of("_SUCCESS", "a.json", "b.json"), store.listFiles(dir + "/"));
    assertEquals(List.of("c.json"), store.listFiles(dir + "/sub"));
    assertEquals(List.of(), store.listFiles(ROOT + "/no-such-folder"));
  }

  @Test
  void listFilesAndDeleteFollowPagesAndBatches() {
    String dir = ROOT + "/paged";
    try (S3ObjectStore smallPages = S3ObjectStore.fromSettings(server.sparkConf(), 2)) {
      for (int i = 0; i < 5; i++) {
        smallPages.putText(dir + "/part-" + i, "x");
      }
      smallPages.putText(dir + "/nested/part-9", "x");

      assertEquals(
          List.of("part-0", "part-1", "part-2", "part-3", "part-4"), smallPages.listFiles(dir));

      smallPages.delete(dir);
      assertFalse(smallPages.exists(dir));
      assertEquals(List.of(), smallPages.listFiles(dir));
      assertEquals(List.of(), smallPages.listFiles(dir + "/nested"));
    }
  }

  @Test
  void copyReplacingReplacesTheTargetWithTheSource() {
    String from = ROOT + "/copy/staging/recs.json";
    String to = ROOT + "/copy/published/recs.json";
    store.putText(to, "old");
    store.putText(from, "new");

    store.copyReplacing(from, to);

    assertEquals("new", store.getText(to));
    assertEquals("new", store.getText(from));
  }

  @Test
  void copyReplacingUploadsALocalFile(@TempDir Path tmp) throws IOException {
    Path local = Files.writeString(tmp.resolve("manifest.json"), "{\"n_rows\":3}");
    String to = ROOT + "/copy-local/manifest.json";

    store.copyReplacing(local.toString(), to);

    assertEquals("{\"n_rows\":3}", store.getText(to));
  }

  @Test
  void copyReplacingFromAMissingObjectFailsAndLeavesTheTarget() {
    String to = ROOT + "/copy-missing/recs.json";
    store.putText(to, "kept");

    ObjectStoreException e =
        assertThrows(
            ObjectStoreException.class,
            () -> store.copyReplacing(ROOT + "/copy-missing/absent.json", to));

    assertEquals(
        "cannot copy "
            + ROOT
            + "/copy-missing/absent.json to "
            + to
            + ": no such object (404 NoSuchKey)",
        e.getMessage());
    assertEquals("kept", store.getText(to));
  }

  @Test
  void deleteRemovesAFileButNotSiblingsSharingItsPrefix() {
    String dir = ROOT + "/delete-file";
    store.putText(dir + "/a", "a");
    store.putText(dir + "/ab", "ab");

    store.delete(dir + "/a");

    assertEquals(List.of("ab"), store.listFiles(dir));
  }

  @Test
  void deleteOfSomethingAbsentIsNoError() {
    store.delete(ROOT + "/never/written");
    store.delete(ROOT + "/never/written.json");
    assertFalse(store.exists(ROOT + "/never"));
  }

  @Test
  void deleteRefusesAWholeBucket() {
    ObjectStoreException e =
        assertThrows(ObjectStoreException.class, () -> store.delete("s3a://" + BUCKET));
    assertTrue(e.getMessage().contains("refusing"), e.getMessage());
  }

  @Test
  void existsSeesFilesFoldersAndBuckets() {
    String dir = ROOT + "/exists";
    store.putText(dir + "/dt=2026-11-25/part-0.parquet", "x");

    assertTrue(store.exists(dir + "/dt=2026-11-25/part-0.parquet"));
    assertTrue(store.exists(dir + "/dt=2026-11-25"));
    assertTrue(store.exists(dir + "/dt=2026-11-25/"));
    assertTrue(store.exists("s3a://" + BUCKET));
    assertFalse(store.exists(dir + "/dt=2026-11-2"));
    assertFalse(store.exists(dir + "/dt=2026-11-26"));
    assertFalse(store.exists("s3a://no-such-bucket-here"));
  }

  @Test
  void aMissingBucketIsAnErrorNotAnEmptyFolder() {
    ObjectStoreException e =
        assertThrows(
            ObjectStoreException.class, () -> store.getText("s3a://no-such-bucket-here/x.json"));
    assertEquals(
        "cannot read s3a://no-such-bucket-here/x.json: bucket no-such-bucket-here does not exist"
            + " (404 NoSuchBucket)",
        e.getMessage());
  }

  @Test
  void aWrongSecretKeyGivesOneLineNamingTheCredentialsWithoutTheSecret() {
    String wrongSecret = "wrong-secret-" + System.nanoTime();
    Map<String, String> settings = new HashMap<>(server.sparkConf());
    settings.put("spark.hadoop.fs.s3a.secret.key", wrongSecret);
    String uri = ROOT + "/out/latest.json";

    try (ObjectStore badKeys = ObjectStore.forUri(uri, settings)) {
      ObjectStoreException e =
          assertThrows(ObjectStoreException.class, () -> badKeys.putText(uri, "{}"));

      assertTrue(
          e.getMessage()
              .startsWith(
                  "cannot write " + uri + ": the S3 endpoint refused the credentials (403 "),
          e.getMessage());
      assertOneLineWithoutSecrets(e.getMessage(), wrongSecret);
      // HEAD answers carry no error body; the message must still name the credentials
      ObjectStoreException onHead =
          assertThrows(ObjectStoreException.class, () -> badKeys.exists(uri));
      assertTrue(onHead.getMessage().contains("refused the credentials"), onHead.getMessage());
      assertOneLineWithoutSecrets(onHead.getMessage(), wrongSecret);
    }
  }

  @Test
  void anEndpointNobodyListensOnGivesOneLineNamingTheEndpoint() throws IOException {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = socket.getLocalPort();
    }
    Map<String, String> settings = new HashMap<>(server.sparkConf());
    settings.put("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:" + deadPort);
    String uri = ROOT + "/out/latest.json";

    try (ObjectStore unreachable = ObjectStore.forUri(uri, settings)) {
      ObjectStoreException e =
          assertThrows(ObjectStoreException.class, () -> unreachable.getText(uri));

      assertTrue(
          e.getMessage()
              .startsWith(
                  "cannot read "
                      + uri
                      + ": cannot reach the S3 endpoint http://127.0.0.1:"
                      + deadPort
                      + " ("),
          e.getMessage());
      assertOneLineWithoutSecrets(e.getMessage(), server.secretKey());
    }
  }

  private static void assertOneLineWithoutSecrets(String message, String secret) {
    assertFalse(message.contains("\n") || message.contains("\r"), "not one line: " + message);
    assertFalse(message.contains(secret), "contains the secret: " + message);
    assertFalse(message.contains(server.secretKey()), "contains the server secret: " + message);
  }
}
