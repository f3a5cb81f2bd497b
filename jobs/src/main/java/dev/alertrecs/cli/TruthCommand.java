package dev.alertrecs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertrecs.evaluation.TruthScores;
import dev.alertrecs.job.ExitCode;
import dev.alertrecs.job.InputReader;
import dev.alertrecs.job.JobFailure;
import dev.alertrecs.job.Layout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code truth --input ROOT --output ROOT --date D}: for a generated world, scores the lists
 * published for D against what truly helps each alert ({@code _generator/truth.jsonl}, written by
 * {@code generate}), beside the backtest, which can only see what people used. See {@link
 * TruthScores}.
 */
@Command(
    name = "truth",
    mixinStandardHelpOptions = true,
    description =
        "Score a date's published lists against a generated world's truth (what really helps).")
public final class TruthCommand implements Callable<Integer> {
  static final String TRUTH_FILE = "_generator/truth.jsonl";

  @Option(names = "--input", required = true, paramLabel = "ROOT", description = "Input root.")
  String input;

  @Option(names = "--output", required = true, paramLabel = "ROOT", description = "Output root.")
  String output;

  @Option(
      names = "--date",
      required = true,
      converter = DateConverter.class,
      paramLabel = "YYYY-MM-DD")
  LocalDate date;

  @Override
  public Integer call() {
    SparkSession spark = SparkSession.builder().appName("alert-recs truth").getOrCreate();
    Layout layout = new Layout(input, output);
    InputReader reader = new InputReader(spark, layout);
    Path truthFile = new Path(layout.inputRoot() + "/" + TRUTH_FILE);
    if (!reader.exists(truthFile.toString())) {
      throw new JobFailure(
          ExitCode.MISSING_INPUT,
          "no truth file at " + truthFile + ": only a world made by `alert-recs generate` has one");
    }
    List<TruthScores.Alert> truth =
        readTruth(truthFile, spark.sparkContext().hadoopConfiguration());
    Path lists = new Path(layout.tableDay(Layout.RECOMMENDATIONS, date));
    if (!reader.exists(lists.toString())) {
      throw new JobFailure(
          ExitCode.MISSING_INPUT, "no recommendations published for " + date + " under " + lists);
    }
    List<TruthScores.Listed> listed = new ArrayList<>();
    for (Row r :
        spark
            .read()
            .parquet(lists.toString())
            .select("account_id", "alert_id", "item_type", "rank", "item_id", "item_label")
            .collectAsList()) {
      listed.add(
          new TruthScores.Listed(
              r.getString(0),
              r.getString(1),
              r.getString(2),
              r.getInt(3),
              r.getString(4),
              r.getString(5)));
    }
    System.out.print(table(date, TruthScores.score(truth, listed)));
    return 0;
  }

  /** The figures as a table: one line per item type and alert group. */
  static String table(LocalDate date, List<TruthScores.Figure> figures) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%nLists of %s against the world's truth%n", date));
    out.append(
        String.format(
            Locale.ROOT,
            "%-10s %-12s %10s %10s %8s %7s%n",
            "item type",
            "alerts",
            "hit_rate@1",
            "hit_rate@3",
            "ndcg@3",
            "n"));
    for (int i = 0; i + 2 < figures.size(); i += 3) {
      TruthScores.Figure hit1 = figures.get(i);
      out.append(
          String.format(
              Locale.ROOT,
              "%-10s %-12s %10.3f %10.3f %8.3f %7d%n",
              hit1.itemType(),
              hit1.group(),
              hit1.value(),
              figures.get(i + 1).value(),
              figures.get(i + 2).value(),
              hit1.nAlerts()));
    }
    return out.toString();
  }

  static List<TruthScores.Alert> readTruth(Path path, Configuration hadoop) {
    ObjectMapper json = new ObjectMapper();
    List<TruthScores.Alert> alerts = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(path.getFileSystem(hadoop).open(path), StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode a;
        try {
          a = json.readTree(line);
        } catch (JsonProcessingException e) {
          throw new JobFailure(
              ExitCode.BAD_INPUT, path + " line " + n + " is not JSON: " + e.getOriginalMessage());
        }
        alerts.add(
            new TruthScores.Alert(
                a.path("account_id").asText(),
                a.path("alert_id").asText(),
                a.path("is_new").asBoolean(false),
                texts(a.path("relevant_dashboards")),
                List.copyOf(texts(a.path("relevant_query_templates")))));
      }
    } catch (IOException e) {
      throw new JobFailure(ExitCode.STORAGE, "cannot read " + path + ": " + e.getMessage(), e);
    }
    return alerts;
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
