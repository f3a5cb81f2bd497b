package dev.alertrecs.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Median time to resolve with and without recommendations, and their difference (with minus
 * without) with a percentile bootstrap confidence interval, per alert and overall.
 *
 * <p>Each resample draws, with replacement, as many durations as each group has, from each group
 * apart; the overall figure pools the alerts that have both groups and resamples inside every alert
 * (a stratified bootstrap), so a change in the mix of alerts is not read as an effect. Runs on the
 * driver over one day's durations; every random stream is seeded from the setting and the alert's
 * ids, so a rerun gives the same interval and one alert's interval does not depend on the others.
 */
public final class MttrBootstrap {
  /** The durations (seconds) of one alert's investigations, split by use of a recommendation. */
  public record AlertDurations(String accountId, String alertId, double[] with, double[] without) {
    /** Both groups have durations: the alert has a difference, and joins the pooled figures. */
    boolean hasBoth() {
      return with.length > 0 && without.length > 0;
    }
  }

  /** One figure; accountId and alertId are null for the overall figures. */
  public record Figure(
      String accountId,
      String alertId,
      String metric,
      double value,
      long n,
      Double ciLow,
      Double ciHigh) {}

  public static final String MEDIAN_WITH = "mttr_median_with_recs_s";
  public static final String MEDIAN_WITHOUT = "mttr_median_without_recs_s";
  public static final String DIFF = "mttr_diff_s";
  static final double CONFIDENCE = 0.95;

  private MttrBootstrap() {}

  public static List<Figure> compute(List<AlertDurations> alerts, int resamples, long seed) {
    List<AlertDurations> sorted = new ArrayList<>(alerts);
    sorted.sort(
        Comparator.comparing(AlertDurations::accountId).thenComparing(AlertDurations::alertId));
    // each alert's resamples draw from its own stream, seeded from its ids: the alerts run in
    // parallel on the driver's cores and give the same figures on every run
    List<List<Figure>> perAlert =
        sorted.parallelStream().map(a -> alertFigures(a, resamples, seed)).toList();
    List<Figure> figures = new ArrayList<>();
    perAlert.forEach(figures::addAll);
    List<AlertDurations> both = sorted.stream().filter(AlertDurations::hasBoth).toList();
    if (!both.isEmpty()) {
      double[] pooledWith = pool(both, true);
      double[] pooledWithout = pool(both, false);
      figures.add(medianFigure(null, null, MEDIAN_WITH, pooledWith));
      figures.add(medianFigure(null, null, MEDIAN_WITHOUT, pooledWithout));
      // one random stream per resample, split off in order: the resamples (each as large as the
      // day) then run in parallel on the driver's cores and give the same figures on every run
      SplittableRandom random = new SplittableRandom(seed);
      SplittableRandom[] streams = new SplittableRandom[resamples];
      for (int b = 0; b < resamples; b++) {
        streams[b] = random.split();
      }
      double[] diffs = new double[resamples];
      IntStream.range(0, resamples)
          .parallel()
          .forEach(
              b -> {
                double[] with = new double[pooledWith.length];
                double[] without = new double[pooledWithout.length];
                int w = 0;
                int o = 0;
                for (AlertDurations a : both) {
                  w = resampleInto(a.with(), streams[b], with, w);
                  o = resampleInto(a.without(), streams[b], without, o);
                }
                diffs[b] = selectMedian(with) - selectMedian(without);
              });
      figures.add(diff(null, null, pooledWith, pooledWithout, diffs));
    }
    return figures;
  }

