-- Athena (engine 3) table over alert-recs output: alert_stats
-- grain: one row per (account_id, alert_id) with investigations started on dt
-- Replace ${OUTPUT_ROOT} with the job's --output root (s3://bucket/prefix, no trailing slash)
-- before running; leave ${dt} alone, Athena fills it in (see docs/operations.md).
-- Partition projection on dt: no MSCK REPAIR / ADD PARTITION after a run.
CREATE EXTERNAL TABLE IF NOT EXISTS alert_stats (
  account_id string,
  alert_id string,
  n_investigations bigint,
  mttr_mean_s double,
  mttr_median_s double,
  mttr_p90_s double,
  mtte_median_s double COMMENT 'time to engage; null without alert_fired',
  mttr_median_with_recs_s double,
  mttr_median_without_recs_s double
)
PARTITIONED BY (dt string)
STORED AS PARQUET
LOCATION '${OUTPUT_ROOT}/alert_stats/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2024-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT_ROOT}/alert_stats/dt=${dt}/'
);
