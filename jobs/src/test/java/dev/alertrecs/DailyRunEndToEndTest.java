package dev.alertrecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alertrecs.deploy.AthenaDdl;
import dev.alertrecs.generate.GeneratorSettings;
import dev.alertrecs.generate.SampleDataGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily job through its command line on generated multi-tenant data, its first run computing
 * the window's evidence itself; every output read back with DuckDB as Athena would, with the column
 * types of the Athena DDL in sql/athena/.
 */
class DailyRunEndToEndTest extends SparkTestBase {
  static final LocalDate DAY = LocalDate.of(2026, 11, 25);
  static final List<String> TABLES =
      List.of(
          "recommendations", "next_steps", "investigations", "alert_stats", "quarantine", "runs");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path input;
  static Path output;
  static int firstExitCode;
  static List<String> firstRecommendations;

  @BeforeAll
  static void generateAndRun() throws Exception {
    input = dir.resolve("in");
    output = dir.resolve("out");
    new SampleDataGenerator(new GeneratorSettings(input, DAY, 5, 3, 1200, 7, 2, 0.004, 0.02, 0.03))
        .generate();
    firstExitCode = runDaily();
    firstRecommendations =
        query(
            "select * exclude (generated_at) from "
                + table("recommendations")
                + " order by account_id, alert_id, item_type, rank");
  }

  static int runDaily() {
    return AlertRecs.execute(
        "daily",
        "--date",
        DAY.toString(),
        "--input",
        input.toString(),
        "--output",
        output.toString(),
        "--conf",
        "../conf/local.properties",
        "--set",
        "window_days=8",
        "--set",
        "spark.sql.shuffle.partitions=2");
  }

  static String table(String name) {
    return "read_parquet('" + output + "/" + name + "/dt=" + DAY + "/*.parquet')";
  }

