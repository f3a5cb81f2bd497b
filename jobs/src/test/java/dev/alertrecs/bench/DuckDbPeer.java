package dev.alertrecs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark's peer: DuckDB computing the same investigations and per-alert item counts as the
 * daily job, from the same JSON input (folders dt-1, dt, dt+1), written plainly: one SQL statement
 * per stage, window functions over each user's timeline, the same rules (the same user's resolve of
 * the investigated alert ends it, included; the next open starts the next one; a gap of more than
 * 30 minutes or 4 hours after the start stop it). Bad lines are skipped (not quarantined), copies
 * of an (account_id, event_id) are dropped, the earliest folder winning.
 *
 * <p>Not part of the job jar: it lives in the test sources and is run by {@code scripts/bench.sh}
 * as a single-file program, {@code java -cp duckdb_jdbc.jar DuckDbPeer.java INPUT DATE OUT}. It
 * writes two Parquet files under OUT and prints one line of counts.
 */
public final class DuckDbPeer {
  private DuckDbPeer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: DuckDbPeer INPUT_ROOT YYYY-MM-DD OUT_DIR [threads] [memory]");
      System.exit(2);
    }
    Path input = Path.of(args[0]);
    LocalDate date = LocalDate.parse(args[1]);
    Path out = Path.of(args[2]);
    String threads = args.length > 3 ? args[3] : "2";
    String memory = args.length > 4 ? args[4] : "4GB";
    Files.createDirectories(out);
    List<String> files = new ArrayList<>();
    for (LocalDate day : List.of(date.minusDays(1), date, date.plusDays(1))) {
      Path dir = input.resolve("actions").resolve("dt=" + day);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> listing = Files.list(dir)) {
          listing
              .filter(p -> !p.getFileName().toString().startsWith("_"))
              .filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".json.gz"))
              .sorted()
              .forEach(p -> files.add(p.toString()));
        }
      }
    }
    String fileList =
        files.stream().map(f -> "'" + f.replace("'", "''") + "'").collect(Collectors.joining(","));
    long start = System.nanoTime();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = db.createStatement()) {
      sql.execute("set threads = " + Integer.parseInt(threads));
      sql.execute("set memory_limit = '" + memory.replace("'", "") + "'");
      sql.execute("set preserve_insertion_order = false");
      sql.execute("set TimeZone = 'UTC'");
      sql.execute(
          """
          create table actions as
          with raw as (
            select * from read_ndjson([%s],
              columns = {event_id: 'VARCHAR', ts: 'VARCHAR', account_id: 'VARCHAR',
                         user_id: 'VARCHAR', action: 'VARCHAR', alert_id: 'VARCHAR',
                         dashboard_id: 'VARCHAR', query: 'VARCHAR', source: 'VARCHAR'},
              ignore_errors = true, filename = true)
          ),
          typed as (
            select
              trim(event_id) as event_id,
              try_cast(ts as timestamptz) as ts,
              trim(account_id) as account_id,
              nullif(trim(user_id), '') as user_id,
              lower(trim(action)) as action,
              nullif(trim(alert_id), '') as alert_id,
              nullif(trim(dashboard_id), '') as dashboard_id,
              query,
              coalesce(lower(trim(source)) = 'recommendation', false) as via_recommendation,
              cast(regexp_extract(filename, 'dt=([0-9-]{10})', 1) as date) as folder_date,
              filename
            from raw
          ),
          valid as (
            select * from typed
            where coalesce(event_id, '') <> '' and ts is not null
              and coalesce(account_id, '') <> '' and coalesce(action, '') <> ''
              and (user_id is not null or action = 'alert_fired')
              and (action not in ('alert_fired', 'alert_opened', 'alert_resolved') or alert_id is not null)
              and (action <> 'dashboard_viewed' or dashboard_id is not null)
              and (action <> 'query_run' or coalesce(trim(query), '') <> '')
          )
          select * exclude (filename) from valid
          qualify row_number() over (
            partition by account_id, event_id order by folder_date, filename, ts) = 1
          """
              .formatted(fileList));
      sql.execute(
          """
          create table members as
          with user_actions as (
            select
              account_id, user_id, event_id, epoch_us(ts) as ts_us, action, alert_id,
              via_recommendation,
              case action when 'dashboard_viewed' then 'dashboard' when 'query_run' then 'query' end
                as item_type,
              case
                when action = 'dashboard_viewed' then dashboard_id
                when action = 'query_run' then 'q-' || left(sha256(account_id || '|' || trim(
                  regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
                  regexp_replace(lower(query),
                    '\\[[^\\]]*\\bto\\b[^\\]]*\\]', '[<range>]', 'g'),
                    'now[-+][0-9]+[smhdwy]', '<time>', 'g'),
                    '"[^"]*"', '"<text>"', 'g'),
                    '[0-9]+([.][0-9]+)?', '<n>', 'g'),
                    '\\s*([:()=<>])\\s*', '\\1', 'g'),
                    '\\s+', ' ', 'g'))), 12)
              end as item_id
            from actions
            where user_id is not null
          ),
          ordered as (
            select *,
              action = 'alert_opened' as is_open,
              row_number() over w as pos,
              lag(ts_us) over w as prev_ts_us
            from user_actions
            window w as (partition by account_id, user_id order by ts_us, event_id)
          ),
          opened as (
            select *,
              max(case when is_open then pos end) over w as start_pos,
              max(case when is_open then ts_us end) over w as started_us,
              last(case when is_open then alert_id end ignore nulls) over w as investigated_alert_id,
              last(case when is_open then event_id end ignore nulls) over w as open_event_id
            from ordered
            window w as (partition by account_id, user_id order by ts_us, event_id
                         rows between unbounded preceding and current row)
          ),
          flagged as (
            select *,
              not is_open and (ts_us - prev_ts_us > 1800000000 or ts_us - started_us > 14400000000)
                as is_break,
              not is_open and action = 'alert_resolved' and alert_id = investigated_alert_id
                as is_resolve
            from opened
            where start_pos is not null
          ),
          bounded as (
            select *,
              min(case when is_break then pos end) over i as break_pos,
              min(case when is_resolve then pos end) over i as resolve_pos
            from flagged
            window i as (partition by account_id, user_id, start_pos)
          )
          select
            account_id, user_id, open_event_id, investigated_alert_id as alert_id,
            started_us, ts_us, pos, start_pos, item_type, item_id, via_recommendation
          from bounded
          where (break_pos is null or pos < break_pos) and (resolve_pos is null or pos <= resolve_pos)
          """);
      String day = "date '" + date + "'";
      sql.execute(
          ("""
          copy (
            select
              account_id, alert_id,
              'inv-' || left(sha256(account_id || '|' || open_event_id), 20) as investigation_id,
              to_timestamp(min(started_us) / 1e6) as started_at,
              to_timestamp(max(ts_us) / 1e6) as stopped_at,
              (max(ts_us) - min(started_us)) / 1e6 as duration_s,
              count(*) as n_actions,
              bool_or(via_recommendation) as used_recommendation
            from members
            where cast(to_timestamp(started_us / 1e6) as date) = %s
            group by account_id, alert_id, user_id, start_pos, open_event_id
          ) to '%s' (format parquet)
          """)
              .formatted(day, out.resolve("investigations.parquet")));
      sql.execute(
          ("""
          copy (
            select account_id, alert_id, item_type, item_id,
              count(distinct (user_id, start_pos)) as n_investigations
            from members
            where item_id is not null and pos <> start_pos
              and cast(to_timestamp(started_us / 1e6) as date) = %s
            group by account_id, alert_id, item_type, item_id
          ) to '%s' (format parquet)
          """)
              .formatted(day, out.resolve("item_counts.parquet")));
      long nActions = count(sql, "select count(*) from actions");
      long nInvestigations =
          count(sql, "select count(*) from '" + out.resolve("investigations.parquet") + "'");
      long nItems = count(sql, "select count(*) from '" + out.resolve("item_counts.parquet") + "'");
      System.out.printf(
          Locale.ROOT,
          "duckdb-peer %s: %d files, %d distinct valid actions, %d investigations started,"
              + " %d (alert, item) counts, in %.1f s%n",
          date,
          files.size(),
          nActions,
          nInvestigations,
          nItems,
          (System.nanoTime() - start) / 1e9);
    }
  }

  private static long count(Statement sql, String query) throws SQLException {
    try (ResultSet rs = sql.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
