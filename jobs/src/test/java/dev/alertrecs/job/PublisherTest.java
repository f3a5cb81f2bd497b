package dev.alertrecs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alertrecs.config.FaultSettings;
import dev.alertrecs.io.LocalObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What publishing a day leaves under {@code _runs/}: the run's own folder and recent days. */
class PublisherTest {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);

  @Test
  void stagedRunsOlderThanKeepRunDaysAreRemovedAfterPublishing(@TempDir Path out) throws Exception {
    for (String folder :
        List.of(
            "dt=2026-11-01/run-a",
            "dt=2026-11-10/run-b",
            "dt=2026-11-11/run-c",
            "dt=2026-11-25/run-old",
            "dt=2026-11-25/run-new",
            "dt=2026-11-26/run-d",
            "not-a-day/run-e")) {
      Files.createDirectories(out.resolve("_runs").resolve(folder).resolve("recommendations"));
      Files.writeString(
          out.resolve("_runs").resolve(folder).resolve("recommendations/part-0.parquet"), "x");
    }
    try (LocalObjectStore store = new LocalObjectStore()) {
      Publisher publisher =
          new Publisher(store, new Layout("in", out.toString()), FaultSettings.NONE, 14);
      publisher.writeManifests(
          DAY, "run-new", "model-1", Instant.parse("2026-11-26T02:00:00Z"), Map.of(), Map.of());

      // 2026-11-11 is 14 days before the 25th: kept; older days go, newer ones and
      // folders that are not days stay; the day's other run goes as before
      assertEquals(
          List.of("dt=2026-11-11", "dt=2026-11-25", "dt=2026-11-26", "not-a-day"),
          store.listFolders(out.resolve("_runs").toString()));
      assertEquals(
          List.of("run-new"), store.listFolders(out.resolve("_runs/dt=2026-11-25").toString()));
    }
  }
}
