-- Data quality of each daily run: what was read, refused and deduplicated, and whether it adds up.
-- grain: one row per dt
-- Parameters: the date range. quarantine is aggregated to one row per dt before the join.
with quarantine_by_day as (
  select
    dt,
    count(*) as n_quarantine_rows,
    count(distinct reason) as n_distinct_reasons
  from quarantine
  where dt between '2026-10-01' and '2026-11-25'
  group by dt
),

runs_in_range as (
  select *
  from runs
  where dt between '2026-10-01' and '2026-11-25'
)

select
  r.dt,
  r.status,
  r.n_read,
  r.n_valid,
  r.n_quarantined,
  r.n_duplicates,
  case when r.n_read > 0 then cast(r.n_quarantined as double) / r.n_read end as quarantined_share,
  case when r.n_read > 0 then cast(r.n_duplicates as double) / r.n_read end as duplicate_share,
  -- must be 0: every record read is valid, quarantined or a duplicate
  r.n_read - (r.n_valid + r.n_quarantined + r.n_duplicates) as n_unaccounted,
  -- should equal n_quarantined
  coalesce(q.n_quarantine_rows, 0) as n_quarantine_rows,
  coalesce(q.n_distinct_reasons, 0) as n_distinct_reasons,
  r.n_read - lag(r.n_read) over (order by r.dt) as n_read_change,
  r.n_investigations,
  r.n_recommendations,
  date_diff('second', r.started_at, r.finished_at) as run_seconds
from runs_in_range r
left join quarantine_by_day q on q.dt = r.dt
order by r.dt
