#!/usr/bin/env bash
# Runs alert-recs as one EMR Serverless job run:
#   build the jar -> upload it to S3 -> aws emr-serverless start-job-run.
#
#   scripts/emr-serverless-start.sh --application-id 00f... --execution-role-arn arn:aws:iam::1:role/r \
#       --bucket my-bucket --date 2026-11-25
#   scripts/emr-serverless-start.sh ... --dry-run      # print the request JSON, touch nothing
#
# EMR Serverless has no YARN container directory to drop a settings file into, so the settings
# file is expanded into the request instead: `spark.*` keys become spark-submit `--conf`
# parameters, every other key becomes a job argument `--set key=value`. The job gets no `--conf`.
# The user-hash secret comes from AWS Secrets Manager (--hash-key-secret), resolved by EMR
# Serverless at run time; it never appears in the request. The request itself is built by
# lib/alert_recs_job.py, the same code the Airflow DAG uses.
set -euo pipefail

PROG=$(basename "$0")
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

usage() {
  cat <<USAGE
usage: $PROG --application-id ID --execution-role-arn ARN
             (--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD)
             (--bucket NAME | --jar-uri S3URI --input S3URI --output S3URI --log-uri S3URI) [options]

Starts one EMR Serverless job run of alert-recs (the application must be an EMR 7.x SPARK one).

  --application-id ID      the EMR Serverless application
  --execution-role-arn ARN the job's runtime role
  --log-uri S3URI          where EMR Serverless writes driver and executor logs
  --hash-key-secret NAME   Secrets Manager secret holding the user-hash key; passed to the driver
                           as the environment variable named by user_hash_key_env
$COMMON_USAGE
USAGE
}

APPLICATION_ID="" ROLE_ARN="" LOG_URI="" HASH_KEY_SECRET=""

while [[ $# -gt 0 ]]; do
  case $1 in
    --application-id) need_value "$1" $# "${2-}"; APPLICATION_ID=$2; shift 2 ;;
    --execution-role-arn) need_value "$1" $# "${2-}"; ROLE_ARN=$2; shift 2 ;;
    --log-uri) need_value "$1" $# "${2-}"; LOG_URI=$2; shift 2 ;;
    --hash-key-secret) need_value "$1" $# "${2-}"; HASH_KEY_SECRET=$2; shift 2 ;;
    *) parse_common_option "$@"; shift "$SHIFT" ;;
  esac
done

[[ -n $APPLICATION_ID ]] || usage_error "missing --application-id"
[[ $APPLICATION_ID =~ ^[0-9a-z]+$ ]] || usage_error "--application-id must be lower-case letters and digits, got: $APPLICATION_ID"
[[ -n $ROLE_ARN ]] || usage_error "missing --execution-role-arn"
[[ $ROLE_ARN =~ ^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$ ]] || usage_error "--execution-role-arn must be an IAM role ARN, got: $ROLE_ARN"
resolve_dates
resolve_locations LOG_URI

common_request_args
REQUEST_ARGS+=(--application-id "$APPLICATION_ID" --execution-role-arn "$ROLE_ARN"
  --log-uri "$LOG_URI" --conf-file "$CONF_FILE")
[[ -z $HASH_KEY_SECRET ]] || REQUEST_ARGS+=(--hash-key-secret "$HASH_KEY_SECRET")
REQUEST=$(build_request serverless-request "${REQUEST_ARGS[@]}")

if [[ $DRY_RUN -eq 1 ]]; then
  printf '%s\n' "$REQUEST"
  exit 0
fi

aws_cli
build_jar
"${AWS[@]}" s3 cp --only-show-errors "$JAR" "$JAR_URI"

REQUEST_FILE=$(mktemp "${TMPDIR:-/tmp}/alert-recs-job-run.XXXXXX.json")
trap 'rm -f "$REQUEST_FILE"' EXIT
printf '%s\n' "$REQUEST" >"$REQUEST_FILE"
# Prints {"applicationId", "jobRunId", "arn"}; follow it with: aws emr-serverless get-job-run ...
"${AWS[@]}" emr-serverless start-job-run --cli-input-json "file://$REQUEST_FILE"
