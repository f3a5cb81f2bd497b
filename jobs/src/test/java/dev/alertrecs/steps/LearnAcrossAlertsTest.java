package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.config.JobSettings;
import dev.alertrecs.job.InputReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * The scoring half of the job on one day of evidence: merge query families, score, find similar
 * alerts, rank. A cold alert learns from its sibling, and another account with the same ids, the
 * same words and the same query texts changes nothing in the first account's lists.
 */
class LearnAcrossAlertsTest extends SparkTestBase {
  /** The defaults: an item must be significant (G2 >= 10.83) to be listed or taught. */
  /** The fixture is made for the optional cut-offs: an item needs lift 1.25 and G² 10.83. */
  static final JobSettings SETTINGS =
      JobSettings.fromMap(Map.of("min_lift", "1.25", "min_significance", "10.83"), Map.of());

  static final String CHECKOUT = "service:checkout AND level:error";
  static final String REORDERED = "level:error AND service:checkout";

  /**
   * Four investigations of al-1 and four of al-2: d-2 in all of al-1's and none of al-2's is just
   * significant (G2 = 2 (4 ln 2 + 4 ln 2) = 11.09). d-5 is in 2 of al-1's: its lift (3/6)/(3/10) =
   * 1.67 passes the floor, its G2 = 3.45 does not. d-4 is in all of al-1's but deleted in the
   * catalog.
   */
  private static void acme(EvidenceFixtures f) {
    f.investigation("acme", "al-1", 8, "d-5", "d-4", "d-2", CHECKOUT)
        .investigation("acme", "al-1", 9, "d-5", "d-4", "d-2", CHECKOUT)
        .investigation("acme", "al-1", 10, "d-4", "d-2", CHECKOUT)
        .investigation("acme", "al-1", 11, "d-4", "d-2", REORDERED)
        .investigation("acme", "al-2", 8, "d-3")
        .investigation("acme", "al-2", 9, "d-3")
        .investigation("acme", "al-2", 10, "d-3")
        .investigation("acme", "al-2", 11, "d-3");
  }

  private static List<String> lists(EvidenceFixtures f, String account, String... alerts) {
    var evidence = f.evidence(spark, SETTINGS);
    var families = MergeQueryFamilies.apply(evidence.items(), evidence.alerts(), SETTINGS);
    Dataset<Row> scored =
        ScoreItems.apply(families.itemEvidence(), evidence.alerts(), EvidenceFixtures.DAY, SETTINGS)
            .localCheckpoint();
    Dataset<Row> catalog = EvidenceFixtures.alerts(spark, alerts);
    Dataset<Row> dashboards =
        spark.createDataFrame(
            List.of(
                RowFactory.create("acme", "d-2", "Checkout errors", false),
                RowFactory.create("acme", "d-3", "Search latency", false),
                RowFactory.create("acme", "d-4", "Old checkout board", true),
                RowFactory.create("acme", "d-5", "Deploy history", false),
                RowFactory.create("globex", "d-2", "Shipping queues", false),
                RowFactory.create("globex", "d-3", "Billing disks", false)),
            InputReader.DASHBOARDS_SCHEMA);
    var similar = FindSimilarAlerts.apply(catalog, scored, SETTINGS);
    return RankRecommendations.apply(
            scored,
            catalog,
            dashboards,
            similar.similarAlerts().localCheckpoint(),
            FindNavigationItems.apply(families.itemEvidence(), evidence.alerts(), SETTINGS),
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

    // al-1's own dashboard list: d-2 only (d-4 is deleted, d-5 not significant)
    assertEquals(
        List.of("al-1 | dashboard | 1 | Checkout errors | alert"),
        acmeAlone.stream()
            .filter(r -> r.startsWith("al-1 | dashboard"))
            .map(r -> String.join(" | ", java.util.Arrays.asList(r.split(" \\| ")).subList(0, 5)))
            .toList());
    // al-9 learns one dashboard and one query from al-1
    List<String> al9 = acmeAlone.stream().filter(r -> r.startsWith("al-9 ")).toList();
    assertEquals(2, al9.size(), acmeAlone.toString());
    assertTrue(
        al9.get(0).startsWith("al-9 | dashboard | 1 | Checkout errors | similar_alerts | "),
        al9.get(0));
    assertTrue(
        al9.get(0)
            .endsWith(
                " | learned from \"High error rate on checkout\" (similar title);"
                    + " opened in 4 of 4 of its investigations"),
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
