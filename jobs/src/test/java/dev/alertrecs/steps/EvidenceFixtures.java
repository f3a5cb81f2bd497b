package dev.alertrecs.steps;

import dev.alertrecs.TestEvents;
import dev.alertrecs.config.JobSettings;
import dev.alertrecs.job.InputReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Investigations written as raw actions and run through the production steps up to the day's stored
 * evidence, the way the daily job builds it.
 */
final class EvidenceFixtures {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);
  private final TestEvents actions = new TestEvents(DAY);
  private int nextUser = 1;

  /**
   * One investigation of the alert by a new user, opened at {@code hour}:00: each target one minute
   * after the previous (an id starting {@code d-} is a dashboard, anything else a query), then
   * resolved.
   */
  EvidenceFixtures investigation(String account, String alert, int hour, String... targets) {
    String user = "u-" + nextUser++;
    Instant t = DAY.atTime(hour, 0).toInstant(java.time.ZoneOffset.UTC);
    act(account, t, user, "alert_opened", "alert_id", alert);
    for (String target : targets) {
      t = t.plusSeconds(60);
      if (target.startsWith("d-")) {
        act(account, t, user, "dashboard_viewed", "dashboard_id", target);
      } else {
        act(account, t, user, "query_run", "query", target);
      }
    }
    act(account, t.plusSeconds(60), user, "alert_resolved", "alert_id", alert);
    return this;
  }

  private void act(String account, Instant ts, String user, String action, String key, String v) {
    actions.json(
        "account_id", account, "ts", ts.toString(), "user_id", user, "action", action, key, v);
  }

  /**
   * The day's evidence, checkpointed: the job reads it back from storage, so the steps under test
   * start from a short plan, as in the job.
   */
  record Evidence(Dataset<Row> items, Dataset<Row> alerts) {}

  Evidence evidence(SparkSession spark, JobSettings settings) {
    Dataset<Row> identified = TestEvents.identified(actions.read(spark), settings);
    Dataset<Row> members = SessionizeInvestigations.apply(identified, settings);
    Dataset<Row> investigations = SummarizeInvestigations.apply(members, identified, settings);
    Dataset<Row> items = ExtractInvestigationItems.apply(members, settings);
    return new Evidence(
        SummarizeItemEvidence.apply(items, DAY).localCheckpoint(),
        SummarizeAlertEvidence.apply(investigations, DAY).localCheckpoint());
  }

  /** The textual family id of each query text, as identify_items gave it (label -> item_id). */
  static java.util.Map<String, String> textualIds(Evidence evidence) {
    java.util.Map<String, String> ids = new java.util.TreeMap<>();
    for (Row r : evidence.items().where("item_type = 'query'").collectAsList()) {
      ids.put(r.getAs("account_id") + " " + r.getAs("label"), r.getAs("item_id"));
    }
    return ids;
  }

  static Dataset<Row> alerts(SparkSession spark, String... accountIdTitle) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < accountIdTitle.length; i += 3) {
      rows.add(
          RowFactory.create(
              accountIdTitle[i], accountIdTitle[i + 1], accountIdTitle[i + 2], "high"));
    }
    return spark.createDataFrame(rows, InputReader.ALERTS_SCHEMA);
  }

  static Dataset<Row> dashboards(SparkSession spark, String... accountIdTitle) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < accountIdTitle.length; i += 3) {
      rows.add(
          RowFactory.create(
              accountIdTitle[i], accountIdTitle[i + 1], accountIdTitle[i + 2], false));
    }
    return spark.createDataFrame(rows, InputReader.DASHBOARDS_SCHEMA);
  }
}
