package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.TestEvents;
import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Query families: the same query with other time ranges, literals, spacing or case is one item. */
class IdentifyItemsTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);

  private static Map<String, String> familyByQuery(String account, String... queries) {
    var f = new TestEvents(DAY);
    for (String q : queries) {
      f.json(
          "account_id",
          account,
          "ts",
          "2026-11-25T08:00:00Z",
          "user_id",
          "u",
          "action",
          "query_run",
          "query",
          q);
    }
    return TestEvents.identified(f.read(spark), JobSettings.defaults()).collectAsList().stream()
        .collect(
            Collectors.toMap(r -> r.<String>getAs("item_text"), r -> r.<String>getAs("item_id")));
  }

  @Test
  void timeRangesLiteralsSpacingAndCaseFoldIntoOneFamily() {
    List<String> sameFamily =
        List.of(
            "service:checkout AND level:error AND @timestamp:[now-15m TO now]",
            "Service:Checkout and level:ERROR AND @timestamp:[now-1h TO now]",
            "service: checkout AND level:error AND @timestamp:[2026-11-25T08:00 TO 2026-11-25T09:00]",
            "service:checkout AND level:error AND @timestamp:[now-24h to now]");
    Map<String, String> families = familyByQuery("acme", sameFamily.toArray(String[]::new));
    assertEquals(1, families.values().stream().distinct().count(), families.toString());

    Map<String, String> literals =
        familyByQuery(
            "acme",
            "service:checkout AND status:>=500 AND host:\"web-1\"",
            "service:checkout AND status:>=502 AND host:\"web-17\"");
    assertEquals(1, literals.values().stream().distinct().count(), literals.toString());
  }

  @Test
  void valuesWithDigitsLikeTraceIdsAndHostsFoldButFieldNamesStay() {
    Map<String, String> ids =
        familyByQuery("acme", "trace_id:97d9f13716a1", "trace_id:abc123def", "TRACE_ID: 5f2e");
    assertEquals(1, ids.values().stream().distinct().count(), ids.toString());
    Map<String, String> fields =
        familyByQuery("acme", "trace_id:97d9f13716a1", "span_id:97d9f13716a1");
    assertEquals(2, fields.values().stream().distinct().count(), fields.toString());
  }

  @Test
  void anotherServiceIsAnotherFamilyAndAccountsNeverShareAnId() {
    Map<String, String> acme =
        familyByQuery(
            "acme", "service:checkout AND level:error", "service:payments AND level:error");
    assertEquals(2, acme.values().stream().distinct().count());
    Map<String, String> globex = familyByQuery("globex", "service:checkout AND level:error");
    assertNotEquals(
        acme.get("service:checkout AND level:error"),
        globex.get("service:checkout AND level:error"));
  }
}
