package dev.alertrecs.evaluation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.checks.CheckResult;
import dev.alertrecs.checks.RunCounts;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page renders user text inert and draws one bar per ranker and cutoff. */
class RunReportTest {
  static RunReport.Data data(List<EvaluationRow> rows, boolean published) {
    return new RunReport.Data(
        "run-1",
        LocalDate.of(2026, 11, 25),
        published ? "published" : "gate_failed",
        null,
        "heuristic-v1-x",
        new RunCounts(10, 8, 1, 1, 0),
        3,
        1,
        2,
        List.of(CheckResult.error("row_accounting", true, "read 10 = valid 8 + 1 + 1")),
        new QualityGate.Decision(published, published ? "passed" : "failed", "model <b>"),
        new EvaluationSummary(rows, 3, 4),
        List.of(
            new RunReport.AlertLists(
                "acme",
                "al-1",
                3,
                120.0,
                List.of(
                    new RunReport.ListItem(
                        "query", 1, "<script>alert(1)</script> & level:error", "alert", 0.5)))),
        published);
  }

  static EvaluationRow hit(String ranker, int k, double value) {
    return new EvaluationRow(
        ranker, "v", "all", "all", null, null, "hit_rate", k, value, 4, null, null);
  }

  @Test
  void queryTextsAndNotesAreEscaped() {
    String html = RunReport.render(data(List.of(), true));
    assertFalse(html.contains("<script>"), "a query text must not become markup");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; level:error"));
    assertTrue(html.contains("model &lt;b&gt;"));
  }

  @Test
  void theChartHasOneBarPerRankerAndCutoffScaledToItsValue() {
    List<EvaluationRow> rows =
        List.of(
            hit("model", 1, 0.5),
            hit("model", 3, 1.0),
            hit("model", 5, 1.0),
            hit("account_popular", 1, 0.25),
            hit("account_popular", 3, 0.75),
            hit("account_popular", 5, 1.0),
            hit("alert_popular", 1, 0.0),
            hit("alert_popular", 3, 0.5),
            hit("alert_popular", 5, 0.5));
    String svg = RunReport.svgChart(new EvaluationSummary(rows, 3, 4));
    // 9 bars plus 3 legend swatches; a hit rate of 0.5 is half the 170 px plot height
    assertTrue(svg.split("<rect ").length - 1 == 12, svg);
    assertTrue(
        svg.contains("height=\"85.0\" fill=\"#1f6feb\"><title>model hit rate@1: 0.5000"), svg);
    assertTrue(svg.contains("<title>account_popular hit rate@3: 0.7500</title>"), svg);
    String html = RunReport.render(data(rows, false));
    assertTrue(html.contains("not published"));
  }
}
