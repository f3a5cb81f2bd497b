package dev.alertrecs.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link ObjectStore} on the local file system (plain paths and file:// URIs), for local runs and
 * tests. Writes go to a hidden temp file in the target's own folder and are then renamed over the
 * target with an atomic move, so a reader never sees a half-written file.
 */
public final class LocalObjectStore implements ObjectStore {

  /** Suffix of in-flight temp files; {@link #listFiles} hides them. */
  static final String TEMP_SUFFIX = ".objectstore-tmp";

  @Override
  public void copyReplacing(String fromUri, String toUri) {
    Path from = path(fromUri);
    Path to = path(toUri);
    if (!Files.isRegularFile(from)) {
      throw new ObjectStoreException(
          "cannot copy " + fromUri + " to " + toUri + ": " + fromUri + " is not a file");
    }
    try {
      replaceAtomically(to, temp -> Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING));
    } catch (IOException | UncheckedIOException e) {
      throw new ObjectStoreException(
          "cannot copy " + fromUri + " to " + toUri + ": " + describe(e), e);
    }
  }

  @Override
  public void putText(String uri, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      replaceAtomically(path(uri), temp -> Files.write(temp, bytes));
    } catch (IOException | UncheckedIOException e) {
      throw new ObjectStoreException("cannot write " + uri + ": " + describe(e), e);
    }
  }

  @Override
  public String getText(String uri) {
    try {
      return Files.readString(path(uri), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | UncheckedIOException e) {
      throw new ObjectStoreException("cannot read " + uri + ": " + describe(e), e);
    }
  }

  @Override
  public List<String> listFiles(String dirUri) {
    return listEntries(
        dirUri,
        entry ->
            Files.isRegularFile(entry) && !entry.getFileName().toString().endsWith(TEMP_SUFFIX));
  }

  @Override
  public List<String> listFolders(String dirUri) {
    return listEntries(dirUri, Files::isDirectory);
  }

  private List<String> listEntries(String dirUri, java.util.function.Predicate<Path> keep) {
    Path dir = path(dirUri);
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (keep.test(entry)) {
          names.add(entry.getFileName().toString());
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ObjectStoreException("cannot list " + dirUri + ": " + describe(e), e);
    }
    names.sort(null);
    return names;
  }

  @Override
  public void delete(String uri) {
    Path target = path(uri);
    try {
      if (!Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(target);
        return;
      }
      Files.walkFileTree(
          target,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure)
                throws IOException {
              if (failure != null) {
                throw failure;
              }
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException | UncheckedIOException e) {
      throw new ObjectStoreException("cannot delete " + uri + ": " + describe(e), e);
    }
  }

  @Override
  public boolean exists(String uri) {
    return Files.exists(path(uri));
  }

  @Override
  public void close() {}

  /** A plain path, or a file: URI in either form (file:///tmp/x or Hadoop's file:/tmp/x). */
  static Path path(String uri) {
    if (uri.toLowerCase(Locale.ROOT).startsWith("file:")) {
      return Path.of(URI.create(uri));
    }
    return Path.of(uri);
  }

  private interface TempWriter {
    void write(Path temp) throws IOException;
  }

  /**
   * Writes into a temp file next to the target (same file system, so the move can be atomic), then
   * moves it over the target.
   */
  private static void replaceAtomically(Path target, TempWriter writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX);
    try {
      writer.write(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String describe(Exception e) {
    Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
    String message = cause.getMessage();
    String kind = cause.getClass().getSimpleName();
    if (cause instanceof NoSuchFileException) {
      return "no such file or folder " + message;
    }
    return message == null ? kind : kind + " " + message;
  }
}
