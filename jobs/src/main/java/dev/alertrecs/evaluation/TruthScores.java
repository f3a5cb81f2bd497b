package dev.alertrecs.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scores published lists against what truly helps, as a world whose truth is known states it (the
 * sample generator's {@code _generator/truth.jsonl}): per item type and alert group (an established
 * alert or a new one), hit@1, hit@3 and NDCG@3 with binary relevance, the mean over the alerts that
 * have a relevant item of that type. An alert without a list of that type scores 0.
 *
 * <p>A dashboard is relevant when the truth names it. A query is relevant when its label is an
 * instance of one of the alert's query templates: placeholders ({@code {range}}, {@code {n}},
 * {@code {hex}}) match any word, case and repeated spaces are ignored, as the wordings of one query
 * family differ; each template counts once, for the first listed query that matches it. The ideal
 * list puts min(3, relevant items) relevant items first.
 */
public final class TruthScores {
  public static final String WARM = "established";
  public static final String NEW = "new";
  public static final List<String> METRICS = List.of("hit_rate@1", "hit_rate@3", "ndcg@3");

  /** An alert as the truth describes it. */
  public record Alert(
      String accountId,
      String alertId,
      boolean isNew,
      Set<String> relevantDashboards,
      List<String> queryTemplates) {}

  /** One item of a published list. */
  public record Listed(
      String accountId,
      String alertId,
      String itemType,
      int rank,
      String itemId,
      String itemLabel) {}

  /** One figure: the mean over {@code nAlerts} alerts. */
  public record Figure(String itemType, String group, String metric, double value, int nAlerts) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "%s %s %s %.4f n=%d", itemType, group, metric, value, nAlerts);
    }
  }

  private TruthScores() {}

  public static List<Figure> score(List<Alert> truth, List<Listed> lists) {
    Map<String, List<Listed>> byList = new LinkedHashMap<>();
    for (Listed l : lists) {
      byList
          .computeIfAbsent(key(l.accountId(), l.alertId(), l.itemType()), k -> new ArrayList<>())
          .add(l);
    }
    // (item type, group, metric) -> sum, count
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (String type : List.of("dashboard", "query")) {
      for (String group : List.of(WARM, NEW)) {
        for (String metric : METRICS) {
          sums.put(type + " " + group + " " + metric, new double[2]);
        }
      }
    }
    for (Alert a : truth) {
      for (String type : List.of("dashboard", "query")) {
        int nRelevant =
            type.equals("dashboard") ? a.relevantDashboards().size() : a.queryTemplates().size();
        if (nRelevant == 0) {
          continue;
        }
        List<Listed> list =
            new ArrayList<>(byList.getOrDefault(key(a.accountId(), a.alertId(), type), List.of()));
        list.sort(Comparator.comparingInt(Listed::rank));
        boolean[] relevant = relevance(a, type, list);
        double dcg = 0;
        boolean hit1 = false;
        boolean hit3 = false;
        for (int i = 0; i < Math.min(3, relevant.length); i++) {
          if (relevant[i]) {
            dcg += 1 / log2(i + 2);
            hit3 = true;
            hit1 |= i == 0;
          }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(3, nRelevant); i++) {
          ideal += 1 / log2(i + 2);
        }
        String group = a.isNew() ? NEW : WARM;
        add(sums, type + " " + group + " hit_rate@1", hit1 ? 1 : 0);
        add(sums, type + " " + group + " hit_rate@3", hit3 ? 1 : 0);
        add(sums, type + " " + group + " ndcg@3", dcg / ideal);
      }
    }
    List<Figure> figures = new ArrayList<>();
    sums.forEach(
        (k, v) -> {
          if (v[1] > 0) {
            String[] p = k.split(" ");
            figures.add(new Figure(p[0], p[1], p[2], v[0] / v[1], (int) v[1]));
          }
        });
    return figures;
  }

  private static boolean[] relevance(Alert a, String type, List<Listed> list) {
    boolean[] relevant = new boolean[list.size()];
    if (type.equals("dashboard")) {
      for (int i = 0; i < list.size(); i++) {
        relevant[i] = a.relevantDashboards().contains(list.get(i).itemId());
      }
      return relevant;
    }
    Set<Integer> matched = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String label = normalize(list.get(i).itemLabel() == null ? "" : list.get(i).itemLabel());
      for (int t = 0; t < a.queryTemplates().size(); t++) {
        if (!matched.contains(t)
            && templatePattern(a.queryTemplates().get(t)).matcher(label).matches()) {
          matched.add(t);
          relevant[i] = true;
          break;
        }
      }
    }
    return relevant;
  }

  /** A template as a pattern over normalized text: each placeholder is one word. */
  static Pattern templatePattern(String template) {
    String text = normalize(template);
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf('{', i);
      int close = open < 0 ? -1 : text.indexOf('}', open);
      if (open < 0 || close < 0) {
        regex.append(Pattern.quote(text.substring(i)));
        break;
      }
      if (open > i) {
        regex.append(Pattern.quote(text.substring(i, open)));
      }
      regex.append("[^ \\]\\[]+");
      i = close + 1;
    }
    return Pattern.compile(regex.toString());
  }

  private static String normalize(String text) {
    return text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static void add(Map<String, double[]> sums, String key, double value) {
    double[] s = sums.get(key);
    s[0] += value;
    s[1] += 1;
  }

  private static String key(String account, String alert, String type) {
    return account + "\u0000" + alert + "\u0000" + type;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
