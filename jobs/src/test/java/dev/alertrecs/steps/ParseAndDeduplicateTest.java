package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.TestEvents;
import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Bad records get a reason naming what is wrong; duplicates keep the earliest folder's copy. */
class ParseAndDeduplicateTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);

  private static Map<String, String> reasonsByRaw(TestEvents f) {
    return ParseActions.apply(f.read(spark), JobSettings.defaults()).collectAsList().stream()
        .collect(
            Collectors.toMap(
                r -> r.<String>getAs("raw"),
                r -> String.valueOf(r.<String>getAs("quarantine_reason"))));
  }

  /** The deduplicated lines, sorted, each described by {@code describe}. */
  private static List<String> deduplicated(
      TestEvents f, Function<Row, String> describe, String sortBy, String... thenBy) {
    return DeduplicateActions.apply(ParseActions.apply(f.read(spark), JobSettings.defaults()))
        .orderBy(sortBy, thenBy)
        .collectAsList()
        .stream()
        .map(describe)
        .collect(Collectors.toList());
  }

  @Test
  void everyBadRecordNamesItsReason() {
    var f =
        new TestEvents(DAY)
            .raw("{\"event_id\":\"e-1\",\"ts\":\"2026-11-25T08:15:02.120Z\"")
            .raw("this is not json")
            .raw("[1,2,3]")
            .raw("")
            .raw(
                "{\"event_id\":\"e-2\",\"account_id\":\"acme\",\"user_id\":\"u\",\"action\":\"page_viewed\"}")
            .raw(
                "{\"event_id\":\"e-3\",\"ts\":\"yesterday\",\"account_id\":\"acme\",\"user_id\":\"u\",\"action\":\"page_viewed\"}")
            .raw(
                "{\"event_id\":\"e-4\",\"ts\":\"2026-11-25T08:00:00\",\"account_id\":\"acme\",\"user_id\":\"u\",\"action\":\"page_viewed\"}")
            .raw(
                "{\"event_id\":\"e-5\",\"ts\":\"2026-11-25T08:00:00Z\",\"account_id\":\"acme\",\"action\":\"dashboard_viewed\",\"dashboard_id\":\"d-1\"}")
            .raw(
                "{\"event_id\":\"e-6\",\"ts\":\"2026-11-25T08:00:00Z\",\"account_id\":\"acme\",\"user_id\":\"u\",\"action\":\"alert_opened\"}")
            .raw(
                "{\"event_id\":\"e-7\",\"ts\":\"2026-11-25T08:00:00Z\",\"account_id\":\"acme\",\"user_id\":\"u\",\"action\":\"dashboard_viewed\"}")
            .raw(
                "{\"event_id\":\"e-8\",\"ts\":\"2026-11-25T08:00:00Z\",\"account_id\":\"acme\",\"user_id\":\"u\",\"action\":\"query_run\",\"query\":\"  \"}")
            .raw(
                "{\"event_id\":\"e-9\",\"ts\":\"2031-01-01T00:00:00Z\",\"account_id\":\"acme\",\"user_id\":\"u\",\"action\":\"page_viewed\"}")
            .raw(
                "{\"event_id\":\"e-10\",\"ts\":\"2019-01-01T00:00:00Z\",\"account_id\":\"acme\",\"user_id\":\"u\",\"action\":\"page_viewed\"}")
            .raw(
                "{\"event_id\":\"e-11\",\"ts\":\"2026-11-25T09:00:00+02:00\",\"account_id\":\"acme\",\"user_id\":\"u\",\"action\":\"settings_changed\",\"extra\":{\"a\":1}}")
            .raw(
                "{\"event_id\":\"e-12\",\"ts\":\"2026-11-25T08:00:00Z\",\"account_id\":\"acme\",\"action\":\"alert_fired\",\"alert_id\":\"al-1\"}");
    Map<String, String> reasons = reasonsByRaw(f);
    List<String> inOrder =
        List.of(
            "not valid JSON",
            "not valid JSON",
            "not valid JSON",
            "empty line",
            "missing required field: ts",
            "unparseable ts: yesterday",
            "unparseable ts: 2026-11-25T08:00:00",
            "missing required field: user_id on dashboard_viewed",
            "missing alert_id on alert_opened",
            "missing dashboard_id on dashboard_viewed",
            "missing query on query_run",
            "ts in the future: 2031-01-01T00:00:00Z in the folder of 2026-11-25",
            "ts too old: 2019-01-01T00:00:00Z in the folder of 2026-11-25",
            "null",
            "null");
    List<Row> rows = f.read(spark).collectAsList();
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(inOrder.get(i), reasons.get(rows.get(i).<String>getAs("value")), "line " + i);
    }
  }

  @Test
  void anOffsetIsConvertedToUtcAndSourceDefaultsToOrganic() {
    var f =
        new TestEvents(DAY)
            .act("2026-11-25T10:16:40.002+02:00", "u1", "alert_opened", "al-1")
            .json(
                "ts",
                "2026-11-25T08:17:05.530Z",
                "user_id",
                "u1",
                "action",
                "dashboard_viewed",
                "dashboard_id",
                "d-3",
                "source",
                "recommendation");
    List<Row> rows =
        ParseActions.apply(f.read(spark), JobSettings.defaults()).orderBy("ts").collectAsList();
    assertNull(rows.get(0).getAs("quarantine_reason"));
    assertEquals(
        "2026-11-25T08:16:40.002Z",
        rows.get(0).<java.sql.Timestamp>getAs("ts").toInstant().toString());
    assertEquals("organic", rows.get(0).getAs("source"));
    assertEquals("recommendation", rows.get(1).getAs("source"));
  }

  @Test
  void theCopyInTheEarliestFolderWinsAndEveryOtherCopyIsADuplicate() {
    String line =
        "{\"event_id\":\"e-1\",\"ts\":\"2026-11-24T23:59:00Z\",\"account_id\":\"acme\",\"user_id\":\"u\",\"action\":\"page_viewed\"}";
    String sameIdOtherAccount = line.replace("acme", "globex");
    var f =
        new TestEvents(DAY)
            .rawIn(line, DAY)
            .rawIn(line, DAY)
            .rawIn(line, DAY.minusDays(1))
            .rawIn(sameIdOtherAccount, DAY);
    List<String> copies =
        deduplicated(
            f,
            r ->
                r.getAs("account_id")
                    + " "
                    + r.getAs("folder_date")
                    + " "
                    + r.getAs("is_duplicate"),
            "account_id",
            "folder_date");
    assertEquals(
        List.of(
            "acme 2026-11-24 false",
            "acme 2026-11-25 true",
            "acme 2026-11-25 true",
            "globex 2026-11-25 false"),
        copies);
  }

  @Test
  void eventsThatShareAnIdButNotTheirUserAlertOrTimeAreTwoEvents() {
    String line =
        "{\"event_id\":\"e-1\",\"ts\":\"2026-11-25T08:00:00Z\",\"account_id\":\"acme\",\"user_id\":\"u\",\"action\":\"page_viewed\"}";
    String fired =
        "{\"event_id\":\"e-2\",\"ts\":\"2026-11-25T08:00:00Z\",\"account_id\":\"acme\",\"action\":\"alert_fired\",\"alert_id\":\"al-1\"}";
    var f =
        new TestEvents(DAY)
            .rawIn(line, DAY)
            .rawIn(line.replace("\"u\"", "\"v\""), DAY)
            .rawIn(line.replace("08:00:00Z", "08:00:01Z"), DAY)
            .rawIn(line.replace("page_viewed", "settings_changed"), DAY)
            .rawIn(fired, DAY)
            .rawIn(fired, DAY)
            .rawIn(fired.replace("al-1", "al-2"), DAY);
    List<String> events =
        deduplicated(
            f,
            r ->
                r.getAs("event_id")
                    + " "
                    + (r.getAs("user_id") != null ? r.getAs("user_id") : r.getAs("alert_id"))
                    + " "
                    + r.<java.sql.Timestamp>getAs("ts").toInstant()
                    + " "
                    + r.getAs("is_duplicate"),
            "event_id",
            "user_id",
            "alert_id",
            "ts",
            "is_duplicate");
    // same account, user, id and time: a copy, whatever its action says (the first file wins)
    assertEquals(
        List.of(
            "e-1 u 2026-11-25T08:00:00Z false",
            "e-1 u 2026-11-25T08:00:00Z true",
            "e-1 u 2026-11-25T08:00:01Z false",
            "e-1 v 2026-11-25T08:00:00Z false",
            "e-2 al-1 2026-11-25T08:00:00Z false",
            "e-2 al-1 2026-11-25T08:00:00Z true",
            "e-2 al-2 2026-11-25T08:00:00Z false"),
        events);
  }

  @Test
  void quarantinedLinesPassThroughTheDeduplicationAndAreNeverDuplicates() {
    String valid =
        "{\"event_id\":\"e-1\",\"ts\":\"2026-11-25T08:00:00Z\",\"account_id\":\"acme\",\"user_id\":\"u\",\"action\":\"page_viewed\"}";
    // the same event with a broken timestamp: quarantined, so it must not compete with the copy
    String badTs = valid.replace("2026-11-25T08:00:00Z", "yesterday");
    var f =
        new TestEvents(DAY)
            .rawIn(badTs, DAY)
            .rawIn(badTs, DAY)
            .rawIn("not json", DAY)
            .rawIn(valid, DAY);
    List<String> lines =
        deduplicated(
            f,
            r ->
                r.getAs("quarantine_reason")
                    + " "
                    + r.getAs("is_duplicate")
                    + " "
                    + (r.getAs("source_file") != null),
            "quarantine_reason",
            "raw");
    // every line read comes out once: the valid one is not a duplicate of its quarantined copies,
    // identical bad lines are both kept, and only quarantined lines keep their file
    assertEquals(
        List.of(
            "null false false",
            "not valid JSON false true",
            "unparseable ts: yesterday false true",
            "unparseable ts: yesterday false true"),
        lines);
  }
}
