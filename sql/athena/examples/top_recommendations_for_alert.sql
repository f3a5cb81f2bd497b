-- What the alert mechanism shows for one alert: its lists from the newest run that has them.
-- grain: one row per (item_type, rank)
-- Parameters: the account ('acme'), the alert ('al-17') and the oldest dt worth looking at
-- (bounding dt keeps Athena from listing every projected partition since 2024).
-- Portable: runs unchanged on Athena (Trino) and on DuckDB over the same Parquet.
with newest_run as (
  select max(dt) as dt
  from recommendations
  where account_id = 'acme'
    and alert_id = 'al-17'
    and dt >= '2026-11-01'
)

select
  r.dt,
  r.item_type,
  r.rank,
  r.item_id,
  r.item_label,
  r.score,
  r.investigations,
  r.strategy,
  r.reason,
  r.model_version
from recommendations r
join newest_run n on r.dt = n.dt
where r.account_id = 'acme'
  and r.alert_id = 'al-17'
order by r.item_type, r.rank, r.item_id
