#!/usr/bin/env bash
# Runs alert-recs on a running EMR (on EC2) cluster as one step:
#   build the jar -> upload jar + settings to S3 -> aws emr add-steps (command-runner.jar, spark-submit).
#
#   scripts/emr-add-step.sh --cluster-id j-ABC --bucket my-bucket --date 2026-11-25
#   scripts/emr-add-step.sh --cluster-id j-ABC --bucket my-bucket --from 2026-11-01 --to 2026-11-25
#   scripts/emr-add-step.sh ... --dry-run      # print the add-steps JSON, touch nothing
#
# The settings file reaches the driver through `--files` (YARN puts it in the driver's working
# directory), so the job reads it by its base name: `--conf emr.properties`.
set -euo pipefail

PROG=$(basename "$0")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

MAIN_CLASS=dev.alertrecs.AlertRecs

usage() {
  cat <<USAGE
usage: $PROG --cluster-id ID (--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD)
             (--bucket NAME | --jar-uri S3URI --input S3URI --output S3URI) [options]

Adds one spark-submit step for alert-recs to an EMR cluster.

  --cluster-id ID          the EMR cluster (j-...)
  --date D | --from D --to D
                           one run date, or an inclusive range (backfill, oldest first)
  --bucket NAME            defaults: jar s3://NAME/jars/alert-recs.jar, settings
                           s3://NAME/conf/<conf file name>, input s3://NAME/raw, output s3://NAME/recs
  --jar-uri S3URI          where the job jar goes
  --conf-uri S3URI         where the settings file goes (default: next to the jar, or s3://NAME/conf/)
  --input S3URI            input root (actions/, catalog/)
  --output S3URI           output root (one folder per table, latest.json)
  --conf-file PATH         local settings file to ship (default: conf/emr.properties)
  --hash-key-uri S3URI     file holding the user-hash secret; shipped with --files and named by
                           --set user_hash_key_file=<its base name>
  --set KEY=VALUE          job setting override (repeatable)
  --spark-conf KEY=VALUE   extra spark-submit --conf, e.g. spark.executor.memory=8g (repeatable)
  --name TEXT              step name (default: alert-recs daily <date>)
  --action-on-failure A    CONTINUE (default), CANCEL_AND_WAIT or TERMINATE_CLUSTER
  --region REGION          passed to the aws CLI
  --no-build               upload the jar already in jobs/target/
  --dry-run                print the add-steps Steps JSON and exit; builds, uploads and calls nothing
  -h, --help               this text
USAGE
}

CLUSTER_ID="" DATE="" FROM="" TO="" BUCKET="" JAR_URI="" CONF_URI="" INPUT="" OUTPUT=""
CONF_FILE="$ROOT/conf/emr.properties" HASH_KEY_URI="" NAME="" ACTION_ON_FAILURE=CONTINUE REGION=""
BUILD=1 DRY_RUN=0
SETS=() SPARK_CONFS=()

while [[ $# -gt 0 ]]; do
  case $1 in
    --cluster-id) need_value "$1" $# "${2-}"; CLUSTER_ID=$2; shift 2 ;;
    --date) need_value "$1" $# "${2-}"; DATE=$2; shift 2 ;;
    --from) need_value "$1" $# "${2-}"; FROM=$2; shift 2 ;;
    --to) need_value "$1" $# "${2-}"; TO=$2; shift 2 ;;
    --bucket) need_value "$1" $# "${2-}"; BUCKET=$2; shift 2 ;;
    --jar-uri) need_value "$1" $# "${2-}"; JAR_URI=$2; shift 2 ;;
    --conf-uri) need_value "$1" $# "${2-}"; CONF_URI=$2; shift 2 ;;
    --input) need_value "$1" $# "${2-}"; INPUT=$2; shift 2 ;;
    --output) need_value "$1" $# "${2-}"; OUTPUT=$2; shift 2 ;;
    --conf-file) need_value "$1" $# "${2-}"; CONF_FILE=$2; shift 2 ;;
    --hash-key-uri) need_value "$1" $# "${2-}"; HASH_KEY_URI=$2; shift 2 ;;
    --set) need_value "$1" $# "${2-}"; check_key_value "$1" "$2"; SETS+=("$2"); shift 2 ;;
    --spark-conf) need_value "$1" $# "${2-}"; check_key_value "$1" "$2"; SPARK_CONFS+=("$2"); shift 2 ;;
    --name) need_value "$1" $# "${2-}"; NAME=$2; shift 2 ;;
    --action-on-failure) need_value "$1" $# "${2-}"; ACTION_ON_FAILURE=$2; shift 2 ;;
    --region) need_value "$1" $# "${2-}"; REGION=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown option: $1 (see --help)" ;;
  esac
done

