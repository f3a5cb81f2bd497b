package dev.alertrecs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest {

  @TempDir Path tmp;

  private final ObjectStore store = ObjectStore.forUri("/any/local/path", Map.of());

  @Test
  void forUriGivesTheLocalStoreForPathsAndFileUris() {
    assertTrue(store instanceof LocalObjectStore);
    assertTrue(ObjectStore.forUri("file:///tmp/x", Map.of()) instanceof LocalObjectStore);
  }

  @Test
  void listFoldersNamesOnlyTheFoldersOneLevelDown() {
    store.putText(tmp.resolve("runs/run-b/x.json").toString(), "{}");
    store.putText(tmp.resolve("runs/run-a/deeper/y.json").toString(), "{}");
    store.putText(tmp.resolve("runs/file.json").toString(), "{}");
    assertEquals(
        java.util.List.of("run-a", "run-b"), store.listFolders(tmp.resolve("runs").toString()));
    assertEquals(java.util.List.of("file.json"), store.listFiles(tmp.resolve("runs").toString()));
    assertTrue(store.listFolders(tmp.resolve("nothing-here").toString()).isEmpty());
  }

  @Test
  void putTextCreatesFoldersAndGetTextReadsItBack() {
    String uri = tmp.resolve("out/manifests/latest.json").toString();

    store.putText(uri, "{\"run_date\":\"2026-11-25\",\"note\":\"é\"}");

    assertEquals("{\"run_date\":\"2026-11-25\",\"note\":\"é\"}", store.getText(uri));
  }

  @Test
  void putTextReplacesAndLeavesNoTempFileBehind() throws IOException {
    String uri = tmp.resolve("latest.json").toString();
    store.putText(uri, "old");

    store.putText(uri, "new");

    assertEquals("new", store.getText(uri));
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of(tmp.resolve("latest.json")), files.toList());
    }
  }

  @Test
  void fileUrisInBothFormsNameTheSameFile() {
    Path file = tmp.resolve("a.json");
    store.putText(file.toUri().toString(), "x");

    assertEquals("x", store.getText(file.toString()));
    assertEquals("x", store.getText("file:" + file));
  }

  @Test
  void getTextOfAMissingFileIsNull() {
    assertNull(store.getText(tmp.resolve("absent.json").toString()));
    assertNull(store.getText(tmp.resolve("no/such/folder/absent.json").toString()));
  }

  @Test
  void listFilesNamesOnlyFilesDirectlyInTheFolderSorted() throws IOException {
    Path dir = tmp.resolve("table/dt=2026-11-25");
    Files.createDirectories(dir.resolve("nested"));
    Files.writeString(dir.resolve("part-1.parquet"), "1");
    Files.writeString(dir.resolve("part-0.parquet"), "0");
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Files.writeString(dir.resolve("nested/part-9.parquet"), "9");
    // a writer's in-flight temp file is not a file of the folder yet
    Files.writeString(dir.resolve(".latest.json.123" + LocalObjectStore.TEMP_SUFFIX), "");

    assertEquals(
        List.of("_SUCCESS", "part-0.parquet", "part-1.parquet"), store.listFiles(dir.toString()));
    assertEquals(
        List.of("_SUCCESS", "part-0.parquet", "part-1.parquet"),
        store.listFiles(dir.toUri().toString()));
  }

  @Test
  void listFilesOfAMissingFolderOrOfAFileIsEmpty() {
    assertEquals(List.of(), store.listFiles(tmp.resolve("absent").toString()));
    String file = tmp.resolve("f.txt").toString();
    store.putText(file, "x");
    assertEquals(List.of(), store.listFiles(file));
  }

  @Test
  void copyReplacingReplacesTheTargetWithTheSource() throws IOException {
    Path from = Files.writeString(tmp.resolve("staging-recs.json"), "new");
    String to = tmp.resolve("published/recs.json").toString();
    store.putText(to, "old");

    store.copyReplacing(from.toString(), to);

    assertEquals("new", store.getText(to));
    assertEquals("new", Files.readString(from));
    assertEquals(List.of("recs.json"), store.listFiles(tmp.resolve("published").toString()));
  }

  @Test
  void copyReplacingFromAMissingFileFailsInOneLineAndKeepsTheTarget() {
    String from = tmp.resolve("absent.json").toString();
    String to = tmp.resolve("published.json").toString();
    store.putText(to, "kept");

    ObjectStoreException e =
        assertThrows(ObjectStoreException.class, () -> store.copyReplacing(from, to));

    assertEquals(
        "cannot copy " + from + " to " + to + ": " + from + " is not a file", e.getMessage());
    assertEquals("kept", store.getText(to));
  }

  @Test
  void putTextWhereAFileBlocksTheFolderFailsInOneLine() {
    String blocker = tmp.resolve("blocker").toString();
    store.putText(blocker, "a file, not a folder");
    String uri = blocker + "/latest.json";

    ObjectStoreException e =
        assertThrows(ObjectStoreException.class, () -> store.putText(uri, "{}"));

    assertTrue(e.getMessage().startsWith("cannot write " + uri + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void deleteRemovesAFileOrAWholeFolderAndIgnoresAbsentOnes() throws IOException {
    Path dir = tmp.resolve("table");
    Files.createDirectories(dir.resolve("dt=2026-11-25"));
    Files.writeString(dir.resolve("dt=2026-11-25/part-0.parquet"), "0");
    Files.writeString(dir.resolve("top.json"), "t");
    Path sibling = Files.writeString(tmp.resolve("table-sibling.json"), "s");

    store.delete(dir.resolve("top.json").toString());
    assertFalse(store.exists(dir.resolve("top.json").toString()));
    assertTrue(store.exists(dir.resolve("dt=2026-11-25/part-0.parquet").toString()));

    store.delete(dir.toString());
    assertFalse(store.exists(dir.toString()));
    assertTrue(Files.exists(sibling));

    store.delete(dir.toString());
    store.delete(tmp.resolve("never/was.json").toString());
  }

  @Test
  void existsSeesFilesAndFolders() {
    String file = tmp.resolve("dir/file.json").toString();
    store.putText(file, "x");

    assertTrue(store.exists(file));
    assertTrue(store.exists(tmp.resolve("dir").toString()));
    assertFalse(store.exists(tmp.resolve("dir/other.json").toString()));
  }
}
