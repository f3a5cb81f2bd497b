package dev.alertrecs.reliability;

import dev.alertrecs.config.JobSettings;
import dev.alertrecs.generate.GeneratorSettings;
import dev.alertrecs.generate.SampleDataGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Small worlds from the sample generator for the reliability tests, and ways to damage copies of
 * them; single event lines come from {@link dev.alertrecs.TestEvents#line}.
 */
final class Worlds {
  static final String HASH_KEY_ENV = "ALERT_RECS_USER_HASH_KEY";

  private Worlds() {}

  /** A deterministic world from the sample generator (ids collide across its accounts). */
  static Path generate(
      Path root, LocalDate endDate, int days, int accounts, long eventsPerDay, double malformed) {
    try {
      new SampleDataGenerator(
              new GeneratorSettings(
                  root, endDate, days, accounts, eventsPerDay, 7, 2, malformed, 0.01, 0.02))
          .generate();
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings for a small run: a short window so few days are backfilled. */
  static JobSettings settings(String hashKey, String... keyValues) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("window_days", "2");
    values.put("spark.sql.shuffle.partitions", "2");
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    return JobSettings.fromMap(values, Map.of(HASH_KEY_ENV, hashKey));
  }

  static void copyTree(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path actionsDay(Path input, LocalDate day) {
    return input.resolve("actions/dt=" + day);
  }

  /** Adds a plain JSON Lines file to a day's actions folder. */
  static void addLines(Path input, LocalDate day, String fileName, List<String> lines) {
    try {
      Path folder = actionsDay(input, day);
      Files.createDirectories(folder);
      Files.write(
          folder.resolve(fileName),
          lines,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
