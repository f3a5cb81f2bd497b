package dev.alertrecs.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The model's NDCG@3 minus each baseline's, with a 95% percentile bootstrap interval, over all
 * evaluation units and per history segment: the figures the quality gate judges.
 *
 * <p>The bootstrap resamples investigations, not units: an investigation's dashboard and query
 * units share its alert and its user, so resampling them apart would understate the noise. A
 * resample draws as many investigations as the scope has, with replacement; its difference is the
 * sum over the drawn units of (model − baseline) over the number of drawn units, the same mean the
 * point estimate takes. Both baselines are compared on the same resamples. Runs on the driver over
 * one day's investigations (one small row each); the investigations are sorted by id and every
 * scope's stream is seeded from {@code eval_bootstrap_seed} and the scope, so a rerun gives the
 * same interval.
 */
public final class NdcgBootstrap {
  public static final int K = 3;
  static final double CONFIDENCE = 0.95;
  static final List<String> BASELINES =
      List.of(EvaluationRow.ALERT_POPULAR, EvaluationRow.ACCOUNT_POPULAR);

  /** One investigation's units: how many, and the sum of their NDCG@3 under each ranker. */
  public record InvestigationScores(
      String investigationId,
      String historySegment,
      long nUnits,
      double model,
      double accountPopular,
      double alertPopular) {
    double baseline(String ranker) {
      return ranker.equals(EvaluationRow.ALERT_POPULAR) ? alertPopular : accountPopular;
    }
  }

  /** The model minus one baseline in one scope (historySegment all: every unit). */
  public record Figure(
      String baseline,
      String historySegment,
      double value,
      long nUnits,
      double ciLow,
      double ciHigh) {
    public String metric() {
      return metricName(baseline);
    }

    /** The alert group of the scope: a segment's own (0 is cold), else all. */
    public String alertGroup() {
      if (historySegment.equals(EvaluationRow.ALL)) {
        return EvaluationRow.ALL;
      }
      return historySegment.equals(EvaluationRow.SEGMENTS.get(0)) ? "cold" : "warm";
    }
  }

  private NdcgBootstrap() {}

  /** The metric name of the difference to a baseline in the evaluation table. */
  public static String metricName(String baseline) {
    return "ndcg_minus_" + baseline;
  }

  /**
   * Sums the scored units (ScoreEvaluationUnits) per investigation and collects them: one row per
   * investigation of the day, a few tens of bytes each.
   */
  public static List<InvestigationScores> perInvestigation(Dataset<Row> units) {
    Column ranker = col("model_or_baseline");
    Column ndcg = col("ndcg_" + K);
    List<InvestigationScores> scores = new ArrayList<>();
    for (Row r :
        units
            .groupBy("investigation_id", "history_segment")
            .agg(
                sum(when(ranker.equalTo(EvaluationRow.MODEL), lit(1L)).otherwise(lit(0L)))
                    .as("n_units"),
                sum(when(ranker.equalTo(EvaluationRow.MODEL), ndcg).otherwise(lit(0D))).as("model"),
                sum(when(ranker.equalTo(EvaluationRow.ACCOUNT_POPULAR), ndcg).otherwise(lit(0D)))
                    .as("account_popular"),
                sum(when(ranker.equalTo(EvaluationRow.ALERT_POPULAR), ndcg).otherwise(lit(0D)))
                    .as("alert_popular"))
            .collectAsList()) {
      scores.add(
          new InvestigationScores(
              r.getAs("investigation_id"),
              r.getAs("history_segment"),
              r.<Long>getAs("n_units"),
              r.<Double>getAs("model"),
              r.<Double>getAs("account_popular"),
              r.<Double>getAs("alert_popular")));
    }
    return scores;
  }

  /** Every unit pooled first, then each segment that has units, in segment order. */
  public static List<Figure> compute(
      List<InvestigationScores> investigations, int resamples, long seed) {
    List<InvestigationScores> sorted = new ArrayList<>(investigations);
    sorted.sort(Comparator.comparing(InvestigationScores::investigationId));
    Map<String, List<InvestigationScores>> scopes = new LinkedHashMap<>();
    scopes.put(EvaluationRow.ALL, sorted);
    for (String segment : EvaluationRow.SEGMENTS) {
      List<InvestigationScores> in =
          sorted.stream().filter(i -> segment.equals(i.historySegment())).toList();
      if (!in.isEmpty()) {
        scopes.put(segment, in);
      }
    }
    List<Figure> figures = new ArrayList<>();
    scopes.forEach(
        (segment, scope) -> {
          long units = scope.stream().mapToLong(InvestigationScores::nUnits).sum();
          if (units == 0) {
            return;
          }
          // the scope's name seeds its stream: a segment's interval does not depend on the others
          SplittableRandom random = new SplittableRandom(seed ^ segment.hashCode());
          double[][] diffs = new double[BASELINES.size()][resamples];
          int n = scope.size();
          for (int b = 0; b < resamples; b++) {
            long drawnUnits = 0;
            double[] sums = new double[BASELINES.size()];
            for (int i = 0; i < n; i++) {
              InvestigationScores s = scope.get(random.nextInt(n));
              drawnUnits += s.nUnits();
              for (int j = 0; j < BASELINES.size(); j++) {
                sums[j] += s.model() - s.baseline(BASELINES.get(j));
              }
            }
            for (int j = 0; j < BASELINES.size(); j++) {
              // a resample of investigations without units (none are collected) cannot happen;
              // guard the division all the same
              diffs[j][b] = drawnUnits == 0 ? 0 : sums[j] / drawnUnits;
            }
          }
          for (int j = 0; j < BASELINES.size(); j++) {
            String baseline = BASELINES.get(j);
            double total = 0;
            for (InvestigationScores s : scope) {
              total += s.model() - s.baseline(baseline);
            }
            double[] d = diffs[j];
            Arrays.sort(d);
            double alpha = (1 - CONFIDENCE) / 2;
            figures.add(
                new Figure(
                    baseline,
                    segment,
                    total / units,
                    units,
                    MttrBootstrap.quantile(d, alpha),
                    MttrBootstrap.quantile(d, 1 - alpha)));
          }
        });
    return figures;
  }
}
