#!/usr/bin/env bash
# Runs alert-recs on a running EMR (on EC2) cluster as one step:
#   build the jar -> upload jar + settings to S3 -> aws emr add-steps (command-runner.jar, spark-submit).
#
#   scripts/emr-add-step.sh --cluster-id j-ABC --bucket my-bucket --date 2026-11-25
#   scripts/emr-add-step.sh --cluster-id j-ABC --bucket my-bucket --from 2026-11-01 --to 2026-11-25
#   scripts/emr-add-step.sh ... --dry-run      # print the add-steps JSON, touch nothing
#
# The settings file reaches the driver through `--files` (YARN puts it in the driver's working
# directory), so the job reads it by its base name: `--conf emr.properties`. The step itself is
# built by lib/alert_recs_job.py, the same code the Airflow DAG uses.
set -euo pipefail

PROG=$(basename "$0")
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

usage() {
  cat <<USAGE
usage: $PROG --cluster-id ID (--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD)
             (--bucket NAME | --jar-uri S3URI --input S3URI --output S3URI) [options]

Adds one spark-submit step for alert-recs to an EMR cluster.

  --cluster-id ID          the EMR cluster (j-...)
  --conf-uri S3URI         where the settings file goes (default: s3://NAME/conf/, or next to the jar)
  --hash-key-uri S3URI     file holding the user-hash secret; shipped with --files and named by
                           --set user_hash_key_file=<its base name>
  --action-on-failure A    CONTINUE (default), CANCEL_AND_WAIT or TERMINATE_CLUSTER
$COMMON_USAGE
USAGE
}

CLUSTER_ID="" CONF_URI="" HASH_KEY_URI="" ACTION_ON_FAILURE=CONTINUE

while [[ $# -gt 0 ]]; do
  case $1 in
    --cluster-id) need_value "$1" $# "${2-}"; CLUSTER_ID=$2; shift 2 ;;
    --conf-uri) need_value "$1" $# "${2-}"; CONF_URI=$2; shift 2 ;;
    --hash-key-uri) need_value "$1" $# "${2-}"; HASH_KEY_URI=$2; shift 2 ;;
    --action-on-failure) need_value "$1" $# "${2-}"; ACTION_ON_FAILURE=$2; shift 2 ;;
    *) parse_common_option "$@"; shift "$SHIFT" ;;
  esac
done

[[ -n $CLUSTER_ID ]] || usage_error "missing --cluster-id"
[[ $CLUSTER_ID =~ ^j-[A-Za-z0-9]+$ ]] || usage_error "--cluster-id must look like j-XXXXXXXX, got: $CLUSTER_ID"
resolve_dates
case $ACTION_ON_FAILURE in
  CONTINUE | CANCEL_AND_WAIT | TERMINATE_CLUSTER | TERMINATE_JOB_FLOW) ;;
  *) usage_error "--action-on-failure must be CONTINUE, CANCEL_AND_WAIT or TERMINATE_CLUSTER, got: $ACTION_ON_FAILURE" ;;
esac
resolve_locations CONF_URI
[[ -z $HASH_KEY_URI ]] || check_s3_uri --hash-key-uri "$HASH_KEY_URI"

common_request_args
REQUEST_ARGS+=(--conf-uri "$CONF_URI" --action-on-failure "$ACTION_ON_FAILURE")
[[ -z $HASH_KEY_URI ]] || REQUEST_ARGS+=(--hash-key-uri "$HASH_KEY_URI")
STEPS=$(build_request emr-step "${REQUEST_ARGS[@]}")

if [[ $DRY_RUN -eq 1 ]]; then
  printf '%s\n' "$STEPS"
  exit 0
fi

aws_cli
build_jar
"${AWS[@]}" s3 cp --only-show-errors "$JAR" "$JAR_URI"
"${AWS[@]}" s3 cp --only-show-errors "$CONF_FILE" "$CONF_URI"

STEPS_FILE=$(mktemp "${TMPDIR:-/tmp}/alert-recs-steps.XXXXXX.json")
trap 'rm -f "$STEPS_FILE"' EXIT
printf '%s\n' "$STEPS" >"$STEPS_FILE"
# Prints {"StepIds": ["s-..."]}; follow it with: aws emr wait step-complete --cluster-id ... --step-id ...
"${AWS[@]}" emr add-steps --cluster-id "$CLUSTER_ID" --steps "file://$STEPS_FILE"
