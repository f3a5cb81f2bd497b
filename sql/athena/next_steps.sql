-- Athena (engine 3) table over alert-recs output: next_steps
-- grain: one row per (account_id, alert_id, after_item_type, after_item_id, rank) per run date
-- Replace ${OUTPUT_ROOT} with the job's --output root (s3://bucket/prefix, no trailing slash)
-- before running; leave ${dt} alone, Athena fills it in (see docs/operations.md).
-- Partition projection on dt: no MSCK REPAIR / ADD PARTITION after a run.
CREATE EXTERNAL TABLE IF NOT EXISTS next_steps (
  account_id string,
  alert_id string,
  after_item_type string COMMENT 'dashboard or query: the item a user has just used',
  after_item_id string COMMENT 'dashboard_id, or the query family id',
  after_item_label string,
  `rank` int COMMENT '1 is best; at most top_k per (account, alert, after item)',
  item_type string COMMENT 'dashboard or query: the suggested next item',
  item_id string COMMENT 'dashboard_id, or the query family id',
  item_label string,
  score double,
  investigations bigint COMMENT 'investigations in the window that used the item next',
  strategy string COMMENT 'alert, similar_alerts or account',
  reason string,
  model_version string,
  generated_at timestamp
)
PARTITIONED BY (dt string)
STORED AS PARQUET
LOCATION '${OUTPUT_ROOT}/next_steps/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2024-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT_ROOT}/next_steps/dt=${dt}/'
);
