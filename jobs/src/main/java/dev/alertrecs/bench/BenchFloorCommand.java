package dev.alertrecs.bench;

import dev.alertrecs.cli.DateConverter;
import dev.alertrecs.cli.SettingsOptions;
import dev.alertrecs.config.JobSettings;
import dev.alertrecs.job.InputReader;
import dev.alertrecs.job.Layout;
import dev.alertrecs.steps.ParseActions;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench-floor --input ROOT --date D}: the least any Spark job on a day's input can cost. It
 * reads the same action folders as the daily run (dt-1, dt, dt+1) with the same reader, parses
 * every line with the production {@link ParseActions} model and aggregates a few parsed fields, so
 * no line and no field the job checks can be pruned away; it writes nothing. No shuffle but the
 * final one-row aggregate. Hidden: for {@code scripts/bench.sh}, not for operators.
 */
@Command(
    name = "bench-floor",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Benchmark floor: read and parse a day's actions as the daily run does, count.")
public final class BenchFloorCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "ROOT")
  String input;

  @Option(
      names = "--date",
      required = true,
      converter = DateConverter.class,
      paramLabel = "YYYY-MM-DD")
  LocalDate date;

  @Mixin SettingsOptions settingsOptions;

  @Override
  public Integer call() {
    JobSettings settings = settingsOptions.settings();
    SparkSession.Builder builder = SparkSession.builder().appName("alert-recs bench-floor");
    settings.sparkConf().forEach(builder::config);
    SparkSession spark = builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();
    long start = System.nanoTime();
    InputReader.ActionInput input =
        new InputReader(spark, new Layout(this.input, this.input)).actionsAround(date);
    spark.sparkContext().setJobDescription("bench floor: read and parse actions");
    Row counts =
        ParseActions.apply(input.rows(), settings)
            .selectExpr(
                "count(*) as n_read",
                "count_if(quarantine_reason is null) as n_valid",
                "max(ts) as max_ts",
                "max(length(query)) as max_query_chars")
            .first();
    System.out.printf(
        Locale.ROOT,
        "bench-floor %s: %d files, read %d lines, %d valid, in %.1f s%n",
        date,
        input.nFiles(),
        counts.getLong(0),
        counts.getLong(1),
        (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
