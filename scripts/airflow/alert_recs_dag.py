"""Airflow 2 DAG: run alert-recs once a day on a running EMR cluster, backfilling missed days.

    wait_for_input  ->  add_step  ->  wait_for_step  ->  check_latest_manifest
    (S3KeySensor)      (EMR step)     (EmrStepSensor)    (S3Hook reads <output>/latest.json)

The step is the one scripts/emr-add-step.sh submits (spark-submit in cluster mode through
command-runner.jar, settings shipped with --files). The jar and conf/emr.properties must already be
in S3 (scripts/emr-add-step.sh uploads them, or `aws s3 cp`).

Airflow Variables (also settable as environment variables AIRFLOW_VAR_<NAME in upper case>):
    alert_recs_cluster_id     EMR cluster id, j-...
    alert_recs_jar_uri        s3://bucket/jars/alert-recs.jar
    alert_recs_conf_uri       s3://bucket/conf/emr.properties
    alert_recs_input          s3://bucket/raw    (input root: actions/, catalog/)
    alert_recs_output         s3://bucket/recs   (output root: tables and latest.json)
    alert_recs_hash_key_uri   s3://secure-bucket/alert-recs/user-hash.key (the user-hash secret)
Environment of the scheduler and workers (read when the DAG file is parsed):
    ALERT_RECS_AWS_CONN_ID    Airflow connection for AWS (default aws_default)
    ALERT_RECS_START_DATE     first run date, YYYY-MM-DD (default 2026-11-01)

Variables are read through Jinja ({{ var.value... }}) so that parsing the DAG file does not query
the metadata database.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timedelta, timezone

from airflow import DAG
from airflow.exceptions import AirflowException
from airflow.models import Variable
from airflow.operators.python import PythonOperator
from airflow.providers.amazon.aws.hooks.s3 import S3Hook
from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor
from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor

AWS_CONN_ID = os.environ.get("ALERT_RECS_AWS_CONN_ID", "aws_default")
START_DATE = datetime.strptime(
    os.environ.get("ALERT_RECS_START_DATE", "2026-11-01"), "%Y-%m-%d"
).replace(tzinfo=timezone.utc)
MAIN_CLASS = "dev.alertrecs.AlertRecs"

CLUSTER_ID = "{{ var.value.alert_recs_cluster_id }}"
JAR_URI = "{{ var.value.alert_recs_jar_uri }}"
CONF_URI = "{{ var.value.alert_recs_conf_uri }}"
INPUT = "{{ var.value.alert_recs_input.rstrip('/') }}"
OUTPUT = "{{ var.value.alert_recs_output.rstrip('/') }}"
HASH_KEY_URI = "{{ var.value.alert_recs_hash_key_uri }}"
# Base names of the files shipped with --files: YARN puts them in the driver's working directory.
CONF_NAME = "{{ var.value.alert_recs_conf_uri.rstrip('/').split('/')[-1] }}"
HASH_KEY_NAME = "{{ var.value.alert_recs_hash_key_uri.rstrip('/').split('/')[-1] }}"

# The same step as `scripts/emr-add-step.sh --date <ds> --hash-key-uri ... --dry-run` prints.
SPARK_STEP = [
    {
        "Name": "alert-recs daily {{ ds }}",
        # The cluster outlives one failed run; Airflow retries the task.
        "ActionOnFailure": "CONTINUE",
        "HadoopJarStep": {
            "Jar": "command-runner.jar",
            "Args": [
                "spark-submit",
                "--deploy-mode",
                "cluster",
                "--class",
                MAIN_CLASS,
                # one YARN attempt: retries belong to Airflow, not to YARN
                "--conf",
                "spark.yarn.maxAppAttempts=1",
                "--files",
                CONF_URI + "," + HASH_KEY_URI,
                JAR_URI,
                "daily",
                "--date",
                "{{ ds }}",
                "--input",
                INPUT,
                "--output",
                OUTPUT,
                "--conf",
                CONF_NAME,
                "--set",
                "user_hash_key_file=" + HASH_KEY_NAME,
            ],
        },
    }
]


def check_latest_manifest(ds: str, **_context) -> None:
    """Fails unless the run for ds is published.

    Passes when latest.json names ds, or names a newer date while ds's runs partition exists
    (re-running an old date must not move `latest` backwards, so the manifest may stay newer).
    """
    output = Variable.get("alert_recs_output").rstrip("/")
    hook = S3Hook(aws_conn_id=AWS_CONN_ID)
    bucket, key = S3Hook.parse_s3_url(output + "/latest.json")
    if not hook.check_for_key(key, bucket_name=bucket):
        raise AirflowException(f"no manifest at s3://{bucket}/{key}")
    manifest = json.loads(hook.read_key(key, bucket_name=bucket))
    logging.info("latest.json: %s", manifest)
    run_date = str(manifest.get("run_date", ""))
    if run_date == ds:
        return
    if run_date > ds:
        runs_bucket, runs_prefix = S3Hook.parse_s3_url(f"{output}/runs/dt={ds}/")
        if hook.list_keys(bucket_name=runs_bucket, prefix=runs_prefix, max_items=1):
            logging.info("latest.json names the newer %s and runs/dt=%s exists", run_date, ds)
            return
    raise AirflowException(f"latest.json names run_date {run_date!r}, expected {ds}")


with DAG(
    dag_id="alert_recs_daily",
    description="Recommend dashboards and queries for alerts (Spark on EMR)",
    schedule="@daily",
    start_date=START_DATE,
    # Missed days run one at a time, oldest first: each run builds on the days before it.
    catchup=True,
    max_active_runs=1,
    default_args={
        "owner": "alert-recs",
        "retries": 2,
        "retry_delay": timedelta(minutes=15),
        "retry_exponential_backoff": True,
    },
    dagrun_timeout=timedelta(hours=12),
    tags=["alert-recs", "emr", "spark"],
) as dag:
    # The run for ds starts once ds has ended. Wait for at least one object in the day's actions
    # folder; the next day's folder (late events near midnight) is read if present, never awaited.
    wait_for_input = S3KeySensor(
        task_id="wait_for_input",
        bucket_key=INPUT + "/actions/dt={{ ds }}/*",
        wildcard_match=True,
        aws_conn_id=AWS_CONN_ID,
        mode="reschedule",
        poke_interval=timedelta(minutes=10).total_seconds(),
        timeout=timedelta(hours=6).total_seconds(),
    )

    add_step = EmrAddStepsOperator(
        task_id="add_step",
        job_flow_id=CLUSTER_ID,
        steps=SPARK_STEP,
        aws_conn_id=AWS_CONN_ID,
    )

    wait_for_step = EmrStepSensor(
        task_id="wait_for_step",
        job_flow_id=CLUSTER_ID,
        # EmrAddStepsOperator returns the list of the step ids it added; we added one.
        step_id="{{ task_instance.xcom_pull(task_ids='add_step', key='return_value')[0] }}",
        aws_conn_id=AWS_CONN_ID,
        mode="reschedule",
        poke_interval=120,
        timeout=timedelta(hours=4).total_seconds(),
    )

    check_manifest = PythonOperator(
        task_id="check_latest_manifest",
        python_callable=check_latest_manifest,
    )

    wait_for_input >> add_step >> wait_for_step >> check_manifest

    # --- Alternative: EMR Serverless instead of a cluster -----------------------------------------
    # Replace add_step and wait_for_step by one task that waits for the job run to finish.
    # Variables: alert_recs_serverless_app_id, alert_recs_job_role_arn, alert_recs_log_uri, and a
    # Secrets Manager secret alert-recs/user-hash-key. Serverless has no --files working directory,
    # so Spark settings go in sparkSubmitParameters and job settings as --set arguments; the full
    # request is what `scripts/emr-serverless-start.sh ... --dry-run` prints.
    #
    # from airflow.providers.amazon.aws.operators.emr import EmrServerlessStartJobOperator
    #
    # run_job = EmrServerlessStartJobOperator(
    #     task_id="run_job",
    #     application_id="{{ var.value.alert_recs_serverless_app_id }}",
    #     execution_role_arn="{{ var.value.alert_recs_job_role_arn }}",
    #     name="alert-recs daily {{ ds }}",
    #     job_driver={
    #         "sparkSubmit": {
    #             "entryPoint": JAR_URI,
    #             "entryPointArguments": [
    #                 "daily", "--date", "{{ ds }}", "--input", INPUT, "--output", OUTPUT,
    #             ],
    #             "sparkSubmitParameters": " ".join([
    #                 f"--class {MAIN_CLASS}",
    #                 "--conf spark.sql.session.timeZone=UTC",
    #                 "--conf spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS",
    #                 "--conf spark.sql.adaptive.enabled=true",
    #                 "--conf spark.sql.adaptive.coalescePartitions.enabled=true",
    #                 "--conf spark.sql.shuffle.partitions=64",
    #                 "--conf spark.serializer=org.apache.spark.serializer.KryoSerializer",
    #                 "--conf spark.emr-serverless.driverEnv.ALERT_RECS_USER_HASH_KEY="
    #                 "EMR.secret@alert-recs/user-hash-key",
    #             ]),
    #         }
    #     },
    #     configuration_overrides={
    #         "monitoringConfiguration": {
    #             "s3MonitoringConfiguration": {"logUri": "{{ var.value.alert_recs_log_uri }}"}
    #         }
    #     },
    #     wait_for_completion=True,
    #     aws_conn_id=AWS_CONN_ID,
    # )
    # wait_for_input >> run_job >> check_manifest
