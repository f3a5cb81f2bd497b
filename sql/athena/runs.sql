-- Athena (engine 3) table over alert-recs output: runs
-- grain: one row per run of the job for dt
-- Replace ${OUTPUT_ROOT} with the job's --output root (s3://bucket/prefix, no trailing slash)
-- before running; leave ${dt} alone, Athena fills it in (see docs/operations.md).
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
  step_timings array<struct<step:string,seconds:double>>,
  gate_status string COMMENT 'passed, passed_no_data, failed, forced, failed_checks',
  gate_note string,
  eval_evidence_days int,
  eval_n_units bigint,
  eval_hit_rate_at_3 double,
  eval_hit_rate_at_3_account_popular double,
  eval_hit_rate_at_3_alert_popular double,
  eval_ndcg_at_5 double,
  eval_mrr double,
  eval_alert_coverage double,
  mttr_diff_median_s double,
  mttr_diff_ci_low_s double,
  mttr_diff_ci_high_s double,
  evaluation array<struct<model_or_baseline:string,metric:string,k:int,value:double,n:bigint>>,
  user_hash_key_fingerprint string COMMENT 'changes when the user-hash key changes',
  n_spark_jobs bigint COMMENT 'Spark jobs the run launched before its record was written'
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
