package dev.alertrecs.evaluation;

import dev.alertrecs.checks.CheckResult;
import dev.alertrecs.checks.RunCounts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders a run's one-page HTML report: the headline figures of the run record, the backtest of the
 * model against the baselines (a table and an inline SVG chart of hit rate@k), MTTR with and
 * without recommendations, the data quality counts and checks, and the lists of the busiest alerts.
 * Self-contained: no scripts, no fonts, no network fetches. Every figure that is also in the run
 * record carries {@code data-figure="<column>"}, so a reader (or a test) can match them.
 */
public final class RunReport {
  /** One recommended item of a list shown in the report. */
  public record ListItem(String itemType, int rank, String label, String strategy, double score) {}

  /** A busy alert of the day with its lists. */
  public record AlertLists(
      String accountId,
      String alertId,
      long nInvestigations,
      Double mttrMedianS,
      List<ListItem> items) {}

  /** Everything the page shows. */
  public record Data(
      String runId,
      LocalDate runDate,
      String status,
      String error,
      String modelVersion,
      RunCounts counts,
      long nInvestigations,
      long nAlerts,
      long nRecommendations,
      List<CheckResult> checks,
      QualityGate.Decision gate,
      EvaluationSummary evaluation,
      List<AlertLists> busiestAlerts,
      boolean listsPublished) {}

  static final int MTTR_ALERTS_SHOWN = 20;
  private static final String[] COLORS = {"#1f6feb", "#9a6700", "#8250df"};
  private static final List<Integer> KS = List.of(1, 3, 5);

  private RunReport() {}

