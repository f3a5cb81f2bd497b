-- Time to resolve per alert, day by day, with a moving average and the effect of recommendations.
-- grain: one row per (account_id, alert_id, dt)
-- Parameters: the account ('acme') and the date range.
-- The moving average spans the last 7 days *with investigations* of that alert (rows, not days).
select
  account_id,
  alert_id,
  dt,
  n_investigations,
  mttr_median_s,
  avg(mttr_median_s) over (
    partition by account_id, alert_id
    order by dt
    rows between 6 preceding and current row
  ) as mttr_median_s_avg_7,
  mttr_median_s - lag(mttr_median_s) over (
    partition by account_id, alert_id
    order by dt
  ) as mttr_median_s_change,
  mttr_median_with_recs_s,
  mttr_median_without_recs_s,
  mttr_median_without_recs_s - mttr_median_with_recs_s as seconds_saved_with_recs,
  mtte_median_s
from alert_stats
where account_id = 'acme'
  and dt between '2026-10-01' and '2026-11-25'
order by account_id, alert_id, dt
