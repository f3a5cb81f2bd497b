package dev.alertrecs.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.config.JobSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Similar alerts within an account, by title words and by the items their investigations used. */
class FindSimilarAlertsTest extends SparkTestBase {
  static final JobSettings SETTINGS = JobSettings.defaults();
  static final StructType SCORED =
      new StructType()
          .add("account_id", DataTypes.StringType)
          .add("alert_id", DataTypes.StringType)
          .add("item_type", DataTypes.StringType)
          .add("item_id", DataTypes.StringType)
          .add("alert_n_investigations", DataTypes.LongType)
          .add("score", DataTypes.DoubleType);

  static final String[] ACME_ALERTS = {
    "acme", "al-1", "High error rate on checkout",
    "acme", "al-2", "Latency p99 on search",
    "acme", "al-9", "Checkout errors (EU)",
    "acme", "al-3", "Disk usage on db-1",
    "acme", "al-4", "Storage quota warning",
  };
  // globex: acme's ids with swapped titles, and the words that would bridge acme's alerts
  static final String[] GLOBEX_ALERTS = {
    "globex", "al-1", "Checkout errors (EU)",
    "globex", "al-9", "High error rate on checkout",
    "globex", "al-2", "Search latency and checkout errors",
    "globex", "al-3", "Storage quota on disk db-1",
  };

  private static List<Row> acmeScored() {
    return List.of(
        scored("acme", "al-1", "d-2", 20, 0.4),
        scored("acme", "al-1", "d-1", 20, 0.0), // Home: used by every alert, no profile item
        scored("acme", "al-2", "d-3", 20, 0.5),
        scored("acme", "al-2", "d-1", 20, 0.0),
        scored("acme", "al-3", "d-7", 10, 0.3),
        scored("acme", "al-3", "d-8", 10, 0.2),
        scored("acme", "al-4", "d-7", 2, 0.1),
        scored("acme", "al-4", "d-8", 2, 0.1));
  }

  private static List<Row> globexScored() {
    return List.of(
        scored("globex", "al-2", "d-2", 9, 0.4),
        scored("globex", "al-2", "d-3", 9, 0.4),
        scored("globex", "al-3", "d-3", 9, 0.2),
        scored("globex", "al-3", "d-7", 9, 0.3));
  }

  private static Row scored(String account, String alert, String item, long n, double score) {
    return RowFactory.create(account, alert, "dashboard", item, n, score);
  }

  private static List<String> similar(String[] alerts, List<Row> scored, String account) {
    Dataset<Row> catalog = EvidenceFixtures.alerts(spark, alerts);
    Dataset<Row> scores = spark.createDataFrame(scored, SCORED);
    return FindSimilarAlerts.apply(catalog, scores, SETTINGS)
        .similarAlerts()
        .where("account_id = '" + account + "'")
        .orderBy("alert_id", "similarity_rank")
        .collectAsList()
        .stream()
        .map(
            r ->
                String.join(
                    " ",
                    r.getString(1),
                    r.getString(2),
                    String.valueOf(r.getDouble(3)),
                    r.getString(4),
                    String.valueOf(r.getInt(5))))
        .toList();
  }

  private static String[] concat(String[] a, String[] b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }

  @Test
  void siblingsByTitleAndByInvestigationsButNotByHomeOrStopWords() {
    assertEquals(
        List.of(
            // {high, error, rate, checkout} and {checkout, error, eu}: 2 of 5 words
            "al-1 al-9 0.4 title 1",
            // d-7 and d-8 are the whole profile of both; Home (score 0) is in no profile
            "al-3 al-4 1.0 investigations 1",
            "al-4 al-3 1.0 investigations 1",
            "al-9 al-1 0.4 title 1"),
        similar(ACME_ALERTS, acmeScored(), "acme"));
  }

  @Test
  void anotherAccountsTitlesIdsAndItemsChangeNothing() {
    List<Row> both = new ArrayList<>(acmeScored());
    both.addAll(globexScored());
    List<String> alone = similar(ACME_ALERTS, acmeScored(), "acme");
    assertEquals(alone, similar(concat(ACME_ALERTS, GLOBEX_ALERTS), both, "acme"));
    assertEquals(
        List.of(
            "al-1 al-2 0.4 title 1",
            "al-1 al-9 0.4 title 2",
            "al-2 al-1 0.4 title 1",
            "al-2 al-3 0.333333 investigations 2",
            "al-2 al-9 0.333333 title 3",
            "al-3 al-2 0.333333 investigations 1",
            "al-9 al-1 0.4 title 1",
            "al-9 al-2 0.333333 title 2"),
        similar(concat(ACME_ALERTS, GLOBEX_ALERTS), both, "globex"));
  }
}