  /** The figures shared with the run record, by run record column name. */
  public static Map<String, Double> headlineFigures(EvaluationSummary e) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("eval_hit_rate_at_3", e.headlineValue(EvaluationRow.MODEL, "hit_rate", 3));
    m.put(
        "eval_hit_rate_at_3_account_popular",
        e.headlineValue(EvaluationRow.ACCOUNT_POPULAR, "hit_rate", 3));
    m.put(
        "eval_hit_rate_at_3_alert_popular",
        e.headlineValue(EvaluationRow.ALERT_POPULAR, "hit_rate", 3));
    m.put("eval_ndcg_at_5", e.headlineValue(EvaluationRow.MODEL, "ndcg", 5));
    m.put("eval_mrr", e.headlineValue(EvaluationRow.MODEL, "mrr", null));
    m.put("eval_alert_coverage", e.headlineValue(EvaluationRow.MODEL, "alert_coverage", null));
    m.put("mttr_diff_median_s", e.mttrDiff().map(EvaluationRow::value).orElse(null));
    m.put("mttr_diff_ci_low_s", e.mttrDiff().map(EvaluationRow::ciLow).orElse(null));
    m.put("mttr_diff_ci_high_s", e.mttrDiff().map(EvaluationRow::ciHigh).orElse(null));
    return m;
  }

  public static String render(Data d) {
    StringBuilder h = new StringBuilder(16_384);
    h.append(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>alert-recs run ")
        .append(d.runDate())
        .append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#1f2328;max-width:70em}\n")
        .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}\n")
        .append("th,td{border:1px solid #d0d7de;padding:0.25em 0.6em;text-align:left}\n")
        .append("td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append(".fail{color:#cf222e;font-weight:bold}.ok{color:#1a7f37}\n")
        .append("</style></head><body>\n");
    h.append("<h1>alert-recs run of ").append(d.runDate()).append("</h1>\n");
    h.append("<table>\n");
    row(h, "run id", esc(d.runId()));
    row(h, "status", "<span data-figure=\"status\">" + esc(d.status()) + "</span>");
    if (d.error() != null) {
      row(h, "why", esc(d.error()));
    }
    row(
        h,
        "quality gate",
        "<span data-figure=\"gate_status\">"
            + esc(d.gate().status())
            + "</span>: "
            + esc(d.gate().note()));
    row(h, "model", esc(d.modelVersion()));
    row(
        h,
        "lists",
        d.listsPublished()
            ? "published to recommendations/dt=" + d.runDate()
            : "<span class=\"fail\">not published</span>; the last good lists stay in place");
    h.append("</table>\n");

    h.append("<h2>Headline</h2>\n<table>\n<tr><th>figure</th><th>value</th></tr>\n");
    RunCounts c = d.counts() == null ? new RunCounts(0, 0, 0, 0, 0) : d.counts();
    figure(h, "n_read", (double) c.nRead(), 0);
    figure(h, "n_valid", (double) c.nValid(), 0);
    figure(h, "n_quarantined", (double) c.nQuarantined(), 0);
    figure(h, "n_duplicates", (double) c.nDuplicates(), 0);
    figure(h, "n_investigations", (double) d.nInvestigations(), 0);
    figure(h, "n_alerts", (double) d.nAlerts(), 0);
    figure(h, "n_recommendations", (double) d.nRecommendations(), 0);
    figure(h, "eval_n_units", (double) d.evaluation().nUnits(), 0);
    figure(h, "eval_evidence_days", (double) d.evaluation().evidenceDays(), 0);
    headlineFigures(d.evaluation()).forEach((name, value) -> figure(h, name, value, 4));
    h.append("</table>\n");

    backtest(h, d.evaluation());
    mttr(h, d.evaluation());
    quality(h, c, d.checks());
    lists(h, d);
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void backtest(StringBuilder h, EvaluationSummary e) {
    h.append("<h2>Backtest: lists built before the day, scored on the day's investigations</h2>\n");
    if (!e.hasData()) {
      h.append("<p>Not enough data to evaluate: ")
          .append(e.nUnits())
          .append(" investigation-item units, ")
          .append(e.evidenceDays())
          .append(" evidence days before the day.</p>\n");
      return;
    }
    h.append("<p>All item types and alerts pooled; n = ")
        .append(e.nUnits())
        .append(
            " units (a resolved investigation and an item type it used a helpful item of) from"
                + " lists of ")
        .append(e.evidenceDays())
        .append(" evidence days.</p>\n");
    h.append(svgChart(e));
    h.append("<table>\n<tr><th>metric</th>");
    for (String ranker : EvaluationRow.RANKERS) {
      h.append("<th>").append(ranker).append("</th>");
    }
    h.append("</tr>\n");
    List<String[]> metrics = new ArrayList<>();
    for (String m : List.of("hit_rate", "precision", "recall", "ndcg")) {
      for (int k : KS) {
        metrics.add(new String[] {m, Integer.toString(k)});
      }
    }
    for (String m : List.of("mrr", "alert_coverage", "item_coverage")) {
      metrics.add(new String[] {m, null});
    }
    for (String[] m : metrics) {
      Integer k = m[1] == null ? null : Integer.valueOf(m[1]);
      h.append("<tr><td>").append(m[0]).append(k == null ? "" : "@" + k).append("</td>");
      for (String ranker : EvaluationRow.RANKERS) {
        h.append("<td class=\"num\">")
            .append(fmt(e.headlineValue(ranker, m[0], k), 4))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");

    h.append("<h3>By item type and alert group (hit rate@3 / NDCG@5, n units)</h3>\n<table>\n");
    h.append("<tr><th>item type</th><th>alerts</th>");
    for (String ranker : EvaluationRow.RANKERS) {
      h.append("<th>").append(ranker).append("</th>");
    }
    h.append("<th>n</th></tr>\n");
    List<String[]> groups =
        e.rows().stream()
            .filter(
                r ->
                    r.metric().equals("hit_rate")
                        && Objects.equals(r.k(), 3)
                        && EvaluationRow.ALL.equals(r.historySegment()))
            .map(r -> new String[] {r.itemType(), r.alertGroup()})
            .distinct()
            .toList();
    List<String> seen = new ArrayList<>();
    for (String[] g : groups) {
      String key = g[0] + "/" + g[1];
      if (seen.contains(key)) {
        continue;
      }
      seen.add(key);
      h.append("<tr><td>").append(esc(g[0])).append("</td><td>").append(esc(g[1])).append("</td>");
      long n = 0;
      for (String ranker : EvaluationRow.RANKERS) {
        EvaluationRow hit = find(e, ranker, g[0], g[1], "hit_rate", 3);
        EvaluationRow ndcg = find(e, ranker, g[0], g[1], "ndcg", 5);
        n = hit == null ? n : hit.n();
        h.append("<td class=\"num\">")
            .append(fmt(hit == null ? null : hit.value(), 3))
            .append(" / ")
            .append(fmt(ndcg == null ? null : ndcg.value(), 3))
            .append("</td>");
      }
      h.append("<td class=\"num\">").append(n).append("</td></tr>\n");
    }
    h.append("</table>\n");
    segments(h, e);
    nextSteps(h, e);
  }

  /**
   * The next steps beside their baselines: per item type, the share of the day's investigation
   * steps whose next item was among the first three offered (docs/evaluation.md#next-steps).
   */
  private static void nextSteps(StringBuilder h, EvaluationSummary e) {
    List<String> rankers = new java.util.ArrayList<>();
    rankers.add(EvaluationRow.MODEL);
    rankers.addAll(EvaluationRow.NEXT_STEP_BASELINES);
    h.append(
        "<h3>Next steps: the item used next among the first 3 offered after the item before"
            + " it</h3>\n<table>\n<tr><th>item type</th><th>steps</th>");
    for (String ranker : rankers) {
      h.append("<th>").append(esc(ranker)).append("</th>");
    }
    h.append("</tr>\n");
    for (String type : List.of(EvaluationRow.ALL, "dashboard", "query")) {
      EvaluationRow model =
          find(
              e, EvaluationRow.MODEL, type, EvaluationRow.ALL, EvaluationRow.NEXT_STEP_HIT_RATE, 3);
      h.append("<tr><td>")
          .append(esc(type))
          .append("</td><td class=\"num\">")
          .append(model == null ? "0" : Long.toString(model.n()))
          .append("</td>");
      for (String ranker : rankers) {
        EvaluationRow r =
            find(e, ranker, type, EvaluationRow.ALL, EvaluationRow.NEXT_STEP_HIT_RATE, 3);
        cell(h, r == null ? null : r.value(), 3);
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static EvaluationRow find(
      EvaluationSummary e, String ranker, String type, String group, String metric, int k) {
    return e.rows().stream()
        .filter(
            r ->
                r.modelOrBaseline().equals(ranker)
                    && r.itemType().equals(type)
                    && r.alertGroup().equals(group)
                    && EvaluationRow.ALL.equals(r.historySegment())
                    && r.metric().equals(metric)
                    && Objects.equals(r.k(), k))
        .findFirst()
        .orElse(null);
  }

  /** A figure of one history segment ({@code all}: every segment) and item type. */
  private static EvaluationRow findSegment(
      EvaluationSummary e, String ranker, String type, String segment, String metric, int k) {
    return e.rows().stream()
        .filter(
            r ->
                r.modelOrBaseline().equals(ranker)
                    && r.itemType().equals(type)
                    && r.accountId() == null
                    && r.historySegment().equals(segment)
                    && (!segment.equals(EvaluationRow.ALL)
                        || r.alertGroup().equals(EvaluationRow.ALL))
                    && r.metric().equals(metric)
                    && Objects.equals(r.k(), k))
        .findFirst()
        .orElse(null);
  }

  /**
   * The gate's view: per item type and history segment, NDCG@3 and hit rate@1 of the model beside
   * both baselines, and (all item types) the model's NDCG@3 minus each baseline's with its 95%
   * bootstrap interval.
   */
  private static void segments(StringBuilder h, EvaluationSummary e) {
    h.append(
        "<h3>Against both baselines by history segment (investigations of the alert in the"
            + " evidence window; graded relevance)</h3>\n<table>\n<tr><th>item type</th>"
            + "<th>segment</th><th>n</th>");
    for (String ranker : EvaluationRow.RANKERS) {
      h.append("<th>NDCG@3 ").append(ranker).append("</th>");
    }
    for (String ranker : EvaluationRow.RANKERS) {
      h.append("<th>hit@1 ").append(ranker).append("</th>");
    }
    for (String baseline : NdcgBootstrap.BASELINES) {
      h.append("<th>NDCG@3 model − ").append(baseline).append(" [95% CI]</th>");
    }
    h.append("</tr>\n");
    List<String> scopes = new ArrayList<>();
    scopes.add(EvaluationRow.ALL);
    scopes.addAll(EvaluationRow.SEGMENTS);
    for (String type : List.of(EvaluationRow.ALL, "dashboard", "query")) {
      for (String segment : scopes) {
        EvaluationRow model = findSegment(e, EvaluationRow.MODEL, type, segment, "ndcg", 3);
        if (model == null) {
          continue;
        }
        h.append("<tr><td>")
            .append(esc(type))
            .append("</td><td>")
            .append(esc(segment))
            .append("</td><td class=\"num\">")
            .append(model.n())
            .append("</td>");
        for (String ranker : EvaluationRow.RANKERS) {
          EvaluationRow r = findSegment(e, ranker, type, segment, "ndcg", 3);
          cell(h, r == null ? null : r.value(), 3);
        }
        for (String ranker : EvaluationRow.RANKERS) {
          EvaluationRow r = findSegment(e, ranker, type, segment, "hit_rate", 1);
          cell(h, r == null ? null : r.value(), 3);
        }
        for (String baseline : NdcgBootstrap.BASELINES) {
          EvaluationRow d =
              findSegment(
                  e, EvaluationRow.MODEL, type, segment, NdcgBootstrap.metricName(baseline), 3);
          h.append("<td class=\"num\">")
              .append(
                  d == null
                      ? "–"
                      : String.format(
                          Locale.ROOT, "%+.3f [%+.3f, %+.3f]", d.value(), d.ciLow(), d.ciHigh()))
              .append("</td>");
        }
        h.append("</tr>\n");
      }
    }
    h.append("</table>\n");
  }

  /** Grouped bars: hit rate at k = 1, 3, 5 for the model and each baseline, on a 0..1 axis. */
  static String svgChart(EvaluationSummary e) {
    int width = 480;
    int height = 240;
    int left = 40;
    int bottom = 200;
    int plotHeight = 170;
    int groupWidth = 130;
    int barWidth = 32;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-label=\"hit rate at k\">\n");
    for (int tick = 0; tick <= 4; tick++) {
      double y = bottom - plotHeight * tick / 4.0;
      s.append(
              String.format(
                  Locale.ROOT,
                  "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d0d7de\"/>",
                  left,
                  y,
                  width - 10,
                  y))
          .append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"4\" y=\"%.1f\" font-size=\"11\">%.2f</text>\n",
                  y + 4,
                  tick / 4.0));
    }
    for (int g = 0; g < KS.size(); g++) {
      int k = KS.get(g);
      int x0 = left + 15 + g * groupWidth;
      for (int i = 0; i < EvaluationRow.RANKERS.size(); i++) {
        String ranker = EvaluationRow.RANKERS.get(i);
        Double v = e.headlineValue(ranker, "hit_rate", k);
        double value = v == null ? 0 : v;
        double barHeight = plotHeight * value;
        s.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s hit rate@%d: %s</title></rect>\n",
                x0 + i * (barWidth + 4),
                bottom - barHeight,
                barWidth,
                barHeight,
                COLORS[i],
                ranker,
                k,
                fmt(v, 4)));
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"12\">hit rate@%d</text>\n",
              x0 + 20,
              bottom + 16,
              k));
    }
    for (int i = 0; i < EvaluationRow.RANKERS.size(); i++) {
      int x = left + i * 140;
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n",
              x,
              bottom + 26,
              COLORS[i],
              x + 14,
              bottom + 35,
              EvaluationRow.RANKERS.get(i)));
    }
    return s.append("</svg>\n").toString();
  }

  private static void mttr(StringBuilder h, EvaluationSummary e) {
    h.append("<h2>Time to resolve with and without recommendations</h2>\n");
    List<EvaluationRow> observed =
        e.rows().stream().filter(r -> r.modelOrBaseline().equals(EvaluationRow.OBSERVED)).toList();
    if (observed.stream().noneMatch(r -> r.metric().equals(MttrBootstrap.DIFF))) {
      h.append(
          "<p>No alert had investigations both with and without a recommended item on this"
              + " day.</p>\n");
    }
    Map<String, List<EvaluationRow>> byAlert = new LinkedHashMap<>();
    for (EvaluationRow r : observed) {
      String key = r.accountId() == null ? "all alerts" : r.accountId() + " / " + r.alertId();
      byAlert.computeIfAbsent(key, x -> new ArrayList<>()).add(r);
    }
    List<Map.Entry<String, List<EvaluationRow>>> shown =
        byAlert.entrySet().stream()
            .sorted(
                Comparator.comparing(
                        (Map.Entry<String, List<EvaluationRow>> en) ->
                            !en.getKey().equals("all alerts"))
                    .thenComparing(
                        en -> -en.getValue().stream().mapToLong(EvaluationRow::n).max().orElse(0))
                    .thenComparing(Map.Entry::getKey))
            .limit(MTTR_ALERTS_SHOWN + 1)
            .toList();
    h.append("<table>\n<tr><th>alert</th><th>median with recs (s)</th><th>n</th>")
        .append("<th>median without (s)</th><th>n</th><th>difference (s)</th>")
        .append("<th>95% bootstrap interval</th></tr>\n");
    for (var en : shown) {
      EvaluationRow with = metric(en.getValue(), MttrBootstrap.MEDIAN_WITH);
      EvaluationRow without = metric(en.getValue(), MttrBootstrap.MEDIAN_WITHOUT);
      EvaluationRow diff = metric(en.getValue(), MttrBootstrap.DIFF);
      h.append("<tr><td>").append(esc(en.getKey())).append("</td>");
      cell(h, with == null ? null : with.value(), 1);
      h.append("<td class=\"num\">").append(with == null ? 0 : with.n()).append("</td>");
      cell(h, without == null ? null : without.value(), 1);
      h.append("<td class=\"num\">").append(without == null ? 0 : without.n()).append("</td>");
      cell(h, diff == null ? null : diff.value(), 1);
      h.append("<td class=\"num\">")
          .append(
              diff == null ? "–" : "[" + fmt(diff.ciLow(), 1) + ", " + fmt(diff.ciHigh(), 1) + "]")
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static EvaluationRow metric(List<EvaluationRow> rows, String metric) {
    return rows.stream().filter(r -> r.metric().equals(metric)).findFirst().orElse(null);
  }

  private static void quality(StringBuilder h, RunCounts c, List<CheckResult> checks) {
    h.append("<h2>Data quality</h2>\n<p>read ")
        .append(c.nRead())
        .append(" = valid ")
        .append(c.nValid())
        .append(" + quarantined ")
        .append(c.nQuarantined())
        .append(" + duplicates ")
        .append(c.nDuplicates())
        .append(" (plus ")
        .append(c.nContextRead())
        .append(" read from neighbouring days)</p>\n");
    h.append("<table>\n<tr><th>check</th><th>severity</th><th>result</th><th>observed</th></tr>\n");
    for (CheckResult check : checks) {
      h.append("<tr><td>")
          .append(esc(check.name()))
          .append("</td><td>")
          .append(check.severity().name().toLowerCase(Locale.ROOT))
          .append("</td><td class=\"")
          .append(check.passed() ? "ok\">passed" : "fail\">failed")
          .append("</td><td>")
          .append(esc(check.observed()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void lists(StringBuilder h, Data d) {
    h.append("<h2>Lists of the busiest alerts")
        .append(d.listsPublished() ? "" : " (computed, not published)")
        .append("</h2>\n");
    if (d.busiestAlerts().isEmpty()) {
      h.append("<p>No alert was investigated on this day.</p>\n");
    }
    for (AlertLists a : d.busiestAlerts()) {
      h.append("<h3>")
          .append(esc(a.accountId()))
          .append(" / ")
          .append(esc(a.alertId()))
          .append("</h3>\n<p>")
          .append(a.nInvestigations())
          .append(" investigations, median ")
          .append(fmt(a.mttrMedianS() == null ? null : a.mttrMedianS() / 60, 1))
          .append(" min to resolve</p>\n");
      if (a.items().isEmpty()) {
        h.append("<p>(no recommendations)</p>\n");
        continue;
      }
      h.append(
          "<table>\n<tr><th>type</th><th>rank</th><th>item</th><th>strategy</th><th>score</th></tr>\n");
      for (ListItem i : a.items()) {
        h.append("<tr><td>")
            .append(esc(i.itemType()))
            .append("</td><td class=\"num\">")
            .append(i.rank())
            .append("</td><td>")
            .append(esc(i.label()))
            .append("</td><td>")
            .append(esc(i.strategy()))
            .append("</td><td class=\"num\">")
            .append(fmt(i.score(), 4))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
  }

  private static void row(StringBuilder h, String name, String html) {
    h.append("<tr><th>").append(name).append("</th><td>").append(html).append("</td></tr>\n");
  }

  private static void figure(StringBuilder h, String name, Double value, int decimals) {
    h.append("<tr><td>")
        .append(name)
        .append("</td><td class=\"num\" data-figure=\"")
        .append(name)
        .append("\">")
        .append(fmt(value, decimals))
        .append("</td></tr>\n");
  }

  private static void cell(StringBuilder h, Double value, int decimals) {
    h.append("<td class=\"num\">").append(fmt(value, decimals)).append("</td>");
  }

  /** Numbers with a dot and fixed decimals; a missing figure is an en dash. */
  static String fmt(Double value, int decimals) {
    if (value == null || value.isNaN()) {
      return "–";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(text.length());
    for (char ch : text.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
