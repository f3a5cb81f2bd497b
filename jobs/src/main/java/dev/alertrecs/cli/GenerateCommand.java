package dev.alertrecs.cli;

import dev.alertrecs.generate.GeneratorSettings;
import dev.alertrecs.generate.SampleDataGenerator;
import dev.alertrecs.generate.WorldShape;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code generate --input ROOT --end-date D}: writes a deterministic sample world in the input
 * layout of CONTRACT.md (actions, catalog snapshots) plus {@code _generator/truth.jsonl}.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write sample input data: multi-tenant action logs and catalog snapshots.")
public final class GenerateCommand implements Callable<Integer> {
  @Option(
      names = "--input",
      required = true,
      paramLabel = "DIR",
      description = "Input root to write (a local folder).")
  Path input;

  @Option(
      names = "--end-date",
      required = true,
      converter = DateConverter.class,
      paramLabel = "YYYY-MM-DD",
      description = "Last day to generate; late events also land in the day after.")
  LocalDate endDate;

  @Option(
      names = "--days",
      defaultValue = "30",
      description = "Days of history (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--accounts",
      defaultValue = "3",
      description = "Accounts (default ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--events-per-day",
      defaultValue = "4000",
      description = "Lines per day (default ${DEFAULT-VALUE}).")
  long eventsPerDay;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--files-per-day",
      defaultValue = "2",
      description = "Files per day (default ${DEFAULT-VALUE}).")
  int filesPerDay;

  @Option(names = "--malformed-share", defaultValue = "0.002")
  double malformedShare;

  @Option(names = "--duplicate-share", defaultValue = "0.01")
  double duplicateShare;

  @Option(names = "--late-share", defaultValue = "0.02")
  double lateShare;

  @Option(
      names = "--actions-from",
      converter = DateConverter.class,
      paramLabel = "YYYY-MM-DD",
      description =
          "Write the action files of this day and later only (same world, same files as a full"
              + " run); e.g. a full-volume bench day on top of a low-volume history.")
  LocalDate actionsFrom;

  @Option(
      names = "--shape",
      defaultValue = "sample",
      description =
          "The world's shape: sample (a few dozen objects per account, the default) or dense (60"
              + " alerts, 300 dashboards and 400 users per account, investigations of 3 to 12"
              + " actions back to back, plain JSON; use with e.g. --accounts 50 --files-per-day"
              + " 2).")
  String shape;

  @Override
  public Integer call() throws Exception {
    GeneratorSettings settings =
        new GeneratorSettings(
            input,
            endDate,
            days,
            accounts,
            eventsPerDay,
            seed,
            filesPerDay,
            malformedShare,
            duplicateShare,
            lateShare,
            actionsFrom,
            WorldShape.named(shape));
    long start = System.nanoTime();
    SampleDataGenerator.Summary summary = new SampleDataGenerator(settings).generate();
    System.out.printf(
        "generated %d days (%s to %s) of %d accounts under %s: %d events, %d duplicate lines,"
            + " %d malformed lines, %d late events, in %.1f s%n",
        summary.daysWritten(),
        settings.startDate(),
        endDate,
        accounts,
        input,
        summary.eventsWritten(),
        summary.duplicateLines(),
        summary.malformedLines(),
        summary.lateEvents(),
        (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
