-- What colleagues opened next during an investigation of one alert, right after one item, as the
-- newest run of that alert says (no rows when that run saw nothing opened after the item).
-- grain: one row per rank (the items suggested after that item, best first)
-- Parameters: the account ('acme'), the alert ('al-17'), the item just used (a dashboard, 'd-3';
-- for a query, after_item_type 'query' and the query family id) and the oldest dt worth looking
-- at (bounding dt keeps Athena from listing every projected partition since 2024).
-- Portable: runs unchanged on Athena (Trino) and on DuckDB over the same Parquet.
with newest_run as (
  select max(dt) as dt
  from next_steps
  where account_id = 'acme'
    and alert_id = 'al-17'
    and dt >= '2026-11-01'
)

select
  s.dt,
  s.after_item_label,
  s.rank,
  s.item_type,
  s.item_id,
  s.item_label,
  s.score,
  s.investigations,
  s.strategy,
  s.reason,
  s.model_version
from next_steps s
join newest_run n on s.dt = n.dt
where s.account_id = 'acme'
  and s.alert_id = 'al-17'
  and s.after_item_type = 'dashboard'
  and s.after_item_id = 'd-3'
order by s.rank, s.item_type, s.item_id
