-- Athena (engine 3) table over alert-recs output: investigations
-- grain: one row per investigation that started on dt
-- Replace ${OUTPUT_ROOT} with the job's --output root (s3://bucket/prefix, no trailing slash)
-- before running; leave ${dt} alone, Athena fills it in (see docs/operations.md).
-- Partition projection on dt: no MSCK REPAIR / ADD PARTITION after a run.
CREATE EXTERNAL TABLE IF NOT EXISTS investigations (
  account_id string,
  alert_id string,
  investigation_id string,
  user_hash string COMMENT 'keyed hash of user_id; the raw id is in no output',
  started_at timestamp,
  stopped_at timestamp,
  duration_s double,
  n_actions bigint,
  stop_reason string COMMENT 'resolved, next_alert, idle, max_duration or end_of_data',
  used_recommendation boolean
)
PARTITIONED BY (dt string)
STORED AS PARQUET
LOCATION '${OUTPUT_ROOT}/investigations/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2024-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT_ROOT}/investigations/dt=${dt}/'
);
