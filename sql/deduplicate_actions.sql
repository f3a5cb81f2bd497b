-- grain: one row per line read (parse_actions' grain); is_duplicate marks every valid copy but the first
-- input: parse_actions
-- Delivery is at-least-once: the same event can arrive twice, also in a neighbouring day's
-- folder. A copy has the same account_id, user (for alert_fired, which has no user: the same
-- alert_id), event_id and ts; two events that share an id but differ in user, alert or time are
-- two events. The copy in the earliest folder (then the first file) wins, so each input row is
-- counted once over the daily runs: as valid by the run of the winner's folder, as a duplicate by
-- the run of the loser's folder.
-- Quarantined lines pass through (quarantine_reason set, is_duplicate false), so the input is
-- read and parsed once and this step's output is the one cached copy of the day's lines: the
-- counts and the quarantine read it too. They are spread by a hash of their file and text, so
-- a day of identical bad lines cannot make one huge group.
with lines as (
  select
    *,
    quarantine_reason is null as is_valid,
    if(action = 'alert_fired', alert_id, user_id) as actor
  from parse_actions
),

ranked as (
  select
    *,
    -- the 64-bit hash leads the sort, so two events compare as two longs (the ids stay in the key)
    row_number() over (
      partition by
        if(is_valid, xxhash64(account_id, event_id, actor, ts), xxhash64(source_file, raw)),
        is_valid,
        account_id,
        event_id,
        actor,
        ts
      order by folder_date, source_file, action, user_id, alert_id, dashboard_id, query, source
    ) as copy_rank
  from lines
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
    is_valid and copy_rank > 1 as is_duplicate,
    quarantine_reason,
    raw,
    -- only a quarantined line keeps its file (the quarantine names it): the output is cached,
    -- and a column of nulls costs the cache nothing
    if(is_valid, null, source_file) as source_file
  from ranked
)

select * from final
