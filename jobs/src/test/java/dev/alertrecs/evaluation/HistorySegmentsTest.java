package dev.alertrecs.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.steps.AssignHistorySegments;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Segment assignment at every boundary: an alert's investigations in the evidence window, summed
 * over the days (S9 has 4 + 5, S30 has 10 + 20), decide its segment; an alert without any is cold
 * (0); an alert with history but no unit on the day gets no row.
 */
class HistorySegmentsTest extends SparkTestBase {
  @Test
  void segmentsAtEveryBoundary() {
    Dataset<Row> relevance =
        spark.sql(
            "select account_id, alert_id from values ('a', 'S0'), ('a', 'S1'), ('a', 'S2'),"
                + " ('a', 'S2'), ('a', 'S3'), ('a', 'S9'), ('a', 'S10'), ('a', 'S29'), ('a', 'S30'),"
                + " ('b', 'S1') as t(account_id, alert_id)");
    Dataset<Row> alertEvidence =
        spark.sql(
            "select account_id, alert_id, cast(n as bigint) as n_investigations from values"
                + " ('a', 'S1', 1), ('a', 'S2', 2), ('a', 'S3', 3), ('a', 'S9', 4), ('a', 'S9', 5),"
                + " ('a', 'S10', 10), ('a', 'S29', 29), ('a', 'S30', 10), ('a', 'S30', 20),"
                + " ('a', 'QUIET', 12), ('b', 'S1', 40)"
                + " as t(account_id, alert_id, n)");
    List<String> rows =
        AssignHistorySegments.apply(relevance, alertEvidence)
            .orderBy("account_id", "n_history_investigations")
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.getAs("account_id")
                        + " "
                        + r.getAs("alert_id")
                        + " "
                        + r.<Long>getAs("n_history_investigations")
                        + " "
                        + r.getAs("alert_group")
                        + " "
                        + r.getAs("history_segment"))
            .toList();
    assertEquals(
        List.of(
            "a S0 0 cold 0",
            "a S1 1 warm 1-2",
            "a S2 2 warm 1-2",
            "a S3 3 warm 3-9",
            "a S9 9 warm 3-9",
            "a S10 10 warm 10-29",
            "a S29 29 warm 10-29",
            "a S30 30 warm 30+",
            // the same alert id in another account has its own history
            "b S1 40 warm 30+"),
        rows);
  }
}
