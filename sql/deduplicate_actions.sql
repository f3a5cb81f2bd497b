-- grain: one row per valid action copy; is_duplicate marks every copy but the first
-- input: parse_actions
-- Delivery is at-least-once: the same (account_id, event_id) can arrive twice, also in a
-- neighbouring day's folder. The copy in the earliest folder wins, so each input row is counted
-- once over the daily runs: as valid by the run of the winner's folder, as a duplicate by the
-- run of the loser's folder.
with valid as (
  select * from parse_actions where quarantine_reason is null
),

ranked as (
  select
    *,
    -- the 64-bit hash leads the sort, so two events compare as two longs (the ids stay in the key)
    row_number() over (
      partition by xxhash64(account_id, event_id), account_id, event_id
      order by folder_date, source_file, ts, action, user_id, alert_id, dashboard_id, query, source
    ) as copy_rank
  from valid
),

final as (
  select
    event_id,
    ts,
    account_id,
    user_id,
    action,
    alert_id,
    dashboard_id,
    query,
    source,
    folder_date,
    copy_rank > 1 as is_duplicate
  from ranked
)

select * from final
