-- grain: one row per action that belongs to an investigation (its opening included)
-- input: identify_items; params: :idle_gap_s, :max_duration_s, :user_hash_key
-- An alert_opened starts an investigation; the user's following actions belong to it until the
-- first of: that user's alert_resolved of the same alert (included), the user's next
-- alert_opened, a gap of more than :idle_gap_s, or :max_duration_s after the start.
-- One shuffle per user timeline: every window below shares partition (user_key, account_id,
-- user_id); the per-investigation windows only add the start position to keys the data is already
-- clustered by. user_key, a 64-bit hash of the user, leads every sort: comparing rows of two users
-- costs one long comparison, not two string comparisons (the ids stay in the keys, so a hash
-- collision cannot merge two users).
with user_actions as (
  select
    xxhash64(account_id, user_id) as user_key,
    account_id,
    user_id,
    event_id,
    unix_micros(ts) as ts_us,
    action,
    alert_id,
    item_type,
    item_id,
    item_text,
    source
  from identify_items
  where user_id is not null
),

ordered as (
  select
    *,
    action = 'alert_opened' as is_open,
    row_number() over user_timeline as pos,
    lag(ts_us) over user_timeline as prev_ts_us,
    lead(ts_us) over user_timeline as next_ts_us
  from user_actions
  window user_timeline as (partition by user_key, account_id, user_id order by ts_us, event_id)
),

opened as (
  -- carry the latest opening forward: the investigation each action would belong to
  select
    *,
    max(case when is_open then pos end) over user_so_far as start_pos,
    max(case when is_open then ts_us end) over user_so_far as started_us,
    last(case when is_open then alert_id end, true) over user_so_far as investigated_alert_id,
    last(case when is_open then event_id end, true) over user_so_far as open_event_id
  from ordered
  window user_so_far as (
    partition by user_key, account_id, user_id order by ts_us, event_id
    rows between unbounded preceding and current row
  )
),

flagged as (
  select
    *,
    not is_open and (
      ts_us - prev_ts_us > :idle_gap_s * 1000000L
      or ts_us - started_us > :max_duration_s * 1000000L
    ) as is_break,
    not is_open and action = 'alert_resolved' and alert_id = investigated_alert_id as is_resolve
  from opened
  where start_pos is not null
),

bounded as (
  select
    *,
    min(case when is_break then pos end) over investigation as break_pos,
    min(case when is_resolve then pos end) over investigation as resolve_pos
  from flagged
  window investigation as (partition by user_key, account_id, user_id, start_pos)
),

members as (
  select *
  from bounded
  where (break_pos is null or pos < break_pos)
    and (resolve_pos is null or pos <= resolve_pos)
),

final as (
  select
    account_id,
    investigated_alert_id,
    concat('inv-', left(sha2(concat_ws('|', account_id, open_event_id), 256), 20)) as investigation_id,
    left(sha2(concat_ws('|', :user_hash_key, account_id, user_id), 256), 32) as user_hash,
    event_id,
    ts_us,
    action,
    item_type,
    item_id,
    item_text,
    source,
    pos,
    start_pos,
    started_us,
    max(ts_us) over investigation as stopped_us,
    count(*) over investigation as n_actions,
    bool_or(is_resolve) over investigation as is_resolved,
    max_by(next_ts_us, pos) over investigation as next_after_stop_us,
    bool_or(source = 'recommendation') over investigation as used_recommendation
  from members
  window investigation as (partition by user_key, account_id, user_id, start_pos)
)

select * from final
