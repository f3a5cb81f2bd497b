package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.TestEvents;
import dev.alertrecs.config.JobSettings;
import dev.alertrecs.job.InputReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The next steps: which step of a resolved investigation counts as a next step, and the shrunk,
 * specificity-weighed score, worked out by hand; the account is a hard key.
 */
class NextStepsTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);
  static final JobSettings SETTINGS = JobSettings.defaults();

  /** An investigation of {@code account}: opened at {@code start}, dashboards a minute apart. */
  static void path(
      TestEvents f,
      String account,
      String user,
      String alert,
      String start,
      boolean resolved,
      String... dashboards) {
    Instant t = Instant.parse(start);
    f.json(
        "ts",
        start,
        "account_id",
        account,
        "user_id",
        user,
        "action",
        "alert_opened",
        "alert_id",
        alert);
    for (String d : dashboards) {
      t = t.plusSeconds(60);
      f.json(
          "ts",
          t.toString(),
          "account_id",
          account,
          "user_id",
          user,
          "action",
          "dashboard_viewed",
          "dashboard_id",
          d);
    }
    if (resolved) {
      f.json(
          "ts",
          t.plusSeconds(60).toString(),
          "account_id",
          account,
          "user_id",
          user,
          "action",
          "alert_resolved",
          "alert_id",
          alert);
    }
  }

  record Computed(Dataset<Row> members, Dataset<Row> identified) {}

  static Computed compute(TestEvents f) {
    Dataset<Row> identified = TestEvents.identified(f.read(spark), SETTINGS);
    return new Computed(SessionizeInvestigations.apply(identified, SETTINGS), identified);
  }

  static Dataset<Row> transitions(Computed c) {
    return SummarizeTransitionEvidence.apply(
        ExtractInvestigationSteps.apply(c.members(), SETTINGS), DAY);
  }

  static List<String> transitionRows(Dataset<Row> evidence) {
    return evidence
        .orderBy("account_id", "alert_id", "after_item_id", "item_id")
        .collectAsList()
        .stream()
        .map(
            r ->
                String.format(
                    "%s %s %s -> %s n=%d durations=%s",
                    r.getAs("account_id"),
                    r.getAs("alert_id"),
                    r.getAs("after_item_id"),
                    r.getAs("item_id"),
                    r.<Long>getAs("n_investigations"),
                    r.getList(r.fieldIndex("durations_s"))))
        .toList();
  }

  @Test
  void aNextStepIsTheFollowingItemOfAResolvedInvestigationThatMovedItOn() {
    TestEvents f = new TestEvents(DAY);
    // d-1 twice is one step; d-1 -> d-2 -> d-3, resolved: two next steps
    path(f, "acme", "u1", "al-1", "2026-11-25T08:00:00Z", true, "d-1", "d-1", "d-2", "d-3");
    // d-1 -> d-2 -> back to d-1, resolved: d-2 did not move it on (d-1 was used after it), the
    // way back to d-1 did
    path(f, "acme", "u2", "al-1", "2026-11-25T09:00:00Z", true, "d-1", "d-2", "d-1");
    // not resolved: no evidence
    path(f, "acme", "u3", "al-1", "2026-11-25T10:00:00Z", false, "d-1", "d-2");
    // the same path twice in one investigation counts once
    path(f, "acme", "u4", "al-1", "2026-11-25T11:00:00Z", true, "d-2", "d-3", "d-2", "d-3");
    assertEquals(
        List.of(
            "acme al-1 d-1 -> d-2 n=1 durations=[300.0]",
            "acme al-1 d-2 -> d-1 n=1 durations=[240.0]",
            "acme al-1 d-2 -> d-3 n=2 durations=[300.0, 300.0]"),
        transitionRows(transitions(compute(f))));
  }

  static final StructType SIMILAR =
      new StructType()
          .add("account_id", DataTypes.StringType)
          .add("alert_id", DataTypes.StringType)
          .add("similar_alert_id", DataTypes.StringType)
          .add("similarity", DataTypes.DoubleType)
          .add("basis", DataTypes.StringType);

  static final StructType LISTS =
      new StructType()
          .add("account_id", DataTypes.StringType)
          .add("alert_id", DataTypes.StringType)
          .add("item_type", DataTypes.StringType)
          .add("item_id", DataTypes.StringType);

  /**
   * acme: al-1 went d-1 -> d-2 twice; al-2 went d-1 -> d-3 twice and d-1 -> d-2 once; globex has
   * the same alert and dashboard ids and goes d-1 -> d-9. Ranked with the given settings, similar
   * alerts and lists.
   */
  static List<String> nextSteps(JobSettings settings, List<Row> similar, List<Row> lists) {
    TestEvents f = new TestEvents(DAY);
    path(f, "acme", "u1", "al-1", "2026-11-25T08:00:00Z", true, "d-1", "d-2");
    path(f, "acme", "u2", "al-1", "2026-11-25T09:00:00Z", true, "d-1", "d-2");
    path(f, "acme", "u1", "al-2", "2026-11-25T10:00:00Z", true, "d-1", "d-3");
    path(f, "acme", "u2", "al-2", "2026-11-25T11:00:00Z", true, "d-1", "d-3");
    path(f, "acme", "u3", "al-2", "2026-11-25T12:00:00Z", true, "d-1", "d-2");
    path(f, "globex", "u1", "al-1", "2026-11-25T08:00:00Z", true, "d-1", "d-9");
    Computed c = compute(f);
    Dataset<Row> investigations =
        SummarizeInvestigations.apply(c.members(), c.identified(), settings);
    Dataset<Row> familyItemEvidence =
        SummarizeItemEvidence.apply(ExtractInvestigationItems.apply(c.members(), settings), DAY);
    Dataset<Row> alertEvidence = SummarizeAlertEvidence.apply(investigations, DAY);
    Dataset<Row> transitions = transitions(c);
    Dataset<Row> alerts =
        spark.createDataFrame(
            List.of(
                RowFactory.create("acme", "al-1", "Checkout errors", "high"),
                RowFactory.create("acme", "al-2", "Search latency", "high"),
                RowFactory.create("acme", "al-3", "Checkout errors (EU)", "high"),
                RowFactory.create("globex", "al-1", "Disk full", "high")),
            InputReader.ALERTS_SCHEMA);
    Dataset<Row> dashboards =
        spark.createDataFrame(
            List.of(
                RowFactory.create("acme", "d-1", "Home", false),
                RowFactory.create("acme", "d-2", "Checkout", false),
                RowFactory.create("acme", "d-3", "Search", false),
                RowFactory.create("globex", "d-1", "Globex home", false),
                RowFactory.create("globex", "d-9", "Disks", false)),
            InputReader.DASHBOARDS_SCHEMA);
    Dataset<Row> candidates =
        RankNextSteps.apply(
            transitions,
            spark.createDataFrame(List.of(), MergeQueryFamilies.MAP_SCHEMA),
            familyItemEvidence,
            alertEvidence,
            alerts,
            dashboards,
            spark.createDataFrame(similar, SIMILAR),
            spark.createDataFrame(lists, LISTS),
            ScoreItems.apply(familyItemEvidence, alertEvidence, DAY, settings),
            FindNavigationItems.apply(familyItemEvidence, alertEvidence, settings),
            settings,
            "v-test",
            Instant.parse("2026-11-26T01:00:00Z"));
    return RankNextSteps.served(candidates)
        .orderBy("account_id", "alert_id", "after_item_id", "rank")
        .collectAsList()
        .stream()
        .map(
            r ->
                String.format(
                    "%s %s after %s %s (%s) | %d %s %s (%s) | %.9f | %d | %s | %s",
                    r.getAs("account_id"),
                    r.getAs("alert_id"),
                    r.getAs("after_item_type"),
                    r.getAs("after_item_id"),
                    r.getAs("after_item_label"),
                    r.<Integer>getAs("rank"),
                    r.getAs("item_type"),
                    r.getAs("item_id"),
                    r.getAs("item_label"),
                    r.<Double>getAs("score"),
                    r.<Long>getAs("investigations"),
                    r.getAs("strategy"),
                    r.getAs("reason")))
        .toList();
  }

  /**
   * For acme al-1 after d-1, w = 2; the other alert's (al-2's) 3 steps give background(d-2) = 1/3,
   * background(d-3) = 2/3:
   *
   * <pre>
   * d-2: others after d-1: 1 of 3 (peers 1/3); al-1's steps: 2 of 2 to d-2; used in 2 of 2
   *      alert = (2 + 2 x 1) / (2 + 2) = 1; share = (2 + 2 x (1 + 1/3) / 2) / (2 + 2) = 5/6
   *      score = 5/6 x (1 - 1/3) = 0.555555556
   * d-3: peers 2/3; al-1's steps: 0 of 2, used in 0: alert 0; share = (0 + 2 x 1/3) / 4 = 1/6
   *      score = 1/6 x (1 - 2/3) = 0.055555556, from the other alerts only: strategy account
   * </pre>
   */
  @Test
  void scoresShrinkTowardTheOtherAlertsAndStayInTheirAccount() {
    List<String> rows = nextSteps(SETTINGS, List.of(), List.of());
    String own =
        "after \"Home\", %d of %d resolved investigations of this alert went here next;"
            + " those resolved in a median 3 min";
    assertEquals(
        List.of(
            "acme al-1 after dashboard d-1 (Home) | 1 dashboard d-2 (Checkout) | 0.555555556 | 2"
                + " | alert | "
                + String.format(own, 2, 2),
            "acme al-1 after dashboard d-1 (Home) | 2 dashboard d-3 (Search) | 0.055555556 | 2"
                + " | account | after \"Home\", 2 of 3 resolved investigations of other alerts"
                + " of this account went here next",
            // al-2 after d-1 (3 investigations, 3 steps; al-1's 2 steps are the background:
            // d-2 1, d-3 0): d-3 own 2, used in 2 of 3, peers 0 of 2: alert
            // (2 + 2 x 2/3) / 5 = 2/3, share (2 + 2 x (2/3 + 0) / 2) / 5 = 8/15, x (1 - 0);
            // d-2 has background 1: score 0, not offered
            "acme al-2 after dashboard d-1 (Home) | 1 dashboard d-3 (Search) | 0.533333333 | 2"
                + " | alert | "
                + String.format(own, 2, 3),
            // globex: one alert, so no peers and no background: alert (1 + 2 x 1) / 3 = 1, share
            // (1 + 2 x (1 + 0) / 2) / 3 = 2/3
            "globex al-1 after dashboard d-1 (Globex home) | 1 dashboard d-9 (Disks) | 0.666666667"
                + " | 1 | alert | after \"Globex home\", 1 of 1 resolved investigations of this"
                + " alert went here next; those resolved in a median 3 min"),
        rows);
  }

  /**
   * A cold alert (al-3, no investigation; cold_alert_max_investigations 0 keeps al-1 warm) whose
   * list shows d-1 and whose similar alert is al-1: after d-1 it learns al-1's path. Its own counts
   * are 0 (alert 0), so share = (0 + 2 x (0 + peers) / 2) / 2 = peers / 2; background over the
   * account's 5 steps.
   *
   * <pre>
   * d-2: al-1 went d-1 -> d-2 in 2 of 2: peers 1, share 0.5, background 3/5: score 0.2
   * d-3: al-1 never went there: peers from the other alerts, 2 of 5 = 0.4, share 0.2,
   *      background 2/5: score 0.2 x 0.6 = 0.12, strategy account
   * </pre>
   */
  @Test
  void aColdAlertLearnsItsNextStepsFromItsSimilarAlerts() {
    List<String> rows =
        nextSteps(
            JobSettings.fromMap(Map.of("cold_alert_max_investigations", "0"), Map.of()),
            List.of(RowFactory.create("acme", "al-3", "al-1", 0.8, "title")),
            List.of(RowFactory.create("acme", "al-3", "dashboard", "d-1")));
    assertEquals(
        List.of(
            "acme al-3 after dashboard d-1 (Home) | 1 dashboard d-2 (Checkout) | 0.200000000 | 2"
                + " | similar_alerts | learned from \"Checkout errors\" (a similar alert): after"
                + " \"Home\", 2 of 2 of its resolved investigations went here next",
            "acme al-3 after dashboard d-1 (Home) | 2 dashboard d-3 (Search) | 0.120000000 | 2"
                + " | account | after \"Home\", 2 of 5 resolved investigations of other alerts of"
                + " this account went here next"),
        rows.stream().filter(r -> r.startsWith("acme al-3 ")).toList());
  }
}
