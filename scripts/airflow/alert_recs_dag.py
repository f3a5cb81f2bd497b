"""Airflow 2 DAG: run alert-recs once a day on Amazon EMR, backfilling missed days.

    grace_period -> wait_for_input -> wait_for_next_day -> run_job -> check_latest_manifest

grace_period (TimeDeltaSensor)
    Waits until LATE_DATA_GRACE (6 hours) after the day D has ended, i.e. D+1 06:00 UTC.
wait_for_input (S3KeySensor)
    At least one object under <input>/actions/dt=D/.
wait_for_next_day (S3KeySensor)
    At least one object under <input>/actions/dt=D+1/.
run_job (PythonOperator)
    Submits the job for D and waits for it to end: one EMR step (alert_recs_platform "emr", the
    default) or one EMR Serverless job run ("emr-serverless"). Each try submits a new step or job
    run, so an Airflow retry really runs the job again.
check_latest_manifest (PythonOperator)
    <output>/latest.json names D (or a newer day while D's runs partition exists).

Late data and the schedule. An investigation that starts late on D ends on D+1 (it may last
max_investigation_hours, 4 h by default, plus the idle gap), and the job reads D+1's folder for
exactly that. Starting right after midnight would read a D+1 folder holding minutes of data and
close those investigations as `end_of_data`. So the run waits for both a grace period and the
D+1 folder: the grace period (6 h = 4 h of investigation + 30 min idle gap + 1.5 h for delivery
lag) lets D+1's first hours arrive; the D+1 sensor proves the producer has moved past D at all.
A grace period alone would run on an empty D+1 during a producer outage; the sensor alone would
run as soon as the first D+1 object lands. If D+1 never arrives, wait_for_next_day times out and
alerts; to run D anyway, mark that task successful. Backfilled days pass both checks at once.

Retries and outcomes. The job writes its outcome to <output>/_status/dt=D.json (status running,
then succeeded or failed with exit_code, outcome and retryable). After a failed step or job run,
run_job reads it: retryable (3 input missing, 5 storage) raises AirflowException, so Airflow
retries (retries=2, 15 min apart, growing); anything else (1 internal, 2 usage, 4 checks failed,
6 bad input, 7 gate blocked) raises AirflowFailException: failed at once, no retry. No status
object, one still saying "running", or one older than this try means the driver was lost before
it ended (killed, out of memory, node gone): retried. A step still running after
JOB_TIMEOUT is cancelled and retried; a step of the same date left running by a killed try is
cancelled before a new one is added, so two runs never write the same day.

Alerting. Every task calls notify_failure when it fails for good (not when it will be retried).
It sends one message to each notifier configured in Airflow Variables:
    alert_recs_alert_sns_topic_arn   an SNS topic ARN (published with the AWS connection; the
                                     role needs sns:Publish on it)
    alert_recs_alert_webhook_url     a URL that takes a JSON POST {"text": "..."} (Slack or
                                     Teams incoming webhook, a chat bot, an HTTP endpoint)
With neither set the failure is only logged (and shown in the UI).

The requests are built by alert_recs_job.py (scripts/lib/ in the repository), the module the
scripts emr-add-step.sh and emr-serverless-start.sh use, so the DAG runs exactly what
`scripts/emr-add-step.sh --date D ... --dry-run` prints. Deploy it next to this file in the DAGs
folder. The jar and the settings file must already be in S3 (the scripts upload them).

Airflow Variables (also settable as environment variables AIRFLOW_VAR_<NAME in upper case>):
    alert_recs_platform             emr (default) or emr-serverless
    alert_recs_jar_uri              s3://bucket/jars/alert-recs.jar
    alert_recs_conf_uri             s3://bucket/conf/emr.properties (EMR Serverless reads it and
                                    expands it into the request)
    alert_recs_input                s3://bucket/raw    (input root: actions/, catalog/)
    alert_recs_output               s3://bucket/recs   (output root: tables, latest.json, _status/)
  EMR on EC2:
    alert_recs_cluster_id           EMR cluster id, j-...
    alert_recs_hash_key_uri         s3://secure-bucket/alert-recs/user-hash.key (the user-hash
                                    secret, shipped with --files)
  EMR Serverless:
    alert_recs_serverless_app_id    the application id
    alert_recs_job_role_arn         the job's runtime role
    alert_recs_log_uri              s3://bucket/logs/emr-serverless/
    alert_recs_hash_key_secret      Secrets Manager secret name holding the user-hash key
  Alerting: alert_recs_alert_sns_topic_arn, alert_recs_alert_webhook_url (above).
Environment of the scheduler and workers (read when the DAG file is parsed):
    ALERT_RECS_AWS_CONN_ID    Airflow connection for AWS (default aws_default)
    ALERT_RECS_START_DATE     first run date, YYYY-MM-DD (default 2026-11-01)

Sensors read Variables through Jinja ({{ var.value... }}) and tasks read them when they run, so
parsing this file does not query the metadata database.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.models import Variable
from airflow.operators.python import PythonOperator
from airflow.providers.amazon.aws.hooks.emr import EmrHook, EmrServerlessHook
from airflow.providers.amazon.aws.hooks.s3 import S3Hook
from airflow.providers.amazon.aws.hooks.sns import SnsHook
from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor
from airflow.sensors.time_delta import TimeDeltaSensor

try:
    import alert_recs_job as job
except ModuleNotFoundError:  # in the repository: scripts/airflow/ next to scripts/lib/
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
    import alert_recs_job as job

AWS_CONN_ID = os.environ.get("ALERT_RECS_AWS_CONN_ID", "aws_default")
START_DATE = datetime.strptime(
    os.environ.get("ALERT_RECS_START_DATE", "2026-11-01"), "%Y-%m-%d"
).replace(tzinfo=timezone.utc)

INPUT = "{{ var.value.alert_recs_input.rstrip('/') }}"
RUN_DATE = "{{ ds }}"
NEXT_DAY = "{{ macros.ds_add(ds, 1) }}"
# After D ends, wait this long before running D (see "Late data and the schedule").
LATE_DATA_GRACE = timedelta(hours=6)
# A step or job run still going after this is cancelled (and the try fails, retryably).
JOB_TIMEOUT = timedelta(hours=4)
POLL_INTERVAL = timedelta(minutes=1)

EMR_ACTIVE_STATES = {"PENDING", "RUNNING", "CANCEL_PENDING"}
SERVERLESS_ACTIVE_STATES = {"SUBMITTED", "PENDING", "SCHEDULED", "RUNNING", "QUEUED"}


def _var(name: str, required: bool = True) -> str:
    value = Variable.get(name, default_var="").strip()
    if required and not value:
        raise AirflowFailException(f"Airflow Variable {name} is not set")
    return value


def _wait(describe, active_states: set[str], timeout: timedelta) -> tuple[str, str] | None:
    """Polls describe() -> (state, detail) until the state leaves active_states; None on timeout."""
    deadline = time.monotonic() + timeout.total_seconds()
    while True:
        state, detail = describe()
        if state not in active_states:
            return state, detail
        if time.monotonic() > deadline:
            return None
        time.sleep(POLL_INTERVAL.total_seconds())


def _run_emr_step(date_args: list[str], name: str, output: str) -> tuple[bool, str]:
    """Adds the step and waits for it: (succeeded, what happened)."""
    cluster_id = _var("alert_recs_cluster_id")
    step = job.emr_step(
        date_args=date_args,
        jar_uri=_var("alert_recs_jar_uri"),
        conf_uri=_var("alert_recs_conf_uri"),
        input_uri=_var("alert_recs_input").rstrip("/"),
        output_uri=output,
        hash_key_uri=_var("alert_recs_hash_key_uri", required=False) or None,
        name=name,
    )
    hook = EmrHook(aws_conn_id=AWS_CONN_ID)
    emr = hook.get_conn()
    # A step of this date left running by a try Airflow lost track of would write the same day.
    leftovers = [
        s["Id"]
        for page in emr.get_paginator("list_steps").paginate(
            ClusterId=cluster_id, StepStates=sorted(EMR_ACTIVE_STATES - {"CANCEL_PENDING"})
        )
        for s in page["Steps"]
        if job.is_run_of(s["Name"], date_args)
    ]
    if leftovers:
        logging.warning("cancelling steps of the same date still active: %s", leftovers)
        emr.cancel_steps(ClusterId=cluster_id, StepIds=leftovers)
    step_id = hook.add_job_flow_steps(job_flow_id=cluster_id, steps=[step])[0]
    logging.info("added step %s to %s: %s", step_id, cluster_id, step["HadoopJarStep"]["Args"])

    def describe() -> tuple[str, str]:
        status = emr.describe_step(ClusterId=cluster_id, StepId=step_id)["Step"]["Status"]
        detail = status.get("FailureDetails") or status.get("StateChangeReason") or {}
        return status["State"], json.dumps(detail)

    ended = _wait(describe, EMR_ACTIVE_STATES, JOB_TIMEOUT)
    if ended is None:
        emr.cancel_steps(ClusterId=cluster_id, StepIds=[step_id])
        raise AirflowException(f"step {step_id} still running after {JOB_TIMEOUT}: cancelled")
    state, detail = ended
    return state == "COMPLETED", f"step {step_id} {state} {detail}"


def _run_serverless(date_args: list[str], name: str, output: str) -> tuple[bool, str]:
    """Starts the job run and waits for it: (succeeded, what happened)."""
    application_id = _var("alert_recs_serverless_app_id")
    conf_bucket, conf_key = S3Hook.parse_s3_url(_var("alert_recs_conf_uri"))
    properties = job.parse_properties(
        S3Hook(aws_conn_id=AWS_CONN_ID).read_key(conf_key, bucket_name=conf_bucket)
    )
    request = job.serverless_request(
        application_id=application_id,
        execution_role_arn=_var("alert_recs_job_role_arn"),
        date_args=date_args,
        jar_uri=_var("alert_recs_jar_uri"),
        input_uri=_var("alert_recs_input").rstrip("/"),
        output_uri=output,
        log_uri=_var("alert_recs_log_uri"),
        properties=properties,
        hash_key_secret=_var("alert_recs_hash_key_secret", required=False) or None,
        name=name,
    )
    client = EmrServerlessHook(aws_conn_id=AWS_CONN_ID).conn
    for page in client.get_paginator("list_job_runs").paginate(
        applicationId=application_id, states=sorted(SERVERLESS_ACTIVE_STATES)
    ):
        for run in page["jobRuns"]:
            if job.is_run_of(run.get("name", ""), date_args):
                logging.warning("cancelling job run %s of the same date", run["id"])
                client.cancel_job_run(applicationId=application_id, jobRunId=run["id"])
    run_id = client.start_job_run(**request)["jobRunId"]
    logging.info("started job run %s on %s", run_id, application_id)

    def describe() -> tuple[str, str]:
        run = client.get_job_run(applicationId=application_id, jobRunId=run_id)["jobRun"]
        return run["state"], run.get("stateDetails", "")

    ended = _wait(describe, SERVERLESS_ACTIVE_STATES, JOB_TIMEOUT)
    if ended is None:
        client.cancel_job_run(applicationId=application_id, jobRunId=run_id)
        raise AirflowException(f"job run {run_id} still running after {JOB_TIMEOUT}: cancelled")
    state, detail = ended
    return state == "SUCCESS", f"job run {run_id} {state} {detail}"


def _read_status(output: str, ds: str) -> dict | None:
    """The run's status object, or None when there is none (or it is not JSON)."""
    hook = S3Hook(aws_conn_id=AWS_CONN_ID)
    bucket, key = S3Hook.parse_s3_url(job.status_uri(output, ds))
    if not hook.check_for_key(key, bucket_name=bucket):
        return None
    try:
        status = json.loads(hook.read_key(key, bucket_name=bucket))
    except ValueError:
        logging.warning("s3://%s/%s is not JSON", bucket, key)
        return None
    logging.info("status object: %s", status)
    return status