  static List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = db.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? "|" : "").append(r.getString(i));
        }
        rows.add(b.toString());
      }
    }
    return rows;
  }

  static long count(String sql) throws SQLException {
    return Long.parseLong(query(sql).get(0));
  }

  @Test
  void theRunPublishesAndEveryInputRowIsAccountedFor() throws Exception {
    assertEquals(0, firstExitCode);
    String run =
        query(
                "select status, n_read, n_valid, n_quarantined, n_duplicates, n_backfilled_days from "
                    + table("runs"))
            .get(0);
    String[] f = run.split("\\|");
    assertEquals("published", f[0]);
    long read = Long.parseLong(f[1]);
    assertEquals(read, Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[4]));
    assertEquals(Long.parseLong(f[3]), count("select count(*) from " + table("quarantine")));
    assertEquals(linesOfDay(), read, "n_read counts every line of the day's folder");
    assertTrue(Long.parseLong(f[3]) > 0 && Long.parseLong(f[4]) > 0, run);
    assertEquals("4", f[5], "the first run computed the 4 earlier days of its window");
    assertTrue(
        count(
                "select count(*) from "
                    + table("quarantine")
                    + " where reason is null or raw is null")
            == 0);
  }

  @Test
  void everyTableReadsWithTheAthenaTypes() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = db.createStatement()) {
      for (String t : TABLES) {
        AthenaDdl ddl = AthenaDdl.parse(Path.of("../sql/athena/" + t + ".sql"));
        Map<String, String> actual = new LinkedHashMap<>();
        try (ResultSet r =
            s.executeQuery(
                "describe select * from read_parquet('"
                    + output
                    + "/"
                    + t
                    + "/*/*.parquet', hive_partitioning = true)")) {
          while (r.next()) {
            actual.put(r.getString(1), r.getString(2));
          }
        }
        for (AthenaDdl.Column c : ddl.columns()) {
          assertTrue(
              actual.containsKey(c.name()), t + "." + c.name() + " missing in " + actual.keySet());
          assertEquals(
              c.family(),
              AthenaDdl.family(actual.get(c.name())),
              t + "." + c.name() + ": DDL " + c.type() + ", Parquet " + actual.get(c.name()));
        }
        try (ResultSet r =
            s.executeQuery(
                "select count(*) from read_parquet('"
                    + output
                    + "/"
                    + t
                    + "/*/*.parquet', hive_partitioning = true) where dt = '"
                    + DAY
                    + "'")) {
          r.next();
          assertTrue(t.equals("quarantine") || r.getLong(1) > 0, t + " is empty");
        }
      }
    }
  }

  @Test
  void theAnalystExampleQueriesRunOnTheOutput() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = db.createStatement()) {
      // the output tables plus the evaluation table the model_vs_baselines example reads
      for (String t : Stream.concat(TABLES.stream(), Stream.of("evaluation")).toList()) {
        s.execute(
            "create view "
                + t
                + " as select * from read_parquet('"
                + output
                + "/"
                + t
                + "/*/*.parquet', hive_partitioning = true)");
      }
      try (Stream<Path> files = Files.list(Path.of("../sql/athena/examples"))) {
        for (Path example : files.sorted().toList()) {
          String sql = Files.readString(example).replace("'al-17'", "'al-1'").trim();
          if (sql.contains("'d-3'")) {
            // the item just used: one that al-1's next steps start from in this output
            List<String> afterItems =
                query(
                    "select distinct after_item_id from "
                        + table("next_steps")
                        + " where account_id = 'acme' and alert_id = 'al-1'"
                        + " and after_item_type = 'dashboard' order by after_item_id");
            assertFalse(afterItems.isEmpty(), "acme al-1 has no next steps after a dashboard");
            sql = sql.replace("'d-3'", "'" + afterItems.get(0) + "'");
          }
          sql = sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
          int rows = 0;
          try (ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
              rows++;
            }
          }
          assertTrue(rows > 0, example + " returned no rows on the job's output");
        }
      }
    }
  }

  @Test
  void warmAlertsPointAtTheirRelevantItemsNeverHomeNorDeletedOnes() throws Exception {
    Map<String, JsonNode> truth = new HashMap<>();
    for (String line : Files.readAllLines(input.resolve("_generator/truth.jsonl"))) {
      JsonNode n = JSON.readTree(line);
      truth.put(n.get("account_id").asText() + "/" + n.get("alert_id").asText(), n);
    }
    List<String> tops =
        query(
            "select account_id, alert_id, item_id, investigations from "
                + table("recommendations")
                + " where item_type = 'dashboard' and rank = 1 and strategy = 'alert' and investigations >= 5");
    assertFalse(tops.isEmpty());
    int relevant = 0;
    for (String row : tops) {
      String[] f = row.split("\\|");
      JsonNode t = truth.get(f[0] + "/" + f[1]);
      if (t.get("relevant_dashboards").toString().contains("\"" + f[2] + "\"")) {
        relevant++;
      }
    }
    assertTrue(
        relevant >= tops.size() * 0.9,
        relevant + " of " + tops.size() + " top dashboards relevant");
    // Home (d-1) is opened in most investigations whatever the alert: a navigation item, in no
    // list and never a next step
    assertEquals(
        0,
        count(
            "select count(*) from "
                + table("recommendations")
                + " where item_type = 'dashboard' and item_id = 'd-1'"),
        "Home is in no list");
    assertEquals(
        0,
        count(
            "select count(*) from "
                + table("next_steps")
                + " where item_type = 'dashboard' and item_id = 'd-1'"),
        "Home is never a next step");
    for (String row :
        query(
            "select account_id, alert_id, item_id from "
                + table("recommendations")
                + " where item_type = 'dashboard'")) {
      String[] f = row.split("\\|");
      Set<String> deleted = new HashSet<>();
      truth.values().stream()
          .filter(t -> t.get("account_id").asText().equals(f[0]))
          .forEach(t -> t.get("deleted_dashboards").forEach(d -> deleted.add(d.asText())));
      assertFalse(deleted.contains(f[2]), "deleted dashboard recommended: " + row);
    }
    assertEquals(
        0,
        count(
            "select count(*) from (select account_id, alert_id from read_json_auto('"
                + input
                + "/catalog/alerts/dt="
                + DAY
                + "/*') except select account_id, alert_id from "
                + table("recommendations")
                + ")"),
        "every catalog alert has a list");
  }

  @Test
  void theListsAreScoredAgainstTheWorldsTruth() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int code;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      code =
          AlertRecs.execute(
              "truth",
              "--input",
              input.toString(),
              "--output",
              output.toString(),
              "--date",
              DAY.toString());
    } finally {
      System.setOut(stdout);
    }
    assertEquals(0, code);
    String table = printed.toString(StandardCharsets.UTF_8);
    // item type, group, hit_rate@1, hit_rate@3, ndcg@3, alerts
    String[] dashboards =
        table
            .lines()
            .filter(l -> l.startsWith("dashboard  established"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(table))
            .trim()
            .split("\\s+");
    assertTrue(Double.parseDouble(dashboards[3]) >= 0.8, table);
    assertTrue(Integer.parseInt(dashboards[5]) >= 5, table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("query      established")), table);
    // a world without a truth file: one line, exit 3
    assertEquals(
        3,
        AlertRecs.execute(
            "truth",
            "--input",
            output.toString(),
            "--output",
            output.toString(),
            "--date",
            DAY.toString()));
  }

  @Test
  void noAccountsOutputNamesAnotherAccountsItems() throws Exception {
    // labels of each account: its dashboard titles and the query texts its users typed
    Map<String, Set<String>> labels = new HashMap<>();
    for (String row :
        query(
            "select account_id, title from read_json_auto('"
                + input
                + "/catalog/dashboards/*/*')")) {
      String[] f = row.split("\\|", 2);
      labels.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
    }
    for (String line : allLines()) {
      if (line.contains("\"query_run\"") && line.startsWith("{") && line.endsWith("}")) {
        JsonNode n = JSON.readTree(line);
        if (n.hasNonNull("query") && n.hasNonNull("account_id")) {
          labels
              .computeIfAbsent(n.get("account_id").asText(), k -> new HashSet<>())
              .add(n.get("query").asText().trim().replaceAll("\\s+", " "));
        }
      }
    }
    List<String> recs = query("select account_id, item_label from " + table("recommendations"));
    Set<String> accounts = new HashSet<>();
    for (String row : recs) {
      String[] f = row.split("\\|", 2);
      accounts.add(f[0]);
      Set<String> own = labels.getOrDefault(f[0], Set.of());
      boolean seenInWindow = own.contains(f[1]) || f[1].isEmpty();
      boolean foreignOnly =
          !seenInWindow
              && labels.entrySet().stream()
                  .anyMatch(e -> !e.getKey().equals(f[0]) && e.getValue().contains(f[1]));
      assertFalse(foreignOnly, "account " + f[0] + " shows another account's label: " + f[1]);
    }
    assertEquals(3, accounts.size());
    // user ids appear in no output: investigations only carry a keyed hash
    assertEquals(
        0,
        count("select count(*) from " + table("investigations") + " where user_hash like 'u-%'"));
  }

  @Test
  void aRerunPublishesIdenticalRecommendationsAndMovesTheManifest() throws Exception {
    String firstManifest = Files.readString(output.resolve("latest.json"));
    assertEquals(0, runDaily());
    List<String> again =
        query(
            "select * exclude (generated_at) from "
                + table("recommendations")
                + " order by account_id, alert_id, item_type, rank");
    assertEquals(firstRecommendations, again);
    JsonNode latest = JSON.readTree(Files.readString(output.resolve("latest.json")));
    assertEquals(DAY.toString(), latest.get("run_date").asText());
    assertFalse(
        firstManifest.equals(Files.readString(output.resolve("latest.json"))), "new run id");
    String snapshot = latest.get("tables").get("recommendations").get("snapshot").asText();
    assertTrue(Files.exists(Path.of(snapshot)), snapshot);
    try (Stream<Path> runs = Files.list(output.resolve("_runs/dt=" + DAY))) {
      assertEquals(
          1, runs.count(), "older runs of the date are removed once the new one published");
    }
    assertEquals(2, count("select count(*) from " + table("runs")), "one record per run");
  }

  private static List<String> allLines() throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> days = Files.list(input.resolve("actions"))) {
      for (Path day : days.toList()) {
        lines.addAll(linesIn(day));
      }
    }
    return lines;
  }

  private static List<String> dayLines() throws IOException {
    return linesIn(input.resolve("actions/dt=" + DAY));
  }

  private static List<String> linesIn(Path folder) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.sorted().toList()) {
        byte[] bytes = Files.readAllBytes(f);
        if (f.toString().endsWith(".gz")) {
          bytes = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
        }
        new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().forEach(lines::add);
      }
    }
    return lines;
  }

  private static long linesOfDay() throws IOException {
    return dayLines().size();
  }
}
