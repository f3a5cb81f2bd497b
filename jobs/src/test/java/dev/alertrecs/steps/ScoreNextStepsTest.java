package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alertrecs.SparkTestBase;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The next-step backtest on hand-made inputs. acme's alert al-1 has one resolved investigation on
 * the date: d-2, Home (d-1), d-3, d-2 again, d-4, then q-a (a wording of query family f-1). Its
 * scored steps are after d-1 to d-3, after d-2 to d-4, and after d-4 to f-1: the step to Home
 * (navigation) and the step back to d-2 are not scored, nor is an unresolved investigation or one
 * of the day before.
 *
 * <pre>
 * ranker        after d-1 -> d-3        after d-2 -> d-4              after d-4 -> f-1
 * model         d-5 d-6 d-7: miss       d-6 d-9 (next steps; d-3 was   no next steps: the list,
 *                                       used), then d-4 (the list;      f-2 f-1: hit
 *                                       d-9 keeps one place): hit
 * alert_list    d-3 d-9 d-4: hit        d-9 d-4: hit                   f-2 f-1: hit
 * account_next  d-5 d-3: hit            d-3 only, used: miss           q-a as f-1: hit
 * </pre>
 */
class ScoreNextStepsTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);

  Dataset<Row> rows(String columns, String... values) {
    return spark.sql(
        "select * from values " + String.join(", ", values) + " as t(" + columns + ")");
  }

  static String step(
      String investigation, int step, String type, String item, boolean resolved, String day) {
    return String.format(
        "('acme', 'al-1', '%s', %d, '%s', '%s', %s, date'%s')",
        investigation, step, type, item, resolved, day);
  }

  @Test
  void eachRankerIsScoredOnTheNewItemsOfResolvedInvestigationsOfTheDate() {
    String today = DAY.toString();
    Dataset<Row> steps =
        rows(
            "account_id, alert_id, investigation_id, step, item_type, item_id, is_resolved,"
                + " started_on",
            step("i-1", 1, "dashboard", "d-2", true, today),
            step("i-1", 2, "dashboard", "d-1", true, today),
            step("i-1", 3, "dashboard", "d-3", true, today),
            step("i-1", 4, "dashboard", "d-2", true, today),
            step("i-1", 5, "dashboard", "d-4", true, today),
            step("i-1", 6, "query", "q-a", true, today),
            step("i-2", 1, "dashboard", "d-2", false, today),
            step("i-2", 2, "dashboard", "d-5", false, today),
            step("i-3", 1, "dashboard", "d-2", true, "2026-11-24"),
            step("i-3", 2, "dashboard", "d-6", true, "2026-11-24"));
    Dataset<Row> families = rows("account_id, item_id, family_id", "('acme', 'q-a', 'f-1')");
    Dataset<Row> navigation =
        rows("account_id, item_type, item_id", "('acme', 'dashboard', 'd-1')");
    Dataset<Row> candidates =
        rows(
            "account_id, alert_id, after_item_type, after_item_id, item_type, item_id, type_rank",
            "('acme', 'al-1', 'dashboard', 'd-1', 'dashboard', 'd-5', 1)",
            "('acme', 'al-1', 'dashboard', 'd-1', 'dashboard', 'd-6', 2)",
            "('acme', 'al-1', 'dashboard', 'd-1', 'dashboard', 'd-7', 3)",
            "('acme', 'al-1', 'dashboard', 'd-1', 'dashboard', 'd-3', 4)",
            "('acme', 'al-1', 'dashboard', 'd-2', 'dashboard', 'd-3', 1)",
            "('acme', 'al-1', 'dashboard', 'd-2', 'dashboard', 'd-6', 2)",
            "('acme', 'al-1', 'dashboard', 'd-2', 'dashboard', 'd-9', 3)");
    Dataset<Row> lists =
        rows(
            "account_id, alert_id, item_type, item_id, rank",
            "('acme', 'al-1', 'dashboard', 'd-3', 1)",
            "('acme', 'al-1', 'dashboard', 'd-2', 2)",
            "('acme', 'al-1', 'dashboard', 'd-9', 3)",
            "('acme', 'al-1', 'dashboard', 'd-4', 4)",
            "('acme', 'al-1', 'query', 'f-2', 1)",
            "('acme', 'al-1', 'query', 'f-1', 2)");
    Dataset<Row> transitions =
        rows(
            "account_id, alert_id, after_item_type, after_item_id, item_type, item_id,"
                + " n_investigations",
            "('acme', 'al-1', 'dashboard', 'd-1', 'dashboard', 'd-5', 7L)",
            "('acme', 'al-2', 'dashboard', 'd-1', 'dashboard', 'd-3', 5L)",
            "('acme', 'al-2', 'dashboard', 'd-2', 'dashboard', 'd-3', 9L)",
            "('acme', 'al-2', 'dashboard', 'd-4', 'query', 'q-a', 2L)",
            // another account's paths are not acme's
            "('globex', 'al-1', 'dashboard', 'd-2', 'dashboard', 'd-4', 100L)");

    List<String> scored =
        ScoreNextSteps.apply(steps, families, navigation, candidates, lists, transitions, DAY)
            .orderBy("ranker", "item_type")
            .collectAsList()
            .stream()
            .map(
                r ->
                    String.format(
                        "%s %s %.3f n=%d",
                        r.getAs("ranker"),
                        r.getAs("item_type"),
                        ((Number) r.getAs("value")).doubleValue(),
                        r.<Long>getAs("n")))
            .toList();

    assertEquals(
        List.of(
            "account_next all 0.667 n=3",
            "account_next dashboard 0.500 n=2",
            "account_next query 1.000 n=1",
            "alert_list all 1.000 n=3",
            "alert_list dashboard 1.000 n=2",
            "alert_list query 1.000 n=1",
            "model all 0.667 n=3",
            "model dashboard 0.500 n=2",
            "model query 1.000 n=1"),
        scored);
  }
}
