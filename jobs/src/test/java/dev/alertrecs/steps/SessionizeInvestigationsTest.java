package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.TestEvents;
import dev.alertrecs.config.JobSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Each rule of CONTRACT.md's investigation semantics on a few inline actions. */
class SessionizeInvestigationsTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);
  static final JobSettings SETTINGS = JobSettings.defaults();

  /** "alert_id stop_reason duration_s n_actions", ordered by start. */
  private static List<String> summarize(TestEvents f) {
    return TestEvents.investigations(f.read(spark), SETTINGS)
        .orderBy("started_at", "account_id")
        .collectAsList()
        .stream()
        .map(
            r ->
                r.<String>getAs("alert_id")
                    + " "
                    + r.<String>getAs("stop_reason")
                    + " "
                    + Math.round(r.<Double>getAs("duration_s"))
                    + " "
                    + r.<Long>getAs("n_actions"))
        .collect(Collectors.toList());
  }

  @Test
  void resolveOfTheSameAlertStopsAndIsIncluded() {
    var f =
        new TestEvents(DAY)
            .act("2026-11-25T08:00:00Z", "u1", "alert_opened", "al-1")
            .act("2026-11-25T08:02:00Z", "u1", "dashboard_viewed", "d-3")
            .act("2026-11-25T08:05:00Z", "u1", "alert_resolved", "al-1")
            .act("2026-11-25T08:06:00Z", "u1", "dashboard_viewed", "d-9")
            .act("2026-11-25T12:00:00Z", "u1", "page_viewed", null);
    assertEquals(List.of("al-1 resolved 300 3"), summarize(f));
  }

  @Test
  void resolveOfAnotherAlertDoesNotStop() {
    var f =
        new TestEvents(DAY)
            .act("2026-11-25T08:00:00Z", "u1", "alert_opened", "al-1")
            .act("2026-11-25T08:01:00Z", "u1", "alert_resolved", "al-2")
            .act("2026-11-25T08:04:00Z", "u1", "dashboard_viewed", "d-3")
            .act("2026-11-25T12:00:00Z", "u1", "page_viewed", null);
    assertEquals(List.of("al-1 idle 240 3"), summarize(f));
  }

  @Test
  void userOpensSecondAlertMidInvestigation() {
    var f =
        new TestEvents(DAY)
            .act("2026-11-25T08:00:00Z", "u1", "alert_opened", "al-1")
            .act("2026-11-25T08:03:00Z", "u1", "dashboard_viewed", "d-3")
            .act("2026-11-25T08:05:00Z", "u1", "alert_opened", "al-2")
            .act("2026-11-25T08:07:00Z", "u1", "query_run", "service:x")
            .act("2026-11-25T08:09:00Z", "u1", "alert_resolved", "al-2")
            .act("2026-11-25T12:00:00Z", "u1", "page_viewed", null);
    assertEquals(List.of("al-1 next_alert 180 2", "al-2 resolved 240 3"), summarize(f));
  }

  @Test
  void aGapOfExactlyThirtyMinutesContinuesOneSecondMoreStops() {
    var exactly =
        new TestEvents(DAY)
            .act("2026-11-25T08:00:00Z", "u1", "alert_opened", "al-1")
            .act("2026-11-25T08:30:00Z", "u1", "dashboard_viewed", "d-3")
            .act("2026-11-25T12:00:00Z", "u1", "page_viewed", null);
    assertEquals(List.of("al-1 idle 1800 2"), summarize(exactly));

    var longer =
        new TestEvents(DAY)
            .act("2026-11-25T08:00:00Z", "u1", "alert_opened", "al-1")
            .act("2026-11-25T08:01:00Z", "u1", "dashboard_viewed", "d-1")
            .act("2026-11-25T08:31:01Z", "u1", "dashboard_viewed", "d-3")
            .act("2026-11-25T12:00:00Z", "u1", "page_viewed", null);
    assertEquals(List.of("al-1 idle 60 2"), summarize(longer));
  }

  @Test
  void theFourHourCapStopsALongInvestigation() {
    var f = new TestEvents(DAY).act("2026-11-25T08:00:00Z", "u1", "alert_opened", "al-1");
    for (int minute = 20; minute <= 300; minute += 20) {
      f.act(
          String.format("2026-11-25T%02d:%02d:00Z", 8 + minute / 60, minute % 60),
          "u1",
          "dashboard_viewed",
          "d-" + minute);
    }
    f.act("2026-11-25T20:00:00Z", "u1", "page_viewed", null);
    // actions at +20 .. +240 min are inside (12 of them plus the opening), +260 is past the cap
    assertEquals(List.of("al-1 max_duration 14400 13"), summarize(f));
  }

  @Test
  void twoUsersAtOnceAreSeparate() {
    var f =
        new TestEvents(DAY)
            .act("2026-11-25T08:00:00Z", "u1", "alert_opened", "al-1")
            .act("2026-11-25T08:00:30Z", "u2", "alert_opened", "al-1")
            .act("2026-11-25T08:01:00Z", "u1", "dashboard_viewed", "d-3")
            .act("2026-11-25T08:02:00Z", "u2", "dashboard_viewed", "d-4")
            .act("2026-11-25T08:03:00Z", "u2", "alert_resolved", "al-1")
            .act("2026-11-25T08:10:00Z", "u1", "query_run", "level:error")
            .act("2026-11-25T12:00:00Z", "u1", "page_viewed", null);
    assertEquals(List.of("al-1 idle 600 3", "al-1 resolved 150 3"), summarize(f));
  }

  @Test
  void eventsOutOfOrderAreSortedByTime() {
    var f =
        new TestEvents(DAY)
            .act("2026-11-25T08:05:00Z", "u1", "alert_resolved", "al-1")
            .act("2026-11-25T08:02:00Z", "u1", "dashboard_viewed", "d-3")
            .act("2026-11-25T10:00:00+02:00", "u1", "alert_opened", "al-1")
            .act("2026-11-25T12:00:00Z", "u1", "page_viewed", null);
    assertEquals(List.of("al-1 resolved 300 3"), summarize(f));
  }

  @Test
  void anInvestigationWithOnlyItsOpeningLastsZeroSeconds() {
    var f =
        new TestEvents(DAY)
            .act("2026-11-25T08:00:00Z", "u1", "alert_opened", "al-1")
            .act("2026-11-25T12:00:00Z", "u1", "page_viewed", null);
    assertEquals(List.of("al-1 idle 0 1"), summarize(f));
  }

  @Test
  void theInputEndingFirstIsEndOfData() {
    var f =
        new TestEvents(DAY)
            .act("2026-11-25T08:00:00Z", "u1", "alert_opened", "al-1")
            .act("2026-11-25T08:10:00Z", "u1", "dashboard_viewed", "d-3")
            .act("2026-11-25T08:20:00Z", "u2", "page_viewed", null);
    assertEquals(List.of("al-1 end_of_data 600 2"), summarize(f));
  }

  @Test
  void actionsBeforeAnyOpeningBelongToNoInvestigation() {
    var f =
        new TestEvents(DAY)
            .act("2026-11-25T07:00:00Z", "u1", "dashboard_viewed", "d-1")
            .act("2026-11-25T07:01:00Z", "u1", "alert_fired", "al-1")
            .act("2026-11-25T07:02:00Z", null, "alert_fired", "al-1");
    assertTrue(summarize(f).isEmpty());
  }

  /**
   * The user hash is the contract's keyed hash (HMAC-SHA256 of account|user under the user-hash
   * key, 32 hex characters), computed here outside Spark; the investigation id is derived from the
   * account and the opening event, so the same input gives the same ids.
   */
  @Test
  void theSameInputGivesTheSameIdsAndTheUserIdIsTheKeyedHash() {
    var f =
        new TestEvents(DAY)
            .json(
                "event_id", "e-open",
                "ts", "2026-11-25T08:00:00Z",
                "user_id", "u1",
                "action", "alert_opened",
                "alert_id", "al-1")
            .act("2026-11-25T12:00:00Z", "u1", "page_viewed", null);
    List<Row> first = TestEvents.investigations(f.read(spark), SETTINGS).collectAsList();
    List<Row> second = TestEvents.investigations(f.read(spark), SETTINGS).collectAsList();
    assertEquals(first, second);
    assertEquals(1, first.size());
    Row row = first.get(0);
    assertEquals(TestEvents.investigationId("acme", "e-open"), row.getAs("investigation_id"));
    assertEquals(
        TestEvents.userHash(SETTINGS.userHashKey(), "acme", "u1"), row.<String>getAs("user_hash"));
  }

  /**
   * Timelines are keyed by a 64-bit hash of the user alone (so sorting compares longs): two users
   * whose keys collide would share a timeline, so the run stops and names them. Keeping no bit of
   * the hash makes every user collide.
   */
  @Test
  void twoUsersSharingAUserKeyStopTheRunWithBothNamedByTheirHashes() {
    var f =
        new TestEvents(DAY)
            .act("2026-11-25T08:00:00Z", "u1", "alert_opened", "al-1")
            .act("2026-11-25T08:00:30Z", "u2", "alert_opened", "al-1")
            .act("2026-11-25T08:01:00Z", "u1", "dashboard_viewed", "d-3");
    var identified = TestEvents.identified(f.read(spark), SETTINGS);
    Exception e =
        assertThrows(
            Exception.class,
            () -> SessionizeInvestigations.apply(identified, SETTINGS, 0L).collectAsList());
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("two users share the 64-bit user key 0"), message);
    // named by their keyed hashes and account, never by their raw ids
    String key = SETTINGS.userHashKey();
    assertTrue(
        message.contains(
            "user "
                + UserHash.of(key, "acme", "u1")
                + " of account acme and user "
                + UserHash.of(key, "acme", "u2")
                + " of account acme"),
        message);
    assertFalse(message.matches("(?s).*\\bu[12]\\b.*"), message);

    // all 64 bits: the same actions are two users' investigations
    assertEquals(
        2,
        SessionizeInvestigations.apply(identified, SETTINGS)
            .select("inv_no", "user_id")
            .distinct()
            .count());
  }
}
