package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.config.JobSettings;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The scoring half of the job on one day of evidence: merge query families, score, find similar
 * alerts, rank. A cold alert learns from its sibling, and another account with the same ids, the
 * same words and the same query texts changes nothing in the first account's lists.
 */
class LearnAcrossAlertsTest extends SparkTestBase {
  /**
   * The defaults but the significance threshold: this fixture has a handful of investigations, too
   * few for any association to reach p < 0.001 (ScoreItemsTest covers that rule).
   */
  static final JobSettings SETTINGS =
      JobSettings.fromMap(java.util.Map.of("min_significance", "0"), java.util.Map.of());

  static final String CHECKOUT = "service:checkout AND level:error";
  static final String REORDERED = "level:error AND service:checkout";

  private static void acme(EvidenceFixtures f) {
    f.investigation("acme", "al-1", 8, "d-4", "d-2", CHECKOUT)
        .investigation("acme", "al-1", 9, "d-4", "d-2", CHECKOUT)
        .investigation("acme", "al-1", 10, "d-4", "d-2", REORDERED)
        .investigation("acme", "al-2", 8, "d-3")
        .investigation("acme", "al-2", 9, "d-3")
        .investigation("acme", "al-2", 10, "d-3");
  }

  private static List<String> lists(EvidenceFixtures f, String account, String... alerts) {
    var evidence = f.evidence(spark, SETTINGS);
    var families = MergeQueryFamilies.apply(evidence.items(), evidence.alerts(), SETTINGS);
    Dataset<Row> scored =
        ScoreItems.apply(families.itemEvidence(), evidence.alerts(), EvidenceFixtures.DAY, SETTINGS)
            .localCheckpoint();
    Dataset<Row> catalog = EvidenceFixtures.alerts(spark, alerts);
    Dataset<Row> dashboards =
        EvidenceFixtures.dashboards(
            spark,
            "acme",
            "d-2",
            "Checkout errors",
            "acme",
            "d-3",
            "Search latency",
            "globex",
            "d-2",
            "Shipping queues",
            "globex",
            "d-3",
            "Billing disks");
    var similar = FindSimilarAlerts.apply(catalog, scored, SETTINGS);
    return RankRecommendations.apply(
            scored,
            catalog,
            dashboards.where("not (account_id = 'acme' and dashboard_id = 'd-4')"),
            similar.similarAlerts().localCheckpoint(),
            SETTINGS,
            "test",
            Instant.EPOCH)
        .where("account_id = '" + account + "'")
        .orderBy("alert_id", "item_type", "rank")
        .collectAsList()
        .stream()
        .map(
            r ->
                String.join(
                    " | ",
                    r.getString(1),
                    r.getString(2),
                    String.valueOf(r.getInt(3)),
                    r.getString(5),
                    r.getString(8),
                    String.valueOf(r.getDouble(6)),
                    r.getString(9)))
        .toList();
  }

  @Test
  void aColdAlertLearnsFromItsSiblingAndAnotherAccountChangesNothing() {
    String[] acmeAlerts = {
      "acme", "al-1", "High error rate on checkout",
      "acme", "al-2", "Latency p99 on search",
      "acme", "al-9", "Checkout errors (EU)"
    };
    var alone = new EvidenceFixtures();
    acme(alone);
    List<String> acmeAlone = lists(alone, "acme", acmeAlerts);

    List<String> al9 = acmeAlone.stream().filter(r -> r.startsWith("al-9 ")).toList();
    assertEquals(2, al9.size(), acmeAlone.toString());
    assertTrue(
        al9.get(0).startsWith("al-9 | dashboard | 1 | Checkout errors | similar_alerts | "),
        al9.get(0));
    assertTrue(
        al9.get(0)
            .endsWith(
                " | learned from \"High error rate on checkout\" (similar title);"
                    + " opened in 3 of 3 of its investigations"),
        al9.get(0));
    // the two wordings of the checkout query are one family, labelled by the more used one
    assertTrue(
        al9.get(1).startsWith("al-9 | query | 1 | " + CHECKOUT + " | similar_alerts | "),
        al9.get(1));

    var both = new EvidenceFixtures();
    acme(both);
    // globex: the same ids, acme's titles swapped, acme's queries and dashboard ids
    both.investigation("globex", "al-1", 8, "d-3", REORDERED)
        .investigation("globex", "al-1", 9, "d-3", REORDERED)
        .investigation("globex", "al-1", 10, "d-3", "service:checkout AND level:error AND x:y")
        .investigation("globex", "al-9", 8, "d-2")
        .investigation("globex", "al-9", 9, "d-2")
        .investigation("globex", "al-9", 10, "d-2");
    String[] allAlerts = {
      "acme", "al-1", "High error rate on checkout",
      "acme", "al-2", "Latency p99 on search",
      "acme", "al-9", "Checkout errors (EU)",
      "globex", "al-1", "Checkout errors (EU)",
      "globex", "al-9", "High error rate on checkout",
      "globex", "al-2", "Latency p99 on search"
    };
    assertEquals(acmeAlone, lists(both, "acme", allAlerts));
  }
}
