-- grain: one row per (account, alert) with investigations started on :run_date
-- input: summarize_investigations; params: :run_date
-- The denominators of the evidence window, additive across days like the item evidence.
with final as (
  select
    cast(:run_date as date) as evidence_date,
    account_id,
    alert_id,
    count(*) as n_investigations,
    sum(case when stop_reason = 'resolved' then 1 else 0 end) as n_resolved,
    hll_sketch_agg(user_hash) as users_sketch,
    array_sort(collect_list(duration_s)) as durations_s
  from summarize_investigations
  where started_on = :run_date
  group by account_id, alert_id
)

select * from final
