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
  private static final List<String> ITEM_TYPES = List.of("dashboard", "query");

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
    // per (item type, alert group), in the order of the figures
    Map<String, Tally> tallies = new LinkedHashMap<>();
    for (String type : ITEM_TYPES) {
      for (String group : List.of(WARM, NEW)) {
        tallies.put(type + " " + group, new Tally(type, group));
      }
    }
    for (Alert a : truth) {
      for (String type : ITEM_TYPES) {
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
        double ideal = 0;
        for (int i = 0; i < 3; i++) {
          if (i < relevant.length && relevant[i]) {
            dcg += 1 / log2(i + 2);
          }
          if (i < nRelevant) {
            ideal += 1 / log2(i + 2);
          }
        }
        tallies
            .get(type + " " + (a.isNew() ? NEW : WARM))
            .add(relevant.length > 0 && relevant[0], dcg > 0, dcg / ideal);
      }
    }
    List<Figure> figures = new ArrayList<>();
    tallies.values().forEach(t -> figures.addAll(t.figures()));
    return figures;
  }

  /** The sums of one (item type, alert group) over its alerts. */
  private static final class Tally {
    private final String itemType;
    private final String group;
    private double hit1;
    private double hit3;
    private double ndcg;
    private int n;

    Tally(String itemType, String group) {
      this.itemType = itemType;
      this.group = group;
    }

    void add(boolean hitAt1, boolean hitAt3, double ndcgAt3) {
      hit1 += hitAt1 ? 1 : 0;
      hit3 += hitAt3 ? 1 : 0;
      ndcg += ndcgAt3;
      n++;
    }

    /** hit@1, hit@3 and NDCG@3 (METRICS' order), none for a group without alerts. */
    List<Figure> figures() {
      if (n == 0) {
        return List.of();
      }
      return List.of(
          new Figure(itemType, group, METRICS.get(0), hit1 / n, n),
          new Figure(itemType, group, METRICS.get(1), hit3 / n, n),
          new Figure(itemType, group, METRICS.get(2), ndcg / n, n));
    }
  }

  private static boolean[] relevance(Alert a, String type, List<Listed> list) {
    boolean[] relevant = new boolean[list.size()];
    if (type.equals("dashboard")) {
      for (int i = 0; i < list.size(); i++) {
        relevant[i] = a.relevantDashboards().contains(list.get(i).itemId());
      }
      return relevant;
    }
    List<Pattern> templates =
        a.queryTemplates().stream().map(TruthScores::templatePattern).toList();
    Set<Integer> matched = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String label = normalize(list.get(i).itemLabel() == null ? "" : list.get(i).itemLabel());
      for (int t = 0; t < templates.size(); t++) {
        if (!matched.contains(t) && templates.get(t).matcher(label).matches()) {
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

  private static String key(String account, String alert, String type) {
    return account + "\u0000" + alert + "\u0000" + type;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
