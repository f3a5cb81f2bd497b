-- grain: one row per (account, alert) with investigations started on :run_date
-- input: summarize_investigations, identify_items; params: :run_date, :engage_window_s
-- Time to engage: from each alert_fired on the run date to the first alert_opened of that alert
-- in the account within the engage window; firings nobody engaged with do not count.
with investigations as (
  select * from summarize_investigations where started_on = :run_date
),

per_alert as (
  select
    account_id,
    alert_id,
    count(*) as n_investigations,
    avg(duration_s) as mttr_mean_s,
    percentile(duration_s, 0.5) as mttr_median_s,
    percentile(duration_s, 0.9) as mttr_p90_s,
    percentile(case when used_recommendation then duration_s end, 0.5) as mttr_median_with_recs_s,
    percentile(case when not used_recommendation then duration_s end, 0.5) as mttr_median_without_recs_s,
    sum(case when used_recommendation then 1 else 0 end) as n_with_recs,
    sum(case when stop_reason = 'resolved' then 1 else 0 end) as n_resolved
  from investigations
  group by account_id, alert_id
),

firings as (
  select account_id, alert_id, event_id, unix_micros(ts) as fired_us
  from identify_items
  where action = 'alert_fired' and to_date(ts) = :run_date
),

openings as (
  select account_id, alert_id, unix_micros(ts) as opened_us
  from identify_items
  where action = 'alert_opened'
),

engagements as (
  select
    f.account_id,
    f.alert_id,
    f.event_id,
    (min(o.opened_us) - f.fired_us) / 1e6 as engage_s
  from firings as f
  inner join openings as o
    on o.account_id = f.account_id
    and o.alert_id = f.alert_id
    and o.opened_us >= f.fired_us
    and o.opened_us <= f.fired_us + :engage_window_s * 1000000L
  group by f.account_id, f.alert_id, f.event_id, f.fired_us
),

per_alert_engagement as (
  select account_id, alert_id, percentile(engage_s, 0.5) as mtte_median_s
  from engagements
  group by account_id, alert_id
),

final as (
  select
    p.account_id,
    p.alert_id,
    p.n_investigations,
    p.mttr_mean_s,
    p.mttr_median_s,
    p.mttr_p90_s,
    e.mtte_median_s,
    p.mttr_median_with_recs_s,
    p.mttr_median_without_recs_s,
    p.n_with_recs,
    p.n_resolved
  from per_alert as p
  left join per_alert_engagement as e
    on e.account_id = p.account_id and e.alert_id = p.alert_id
)

select * from final