[[ -n $CLUSTER_ID ]] || usage_error "missing --cluster-id"
[[ $CLUSTER_ID =~ ^j-[A-Za-z0-9]+$ ]] || usage_error "--cluster-id must look like j-XXXXXXXX, got: $CLUSTER_ID"
resolve_dates
case $ACTION_ON_FAILURE in
  CONTINUE | CANCEL_AND_WAIT | TERMINATE_CLUSTER | TERMINATE_JOB_FLOW) ;;
  *) usage_error "--action-on-failure must be CONTINUE, CANCEL_AND_WAIT or TERMINATE_CLUSTER, got: $ACTION_ON_FAILURE" ;;
esac

[[ -f $CONF_FILE ]] || usage_error "--conf-file not found: $CONF_FILE"
CONF_NAME=$(basename "$CONF_FILE")
if [[ -n $BUCKET ]]; then
  [[ $BUCKET =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || usage_error "--bucket must be a bucket name, got: $BUCKET"
  JAR_URI=${JAR_URI:-s3://$BUCKET/jars/alert-recs.jar}
  CONF_URI=${CONF_URI:-s3://$BUCKET/conf/$CONF_NAME}
  INPUT=${INPUT:-s3://$BUCKET/raw}
  OUTPUT=${OUTPUT:-s3://$BUCKET/recs}
fi
[[ -n $JAR_URI ]] || usage_error "missing --jar-uri (or --bucket)"
[[ -n $INPUT ]] || usage_error "missing --input (or --bucket)"
[[ -n $OUTPUT ]] || usage_error "missing --output (or --bucket)"
CONF_URI=${CONF_URI:-${JAR_URI%/*}/$CONF_NAME}
check_s3_uri --jar-uri "$JAR_URI"
check_s3_uri --conf-uri "$CONF_URI"
check_s3_uri --input "$INPUT"
check_s3_uri --output "$OUTPUT"
[[ -z $HASH_KEY_URI ]] || check_s3_uri --hash-key-uri "$HASH_KEY_URI"
NAME=${NAME:-alert-recs daily $RUN_LABEL}

# spark-submit runs the driver inside YARN (cluster mode) so the step survives the master's
# session; one YARN attempt, because retries belong to the scheduler, not to YARN.
FILES=$CONF_URI
JOB_SETS=()
if [[ -n $HASH_KEY_URI ]]; then
  FILES+=",$HASH_KEY_URI"
  JOB_SETS+=(--set "user_hash_key_file=$(basename "$HASH_KEY_URI")")
fi
for kv in ${SETS[@]+"${SETS[@]}"}; do JOB_SETS+=(--set "$kv"); done
SPARK_ARGS=(spark-submit --deploy-mode cluster --class "$MAIN_CLASS"
  --conf spark.yarn.maxAppAttempts=1 --files "$FILES")
for kv in ${SPARK_CONFS[@]+"${SPARK_CONFS[@]}"}; do SPARK_ARGS+=(--conf "$kv"); done
STEP_ARGS=("${SPARK_ARGS[@]}" "$JAR_URI" daily "${DATE_ARGS[@]}"
  --input "$INPUT" --output "$OUTPUT" --conf "$CONF_NAME" ${JOB_SETS[@]+"${JOB_SETS[@]}"})

steps_json() {
  python3 -c '
import json, sys
name, action, *args = sys.argv[1:]
steps = [{
    "Name": name,
    "ActionOnFailure": action,
    "HadoopJarStep": {"Jar": "command-runner.jar", "Args": args},
}]
print(json.dumps(steps, indent=2))
' "$NAME" "$ACTION_ON_FAILURE" "${STEP_ARGS[@]}"
}

if [[ $DRY_RUN -eq 1 ]]; then
  steps_json
  exit 0
fi

command -v aws >/dev/null || fail "the aws CLI is not on the PATH"
AWS=(aws)
[[ -z $REGION ]] || AWS+=(--region "$REGION")

JAR="$ROOT/jobs/target/alert-recs.jar"
if [[ $BUILD -eq 1 ]]; then
  build_jar "$ROOT"
fi
[[ -f $JAR ]] || fail "no jar at $JAR (build it, or drop --no-build)"

"${AWS[@]}" s3 cp --only-show-errors "$JAR" "$JAR_URI"
"${AWS[@]}" s3 cp --only-show-errors "$CONF_FILE" "$CONF_URI"

STEPS_FILE=$(mktemp "${TMPDIR:-/tmp}/alert-recs-steps.XXXXXX.json")
trap 'rm -f "$STEPS_FILE"' EXIT
steps_json >"$STEPS_FILE"
# Prints {"StepIds": ["s-..."]}; follow it with: aws emr wait step-complete --cluster-id ... --step-id ...
"${AWS[@]}" emr add-steps --cluster-id "$CLUSTER_ID" --steps "file://$STEPS_FILE"
