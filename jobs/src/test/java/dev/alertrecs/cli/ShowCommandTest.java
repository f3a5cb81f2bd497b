package dev.alertrecs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alertrecs.AlertRecs;
import dev.alertrecs.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show} on a tiny output written by the test: the run record, the lists of the busiest
 * alerts and of an alert without history, and the next steps when the date has a next_steps table.
 * al-1 exists in acme and in globex, so each alert's rows must be picked by account too.
 */
class ShowCommandTest extends SparkTestBase {
  static final String DAY = "2026-11-25";

  @TempDir Path dir;

  /** The output of a date without next_steps, as written before the job had that table. */
  private Path outputWithoutNextSteps() {
    Path out = dir.resolve("out");
    write(
        out,
        "runs",
        "select 'r-1' as run_id, date'2026-11-25' as run_date, 'published' as status,"
            + " timestamp'2026-11-26 01:00:00' as started_at, 100L as n_read, 90L as n_valid,"
            + " 4L as n_quarantined, 6L as n_duplicates, 4L as n_investigations, 2L as n_alerts,"
            + " 4L as n_recommendations, 'v1' as model_version");
    write(
        out,
        "alert_stats",
        "select * from values ('acme', 'al-1', 3L, 540.0D), ('globex', 'al-1', 1L, 60.0D)"
            + " as t(account_id, alert_id, n_investigations, mttr_median_s)");
    write(
        out,
        "recommendations",
        "select * from values"
            + " ('acme', 'al-1', 'dashboard', 1, 'checkout latency', 0.5D, 'alert',"
            + " 'opened in 3 of 3'),"
            + " ('acme', 'al-1', 'query', 1, 'level:error', 0.25D, 'alert', 'run in 2 of 3'),"
            + " ('globex', 'al-1', 'dashboard', 1, 'db load', 0.75D, 'alert', 'opened in 1 of 1'),"
            + " ('acme', 'al-9', 'dashboard', 1, 'checkout latency', 0.125D, 'account',"
            + " 'popular in the account')"
            + " as t(account_id, alert_id, item_type, rank, item_label, score, strategy, reason)");
    return out;
  }

  private static final String RUN_RECORD =
      """

      Run r-1 of 2026-11-25: published
        events read 100 = valid 90 + quarantined 4 + duplicates 6
        investigations 4, alerts investigated 2, recommendations 4, model v1
      """;

  private static final String ACME_LISTS =
      """

      acme / al-1\s
        3 investigations today, median 9.0 min to resolve
        dashboards:
          1. checkout latency                                     [alert, score 0.500]
             opened in 3 of 3
        queries:
          1. level:error                                          [alert, score 0.250]
             run in 2 of 3
      """;

  private static final String GLOBEX_LISTS =
      """

      globex / al-1\s
        1 investigations today, median 1.0 min to resolve
        dashboards:
          1. db load                                              [alert, score 0.750]
             opened in 1 of 1
        queries:
          (none)
      """;

  private static final String COLD_LISTS =
      """

      acme / al-9\s
        no investigations of its own in the window
        dashboards:
          1. checkout latency                                     [account, score 0.125]
             popular in the account
        queries:
          (none)
      """;

  @Test
  void withoutANextStepsTableShowPrintsTheListsAlone() {
    Path out = outputWithoutNextSteps();
    assertEquals(RUN_RECORD + ACME_LISTS + GLOBEX_LISTS + COLD_LISTS, show(out));
  }

  @Test
  void nextStepsFollowEachAlertsListsGroupedByTheItemJustUsed() {
    Path out = outputWithoutNextSteps();
    // rows out of order; globex's al-1 and acme's al-2 have next steps of their own
    write(
        out,
        "next_steps",
        "select * from values"
            + " ('acme', 'al-1', 'query', 'q-7', 'level:error', 1, 'dashboard', 'd-3',"
            + " 'checkout overview', 0.5D, 'alert', 'opened next in 2 of 3'),"
            + " ('acme', 'al-1', 'dashboard', 'd-3', 'checkout overview', 2, 'query', 'q-7',"
            + " 'level:error', 0.25D, 'alert', 'run next in 1 of 3'),"
            + " ('acme', 'al-1', 'dashboard', 'd-3', 'checkout overview', 1, 'dashboard', 'd-8',"
            + " 'checkout latency', 0.75D, 'alert', 'opened next in 2 of 3'),"
            + " ('globex', 'al-1', 'dashboard', 'd-2', 'Home', 1, 'dashboard', 'd-4', 'db load',"
            + " 0.5D, 'similar_alerts', 'opened next in 1 of 1'),"
            + " ('acme', 'al-2', 'dashboard', 'd-3', 'checkout overview', 1, 'dashboard', 'd-5',"
            + " 'payments errors', 0.5D, 'alert', 'r')"
            + " as t(account_id, alert_id, after_item_type, after_item_id, after_item_label,"
            + " rank, item_type, item_id, item_label, score, strategy, reason)");
    assertEquals(
        RUN_RECORD
            + ACME_LISTS
            + """
                next steps:
                  after checkout overview (dashboard):
                    1. checkout latency                                   [dashboard, alert, score 0.750]
                       opened next in 2 of 3
                    2. level:error                                        [query, alert, score 0.250]
                       run next in 1 of 3
                  after level:error (query):
                    1. checkout overview                                  [dashboard, alert, score 0.500]
                       opened next in 2 of 3
              """
            + GLOBEX_LISTS
            + """
                next steps:
                  after Home (dashboard):
                    1. db load                                            [dashboard, similar_alerts, score 0.500]
                       opened next in 1 of 1
              """
            + COLD_LISTS
            + """
                next steps:
                  (none)
              """,
        show(out));
  }

  private static void write(Path out, String table, String select) {
    spark.sql(select).write().parquet(out.resolve(table).resolve("dt=" + DAY).toString());
  }

  /** Runs {@code show} on the output and gives what it printed on stdout. */
  private static String show(Path out) {
    PrintStream oldOut = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, AlertRecs.execute("show", "--output", out.toString(), "--date", DAY));
    } finally {
      System.setOut(oldOut);
    }
    return printed.toString(StandardCharsets.UTF_8);
  }
}
