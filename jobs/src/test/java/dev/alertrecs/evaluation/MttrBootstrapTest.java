package dev.alertrecs.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.evaluation.MttrBootstrap.AlertDurations;
import dev.alertrecs.evaluation.MttrBootstrap.Figure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Medians, differences and bootstrap intervals of time to resolve with and without recs. */
class MttrBootstrapTest {
  static final AlertDurations FAST_WITH_RECS =
      new AlertDurations(
          "acme", "al-1", new double[] {60, 120, 90, 100}, new double[] {300, 600, 400, 500, 450});
  static final AlertDurations ONLY_ORGANIC =
      new AlertDurations("acme", "al-2", new double[] {}, new double[] {200, 100});
  static final AlertDurations SAME_EITHER_WAY =
      new AlertDurations("globex", "al-1", new double[] {30, 30}, new double[] {30, 30, 30});

  static Figure find(List<Figure> figures, String alert, String metric) {
    return figures.stream()
        .filter(f -> java.util.Objects.equals(f.alertId(), alert) && f.metric().equals(metric))
        .filter(f -> alert != null || f.accountId() == null)
        .findFirst()
        .orElse(null);
  }

  @Test
  void medianIsTheMeanOfTheMiddleTwoLikeSparkPercentile() {
    assertEquals(95.0, MttrBootstrap.median(new double[] {60, 120, 90, 100}));
    assertEquals(450.0, MttrBootstrap.median(new double[] {300, 600, 400, 500, 450}));
    assertEquals(7.0, MttrBootstrap.median(new double[] {7}));
  }

  @Test
  void medianBySelectionEqualsTheMiddleOfTheSortedValues() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int n = 1; n <= 60; n++) {
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = random.nextInt(20); // many ties, as durations in whole seconds have
      }
      double[] sorted = values.clone();
      java.util.Arrays.sort(sorted);
      double expected = (sorted[(n - 1) / 2] + sorted[n / 2]) / 2;
      double[] before = values.clone();
      assertEquals(expected, MttrBootstrap.median(values), 0.0, "n=" + n);
      assertTrue(java.util.Arrays.equals(before, values), "the input stays as it was");
    }
  }

  @Test
  void perAlertDifferenceWithAnIntervalAroundIt() {
    List<Figure> f = MttrBootstrap.compute(List.of(FAST_WITH_RECS, ONLY_ORGANIC), 200, 42);
    Figure diff = find(f, "al-1", MttrBootstrap.DIFF);
    assertEquals(95.0 - 450.0, diff.value(), 1e-9);
    assertEquals(9, diff.n());
    assertTrue(diff.ciLow() <= diff.value() && diff.value() <= diff.ciHigh(), diff.toString());
    // every resampled with-median is <= 120 and every without-median >= 300
    assertTrue(diff.ciHigh() <= 120 - 300, diff.toString());
    assertTrue(diff.ciLow() >= 60 - 600, diff.toString());
    assertEquals(95.0, find(f, "al-1", MttrBootstrap.MEDIAN_WITH).value());
    assertEquals(4, find(f, "al-1", MttrBootstrap.MEDIAN_WITH).n());
  }

  @Test
  void anAlertWithoutOneOfTheGroupsHasMediansButNoDifference() {
    List<Figure> f = MttrBootstrap.compute(List.of(ONLY_ORGANIC), 200, 42);
    assertEquals(150.0, find(f, "al-2", MttrBootstrap.MEDIAN_WITHOUT).value());
    assertNull(find(f, "al-2", MttrBootstrap.MEDIAN_WITH));
    assertNull(find(f, "al-2", MttrBootstrap.DIFF));
    assertNull(find(f, null, MttrBootstrap.DIFF), "no overall figure without any alert with both");
  }

  @Test
  void overallPoolsOnlyAlertsWithBothGroups() {
    List<Figure> f =
        MttrBootstrap.compute(List.of(FAST_WITH_RECS, ONLY_ORGANIC, SAME_EITHER_WAY), 200, 42);
    Figure overall = find(f, null, MttrBootstrap.DIFF);
    // with: 30 30 60 90 100 120 -> 75; without: 30 30 30 300 400 450 500 600 -> 350
    assertEquals(75.0 - 350.0, overall.value(), 1e-9);
    assertEquals(14, overall.n());
    Figure flat = find(f, "al-1", MttrBootstrap.DIFF);
    assertTrue(flat.accountId().equals("acme"));
    Figure same =
        f.stream()
            .filter(x -> "globex".equals(x.accountId()) && x.metric().equals(MttrBootstrap.DIFF))
            .findFirst()
            .orElseThrow();
    assertEquals(0.0, same.value());
    assertEquals(0.0, same.ciLow());
    assertEquals(0.0, same.ciHigh());
  }

  @Test
  void theSameSeedGivesTheSameIntervalAndAnAlertsIntervalIgnoresOtherAlerts() {
    Figure a = find(MttrBootstrap.compute(List.of(FAST_WITH_RECS), 200, 42), "al-1", "mttr_diff_s");
    Figure b =
        find(
            MttrBootstrap.compute(List.of(SAME_EITHER_WAY, FAST_WITH_RECS, ONLY_ORGANIC), 200, 42),
            "al-1",
            "mttr_diff_s");
    assertEquals(a, b);
    Figure other =
        find(MttrBootstrap.compute(List.of(FAST_WITH_RECS), 200, 7), "al-1", "mttr_diff_s");
    assertEquals(a.value(), other.value());
  }
}
