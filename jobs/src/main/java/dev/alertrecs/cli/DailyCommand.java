package dev.alertrecs.cli;

import dev.alertrecs.checks.CheckResult;
import dev.alertrecs.config.JobSettings;
import dev.alertrecs.io.ObjectStore;
import dev.alertrecs.job.DailyJob;
import dev.alertrecs.job.ExitCode;
import dev.alertrecs.job.Layout;
import dev.alertrecs.job.RunOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code daily --date D | --from D1 --to D2 --input ROOT --output ROOT}: the scheduled run. */
@Command(
    name = "daily",
    mixinStandardHelpOptions = true,
    description = "Run the daily job for a date (or each date of a backfill range, in order).")
public final class DailyCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  DateChoice dates;

  static final class DateChoice {
    @Option(
        names = "--date",
        converter = DateConverter.class,
        paramLabel = "YYYY-MM-DD",
        description = "The run date (UTC day of the actions folder).")
    LocalDate date;

    @ArgGroup(exclusive = false)
    DateRange range;
  }

  @Option(
      names = "--input",
      required = true,
      paramLabel = "ROOT",
      description = "Input root: a local path or s3a://bucket/prefix.")
  String input;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "ROOT",
      description = "Output root: a local path or s3a://bucket/prefix.")
  String output;

  @Mixin SettingsOptions settingsOptions;

  @Override
  public Integer call() {
    List<LocalDate> runDates =
        dates.date != null ? List.of(dates.date) : dates.range.dates(spec.commandLine());
    Clock clock = Clock.systemUTC();
    Instant startedAt = clock.instant();
    JobSettings settings;
    SparkSession spark;
    try {
      settings = settingsOptions.settings();
      spark = Sessions.get("alert-recs daily", settings);
    } catch (RuntimeException e) {
      // no session: the outcome goes through the default S3 settings (the instance role on EMR)
      try (ObjectStore store = ObjectStore.forUri(output, Map.of())) {
        recordFailure(new RunOutcome(store, output, clock), runDates.get(0), e, startedAt);
      }
      throw e;
    }
    DailyJob job = new DailyJob(spark, settings, new Layout(input, output), clock);
    try (ObjectStore store = ObjectStore.forSession(output, spark)) {
      RunOutcome outcome = new RunOutcome(store, output, clock);
      for (LocalDate date : runDates) {
        Instant dateStartedAt = clock.instant();
        try {
          outcome.running(date, dateStartedAt);
          DailyJob.Result result = job.run(date);
          outcome.succeeded(date, result.runId(), dateStartedAt);
          printSummary(result);
        } catch (RuntimeException e) {
          recordFailure(outcome, date, e, dateStartedAt);
          throw e;
        }
      }
    }
    return 0;
  }

  /**
   * Best effort: a storage that refused the run's writes is likely to refuse its outcome too, and
   * that second failure says nothing new; any other one is worth a line.
   */
  private static void recordFailure(
      RunOutcome outcome, LocalDate date, RuntimeException failure, Instant startedAt) {
    try {
      String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
      int newline = message.indexOf('\n');
      outcome.failed(
          date, failure, newline < 0 ? message : message.substring(0, newline), startedAt);
    } catch (RuntimeException unwritable) {
      if (ExitCode.of(failure) != ExitCode.STORAGE) {
        System.err.println(
            "alert-recs: cannot write the run's outcome to "
                + outcome.uri(date)
                + ": "
                + unwritable.getMessage());
      }
    }
  }

  private static void printSummary(DailyJob.Result r) {
    var c = r.counts();
    System.out.printf(
        Locale.ROOT,
        "run %s for %s: %s%n  events read %d = valid %d + quarantined %d + duplicates %d"
            + " (plus %d read from neighbouring days)%n"
            + "  investigations %d, alerts investigated %d, recommendations %d, evidence days"
            + " backfilled %d, model %s%n",
        r.runId(),
        r.runDate(),
        r.status(),
        c.nRead(),
        c.nValid(),
        c.nQuarantined(),
        c.nDuplicates(),
        c.nContextRead(),
        r.nInvestigations(),
        r.nAlerts(),
        r.nRecommendations(),
        r.backfilledDays().size(),
        r.modelVersion());
    if (r.gateStatus() != null) {
      System.out.printf("  quality gate: %s%n", r.gateStatus());
    }
    for (CheckResult check : r.checks()) {
      if (!check.passed()) {
        System.out.printf(
            "  %s %s: %s%n",
            check.severity().name().toLowerCase(Locale.ROOT), check.name(), check.observed());
      }
    }
  }
}