def run_job(ds: str, ti, **_context) -> None:
    """Runs the job for ds once (a new step or job run per try) and classifies a failure."""
    platform = Variable.get("alert_recs_platform", default_var="emr").strip()
    output = _var("alert_recs_output").rstrip("/")
    date_args = job.date_arguments(ds)
    name = job.run_name(date_args, try_number=ti.try_number)
    submitted_at = datetime.now(timezone.utc)
    if platform == "emr":
        succeeded, what = _run_emr_step(date_args, name, output)
    elif platform == "emr-serverless":
        succeeded, what = _run_serverless(date_args, name, output)
    else:
        raise AirflowFailException(
            f"alert_recs_platform must be emr or emr-serverless, got {platform!r}"
        )
    if succeeded:
        logging.info("%s", what)
        return
    retryable, summary = job.classify_status(_read_status(output, ds), submitted_at)
    message = f"alert-recs {ds} failed: {what}; {summary}"
    if retryable:
        raise AirflowException(message + " (worth retrying)")
    raise AirflowFailException(message + " (not retried: needs a person, see the runbook)")


def check_latest_manifest(ds: str, **_context) -> None:
    """Fails unless the run for ds is published.

    Passes when latest.json names ds, or names a newer date while ds's runs partition exists
    (re-running an old date must not move `latest` backwards, so the manifest may stay newer).
    """
    output = _var("alert_recs_output").rstrip("/")
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


