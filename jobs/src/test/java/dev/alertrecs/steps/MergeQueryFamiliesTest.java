package dev.alertrecs.steps;

import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.config.JobSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Query families across wordings: MinHash over clause sets, applied to the window's evidence. */
class MergeQueryFamiliesTest extends SparkTestBase {
  static final String CHECKOUT = "service:checkout AND level:error";
  static final String REORDERED = "level:error AND service:checkout";
  static final String NARROWED = "service:checkout AND level:error AND host:web";
  static final String OTHER_SERVICE = "service:payments AND level:error";
  static final JobSettings SETTINGS = JobSettings.defaults();

  private static Map<String, String> familyMap(MergeQueryFamilies.Result result) {
    return result.familyMap().collectAsList().stream()
        .collect(
            Collectors.toMap(
                r -> r.getString(0) + " " + r.getString(1),
                r -> r.getString(2) + " " + r.getString(3),
                (a, b) -> a,
                TreeMap::new));
  }

  /** (alert item_id) -> n_investigations of the merged evidence, queries only. */
  private static Map<String, Long> queryCounts(MergeQueryFamilies.Result result) {
    return result.itemEvidence().where("item_type = 'query'").collectAsList().stream()
        .collect(
            Collectors.toMap(
                r -> r.getAs("account_id") + " " + r.getAs("alert_id") + " " + r.getAs("item_id"),
                r -> r.<Long>getAs("n_investigations"),
                (a, b) -> a,
                TreeMap::new));
  }

  @Test
  void reorderedAndNarrowedVariantsMergeButAnotherServiceDoesNot() {
    var f = new EvidenceFixtures();
    for (int i = 0; i < 3; i++) {
      f.investigation("acme", "al-1", 8 + i, CHECKOUT);
    }
    f.investigation("acme", "al-1", 12, REORDERED)
        .investigation("acme", "al-1", 13, NARROWED)
        .investigation("acme", "al-1", 14, OTHER_SERVICE)
        .investigation("acme", "al-1", 15, OTHER_SERVICE);
    var evidence = f.evidence(spark, SETTINGS);
    Map<String, String> ids = EvidenceFixtures.textualIds(evidence);
    assertEquals(4, ids.size(), ids.toString());
    String checkout = ids.get("acme " + CHECKOUT);
    String reordered = ids.get("acme " + REORDERED);
    String narrowed = ids.get("acme " + NARROWED);
    String otherService = ids.get("acme " + OTHER_SERVICE);
    String merged = List.of(checkout, reordered, narrowed).stream().sorted().findFirst().get();

    var result = MergeQueryFamilies.apply(evidence.items(), evidence.alerts(), SETTINGS);

    Map<String, String> expected = new TreeMap<>();
    for (String member : List.of(checkout, reordered, narrowed)) {
      expected.put("acme " + member, merged + " " + CHECKOUT);
    }
    assertEquals(expected, familyMap(result));
    assertEquals(
        new TreeMap<>(Map.of("acme al-1 " + merged, 5L, "acme al-1 " + otherService, 2L)),
        queryCounts(result));
    Row mergedRow = result.itemEvidence().where("item_id = '" + merged + "'").first();
    assertEquals(CHECKOUT, mergedRow.getAs("label"));
  }

