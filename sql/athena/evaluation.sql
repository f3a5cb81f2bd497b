-- Athena (engine 3) table over alert-recs output: evaluation
-- grain: one row per (model_or_baseline, item_type, alert_group, history_segment, metric, k) of the
--        backtest of dt, plus per (account_id, alert_id) rows of the MTTR comparison
--        (docs/evaluation.md)
-- Replace ${OUTPUT_ROOT} with the job's --output root (s3://bucket/prefix, no trailing slash)
-- before running; leave ${dt} alone, Athena fills it in (see docs/operations.md).
-- Partition projection on dt: no MSCK REPAIR / ADD PARTITION after a run.
CREATE EXTERNAL TABLE IF NOT EXISTS evaluation (
  model_or_baseline string COMMENT 'model, account_popular, alert_popular, or observed (MTTR)',
  model_version string,
  item_type string COMMENT 'dashboard, query or all',
  alert_group string COMMENT 'warm, cold, all, or alert (per-alert MTTR rows)',
  account_id string,
  alert_id string,
  metric string,
  k int,
  value double,
  n bigint,
  ci_low double,
  ci_high double,
  history_segment string COMMENT 'all, or the investigations of the alert in the evidence window: 0, 1-2, 3-9, 10-29, 30+'
)
PARTITIONED BY (dt string)
STORED AS PARQUET
LOCATION '${OUTPUT_ROOT}/evaluation/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2024-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT_ROOT}/evaluation/dt=${dt}/'
);
