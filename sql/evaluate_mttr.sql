-- grain: one row per (account, alert) with investigations started on :run_date
-- input: summarize_investigations; params: :run_date
-- Time to resolve of the investigations that used a recommended item (an action with source =
-- recommendation) against the other investigations of the same alert. The sorted durations go
-- to the bootstrap (MttrBootstrap), which resamples each group apart.
with investigations as (
  select * from summarize_investigations where started_on = :run_date
),

final as (
  select
    account_id,
    alert_id,
    count(*) as n_investigations,
    count_if(used_recommendation) as n_with_recs,
    count_if(not used_recommendation) as n_without_recs,
    percentile(case when used_recommendation then duration_s end, 0.5) as mttr_median_with_recs_s,
    percentile(case when not used_recommendation then duration_s end, 0.5)
      as mttr_median_without_recs_s,
    array_sort(collect_list(case when used_recommendation then duration_s end))
      as durations_with_recs_s,
    array_sort(collect_list(case when not used_recommendation then duration_s end))
      as durations_without_recs_s
  from investigations
  group by account_id, alert_id
)

select * from final