  /**
   * Three investigations of al-1: one ran two variants of the checkout family, one ran one, one ran
   * no query. The family was used in 2 investigations; the alert's 3 investigations are no cap on a
   * wrong count of 3.
   */
  @Test
  void anInvestigationThatRanTwoVariantsCountsOnce() {
    var f =
        new EvidenceFixtures()
            .investigation("acme", "al-1", 8, CHECKOUT, REORDERED)
            .investigation("acme", "al-1", 9, CHECKOUT)
            .investigation("acme", "al-1", 10, "d-1");
    var evidence = f.evidence(spark, SETTINGS);
    var result = MergeQueryFamilies.apply(evidence.items(), evidence.alerts(), SETTINGS);
    List<Row> queries = result.itemEvidence().where("item_type = 'query'").collectAsList();
    assertEquals(1, queries.size());
    Row merged = queries.get(0);
    assertEquals(2L, merged.<Long>getAs("n_investigations"));
    // the variants' proximities (3 uses in 2 investigations) scaled to the 2 investigations
    double variantsProximity =
        evidence
            .items()
            .where("item_type = 'query'")
            .agg(sum("sum_proximity"))
            .first()
            .getDouble(0);
    assertEquals(
        3L,
        evidence
            .items()
            .where("item_type = 'query'")
            .agg(sum("n_investigations"))
            .first()
            .getLong(0));
    assertEquals(variantsProximity * 2 / 3, merged.<Double>getAs("sum_proximity"), 1e-9);
  }

  /**
   * "level:error AND env:prod" is a subset of both the checkout and the payments variant, each
   * within the merge distance (1 - 2/3): it may join either family, but it must not bridge the two
   * services into one, as a chain of merges would.
   */
  @Test
  void aQuerySharedAsASubsetByTwoServicesDoesNotBridgeThem() {
    String checkout = "service:checkout AND level:error AND env:prod";
    String payments = "service:payments AND level:error AND env:prod";
    String shared = "level:error AND env:prod";
    var f =
        new EvidenceFixtures()
            .investigation("acme", "al-1", 8, checkout)
            .investigation("acme", "al-1", 9, payments)
            .investigation("acme", "al-1", 10, shared);
    var evidence = f.evidence(spark, SETTINGS);
    Map<String, String> ids = EvidenceFixtures.textualIds(evidence);
    var result = MergeQueryFamilies.apply(evidence.items(), evidence.alerts(), SETTINGS);
    Map<String, String> families = familyMap(result);
    String checkoutFamily =
        families.getOrDefault("acme " + ids.get("acme " + checkout), ids.get("acme " + checkout))
            .split(" ")[0];
    String paymentsFamily =
        families.getOrDefault("acme " + ids.get("acme " + payments), ids.get("acme " + payments))
            .split(" ")[0];
    assertNotEquals(checkoutFamily, paymentsFamily, families.toString());
  }

  @Test
  void anotherAccountsQueriesNeitherMergeWithNorChangeThisAccountsFamilies() {
    var acmeOnly = new EvidenceFixtures();
    var both = new EvidenceFixtures();
    for (var f : List.of(acmeOnly, both)) {
      f.investigation("acme", "al-1", 8, CHECKOUT).investigation("acme", "al-1", 9, OTHER_SERVICE);
    }
    // globex: the same alert id, acme's texts and the variants that would bridge them
    both.investigation("globex", "al-1", 8, REORDERED)
        .investigation("globex", "al-1", 9, NARROWED)
        .investigation("globex", "al-1", 10, "level:error AND service:payments")
        .investigation("globex", "al-1", 11, CHECKOUT);
    var alone = acmeOnly.evidence(spark, SETTINGS);
    var mixed = both.evidence(spark, SETTINGS);

    var aloneResult = MergeQueryFamilies.apply(alone.items(), alone.alerts(), SETTINGS);
    Map<String, Long> aloneCounts = queryCounts(aloneResult);
    var mixedResult = MergeQueryFamilies.apply(mixed.items(), mixed.alerts(), SETTINGS);
    Map<String, Long> mixedAcme = new TreeMap<>(queryCounts(mixedResult));
    mixedAcme.keySet().removeIf(k -> !k.startsWith("acme "));

    assertEquals(Map.of(), familyMap(aloneResult));
    assertEquals(aloneCounts, mixedAcme);
    assertTrue(
        familyMap(mixedResult).keySet().stream().allMatch(k -> k.startsWith("globex ")),
        familyMap(mixedResult).toString());
    assertEquals(3, familyMap(mixedResult).size(), "globex merges its own three variants");
  }
}
