package dev.alertrecs.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.evaluation.NdcgBootstrap.Figure;
import dev.alertrecs.evaluation.NdcgBootstrap.InvestigationScores;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's NDCG@3 minus each baseline's, pooled and per history segment, with its interval. */
class NdcgBootstrapTest {
  static final double EPS = 1e-12;

  /**
   * Investigation a (segment 1-2) has two units, b (1-2) and c (30+) one each; the figures are sums
   * of NDCG@3 over the investigation's units.
   */
  static final List<InvestigationScores> THREE_INVESTIGATIONS =
      List.of(
          new InvestigationScores("c", "30+", 1, 1.0, 1.0, 0.5),
          new InvestigationScores("a", "1-2", 2, 2.0, 0.5, 1.0),
          new InvestigationScores("b", "1-2", 1, 0.0, 0.0, 1.0));

  @Test
  void differencesAreMeansOverUnitsPooledAndPerSegmentInSegmentOrder() {
    List<Figure> figures = NdcgBootstrap.compute(THREE_INVESTIGATIONS, 200, 42);
    List<String> shown = new ArrayList<>();
    for (Figure f : figures) {
      shown.add(f.metric() + " " + f.alertGroup() + " " + f.historySegment() + " n=" + f.nUnits());
    }
    assertEquals(
        List.of(
            "ndcg_minus_alert_popular all all n=4",
            "ndcg_minus_account_popular all all n=4",
            "ndcg_minus_alert_popular warm 1-2 n=3",
            "ndcg_minus_account_popular warm 1-2 n=3",
            "ndcg_minus_alert_popular warm 30+ n=1",
            "ndcg_minus_account_popular warm 30+ n=1"),
        shown);
    // all: ((2 - 1) + (0 - 1) + (1 - 0.5)) / 4 units, not the mean of per-investigation means (0)
    assertEquals(0.125, figures.get(0).value(), EPS);
    assertEquals((1.5 + 0 + 0) / 4, figures.get(1).value(), EPS);
    assertEquals(0.0, figures.get(2).value(), EPS);
    assertEquals(0.5, figures.get(3).value(), EPS);
    // one investigation: every resample is that investigation, the interval is the value itself
    assertEquals(0.5, figures.get(4).value(), EPS);
    assertEquals(0.5, figures.get(4).ciLow(), EPS);
    assertEquals(0.5, figures.get(4).ciHigh(), EPS);
    for (Figure f : figures) {
      assertTrue(f.ciLow() <= f.value() + EPS && f.value() <= f.ciHigh() + EPS, f.toString());
    }
  }

  @Test
  void aColdSegmentIsLabelledColdAndASegmentWithoutInvestigationsHasNoFigure() {
    List<Figure> figures =
        NdcgBootstrap.compute(List.of(new InvestigationScores("x", "0", 1, 0, 0, 0)), 50, 1);
    assertEquals(4, figures.size());
    assertEquals("cold", figures.get(2).alertGroup());
    assertEquals("0", figures.get(2).historySegment());
  }

  @Test
  void theIntervalIsSeededAndDoesNotDependOnTheInputOrder() {
    List<InvestigationScores> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(
          new InvestigationScores(
              "inv-" + i, i % 3 == 0 ? "3-9" : "10-29", 1 + i % 2, i % 5 == 0 ? 1 : 0, 0, i % 7));
    }
    List<Figure> first = NdcgBootstrap.compute(many, 200, 42);
    List<InvestigationScores> reversed = new ArrayList<>(many);
    java.util.Collections.reverse(reversed);
    assertEquals(first, NdcgBootstrap.compute(reversed, 200, 42));
    Figure other = NdcgBootstrap.compute(many, 200, 43).get(0);
    assertEquals(first.get(0).value(), other.value(), EPS);
    assertNotEquals(first.get(0).ciLow(), other.ciLow());
    assertTrue(first.get(0).ciLow() < first.get(0).value());
    assertTrue(first.get(0).value() < first.get(0).ciHigh());
  }
}
