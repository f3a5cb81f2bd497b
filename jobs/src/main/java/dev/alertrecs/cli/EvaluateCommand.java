package dev.alertrecs.cli;

import dev.alertrecs.config.JobSettings;
import dev.alertrecs.evaluation.EvaluationRow;
import dev.alertrecs.evaluation.EvaluationSummary;
import dev.alertrecs.evaluation.RunReport;
import dev.alertrecs.job.DailyJob;
import dev.alertrecs.job.Layout;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate --from D1 --to D2 --input ROOT --output ROOT}: the backtest of each date, as a
 * daily run does it for its own date, written to {@code evaluation/dt=D/}. Publishes no lists.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Backtest each date of a range: lists built only from the days before it, scored against"
            + " its investigations, beside popularity baselines (evaluation/dt=D/).")
public final class EvaluateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = false, multiplicity = "1")
  DateRange range;

  @Option(names = "--input", required = true, paramLabel = "ROOT", description = "Input root.")
  String input;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "ROOT",
      description =
          "Output root: evidence is read from and stored there, results go to evaluation/.")
  String output;

  @Mixin SettingsOptions settingsOptions;

  @Override
  public Integer call() {
    JobSettings settings = settingsOptions.settings();
    SparkSession spark = Sessions.get("alert-recs evaluate", settings);
    DailyJob job = new DailyJob(spark, settings, new Layout(input, output), Clock.systemUTC());
    for (LocalDate date : range.dates(spec.commandLine())) {
      printSummary(date, job.evaluate(date));
    }
    return 0;
  }

  private static void printSummary(LocalDate date, EvaluationSummary e) {
    if (!e.hasData()) {
      System.out.printf(
          "evaluation of %s: not enough data (%d units, %d evidence days before it)%n",
          date, e.nUnits(), e.evidenceDays());
    } else {
      System.out.printf(
          Locale.ROOT,
          "evaluation of %s over %d units, lists from %d evidence days:%n",
          date,
          e.nUnits(),
          e.evidenceDays());
      for (String ranker : EvaluationRow.RANKERS) {
        System.out.printf(
            Locale.ROOT,
            "  %-16s hit rate@1 %s  @3 %s  @5 %s  ndcg@5 %s  mrr %s%n",
            ranker,
            fmt(e.headlineValue(ranker, "hit_rate", 1)),
            fmt(e.headlineValue(ranker, "hit_rate", 3)),
            fmt(e.headlineValue(ranker, "hit_rate", 5)),
            fmt(e.headlineValue(ranker, "ndcg", 5)),
            fmt(e.headlineValue(ranker, "mrr", null)));
      }
      e.headline(EvaluationRow.MODEL, EvaluationRow.NEXT_STEP_HIT_RATE, 3)
          .ifPresent(
              model ->
                  System.out.printf(
                      Locale.ROOT,
                      "  next steps hit@3 over %d steps: model %s  alert_list %s  account_next %s%n",
                      model.n(),
                      fmt(model.value()),
                      fmt(
                          e.headlineValue(
                              EvaluationRow.ALERT_LIST, EvaluationRow.NEXT_STEP_HIT_RATE, 3)),
                      fmt(
                          e.headlineValue(
                              EvaluationRow.ACCOUNT_NEXT, EvaluationRow.NEXT_STEP_HIT_RATE, 3))));
    }
    Map<String, Double> figures = RunReport.headlineFigures(e);
    if (figures.get("mttr_diff_median_s") != null) {
      System.out.printf(
          Locale.ROOT,
          "  median time to resolve with minus without recommendations: %.1f s [%.1f, %.1f]%n",
          figures.get("mttr_diff_median_s"),
          figures.get("mttr_diff_ci_low_s"),
          figures.get("mttr_diff_ci_high_s"));
    }
  }

  private static String fmt(Double v) {
    return v == null ? "  –   " : String.format(Locale.ROOT, "%.4f", v);
  }
}
