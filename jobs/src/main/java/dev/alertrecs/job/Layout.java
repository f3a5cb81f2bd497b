package dev.alertrecs.job;

import java.time.LocalDate;

/** Where every input and output lives under the two roots (CONTRACT.md). */
public record Layout(String inputRoot, String outputRoot) {
  public static final String RECOMMENDATIONS = "recommendations";
  public static final String INVESTIGATIONS = "investigations";
  public static final String ALERT_STATS = "alert_stats";
  public static final String QUARANTINE = "quarantine";
  public static final String RUNS = "runs";
  public static final String NEXT_STEPS = "next_steps";
  public static final String ITEM_EVIDENCE = "item_evidence";
  public static final String ALERT_EVIDENCE = "alert_evidence";
  public static final String TRANSITION_EVIDENCE = "transition_evidence";
  public static final String EVALUATION = "evaluation";
  public static final String MODELS = "models";

  public Layout {
    inputRoot = stripSlash(inputRoot);
    outputRoot = stripSlash(outputRoot);
  }

  public String actionsDay(LocalDate day) {
    return inputRoot + "/actions/dt=" + day;
  }

  public String catalog(String kind) {
    return inputRoot + "/catalog/" + kind;
  }

  public String table(String table) {
    return outputRoot + "/" + table;
  }

  public String tableDay(String table, LocalDate day) {
    return table(table) + "/dt=" + day;
  }

  private static String stripSlash(String root) {
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }
}
