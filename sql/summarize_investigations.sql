-- grain: one row per investigation (of every day the run read)
-- input: sessionize_investigations, identify_items; params: :idle_gap_s, :max_duration_s;
-- functions: investigation_id (InvestigationId), user_hash (UserHash, keyed outside the plan)
-- stop_reason: resolved, next_alert (the user opened another alert in time), idle (no action
-- for more than the gap), max_duration (the cap came first), end_of_data (the input ends before
-- the investigation could be known to have stopped).
with investigations as (
  -- grouped by the key the members are partitioned by (user_key), the user ids and
  -- values fixed per investigation: a hash aggregate, no shuffle
  select
    account_id,
    user_id,
    investigated_alert_id,
    open_event_id,
    started_us,
    max(ts_us) as stopped_us,
    count(*) as n_actions,
    bool_or(is_resolve) as is_resolved,
    max_by(next_ts_us, pos) as next_after_stop_us,
    bool_or(source = 'recommendation') as used_recommendation
  from sessionize_investigations
  group by user_key, account_id, user_id, inv_no, investigated_alert_id, open_event_id, started_us
),

data_end as (
  select max(unix_micros(ts)) as data_end_us from identify_items
),

timed as (
  select
    o.*,
    d.data_end_us,
    o.stopped_us + :idle_gap_s * 1000000L as idle_at_us,
    o.started_us + :max_duration_s * 1000000L as cap_at_us
  from investigations as o
  cross join data_end as d
),

final as (
  select
    account_id,
    investigated_alert_id as alert_id,
    investigation_id(account_id, open_event_id) as investigation_id,
    user_hash(account_id, user_id) as user_hash,
    timestamp_micros(started_us) as started_at,
    timestamp_micros(stopped_us) as stopped_at,
    (stopped_us - started_us) / 1e6 as duration_s,
    n_actions,
    case
      when is_resolved then 'resolved'
      when next_after_stop_us is not null
        and next_after_stop_us <= idle_at_us
        and next_after_stop_us <= cap_at_us then 'next_alert'
      when next_after_stop_us is null and least(idle_at_us, cap_at_us) > data_end_us then 'end_of_data'
      when idle_at_us < cap_at_us then 'idle'
      else 'max_duration'
    end as stop_reason,
    used_recommendation,
    to_date(timestamp_micros(started_us)) as started_on
  from timed
)

select * from final
