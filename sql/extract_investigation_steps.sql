-- grain: one row per step of an investigation: an item it used, consecutive uses of one item
-- being one step
-- input: sessionize_investigations; functions: investigation_id (InvestigationId), user_hash
-- (UserHash, keyed outside the plan)
-- The path an investigation took, for the next steps: which item followed which. Each step
-- carries how long before the stop its item was last used (s_last_use_before_stop), so a step can
-- be told to bring the investigation closer to its stop: the next item is still in use after the
-- one before it was left for good. Query items keep their raw ids here; families are merged when
-- the evidence of a window is read.
with uses as (
  select
    user_key, account_id, user_id, inv_no, investigated_alert_id, open_event_id, started_us,
    pos, ts_us, item_type, item_id
  from sessionize_investigations
  where item_id is not null and not is_open
),

marked as (
  select
    *,
    lag(item_type) over investigation_order as prev_item_type,
    lag(item_id) over investigation_order as prev_item_id
  from uses
  window investigation_order as (partition by user_key, account_id, user_id, inv_no order by pos)
),

numbered as (
  select
    *,
    sum(
      case when prev_item_id is null or prev_item_id != item_id or prev_item_type != item_type
        then 1 else 0 end
    ) over (
      partition by user_key, account_id, user_id, inv_no order by pos
      rows between unbounded preceding and current row
    ) as step
  from marked
),

steps as (
  select
    user_key, account_id, user_id, inv_no, investigated_alert_id, open_event_id, started_us,
    step, item_type, item_id
  from numbered
  group by
    user_key, account_id, user_id, inv_no, investigated_alert_id, open_event_id, started_us,
    step, item_type, item_id
),

last_uses as (
  select user_key, account_id, user_id, inv_no, item_type, item_id, max(ts_us) as last_used_us
  from uses
  group by user_key, account_id, user_id, inv_no, item_type, item_id
),

stops as (
  select
    user_key, account_id, user_id, inv_no,
    max(ts_us) as stopped_us,
    bool_or(is_resolve) as is_resolved
  from sessionize_investigations
  group by user_key, account_id, user_id, inv_no
),

final as (
  select
    s.account_id,
    s.investigated_alert_id as alert_id,
    investigation_id(s.account_id, s.open_event_id) as investigation_id,
    user_hash(s.account_id, s.user_id) as user_hash,
    cast(s.step as int) as step,
    s.item_type,
    s.item_id,
    (o.stopped_us - l.last_used_us) / 1e6 as s_last_use_before_stop,
    o.is_resolved,
    (o.stopped_us - s.started_us) / 1e6 as duration_s,
    to_date(timestamp_micros(s.started_us)) as started_on
  from steps as s
  join last_uses as l using (user_key, account_id, user_id, inv_no, item_type, item_id)
  join stops as o using (user_key, account_id, user_id, inv_no)
)

select * from final