def notify_failure(context) -> None:
    """on_failure_callback: one message to each notifier configured (see the module docstring)."""
    ti = context["task_instance"]
    text = (
        f"alert-recs: task {ti.task_id} of {ti.dag_id} failed for {context['ds']} "
        f"(try {ti.try_number}): {context.get('exception')}. Log: {ti.log_url}"
    )
    topic = Variable.get("alert_recs_alert_sns_topic_arn", default_var="").strip()
    webhook = Variable.get("alert_recs_alert_webhook_url", default_var="").strip()
    if topic:
        SnsHook(aws_conn_id=AWS_CONN_ID).publish_to_target(
            target_arn=topic, message=text, subject=f"alert-recs failed for {context['ds']}"
        )
    if webhook:
        request = urllib.request.Request(
            webhook,
            data=json.dumps({"text": text}).encode("utf-8"),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            logging.info("webhook answered %s", response.status)
    if not topic and not webhook:
        logging.warning("no notifier configured (alert_recs_alert_sns_topic_arn/_webhook_url): %s", text)


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
        "on_failure_callback": notify_failure,
    },
    dagrun_timeout=timedelta(hours=36),
    tags=["alert-recs", "emr", "spark"],
) as dag:
    grace_period = TimeDeltaSensor(
        task_id="grace_period",
        delta=LATE_DATA_GRACE,
        mode="reschedule",
        poke_interval=timedelta(minutes=10).total_seconds(),
    )

    wait_for_input = S3KeySensor(
        task_id="wait_for_input",
        bucket_key=INPUT + "/actions/dt=" + RUN_DATE + "/*",
        wildcard_match=True,
        aws_conn_id=AWS_CONN_ID,
        mode="reschedule",
        poke_interval=timedelta(minutes=10).total_seconds(),
        timeout=timedelta(hours=6).total_seconds(),
    )

    wait_for_next_day = S3KeySensor(
        task_id="wait_for_next_day",
        bucket_key=INPUT + "/actions/dt=" + NEXT_DAY + "/*",
        wildcard_match=True,
        aws_conn_id=AWS_CONN_ID,
        mode="reschedule",
        poke_interval=timedelta(minutes=10).total_seconds(),
        timeout=timedelta(hours=12).total_seconds(),
    )

    run = PythonOperator(
        task_id="run_job",
        python_callable=run_job,
        # the step's own limit (JOB_TIMEOUT) comes first; this one catches a stuck worker
        execution_timeout=JOB_TIMEOUT + timedelta(minutes=30),
    )

    check_manifest = PythonOperator(
        task_id="check_latest_manifest",
        python_callable=check_latest_manifest,
    )

    grace_period >> wait_for_input >> wait_for_next_day >> run >> check_manifest