  /** One alert's medians and, when it has both groups, their difference with its interval. */
  private static List<Figure> alertFigures(AlertDurations a, int resamples, long seed) {
    List<Figure> figures = new ArrayList<>();
    if (a.with().length > 0) {
      figures.add(medianFigure(a.accountId(), a.alertId(), MEDIAN_WITH, a.with()));
    }
    if (a.without().length > 0) {
      figures.add(medianFigure(a.accountId(), a.alertId(), MEDIAN_WITHOUT, a.without()));
    }
    if (a.hasBoth()) {
      SplittableRandom random = new SplittableRandom(seed ^ key(a));
      double[] diffs = new double[resamples];
      for (int b = 0; b < resamples; b++) {
        diffs[b] =
            selectMedian(resample(a.with(), random)) - selectMedian(resample(a.without(), random));
      }
      figures.add(diff(a.accountId(), a.alertId(), a.with(), a.without(), diffs));
    }
    return figures;
  }

  private static Figure medianFigure(
      String accountId, String alertId, String metric, double[] durations) {
    return new Figure(accountId, alertId, metric, median(durations), durations.length, null, null);
  }

  /**
   * The median as Spark's {@code percentile(x, 0.5)} computes it: the mean of the middle two. Found
   * by selection on a copy, in linear time: the bootstrap takes hundreds of medians of a day's
   * durations, and sorting each resample made it the slowest part of a large run.
   */
  public static double median(double[] values) {
    return selectMedian(values.clone());
  }

  /** The median of values, which it reorders. */
  private static double selectMedian(double[] copy) {
    int lower = (copy.length - 1) / 2;
    double low = select(copy, lower);
    if (copy.length % 2 == 1) {
      return low;
    }
    // select leaves every value above position `lower` at least as large: the next rank is their
    // minimum
    double high = Double.POSITIVE_INFINITY;
    for (int i = lower + 1; i < copy.length; i++) {
      high = Math.min(high, copy[i]);
    }
    return low + (high - low) * 0.5;
  }

  /**
   * The value of rank {@code k} (0-based) of {@code values}, which it partially reorders: smaller
   * or equal values before position k, larger or equal after. Quickselect with a middle pivot.
   */
  static double select(double[] values, int k) {
    int left = 0;
    int right = values.length - 1;
    while (left < right) {
      double pivot = values[(left + right) >>> 1];
      int i = left;
      int j = right;
      while (i <= j) {
        while (values[i] < pivot) {
          i++;
        }
        while (values[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double swap = values[i];
          values[i] = values[j];
          values[j] = swap;
          i++;
          j--;
        }
      }
      if (k <= j) {
        right = j;
      } else if (k >= i) {
        left = i;
      } else {
        return values[k];
      }
    }
    return values[k];
  }

  /** Linear interpolation between the closest ranks of sorted values. */
  static double quantile(double[] sorted, double p) {
    double position = p * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = (int) Math.ceil(position);
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
  }

  private static Figure diff(
      String accountId, String alertId, double[] with, double[] without, double[] diffs) {
    Arrays.sort(diffs);
    double alpha = (1 - CONFIDENCE) / 2;
    return new Figure(
        accountId,
        alertId,
        DIFF,
        median(with) - median(without),
        with.length + without.length,
        quantile(diffs, alpha),
        quantile(diffs, 1 - alpha));
  }

  /** Draws values.length values of {@code values} into {@code out} from {@code at}. */
  private static int resampleInto(double[] values, SplittableRandom random, double[] out, int at) {
    for (int i = 0; i < values.length; i++) {
      out[at + i] = values[random.nextInt(values.length)];
    }
    return at + values.length;
  }

  private static double[] resample(double[] values, SplittableRandom random) {
    double[] out = new double[values.length];
    resampleInto(values, random, out, 0);
    return out;
  }

  private static double[] pool(List<AlertDurations> alerts, boolean with) {
    return concat(alerts.stream().map(a -> with ? a.with() : a.without()).toList());
  }

  private static double[] concat(List<double[]> parts) {
    return parts.stream().flatMapToDouble(Arrays::stream).toArray();
  }

  /** String.hashCode is specified, so the stream of an alert is the same on every JVM. */
  private static long key(AlertDurations a) {
    return ((long) a.accountId().hashCode() << 32) ^ (a.alertId().hashCode() & 0xffffffffL);
  }
}
