package dev.alertrecs.cli;

import dev.alertrecs.checks.CheckResult;
import dev.alertrecs.config.JobSettings;
import dev.alertrecs.job.DailyJob;
import dev.alertrecs.job.Layout;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
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
    JobSettings settings = settingsOptions.settings();
    SparkSession spark = Sessions.get("alert-recs daily", settings);
    DailyJob job = new DailyJob(spark, settings, new Layout(input, output), Clock.systemUTC());
    for (LocalDate date : runDates) {
      DailyJob.Result result = job.run(date);
      printSummary(result);
    }
    return 0;
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
