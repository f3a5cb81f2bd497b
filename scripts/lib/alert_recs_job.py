"""How alert-recs is submitted to Amazon EMR and how its outcome is read: the one place that
writes the spark-submit arguments.

Used three ways, all with the Python standard library only:
  * scripts/emr-add-step.sh and scripts/emr-serverless-start.sh run it (`emr-step`,
    `serverless-request`) after parsing and checking their options, and print or send the JSON it
    returns;
  * the Airflow DAG (scripts/airflow/alert_recs_dag.py) imports it and builds the same requests at
    run time; deploy this file next to the DAG file in the DAGs folder;
  * `classify-status` reads a run's status object on stdin and prints whether a failed run is
    worth retrying (what the DAG decides after a failed step).

The requests:
  * EMR on EC2: one step, command-runner.jar running spark-submit in YARN cluster mode with one
    application attempt (retries belong to the scheduler, which resubmits the whole step). The
    settings file is shipped with --files, so the driver reads it by its base name (--conf NAME).
  * EMR Serverless: one start-job-run request. There is no container directory to ship a file
    into, so the settings file is expanded: `spark.*` keys become spark-submit --conf parameters,
    every other key a job argument --set key=value. The user-hash secret is named, never
    included: EMR Serverless resolves `EMR.secret@NAME` when the driver starts.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone

MAIN_CLASS = "dev.alertrecs.AlertRecs"
JOB_COMMAND = "daily"
STEP_JAR = "command-runner.jar"
# spark-submit options of the EMR step, before the per-run --files and --conf options.
EMR_SUBMIT_OPTIONS = ["--deploy-mode", "cluster", "--conf", "spark.yarn.maxAppAttempts=1"]
DEFAULT_HASH_KEY_ENV = "ALERT_RECS_USER_HASH_KEY"
DEFAULT_CONF_NAME = "emr.properties"

# Where everything goes under one bucket when only --bucket is given.
BUCKET_LAYOUT = {
    "jar_uri": "jars/alert-recs.jar",
    "conf_dir": "conf",
    "input": "raw",
    "output": "recs",
    "log_uri": "logs/emr-serverless/",
}

# The job writes its outcome to <output>/_status/dt=<run date>.json: status "running" when it
# starts, "succeeded" or "failed" (with exit_code, outcome, retryable, message) when it ends.
STATUS_PREFIX = "_status"
# Exit codes worth running again unchanged: 3 the input is not there yet, 5 storage failed.
# 1 internal error, 2 usage, 4 checks failed, 6 bad input, 7 gate blocked need a person.
RETRYABLE_EXIT_CODES = (3, 5)


def bucket_defaults(bucket: str, conf_name: str = DEFAULT_CONF_NAME) -> dict:
    """The default S3 locations of one bucket (scripts' --bucket)."""
    return {
        "jar_uri": f"s3://{bucket}/{BUCKET_LAYOUT['jar_uri']}",
        "conf_uri": f"s3://{bucket}/{BUCKET_LAYOUT['conf_dir']}/{conf_name}",
        "input": f"s3://{bucket}/{BUCKET_LAYOUT['input']}",
        "output": f"s3://{bucket}/{BUCKET_LAYOUT['output']}",
        "log_uri": f"s3://{bucket}/{BUCKET_LAYOUT['log_uri']}",
    }


def base_name(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


def date_arguments(date: str | None = None, date_from: str | None = None,
                   date_to: str | None = None) -> list[str]:
    """--date D, or --from D1 --to D2 (an inclusive range, run oldest first)."""
    if date:
        return ["--date", date]
    if date_from and date_to:
        return ["--from", date_from, "--to", date_to]
    raise ValueError("a run needs a date or a from/to range")


def run_label(date_args: list[str]) -> str:
    return date_args[1] if date_args[0] == "--date" else f"{date_args[1]}..{date_args[3]}"


def run_name(date_args: list[str], try_number: int | None = None) -> str:
    """The step / job run name: "alert-recs daily 2026-11-25", plus " try N" from the DAG."""
    name = f"alert-recs daily {run_label(date_args)}"
    return name if try_number is None else f"{name} try {try_number}"


def is_run_of(name: str, date_args: list[str]) -> bool:
    """Whether a step or job run of that name runs these dates (from a script or any DAG try)."""
    base = run_name(date_args)
    return name == base or name.startswith(base + " try ")


def job_arguments(date_args: list[str], input_uri: str, output_uri: str,
                  conf_name: str | None = None, sets: list[str] | tuple = ()) -> list[str]:
    """The job's own command line (after the jar). --set comes after --conf, so it wins."""
    args = [JOB_COMMAND, *date_args, "--input", input_uri, "--output", output_uri]
    if conf_name:
        args += ["--conf", conf_name]
    for kv in sets:
        args += ["--set", kv]
    return args


def emr_step(*, date_args: list[str], jar_uri: str, conf_uri: str, input_uri: str,
             output_uri: str, hash_key_uri: str | None = None, sets: list[str] | tuple = (),
             spark_confs: list[str] | tuple = (), name: str | None = None,
             action_on_failure: str = "CONTINUE") -> dict:
    """One EMR step (an element of add-job-flow-steps' Steps)."""
    files = [conf_uri]
    job_sets = []
    if hash_key_uri:
        files.append(hash_key_uri)
        job_sets.append(f"user_hash_key_file={base_name(hash_key_uri)}")
    job_sets += list(sets)
    submit = ["spark-submit", *EMR_SUBMIT_OPTIONS[:2], "--class", MAIN_CLASS,
              *EMR_SUBMIT_OPTIONS[2:], "--files", ",".join(files)]
    for kv in spark_confs:
        submit += ["--conf", kv]
    args = submit + [jar_uri] + job_arguments(
        date_args, input_uri, output_uri, conf_name=base_name(conf_uri), sets=job_sets)
    return {
        "Name": name or run_name(date_args),
        "ActionOnFailure": action_on_failure,
        "HadoopJarStep": {"Jar": STEP_JAR, "Args": args},
    }


def parse_properties(text: str) -> list[tuple[str, str]]:
    """key=value pairs of a Java properties file, in file order (the simple form our conf files
    use: no line continuations or escapes)."""
    pairs = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#!":
            continue
        cuts = [i for i in (line.find("="), line.find(":")) if i >= 0]
        if not cuts:
            pairs.append((line, ""))
        else:
            cut = min(cuts)
            pairs.append((line[:cut].strip(), line[cut + 1:].strip()))
    return pairs


def serverless_request(*, application_id: str, execution_role_arn: str, date_args: list[str],
                       jar_uri: str, input_uri: str, output_uri: str, log_uri: str,
                       properties: list[tuple[str, str]], hash_key_secret: str | None = None,
                       sets: list[str] | tuple = (), spark_confs: list[str] | tuple = (),
                       name: str | None = None) -> dict:
    """One EMR Serverless start-job-run request, the settings file expanded into it."""
    submit = ["--class", MAIN_CLASS]
    job_sets = []
    hash_key_env = DEFAULT_HASH_KEY_ENV

    def job_set(key: str, value: str) -> None:
        nonlocal hash_key_env
        job_sets.append(f"{key}={value}")
        if key == "user_hash_key_env" and value:
            hash_key_env = value

    for key, value in properties:
        if key.startswith("spark."):
            submit += ["--conf", f"{key}={value}"]
        elif value:
            # an empty value is the default of the only key allowed to be empty (user_hash_key_file)
            job_set(key, value)
    for kv in spark_confs:
        submit += ["--conf", kv]
    # command-line settings after the file's, so they win (the job's own precedence)
    for kv in sets:
        key, _, value = kv.partition("=")
        job_set(key, value)
    if hash_key_secret:
        submit += ["--conf",
                   f"spark.emr-serverless.driverEnv.{hash_key_env}=EMR.secret@{hash_key_secret}"]
    # sparkSubmitParameters is one space-separated string: a value with a space would split.
    for p in submit:
        if " " in p:
            raise ValueError(f"spark settings cannot contain spaces on EMR Serverless, got: {p}")
    return {
        "applicationId": application_id,
        "executionRoleArn": execution_role_arn,
        "name": name or run_name(date_args),
        "jobDriver": {
            "sparkSubmit": {
                "entryPoint": jar_uri,
                "entryPointArguments": job_arguments(
                    date_args, input_uri, output_uri, sets=job_sets),
                "sparkSubmitParameters": " ".join(submit),
            }
        },
        "configurationOverrides": {
            "monitoringConfiguration": {"s3MonitoringConfiguration": {"logUri": log_uri}}
        },
    }


def status_uri(output_uri: str, run_date: str) -> str:
    """Where the run for run_date writes its outcome."""
    return f"{output_uri.rstrip('/')}/{STATUS_PREFIX}/dt={run_date}.json"


def _instant(text) -> datetime | None:
    try:
        t = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def classify_status(status: dict | None,
                    submitted_at: datetime | None = None) -> tuple[bool, str]:
    """After a failed step or job run: (worth retrying, what happened).

    No status object, one still saying "running", or one that ended before this run was submitted
    (left by an earlier run) means the driver died before it could write the outcome (killed, out
    of memory, node lost): retried. Otherwise the job's own `retryable` decides; an object without
    it falls back to the exit code.
    """
    if not isinstance(status, dict):
        return True, "the run left no status object (driver lost before it ended)"
    state = status.get("status")
    finished = _instant(status.get("finished_at")) if status.get("finished_at") else None
    if submitted_at is not None and finished is not None and finished < submitted_at:
        return True, (f"the status object ended at {status.get('finished_at')}, before this run "
                      "was submitted (driver lost before it ended)")
    if state == "running":
        return True, "the status object still says running (driver lost before it ended)"
    if state == "succeeded":
        # the job published and the step still failed (YARN or the cluster after the driver
        # ended): running the day again overwrites the same outputs, so it is safe to retry
        return True, "the status object says succeeded but the run failed after it"
    exit_code = status.get("exit_code")
    summary = (f"status {state}, exit code {exit_code}, outcome {status.get('outcome')}: "
               f"{status.get('message', '')}").strip()
    retryable = status.get("retryable")
    if isinstance(retryable, bool):
        return retryable, summary
    return exit_code in RETRYABLE_EXIT_CODES, summary


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="alert_recs_job.py")
    parser.add_argument("--prog", default="alert_recs_job.py", help="name to prefix errors with")
    sub = parser.add_subparsers(dest="command", required=True)

    def run_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--date")
        p.add_argument("--from", dest="date_from")
        p.add_argument("--to", dest="date_to")
        p.add_argument("--jar-uri", required=True)
        p.add_argument("--input", required=True)
        p.add_argument("--output", required=True)
        p.add_argument("--set", dest="sets", action="append", default=[])
        p.add_argument("--spark-conf", dest="spark_confs", action="append", default=[])
        p.add_argument("--name")

    step = sub.add_parser("emr-step", help="print the add-steps Steps JSON")
    run_options(step)
    step.add_argument("--conf-uri", required=True)
    step.add_argument("--hash-key-uri")
    step.add_argument("--action-on-failure", default="CONTINUE")

    serverless = sub.add_parser("serverless-request", help="print the start-job-run request JSON")
    run_options(serverless)
    serverless.add_argument("--application-id", required=True)
    serverless.add_argument("--execution-role-arn", required=True)
    serverless.add_argument("--log-uri", required=True)
    serverless.add_argument("--conf-file", required=True)
    serverless.add_argument("--hash-key-secret")

    classify = sub.add_parser("classify-status",
                              help="read a status object (JSON, or nothing) on stdin")
    classify.add_argument("--submitted-at", help="when the run was submitted (ISO 8601)")

    args = parser.parse_args(argv)
    if args.command == "classify-status":
        text = sys.stdin.read().strip()
        submitted = _instant(args.submitted_at) if args.submitted_at else None
        retryable, reason = classify_status(json.loads(text) if text else None, submitted)
        print(json.dumps({"retryable": retryable, "reason": reason}))
        return 0

    date_args = date_arguments(args.date, args.date_from, args.date_to)
    common = dict(date_args=date_args, jar_uri=args.jar_uri, input_uri=args.input,
                  output_uri=args.output, sets=args.sets, spark_confs=args.spark_confs,
                  name=args.name)
    try:
        if args.command == "emr-step":
            out = [emr_step(conf_uri=args.conf_uri, hash_key_uri=args.hash_key_uri,
                            action_on_failure=args.action_on_failure, **common)]
        else:
            with open(args.conf_file, encoding="utf-8") as f:
                properties = parse_properties(f.read())
            out = serverless_request(application_id=args.application_id,
                                     execution_role_arn=args.execution_role_arn,
                                     log_uri=args.log_uri, properties=properties,
                                     hash_key_secret=args.hash_key_secret, **common)
    except ValueError as e:
        print(f"{args.prog}: error: {e}", file=sys.stderr)
        return 2
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
