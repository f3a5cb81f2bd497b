package dev.alertrecs.cli;

import static org.apache.spark.sql.functions.col;

import dev.alertrecs.job.InputReader;
import dev.alertrecs.job.Layout;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code show --output ROOT --date D}: prints a run's record and, for the busiest alerts and for
 * alerts without history, the recommended dashboards and queries with their reasons, then the
 * alert's next steps (what to open after each item) when the date has a {@code next_steps} table.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Print a date's run record and recommendations of a few alerts.")
public final class ShowCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, paramLabel = "ROOT")
  String output;

  @Option(
      names = "--date",
      required = true,
      converter = DateConverter.class,
      paramLabel = "YYYY-MM-DD")
  LocalDate date;

  @Option(names = "--input", paramLabel = "ROOT", description = "Input root, for alert titles.")
  String input;

  @Option(
      names = "--alerts",
      defaultValue = "4",
      description = "Busiest alerts to show (default ${DEFAULT-VALUE}).")
  int alerts;

  @Override
  public Integer call() {
    SparkSession spark = SparkSession.builder().appName("alert-recs show").getOrCreate();
    Layout layout = new Layout(input == null ? output : input, output);
    Row run =
        spark
            .read()
            .parquet(layout.tableDay(Layout.RUNS, date))
            .orderBy(col("started_at").desc())
            .first();
    System.out.printf(
        Locale.ROOT,
        "%nRun %s of %s: %s%n  events read %d = valid %d + quarantined %d + duplicates %d%n"
            + "  investigations %d, alerts investigated %d, recommendations %d, model %s%n",
        run.getAs("run_id"),
        run.getAs("run_date"),
        run.getAs("status"),
        run.<Long>getAs("n_read"),
        run.<Long>getAs("n_valid"),
        run.<Long>getAs("n_quarantined"),
        run.<Long>getAs("n_duplicates"),
        run.<Long>getAs("n_investigations"),
        run.<Long>getAs("n_alerts"),
        run.<Long>getAs("n_recommendations"),
        run.getAs("model_version"));

    Map<String, String> titles = new HashMap<>();
    if (input != null) {
      for (Row r : spark.read().json(layout.catalog("alerts") + "/dt=*/").collectAsList()) {
        titles.put(r.getAs("account_id") + "/" + r.getAs("alert_id"), r.getAs("title"));
      }
    }
    Dataset<Row> recs = spark.read().parquet(layout.tableDay(Layout.RECOMMENDATIONS, date)).cache();
    Optional<Dataset<Row>> nextSteps = nextSteps(spark, layout);
    List<Row> busiest =
        spark
            .read()
            .parquet(layout.tableDay(Layout.ALERT_STATS, date))
            .orderBy(col("n_investigations").desc(), col("account_id"), col("alert_id"))
            .limit(alerts)
            .collectAsList();
    for (Row a : busiest) {
      System.out.printf(
          Locale.ROOT,
          "%n%s / %s %s%n  %d investigations today, median %.1f min to resolve%n",
          a.getAs("account_id"),
          a.getAs("alert_id"),
          quoted(titles.get(a.getAs("account_id") + "/" + a.getAs("alert_id"))),
          a.<Long>getAs("n_investigations"),
          a.<Double>getAs("mttr_median_s") / 60);
      printLists(recs, a.getAs("account_id"), a.getAs("alert_id"));
      nextSteps.ifPresent(n -> printNextSteps(n, a.getAs("account_id"), a.getAs("alert_id")));
    }
    List<Row> cold =
        recs.where("strategy <> 'alert'")
            .select("account_id", "alert_id")
            .distinct()
            .join(
                recs.where("strategy = 'alert'").select("account_id", "alert_id").distinct(),
                scala.collection.JavaConverters.asScalaBuffer(List.of("account_id", "alert_id"))
                    .toSeq(),
                "left_anti")
            .orderBy("account_id", "alert_id")
            .limit(2)
            .collectAsList();
    for (Row a : cold) {
      System.out.printf(
          "%n%s / %s %s%n  no investigations of its own in the window%n",
          a.getAs("account_id"),
          a.getAs("alert_id"),
          quoted(titles.get(a.getAs("account_id") + "/" + a.getAs("alert_id"))));
      printLists(recs, a.getAs("account_id"), a.getAs("alert_id"));
      nextSteps.ifPresent(n -> printNextSteps(n, a.getAs("account_id"), a.getAs("alert_id")));
    }
    return 0;
  }

  /** The date's next steps; empty for outputs written before the job had the table. */
  private Optional<Dataset<Row>> nextSteps(SparkSession spark, Layout layout) {
    String folder = layout.tableDay(Layout.NEXT_STEPS, date);
    if (!new InputReader(spark, layout).exists(folder)) {
      return Optional.empty();
    }
    return Optional.of(spark.read().parquet(folder).cache());
  }

  private static String quoted(String title) {
    return title == null ? "" : "\"" + title + "\"";
  }

  private static void printLists(Dataset<Row> recs, String account, String alert) {
    for (String type : List.of("dashboard", "query")) {
      List<Row> rows =
          recs.where(
                  col("account_id")
                      .equalTo(account)
                      .and(col("alert_id").equalTo(alert))
                      .and(col("item_type").equalTo(type)))
              .orderBy("rank")
              .collectAsList();
      System.out.printf("  %s%n", type.equals("dashboard") ? "dashboards:" : "queries:");
      if (rows.isEmpty()) {
        System.out.println("    (none)");
      }
      for (Row r : rows) {
        System.out.printf(
            Locale.ROOT,
            "    %d. %-52s [%s, score %.3f]%n       %s%n",
            r.<Integer>getAs("rank"),
            abbreviate(r.getAs("item_label"), 52),
            r.getAs("strategy"),
            r.<Double>getAs("score"),
            r.getAs("reason"));
      }
    }
  }

  /** One block per item just used, in the table's order, each with its ranked next items. */
  private static void printNextSteps(Dataset<Row> nextSteps, String account, String alert) {
    List<Row> rows =
        nextSteps
            .where(col("account_id").equalTo(account).and(col("alert_id").equalTo(alert)))
            .orderBy("after_item_type", "after_item_id", "rank")
            .collectAsList();
    System.out.println("  next steps:");
    if (rows.isEmpty()) {
      System.out.println("    (none)");
    }
    String after = null;
    for (Row r : rows) {
      String item = r.getAs("after_item_type") + "/" + r.getAs("after_item_id");
      if (!item.equals(after)) {
        after = item;
        System.out.printf(
            "    after %s (%s):%n", r.getAs("after_item_label"), r.getAs("after_item_type"));
      }
      System.out.printf(
          Locale.ROOT,
          "      %d. %-50s [%s, %s, score %.3f]%n         %s%n",
          r.<Integer>getAs("rank"),
          abbreviate(r.getAs("item_label"), 50),
          r.getAs("item_type"),
          r.getAs("strategy"),
          r.<Double>getAs("score"),
          r.getAs("reason"));
    }
  }

  private static String abbreviate(String text, int max) {
    if (text == null) {
      return "";
    }
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
