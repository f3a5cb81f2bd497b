-- Athena (engine 3) table over alert-recs output: quarantine
-- grain: one row per bad record read for dt
-- Replace ${OUTPUT_ROOT} with the job's --output root (s3://bucket/prefix, no trailing slash)
-- before running; leave ${dt} alone, Athena fills it in (see docs/operations.md).
-- Partition projection on dt: no MSCK REPAIR / ADD PARTITION after a run.
CREATE EXTERNAL TABLE IF NOT EXISTS quarantine (
  raw string COMMENT 'the line or record as read, cut to raw_max_chars',
  reason string,
  source_file string
)
PARTITIONED BY (dt string)
STORED AS PARQUET
LOCATION '${OUTPUT_ROOT}/quarantine/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2024-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT_ROOT}/quarantine/dt=${dt}/'
);
