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

firings_and_openings as (
  -- one scan of the day's lines: the firings of the run date and every opening
  select
    account_id,
    alert_id,
    unix_micros(ts) as at_us,
    action = 'alert_fired' as is_firing
  from identify_items
  where (action = 'alert_fired' and to_date(ts) = :run_date) or action = 'alert_opened'
),

next_openings as (
  -- the first opening at or after each firing: a running min over the alert's timeline read
  -- backwards (an opening at the firing's instant sorts first, so it counts). One sort per alert
  -- instead of a join of every firing with every opening of its alert, which grows with the
  -- square of the alert's volume.
  select
    account_id,
    alert_id,
    at_us as fired_us,
    is_firing,
    min(case when not is_firing then at_us end) over (
      partition by account_id, alert_id
      order by at_us desc, is_firing
      rows between unbounded preceding and current row
    ) as next_opened_us
  from firings_and_openings
),

engagements as (
  select account_id, alert_id, (next_opened_us - fired_us) / 1e6 as engage_s
  from next_openings
  where is_firing and next_opened_us <= fired_us + :engage_window_s * 1000000L
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
