package dev.alertrecs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alertrecs.SparkTestBase;
import dev.alertrecs.job.DailyJob;
import dev.alertrecs.job.Layout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenancy and privacy as properties of a whole run over many accounts whose alert, dashboard and
 * user ids collide: every output row refers only to its own account's ids, titles and query texts;
 * no output file, manifest or run record holds a raw user id or the hash key.
 */
class TenantIsolationAndPrivacyTest extends SparkTestBase {
  static final LocalDate END = LocalDate.of(2026, 11, 25);
  static final String KEY = "hash-key-" + UUID.randomUUID();
  static final List<String> PRIVATE_USERS = List.of("zz-private-user-1", "zz-private-user-2");

  @TempDir static Path dir;
  static Path input;
  static Path out;
  static DailyJob.Result result;

  @BeforeAll
  static void runOnManyAccounts() {
    input = Worlds.generate(dir.resolve("in"), END, 2, 6, 3000, 0.002);
    // bad lines that name users: their raw text goes to quarantine
    Worlds.addLines(
        input,
        END,
        "private.json",
        List.of(
            "{\"event_id\":\"p-1\",\"ts\":\"yesterday\",\"account_id\":\"x\",\"user_id\":\""
                + PRIVATE_USERS.get(0)
                + "\",\"action\":\"page_viewed\"}",
            "{\"event_id\":\"p-2\",\"account_id\":\"x\",\"user_id\" : \"" + PRIVATE_USERS.get(1)));
    out = dir.resolve("out");
    result =
        new DailyJob(
                spark,
                Worlds.settings(KEY, "window_days", "2"),
                new Layout(input.toString(), out.toString()),
                Clock.systemUTC())
            .run(END);
  }

  /** (account, value) pairs of a field of the action lines of every folder read. */
  static Map<String, Set<String>> fieldByAccount(String field) {
    Map<String, Set<String>> byAccount = new HashMap<>();
    spark
        .read()
        .text(input + "/actions/*")
        .selectExpr(
            "get_json_object(value, '$.account_id') as a",
            "get_json_object(value, '$." + field + "') as v")
        .where("a is not null and v is not null")
        .distinct()
        .collectAsList()
        .forEach(
            r ->
                byAccount
                    .computeIfAbsent(r.getString(0), k -> new HashSet<>())
                    .add(r.getString(1)));
    return byAccount;
  }

  static Map<String, String> catalog(String kind, String idField) {
    Map<String, String> titles = new HashMap<>();
    spark
        .read()
        .json(input + "/catalog/" + kind + "/dt=" + END)
        .collectAsList()
        .forEach(r -> titles.put(r.getAs("account_id") + "/" + r.getAs(idField), r.getAs("title")));
    return titles;
  }

  /**
   * Alert ids collide across the accounts (al-1 has another title in each): each account's
   * alert_stats count exactly its own openings of the run date, counted here from the raw lines (an
   * opening starts one investigation; a copy of an event counts once).
   */
  @Test
  void collidingAlertIdsAreCountedPerAccount() {
    Map<String, String> alerts = catalog("alerts", "alert_id");
    long al1Titles =
        alerts.entrySet().stream()
            .filter(e -> e.getKey().endsWith("/al-1"))
            .map(Map.Entry::getValue)
            .distinct()
            .count();
    assertTrue(al1Titles > 1, "al-1 needs another title in each account: " + al1Titles);
    assertEquals("published", result.status());

    Map<String, Long> openings = new java.util.TreeMap<>();
    spark
        .read()
        .text(input + "/actions/*")
        .selectExpr(
            "get_json_object(value, '$.account_id') as account_id",
            "get_json_object(value, '$.alert_id') as alert_id",
            "get_json_object(value, '$.user_id') as user_id",
            "get_json_object(value, '$.event_id') as event_id",
            "to_timestamp(get_json_object(value, '$.ts')) as ts",
            "get_json_object(value, '$.action') as action")
        .where(
            "action = 'alert_opened' and user_id is not null and to_date(ts) = date'" + END + "'")
        .distinct()
        .groupBy("account_id", "alert_id")
        .count()
        .collectAsList()
        .forEach(r -> openings.put(r.getString(0) + "/" + r.getString(1), r.getLong(2)));
    Map<String, Long> counted = new java.util.TreeMap<>();
    spark
        .read()
        .parquet(out + "/alert_stats/dt=" + END)
        .collectAsList()
        .forEach(
            r ->
                counted.put(
                    r.getAs("account_id") + "/" + r.getAs("alert_id"),
                    r.<Long>getAs("n_investigations")));
    assertTrue(openings.keySet().stream().filter(k -> k.endsWith("/al-1")).count() > 1, "al-1");
    assertEquals(openings, counted);
  }

