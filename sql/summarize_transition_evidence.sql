-- grain: one row per (account, alert, after item, next item) of investigations started on :run_date
-- input: extract_investigation_steps; params: :run_date
-- The daily building block of the next steps, additive across days like the item evidence: in
-- each resolved investigation, the item used right after another one, when it brought the
-- investigation closer to its stop (the next item was last used after the one before it: the
-- investigation did not go back to where it came from). An investigation counts once per pair,
-- however often it went that way; unresolved investigations give no evidence.
with day_steps as (
  select * from extract_investigation_steps where started_on = :run_date and is_resolved
),

pairs as (
  select
    a.account_id,
    a.alert_id,
    a.investigation_id,
    a.user_hash,
    a.duration_s,
    a.item_type as after_item_type,
    a.item_id as after_item_id,
    b.item_type,
    b.item_id
  from day_steps as a
  join day_steps as b
    on b.investigation_id = a.investigation_id and b.step = a.step + 1
  where b.s_last_use_before_stop < a.s_last_use_before_stop
),

per_investigation as (
  select distinct
    account_id, alert_id, investigation_id, user_hash, duration_s,
    after_item_type, after_item_id, item_type, item_id
  from pairs
),

final as (
  select
    cast(:run_date as date) as evidence_date,
    account_id,
    alert_id,
    after_item_type,
    after_item_id,
    item_type,
    item_id,
    count(*) as n_investigations,
    hll_sketch_agg(investigation_id) as investigations_sketch,
    hll_sketch_agg(user_hash) as users_sketch,
    array_sort(collect_list(duration_s)) as durations_s
  from per_investigation
  group by account_id, alert_id, after_item_type, after_item_id, item_type, item_id
)

select * from final
