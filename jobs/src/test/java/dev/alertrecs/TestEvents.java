package dev.alertrecs;

import dev.alertrecs.config.JobSettings;
import dev.alertrecs.job.InputReader;
import dev.alertrecs.steps.DeduplicateActions;
import dev.alertrecs.steps.IdentifyItems;
import dev.alertrecs.steps.ParseActions;
import dev.alertrecs.steps.SessionizeInvestigations;
import dev.alertrecs.steps.SummarizeInvestigations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The one builder of test events: action lines as they arrive (JSON Lines, one event a line), kept
 * in memory as the rows the job reads (line, source file, folder date) or written to an input root;
 * the steps the job runs over them up to investigations; the ids the product derives from them
 * (user hash, investigation id); and the tiny hand-made world of the job tests. Generated worlds
 * come from the sample generator (reliability's {@code Worlds}).
 */
public final class TestEvents {
  private final List<Row> rows = new ArrayList<>();
  private final LocalDate defaultFolder;
  private int nextId = 1;

  /** Events received in {@code defaultFolder}'s day, unless {@link #rawIn} says otherwise. */
  public TestEvents(LocalDate defaultFolder) {
    this.defaultFolder = defaultFolder;
  }

  /** A JSON line of string fields, key/value pairs; event_id and account_id (acme) by default. */
  public TestEvents json(String... keyValues) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      fields.put(keyValues[i], keyValues[i + 1]);
    }
    fields.putIfAbsent("event_id", "e-" + nextId++);
    fields.putIfAbsent("account_id", "acme");
    String line =
        fields.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue().replace("\"", "\\\"") + "\"")
            .collect(Collectors.joining(",", "{", "}"));
    return raw(line);
  }

  /** A user action at an ISO time: action, then the alert, dashboard or query it names. */
  public TestEvents act(String ts, String user, String action, String target) {
    String key = targetKey(action);
    if (key == null) {
      return json("ts", ts, "user_id", user, "action", action);
    }
    return user == null
        ? json("ts", ts, "action", action, key, target)
        : json("ts", ts, "user_id", user, "action", action, key, target);
  }

  /**
   * One investigation of {@code alert} by {@code user} in acme: opened at {@code start}, d-1 viewed
   * halfway (through a recommendation link when {@code viaRecommendation}), resolved after {@code
   * durationS} seconds.
   */
  public TestEvents investigation(
      String user, String alert, String start, long durationS, boolean viaRecommendation) {
    Instant t = Instant.parse(start);
    act(start, user, "alert_opened", alert);
    json(
        "ts",
        t.plusSeconds(durationS / 2).toString(),
        "user_id",
        user,
        "action",
        "dashboard_viewed",
        "dashboard_id",
        "d-1",
        "source",
        viaRecommendation ? "recommendation" : "organic");
    return act(t.plusSeconds(durationS).toString(), user, "alert_resolved", alert);
  }

  public TestEvents raw(String line) {
    return rawIn(line, defaultFolder);
  }

  /** A line received in another day's folder (a late event, a copy delivered twice). */
  public TestEvents rawIn(String line, LocalDate folder) {
    rows.add(
        RowFactory.create(
            line, "file:/in/actions/dt=" + folder + "/part-0.json", java.sql.Date.valueOf(folder)));
    return this;
  }

  /** The lines as the job's reader gives them: value, source_file, folder_date. */
  public Dataset<Row> read(SparkSession spark) {
    return spark.createDataFrame(rows, InputReader.READ_SCHEMA);
  }

  /** The key naming an action's target, null for activity without an item. */
  static String targetKey(String action) {
    return switch (action) {
      case "dashboard_viewed" -> "dashboard_id";
      case "query_run" -> "query";
      case "alert_opened", "alert_resolved", "alert_fired" -> "alert_id";
      default -> null;
    };
  }

  /** A valid event line; {@code user} null for alert_fired, {@code key} null without a target. */
  public static String line(
      String account,
      String eventId,
      Object ts,
      String user,
      String action,
      String key,
      String value) {
    StringBuilder b =
        new StringBuilder("{\"event_id\":\"")
            .append(eventId)
            .append("\",\"ts\":\"")
            .append(ts)
            .append("\",\"account_id\":\"")
            .append(account)
            .append('"');
    if (user != null) {
      b.append(",\"user_id\":\"").append(user).append('"');
    }
    b.append(",\"action\":\"").append(action).append('"');
    if (key != null) {
      b.append(",\"").append(key).append("\":\"").append(value).append('"');
    }
    return b.append('}').toString();
  }

  /** A catalog line: alerts ({@code "severity":...}) or dashboards ({@code "deleted":...}). */
  public static String catalogLine(
      String account, String idKey, String id, String title, String extra) {
    return "{\"account_id\":\""
        + account
        + "\",\""
        + idKey
        + "\":\""
        + id
        + "\",\"title\":\""
        + title
        + "\","
        + extra
        + "}";
  }

  /** The chain up to identified actions, as the daily job runs it. */
  public static Dataset<Row> identified(Dataset<Row> read, JobSettings settings) {
    return IdentifyItems.apply(DeduplicateActions.apply(ParseActions.apply(read, settings)));
  }

  /** The chain up to the investigations, as the daily job runs it. */
  public static Dataset<Row> investigations(Dataset<Row> read, JobSettings settings) {
    Dataset<Row> identified = identified(read, settings);
    Dataset<Row> members = SessionizeInvestigations.apply(identified, settings);
    return SummarizeInvestigations.apply(members, identified, settings);
  }

  /**
   * The user hash the contract specifies, computed outside Spark: the first 32 lower-case hex
   * characters of HMAC-SHA256 with the user-hash key over {@code account_id + "|" + user_id}.
   */
  public static String userHash(String key, String accountId, String userId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((accountId + "|" + userId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An investigation's id: {@code inv-} and 20 hex characters of SHA-256 of account|opening. */
  public static String investigationId(String accountId, String openEventId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((accountId + "|" + openEventId).getBytes(StandardCharsets.UTF_8));
      return "inv-" + HexFormat.of().formatHex(digest).substring(0, 20);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final Map<String, String> TINY_ACME_ALERTS =
      Map.of(
          "al-1",
          "High error rate on checkout",
          "al-2",
          "Latency p99 on search",
          "al-9",
          "Checkout errors (EU)",
          "al-8",
          "Certificate expiry");
  private static final Map<String, String> TINY_GLOBEX_ALERTS =
      Map.of("al-1", "Disk almost full on billing-db", "al-2", "Queue backlog on shipping");

  /**
   * A small hand-made input: two accounts whose alert and dashboard ids collide. In acme, al-1's
   * investigations open Home (d-1) and then d-2, run a checkout query and resolve; al-2's open Home
   * and d-3. globex's al-1 uses d-3, so any mix-up across accounts shows. d-4 is used by al-1 but
   * deleted in the catalog; al-9 is in the catalog without any history, a sibling of al-1 by its
   * title, and al-8 is without history and like no other alert.
   */
  public static void writeTinyWorld(Path root, LocalDate first, int days) throws IOException {
    for (int d = 0; d < days; d++) {
      LocalDate day = first.plusDays(d);
      List<String> lines = new ArrayList<>();
      List<String> nextDay = new ArrayList<>();
      int n = 0;
      for (int k = 0; k < 6; k++) {
        Instant start = day.atTime(9, 0).toInstant(ZoneOffset.UTC).plusSeconds(k * 1200L);
        String u = "u-" + k;
        String p = "e-" + day + "-" + k + "-";
        lines.add(
            line(
                "acme", p + "f", start.minusSeconds(120), null, "alert_fired", "alert_id", "al-1"));
        lines.add(line("acme", p + "1", start, u, "alert_opened", "alert_id", "al-1"));
        lines.add(
            line(
                "acme",
                p + "2",
                start.plusSeconds(60),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-1"));
        lines.add(
            line(
                "acme",
                p + "3",
                start.plusSeconds(180),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-2"));
        lines.add(
            line(
                "acme",
                p + "4",
                start.plusSeconds(240),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-4"));
        lines.add(
            line(
                "acme",
                p + "5",
                start.plusSeconds(300),
                u,
                "query_run",
                "query",
                "service:checkout AND level:error AND @timestamp:[now-" + (5 + k) + "m TO now]"));
        lines.add(
            line(
                "acme",
                p + "6",
                start.plusSeconds(360 + 60L * k),
                u,
                "alert_resolved",
                "alert_id",
                "al-1"));

        Instant start2 = start.plusSeconds(3 * 3600);
        lines.add(line("acme", p + "7", start2, u, "alert_opened", "alert_id", "al-2"));
        lines.add(
            line(
                "acme",
                p + "8",
                start2.plusSeconds(30),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-1"));
        lines.add(
            line(
                "acme",
                p + "9",
                start2.plusSeconds(200),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-3"));

        lines.add(line("globex", p + "1", start, u, "alert_opened", "alert_id", "al-1"));
        lines.add(
            line(
                "globex",
                p + "2",
                start.plusSeconds(60),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-1"));
        lines.add(
            line(
                "globex",
                p + "3",
                start.plusSeconds(100),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-3"));
        lines.add(line("globex", p + "4", start2, u, "alert_opened", "alert_id", "al-2"));
        lines.add(
            line(
                "globex",
                p + "5",
                start2.plusSeconds(60),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-1"));
        lines.add(
            line(
                "globex",
                p + "6",
                start2.plusSeconds(90),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-2"));
        n += 16;
      }
      // organic browsing at the end of the day moves every open investigation to idle
      lines.add(
          line(
              "acme",
              "e-" + day + "-late",
              day.atTime(23, 50).toInstant(ZoneOffset.UTC),
              "u-0",
              "page_viewed",
              null,
              null));
      lines.add(
          line(
              "globex",
              "e-" + day + "-late",
              day.atTime(23, 50).toInstant(ZoneOffset.UTC),
              "u-0",
              "page_viewed",
              null,
              null));
      lines.add(lines.get(3)); // a duplicate in the same folder
      lines.add("{\"event_id\":\"broken"); // a malformed line
      // a late event, received the next day
      nextDay.add(
          line(
              "acme",
              "e-" + day + "-received-late",
              day.atTime(22, 0).toInstant(ZoneOffset.UTC),
              "u-5",
              "page_viewed",
              null,
              null));

      Path folder = root.resolve("actions/dt=" + day);
      Files.createDirectories(folder);
      Files.write(folder.resolve("part-00000.json"), lines);
      Path next = root.resolve("actions/dt=" + day.plusDays(1));
      Files.createDirectories(next);
      Files.write(next.resolve("late-" + day + ".json"), nextDay);

      Path alerts = root.resolve("catalog/alerts/dt=" + day);
      Files.createDirectories(alerts);
      List<String> alertLines = new ArrayList<>();
      TINY_ACME_ALERTS.forEach(
          (id, title) ->
              alertLines.add(catalogLine("acme", "alert_id", id, title, "\"severity\":\"high\"")));
      TINY_GLOBEX_ALERTS.forEach(
          (id, title) ->
              alertLines.add(catalogLine("globex", "alert_id", id, title, "\"severity\":\"low\"")));
      Files.write(alerts.resolve("alerts.json"), alertLines);
      Path dashboards = root.resolve("catalog/dashboards/dt=" + day);
      Files.createDirectories(dashboards);
      Files.write(
          dashboards.resolve("dashboards.json"),
          List.of(
              catalogLine("acme", "dashboard_id", "d-1", "Home", "\"deleted\":false"),
              catalogLine("acme", "dashboard_id", "d-2", "Checkout errors", "\"deleted\":false"),
              catalogLine("acme", "dashboard_id", "d-3", "Search latency", "\"deleted\":false"),
              catalogLine("acme", "dashboard_id", "d-4", "Old checkout board", "\"deleted\":true"),
              catalogLine("globex", "dashboard_id", "d-1", "Home", "\"deleted\":false"),
              catalogLine("globex", "dashboard_id", "d-2", "Shipping queues", "\"deleted\":false"),
              catalogLine(
                  "globex", "dashboard_id", "d-3", "Billing database disks", "\"deleted\":false")));
    }
  }
}
