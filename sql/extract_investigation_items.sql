-- grain: one row per (investigation, item) the investigation used
-- input: sessionize_investigations; params: :proximity_tau_s
-- proximity is 1 for an item used right at the stop and decays with the time between its last
-- use and the stop: the items people end on are the ones that answered the question.
with uses as (
  select * from sessionize_investigations where item_id is not null and pos <> start_pos
),

per_item as (
  select
    account_id,
    investigated_alert_id as alert_id,
    investigation_id,
    user_hash,
    item_type,
    item_id,
    count(*) as n_uses,
    max(ts_us) as last_used_us,
    max(stopped_us) as stopped_us,
    max(started_us) as started_us,
    bool_or(source = 'recommendation') as via_recommendation,
    min(item_text) as item_text
  from uses
  group by account_id, investigated_alert_id, investigation_id, user_hash, item_type, item_id
),

final as (
  select
    account_id,
    alert_id,
    investigation_id,
    user_hash,
    item_type,
    item_id,
    item_text,
    n_uses,
    via_recommendation,
    (stopped_us - last_used_us) / 1e6 as s_before_stop,
    exp(-((stopped_us - last_used_us) / 1e6) / :proximity_tau_s) as proximity,
    (stopped_us - started_us) / 1e6 as duration_s,
    to_date(timestamp_micros(started_us)) as started_on
  from per_item
)

select * from final