  @Test
  void everyOutputRowRefersOnlyToItsOwnAccount() {
    Map<String, String> alerts = catalog("alerts", "alert_id");
    Map<String, String> dashboards = catalog("dashboards", "dashboard_id");
    Map<String, Set<String>> queries = fieldByAccount("query");
    Map<String, Set<String>> alertIdsInLogs = fieldByAccount("alert_id");

    List<Row> recs = spark.read().parquet(out + "/recommendations/dt=" + END).collectAsList();
    assertTrue(recs.size() > 50, "too few recommendations to mean anything: " + recs.size());
    int queryRows = 0;
    for (Row r : recs) {
      String account = r.getAs("account_id");
      assertTrue(alerts.containsKey(account + "/" + r.getAs("alert_id")), r.toString());
      String label = r.getAs("item_label");
      if (r.getAs("item_type").equals("dashboard")) {
        assertEquals(dashboards.get(account + "/" + r.getAs("item_id")), label, r.toString());
      } else {
        queryRows++;
        // the label is a text typed in this account (the family's representative, case and
        // spacing folded)
        Set<String> own =
            queries.getOrDefault(account, Set.of()).stream()
                .map(TenantIsolationAndPrivacyTest::folded)
                .collect(java.util.stream.Collectors.toSet());
        assertTrue(own.contains(folded(label)), r.toString());
      }
    }
    assertTrue(queryRows > 0);

    // the next steps: the alert, the item just used and the suggested one are all the account's
    Set<String> ownQueries = new HashSet<>();
    queries.forEach(
        (account, texts) -> texts.forEach(t -> ownQueries.add(account + "/" + folded(t))));
    List<Row> steps = spark.read().parquet(out + "/next_steps/dt=" + END).collectAsList();
    assertTrue(steps.size() > 50, "too few next steps to mean anything: " + steps.size());
    for (Row r : steps) {
      String account = r.getAs("account_id");
      assertTrue(alerts.containsKey(account + "/" + r.getAs("alert_id")), r.toString());
      for (String end : List.of("after_item", "item")) {
        String label = r.getAs(end + "_label");
        if (r.getAs(end + "_type").equals("dashboard")) {
          assertEquals(dashboards.get(account + "/" + r.getAs(end + "_id")), label, r.toString());
        } else {
          assertTrue(ownQueries.contains(account + "/" + folded(label)), end + ": " + r);
        }
      }
    }

    for (String table : List.of("investigations", "alert_stats")) {
      List<Row> rows = spark.read().parquet(out + "/" + table + "/dt=" + END).collectAsList();
      assertFalse(rows.isEmpty(), table);
      for (Row r : rows) {
        String account = r.getAs("account_id");
        assertTrue(
            alertIdsInLogs.getOrDefault(account, Set.of()).contains(r.<String>getAs("alert_id")),
            table + ": " + r);
      }
    }
  }

  static String folded(String text) {
    return text.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").trim();
  }

  static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-]+");

  @Test
  void noOutputHoldsARawUserIdOrTheHashKey() throws Exception {
    Set<String> userIds = new HashSet<>(PRIVATE_USERS);
    fieldByAccount("user_id").values().forEach(userIds::addAll);
    assertTrue(userIds.size() > 10, "users: " + userIds.size());

    List<Path> files;
    try (Stream<Path> all = Files.walk(out)) {
      files =
          all.filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .toList();
    }
    int parquetFiles = 0;
    for (Path file : files) {
      String name = file.getFileName().toString();
      String text;
      if (name.endsWith(".parquet")) {
        parquetFiles++;
        text =
            String.join(
                "\n",
                spark
                    .read()
                    .parquet(file.toString())
                    .selectExpr("to_json(struct(*))")
                    .as(org.apache.spark.sql.Encoders.STRING())
                    .collectAsList());
      } else {
        text = Files.readString(file, StandardCharsets.UTF_8);
      }
      assertFalse(text.contains(KEY), "hash key in " + file);
      // the investigations' user_hash column is allowed, the raw id nowhere
      Matcher m = TOKEN.matcher(text);
      while (m.find()) {
        assertFalse(userIds.contains(m.group()), "raw user id " + m.group() + " in " + file);
      }
    }
    assertTrue(parquetFiles >= 7, "scanned " + parquetFiles + " Parquet files");

    List<String> quarantined =
        spark
            .read()
            .parquet(out + "/quarantine/dt=" + END)
            .where("source_file like '%private.json'")
            .select("raw")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertEquals(2, quarantined.size());
    assertTrue(
        quarantined.stream().allMatch(r -> r.contains("<redacted>")), quarantined.toString());
  }

  /**
   * Each investigation's user_hash is the keyed hash (under this run's key) of a user of its
   * account.
   */
  @Test
  void investigationsCarryTheKeyedHashOfTheirAccountsUsers() {
    Set<String> expected = new HashSet<>();
    fieldByAccount("user_id")
        .forEach(
            (account, users) ->
                users.forEach(
                    u ->
                        expected.add(
                            account + "/" + dev.alertrecs.TestEvents.userHash(KEY, account, u))));
    List<String> hashes =
        spark
            .read()
            .parquet(out + "/investigations/dt=" + END)
            .selectExpr("concat(account_id, '/', user_hash)")
            .distinct()
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertTrue(hashes.size() > 10, "investigations' users: " + hashes.size());
    assertEquals(List.of(), hashes.stream().filter(h -> !expected.contains(h)).limit(5).toList());
  }
}
