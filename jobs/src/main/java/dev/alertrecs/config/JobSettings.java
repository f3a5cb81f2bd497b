package dev.alertrecs.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every setting of the daily job, typed and immutable, each key next to its default in {@link
 * #DEFAULTS}. Built from a properties file plus {@code --set key=value} overrides and checked at
 * start: a bad value stops the run with a message naming it ({@code window_days must be > 0, got:
 * -3}). Keys starting with {@code spark.} are passed to the Spark session as they are.
 */
public record JobSettings(
    Duration idleGap,
    Duration maxInvestigation,
    Duration engageWindow,
    int windowDays,
    int topK,
    double halfLifeDays,
    double minLift,
    double minSignificance,
    int minInvestigations,
    double itemPriorWeight,
    double proximityTauMinutes,
    double maxQuarantineShare,
    int maxEventLatenessDays,
    int maxEventLeadHours,
    int rawMaxChars,
    double queryFamilyMaxDistance,
    int queryFamilyHashTables,
    double similarAlertMinSimilarity,
    int similarAlertHashTables,
    int similarAlertsK,
    double similarAlertMinRatio,
    int coldAlertMaxInvestigations,
    String userHashKey,
    double gateMaxNdcgDrop,
    boolean gateForcePublish,
    int gateMinEvidenceDays,
    long gateMinUnits,
    int evalBootstrapResamples,
    long evalBootstrapSeed,
    double evalNavigationMinShare,
    int evalNavigationMinAlerts,
    Map<String, String> sparkConf,
    int maxLineChars,
    FaultSettings faults,
    boolean allowDevUserHashKey,
    int keepRunDays,
    String checkpointDir,
    double nextStepPriorWeight,
    double gateMaxNextStepDrop) {

  /** Every known key with its default value, in the order of conf/*.properties. */
  public static final Map<String, String> DEFAULTS;

  static {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("idle_gap_minutes", "30");
    d.put("max_investigation_hours", "4");
    d.put("engage_window_hours", "24");
    d.put("window_days", "28");
    d.put("top_k", "5");
    d.put("half_life_days", "14");
    d.put("min_lift", "1.0");
    d.put("min_significance", "0");
    d.put("min_investigations", "2");
    d.put("item_prior_weight", "2");
    d.put("proximity_tau_minutes", "10");
    d.put("max_quarantine_share", "0.05");
    d.put("max_event_lateness_days", "7");
    d.put("max_event_lead_hours", "24");
    d.put("raw_max_chars", "2000");
    d.put("query_family_max_distance", "0.4");
    d.put("query_family_hash_tables", "10");
    d.put("similar_alert_min_similarity", "0.3");
    d.put("similar_alert_hash_tables", "20");
    d.put("similar_alerts_k", "3");
    d.put("similar_alert_min_ratio", "0.8");
    d.put("cold_alert_max_investigations", "2");
    d.put("user_hash_key_env", "ALERT_RECS_USER_HASH_KEY");
    d.put("user_hash_key_file", "");
    // outside local mode a run without a key stops (exit 2) unless this is true
    d.put("allow_dev_user_hash_key", "false");
    // staged copies of published runs under _runs/dt=D/ are removed once D is this many days old
    d.put("keep_run_days", "14");
    // empty: results read several times are local checkpoints (executor disks); set a reliable
    // directory (HDFS or S3) where executors come and go, e.g. under dynamic allocation on EMR
    d.put("checkpoint_dir", "");
    // evaluation and quality gate (docs/evaluation.md)
    d.put("gate_max_ndcg_drop", "0.01");
    d.put("gate_force_publish", "false");
    d.put("gate_min_evidence_days", "7");
    d.put("gate_min_units", "50");
    d.put("eval_bootstrap_resamples", "200");
    d.put("eval_bootstrap_seed", "42");
    d.put("eval_navigation_min_share", "0.4");
    d.put("eval_navigation_min_alerts", "3");
    // next steps (docs/method.md#next-steps): the weight, in investigations, of the prior an
    // alert's own next-step shares are shrunk toward; the gate's allowed drop of next-step hit@3
    d.put("next_step_prior_weight", "2");
    d.put("gate_max_next_step_drop", "0.1");
    // a longer line is quarantined as `line too long`
    d.put("max_line_chars", "100000");
    // test-only fault hooks, off by default (see FaultSettings)
    d.put("fault_fail_first_task_attempts", "false");
    d.put("fault_pause_at", "");
    DEFAULTS = Collections.unmodifiableMap(d);
  }

  /** The key used when neither the environment nor a file gives one: fine for samples only. */
  public static final String DEV_USER_HASH_KEY = "alert-recs-dev-key";

  public JobSettings {
    sparkConf = Collections.unmodifiableMap(new TreeMap<>(sparkConf));
  }

  public static JobSettings defaults() {
    return fromMap(Map.of(), Map.of());
  }

  /**
   * Builds the settings from raw key/values (a properties file merged with overrides). Unknown keys
   * and bad values raise {@link SettingsException} naming the key and the value.
   */
  public static JobSettings fromMap(Map<String, String> values, Map<String, String> environment) {
    Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
    Map<String, String> spark = new TreeMap<>();
    for (var e : values.entrySet()) {
      String key = e.getKey().trim();
      String value = e.getValue().trim();
      if (key.startsWith("spark.")) {
        spark.put(key, value);
      } else if (DEFAULTS.containsKey(key)) {
        merged.put(key, value);
      } else {
        throw new SettingsException(
            "unknown setting: " + key + " (known: " + String.join(", ", DEFAULTS.keySet()) + ")");
      }
    }
    Values v = new Values(merged);
    return new JobSettings(
        Duration.ofMinutes(v.positiveLong("idle_gap_minutes")),
        Duration.ofHours(v.positiveLong("max_investigation_hours")),
        Duration.ofHours(v.positiveLong("engage_window_hours")),
        (int) v.positiveLong("window_days"),
        (int) v.positiveLong("top_k"),
        v.positiveDouble("half_life_days"),
        v.doubleAtLeast("min_lift", 1.0),
        v.doubleAtLeast("min_significance", 0.0),
        (int) v.positiveLong("min_investigations"),
        v.doubleAtLeast("item_prior_weight", 0.0),
        v.positiveDouble("proximity_tau_minutes"),
        v.share("max_quarantine_share"),
        (int) v.positiveLong("max_event_lateness_days"),
        (int) v.positiveLong("max_event_lead_hours"),
        (int) v.longAtLeast("raw_max_chars", 80),
        v.distance("query_family_max_distance"),
        (int) v.positiveLong("query_family_hash_tables"),
        v.share("similar_alert_min_similarity"),
        (int) v.positiveLong("similar_alert_hash_tables"),
        (int) v.positiveLong("similar_alerts_k"),
        v.share("similar_alert_min_ratio"),
        (int) v.longAtLeast("cold_alert_max_investigations", 0),
        UserHashKey.resolve(
            merged.get("user_hash_key_env"), merged.get("user_hash_key_file"), environment),
        v.share("gate_max_ndcg_drop"),
        v.bool("gate_force_publish"),
        (int) v.longAtLeast("gate_min_evidence_days", 1),
        v.longAtLeast("gate_min_units", 1),
        (int) v.longAtLeast("eval_bootstrap_resamples", 10),
        v.longAtLeast("eval_bootstrap_seed", Long.MIN_VALUE),
        v.share("eval_navigation_min_share"),
        (int) v.longAtLeast("eval_navigation_min_alerts", 1),
        spark,
        (int) v.longAtLeast("max_line_chars", 1000),
        FaultSettings.of(
            merged.get("fault_fail_first_task_attempts"), merged.get("fault_pause_at")),
        v.bool("allow_dev_user_hash_key"),
        (int) v.positiveLong("keep_run_days"),
        merged.get("checkpoint_dir"),
        v.doubleAtLeast("next_step_prior_weight", 0.0),
        v.share("gate_max_next_step_drop"));
  }

  /** True when no key was configured and the public development key is in use. */
  public boolean usesDevelopmentKey() {
    return DEV_USER_HASH_KEY.equals(userHashKey);
  }

  /**
   * Stops a run that would hash users with the public development key on a cluster: anyone could
   * recompute those hashes. Local mode (samples, tests) and an explicit {@code
   * allow_dev_user_hash_key=true} may use it.
   *
   * @param master the Spark master the run uses, null when unknown
   */
  public void requireUserHashKey(String master) {
    boolean local = master != null && master.startsWith("local");
    if (usesDevelopmentKey() && !local && !allowDevUserHashKey) {
      throw new SettingsException(
          "no user-hash key: set user_hash_key_file, or the environment variable that"
              + " user_hash_key_env names (default ALERT_RECS_USER_HASH_KEY); the public"
              + " development key is refused on master "
              + (master == null ? "(unknown)" : master)
              + " unless allow_dev_user_hash_key=true");
    }
  }

  /** The settings that shape the recommendations, for the model version and the run record. */
  public Map<String, String> modelParameters() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("window_days", Integer.toString(windowDays));
    m.put("top_k", Integer.toString(topK));
    m.put("half_life_days", Double.toString(halfLifeDays));
    m.put("min_lift", Double.toString(minLift));
    m.put("min_significance", Double.toString(minSignificance));
    m.put("min_investigations", Integer.toString(minInvestigations));
    m.put("item_prior_weight", Double.toString(itemPriorWeight));
    m.put("proximity_tau_minutes", Double.toString(proximityTauMinutes));
    m.put("idle_gap_minutes", Long.toString(idleGap.toMinutes()));
    m.put("max_investigation_hours", Long.toString(maxInvestigation.toHours()));
    m.put("query_family_max_distance", Double.toString(queryFamilyMaxDistance));
    m.put("query_family_hash_tables", Integer.toString(queryFamilyHashTables));
    m.put("similar_alert_min_similarity", Double.toString(similarAlertMinSimilarity));
    m.put("similar_alert_hash_tables", Integer.toString(similarAlertHashTables));
    m.put("similar_alerts_k", Integer.toString(similarAlertsK));
    m.put("similar_alert_min_ratio", Double.toString(similarAlertMinRatio));
    m.put("cold_alert_max_investigations", Integer.toString(coldAlertMaxInvestigations));
    m.put("next_step_prior_weight", Double.toString(nextStepPriorWeight));
    return m;
  }

  /** Never print the hash key: it would let anyone re-identify users. */
  @Override
  public String toString() {
    return "JobSettings" + modelParameters() + " spark=" + sparkConf.keySet();
  }

  private record Values(Map<String, String> raw) {
    long positiveLong(String key) {
      return longAtLeast(key, 1);
    }

    long longAtLeast(String key, long min) {
      String text = raw.get(key);
      long value;
      try {
        value = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new SettingsException(key + " must be a whole number, got: " + text);
      }
      if (value < min) {
        throw new SettingsException(key + " must be >= " + min + ", got: " + text);
      }
      return value;
    }

    double positiveDouble(String key) {
      double value = parseDouble(key);
      if (!(value > 0)) {
        throw new SettingsException(key + " must be > 0, got: " + raw.get(key));
      }
      return value;
    }

    double doubleAtLeast(String key, double min) {
      double value = parseDouble(key);
      if (!(value >= min)) {
        throw new SettingsException(key + " must be >= " + min + ", got: " + raw.get(key));
      }
      return value;
    }

    boolean bool(String key) {
      String text = raw.get(key);
      if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(text);
      }
      throw new SettingsException(key + " must be true or false, got: " + text);
    }

    double share(String key) {
      double value = parseDouble(key);
      if (!(value >= 0 && value <= 1)) {
        throw new SettingsException(key + " must be between 0 and 1, got: " + raw.get(key));
      }
      return value;
    }

    /** A Jaccard distance below 1: at 1 every pair of queries would be one family. */
    double distance(String key) {
      double value = parseDouble(key);
      if (!(value >= 0 && value < 1)) {
        throw new SettingsException(key + " must be >= 0 and < 1, got: " + raw.get(key));
      }
      return value;
    }

    private double parseDouble(String key) {
      String text = raw.get(key);
      try {
        double value = Double.parseDouble(text);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
          throw new NumberFormatException();
        }
        return value;
      } catch (NumberFormatException e) {
        throw new SettingsException(key + " must be a number, got: " + text);
      }
    }
  }
}
