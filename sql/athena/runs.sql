-- Athena (engine 3) table over alert-recs output: runs
-- grain: one row per run of the job for dt
-- Replace ${OUTPUT_ROOT} with the job's --output root (s3://bucket/prefix, no trailing slash)
-- before running; leave ${dt} alone, Athena fills it in (see docs/run-on-aws.md).
-- Partition projection on dt: no MSCK REPAIR / ADD PARTITION after a run.
CREATE EXTERNAL TABLE IF NOT EXISTS runs (
  run_id string,
  run_date date,
  started_at timestamp,
  finished_at timestamp,
  status string,
  n_read bigint COMMENT 'n_valid + n_quarantined + n_duplicates',
  n_valid bigint,
  n_quarantined bigint,
  n_duplicates bigint,
  n_context_read bigint,
  n_investigations bigint,
  n_alerts bigint,
  n_recommendations bigint,
  model_version string,
  checks array<struct<name:string,severity:string,passed:boolean,observed:string>>,
  step_timings array<struct<step:string,seconds:double>>
)
PARTITIONED BY (dt string)
STORED AS PARQUET
LOCATION '${OUTPUT_ROOT}/runs/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '2024-01-01,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = '${OUTPUT_ROOT}/runs/dt=${dt}/'
);
