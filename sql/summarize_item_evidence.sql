-- grain: one row per (account, alert, item_type, item_id) used by investigations started on :run_date
-- input: extract_investigation_items; params: :run_date
-- The daily building block of the evidence window: every column adds up across days (counts,
-- sums, user and investigation sketches, duration lists), so a run reads its own day plus stored daily rows.
with day_items as (
  select * from extract_investigation_items where started_on = :run_date
),

texts as (
  select account_id, alert_id, item_type, item_id, item_text, count(*) as n
  from day_items
  where item_text is not null
  group by account_id, alert_id, item_type, item_id, item_text
),

top_text as (
  select
    account_id,
    alert_id,
    item_type,
    item_id,
    max_by(item_text, struct(n, item_text)) as label,
    max(n) as label_uses
  from texts
  group by account_id, alert_id, item_type, item_id
),

per_item as (
  select
    account_id,
    alert_id,
    item_type,
    item_id,
    count(*) as n_investigations,
    hll_sketch_agg(user_hash) as users_sketch,
    -- the investigations themselves, so that variants of one query family merged at scoring
    -- time count an investigation that ran two of them once
    hll_sketch_agg(investigation_id) as investigations_sketch,
    sum(proximity) as sum_proximity,
    sum(case when via_recommendation then 1 else 0 end) as n_via_recommendation,
    -- help: resolved investigations that used the item, and their grades by closeness to the stop
    sum(case when resolved then 1 else 0 end) as n_resolved,
    sum(case when resolved then grade else 0 end) as sum_gain,
    array_sort(collect_list(duration_s)) as durations_s
  from day_items
  group by account_id, alert_id, item_type, item_id
),

final as (
  select
    cast(:run_date as date) as evidence_date,
    p.*,
    t.label,
    t.label_uses
  from per_item as p
  left join top_text as t
    on t.account_id = p.account_id and t.alert_id = p.alert_id
    and t.item_type = p.item_type and t.item_id = p.item_id
)

select * from final
