package dev.alertrecs.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small hand-made input: two accounts whose alert and dashboard ids collide. In acme, al-1's
 * investigations open Home (d-1) and then d-2, run a checkout query and resolve; al-2's open Home
 * and d-3. globex's al-1 uses d-3, so any mix-up across accounts shows. d-4 is used by al-1 but
 * deleted in the catalog; al-9 is in the catalog without any history, a sibling of al-1 by its
 * title, and al-8 is without history and like no other alert.
 */
final class TinyWorld {
  static final Map<String, String> ACME_ALERTS =
      Map.of(
          "al-1",
          "High error rate on checkout",
          "al-2",
          "Latency p99 on search",
          "al-9",
          "Checkout errors (EU)",
          "al-8",
          "Certificate expiry");
  static final Map<String, String> GLOBEX_ALERTS =
      Map.of("al-1", "Disk almost full on billing-db", "al-2", "Queue backlog on shipping");

  private TinyWorld() {}

  static void write(Path root, LocalDate first, int days) throws IOException {
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
            event(
                "acme", p + "f", start.minusSeconds(120), null, "alert_fired", "alert_id", "al-1"));
        lines.add(event("acme", p + "1", start, u, "alert_opened", "alert_id", "al-1"));
        lines.add(
            event(
                "acme",
                p + "2",
                start.plusSeconds(60),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-1"));
        lines.add(
            event(
                "acme",
                p + "3",
                start.plusSeconds(180),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-2"));
        lines.add(
            event(
                "acme",
                p + "4",
                start.plusSeconds(240),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-4"));
        lines.add(
            event(
                "acme",
                p + "5",
                start.plusSeconds(300),
                u,
                "query_run",
                "query",
                "service:checkout AND level:error AND @timestamp:[now-" + (5 + k) + "m TO now]"));
        lines.add(
            event(
                "acme",
                p + "6",
                start.plusSeconds(360 + 60L * k),
                u,
                "alert_resolved",
                "alert_id",
                "al-1"));

        Instant start2 = start.plusSeconds(3 * 3600);
        lines.add(event("acme", p + "7", start2, u, "alert_opened", "alert_id", "al-2"));
        lines.add(
            event(
                "acme",
                p + "8",
                start2.plusSeconds(30),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-1"));
        lines.add(
            event(
                "acme",
                p + "9",
                start2.plusSeconds(200),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-3"));

        lines.add(event("globex", p + "1", start, u, "alert_opened", "alert_id", "al-1"));
        lines.add(
            event(
                "globex",
                p + "2",
                start.plusSeconds(60),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-1"));
        lines.add(
            event(
                "globex",
                p + "3",
                start.plusSeconds(100),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-3"));
        lines.add(event("globex", p + "4", start2, u, "alert_opened", "alert_id", "al-2"));
        lines.add(
            event(
                "globex",
                p + "5",
                start2.plusSeconds(60),
                u,
                "dashboard_viewed",
                "dashboard_id",
                "d-1"));
        lines.add(
            event(
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
          event(
              "acme",
              "e-" + day + "-late",
              day.atTime(23, 50).toInstant(ZoneOffset.UTC),
              "u-0",
              "page_viewed",
              null,
              null));
      lines.add(
          event(
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
          event(
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
      ACME_ALERTS.forEach(
          (id, title) ->
              alertLines.add(catalog("acme", "alert_id", id, title, "\"severity\":\"high\"")));
      GLOBEX_ALERTS.forEach(
          (id, title) ->
              alertLines.add(catalog("globex", "alert_id", id, title, "\"severity\":\"low\"")));
      Files.write(alerts.resolve("alerts.json"), alertLines);
      Path dashboards = root.resolve("catalog/dashboards/dt=" + day);
      Files.createDirectories(dashboards);
      Files.write(
          dashboards.resolve("dashboards.json"),
          List.of(
              catalog("acme", "dashboard_id", "d-1", "Home", "\"deleted\":false"),
              catalog("acme", "dashboard_id", "d-2", "Checkout errors", "\"deleted\":false"),
              catalog("acme", "dashboard_id", "d-3", "Search latency", "\"deleted\":false"),
              catalog("acme", "dashboard_id", "d-4", "Old checkout board", "\"deleted\":true"),
              catalog("globex", "dashboard_id", "d-1", "Home", "\"deleted\":false"),
              catalog("globex", "dashboard_id", "d-2", "Shipping queues", "\"deleted\":false"),
              catalog(
                  "globex", "dashboard_id", "d-3", "Billing database disks", "\"deleted\":false")));
    }
  }

  private static String event(
      String account, String id, Instant ts, String user, String action, String key, String value) {
    StringBuilder b =
        new StringBuilder("{\"event_id\":\"")
            .append(id)
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

  private static String catalog(
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
}
