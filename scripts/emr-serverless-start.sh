#!/usr/bin/env bash
# Runs alert-recs as one EMR Serverless job run:
#   build the jar -> upload it to S3 -> aws emr-serverless start-job-run.
#
#   scripts/emr-serverless-start.sh --application-id 00f... --execution-role-arn arn:aws:iam::1:role/r \
#       --bucket my-bucket --date 2026-11-25
#   scripts/emr-serverless-start.sh ... --dry-run      # print the request JSON, touch nothing
#
# EMR Serverless has no YARN container directory to drop a settings file into, so this script
# expands the settings file into the request instead: `spark.*` keys become spark-submit `--conf`
# parameters, every other key becomes a job argument `--set key=value`. The job gets no `--conf`.
# The user-hash secret comes from AWS Secrets Manager (--hash-key-secret), resolved by EMR
# Serverless at run time; it never appears in the request.
set -euo pipefail

PROG=$(basename "$0")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

MAIN_CLASS=dev.alertrecs.AlertRecs

usage() {
  cat <<USAGE
usage: $PROG --application-id ID --execution-role-arn ARN
             (--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD)
             (--bucket NAME | --jar-uri S3URI --input S3URI --output S3URI --log-uri S3URI) [options]

Starts one EMR Serverless job run of alert-recs (the application must be an EMR 7.x SPARK one).

  --application-id ID      the EMR Serverless application
  --execution-role-arn ARN the job's runtime role
  --date D | --from D --to D
                           one run date, or an inclusive range (backfill, oldest first)
  --bucket NAME            defaults: jar s3://NAME/jars/alert-recs.jar, input s3://NAME/raw,
                           output s3://NAME/recs, logs s3://NAME/logs/emr-serverless/
  --jar-uri S3URI          where the job jar goes
  --input S3URI            input root (actions/, catalog/)
  --output S3URI           output root (one folder per table, latest.json)
  --log-uri S3URI          where EMR Serverless writes driver and executor logs
  --conf-file PATH         settings expanded into the request (default: conf/emr.properties)
  --hash-key-secret NAME   Secrets Manager secret holding the user-hash key; passed to the driver
                           as the environment variable named by user_hash_key_env
  --set KEY=VALUE          job setting override (repeatable; wins over the settings file)
  --spark-conf KEY=VALUE   extra spark-submit --conf, e.g. spark.executor.memory=8g (repeatable)
  --name TEXT              job run name (default: alert-recs daily <date>)
  --region REGION          passed to the aws CLI
  --no-build               upload the jar already in jobs/target/
  --dry-run                print the start-job-run request JSON and exit; builds, uploads and calls nothing
  -h, --help               this text
USAGE
}

APPLICATION_ID="" ROLE_ARN="" DATE="" FROM="" TO="" BUCKET="" JAR_URI="" INPUT="" OUTPUT="" LOG_URI=""
CONF_FILE="$ROOT/conf/emr.properties" HASH_KEY_SECRET="" NAME="" REGION=""
BUILD=1 DRY_RUN=0
SETS=() SPARK_CONFS=()

while [[ $# -gt 0 ]]; do
  case $1 in
    --application-id) need_value "$1" $# "${2-}"; APPLICATION_ID=$2; shift 2 ;;
    --execution-role-arn) need_value "$1" $# "${2-}"; ROLE_ARN=$2; shift 2 ;;
    --date) need_value "$1" $# "${2-}"; DATE=$2; shift 2 ;;
    --from) need_value "$1" $# "${2-}"; FROM=$2; shift 2 ;;
    --to) need_value "$1" $# "${2-}"; TO=$2; shift 2 ;;
    --bucket) need_value "$1" $# "${2-}"; BUCKET=$2; shift 2 ;;
    --jar-uri) need_value "$1" $# "${2-}"; JAR_URI=$2; shift 2 ;;
    --input) need_value "$1" $# "${2-}"; INPUT=$2; shift 2 ;;
    --output) need_value "$1" $# "${2-}"; OUTPUT=$2; shift 2 ;;
    --log-uri) need_value "$1" $# "${2-}"; LOG_URI=$2; shift 2 ;;
    --conf-file) need_value "$1" $# "${2-}"; CONF_FILE=$2; shift 2 ;;
    --hash-key-secret) need_value "$1" $# "${2-}"; HASH_KEY_SECRET=$2; shift 2 ;;
    --set) need_value "$1" $# "${2-}"; check_key_value "$1" "$2"; SETS+=("$2"); shift 2 ;;
    --spark-conf) need_value "$1" $# "${2-}"; check_key_value "$1" "$2"; SPARK_CONFS+=("$2"); shift 2 ;;
    --name) need_value "$1" $# "${2-}"; NAME=$2; shift 2 ;;
    --region) need_value "$1" $# "${2-}"; REGION=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown option: $1 (see --help)" ;;
  esac
done

[[ -n $APPLICATION_ID ]] || usage_error "missing --application-id"
[[ $APPLICATION_ID =~ ^[0-9a-z]+$ ]] || usage_error "--application-id must be lower-case letters and digits, got: $APPLICATION_ID"
[[ -n $ROLE_ARN ]] || usage_error "missing --execution-role-arn"
[[ $ROLE_ARN =~ ^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$ ]] || usage_error "--execution-role-arn must be an IAM role ARN, got: $ROLE_ARN"
resolve_dates

[[ -f $CONF_FILE ]] || usage_error "--conf-file not found: $CONF_FILE"
if [[ -n $BUCKET ]]; then
  [[ $BUCKET =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || usage_error "--bucket must be a bucket name, got: $BUCKET"
  JAR_URI=${JAR_URI:-s3://$BUCKET/jars/alert-recs.jar}
  INPUT=${INPUT:-s3://$BUCKET/raw}
  OUTPUT=${OUTPUT:-s3://$BUCKET/recs}
  LOG_URI=${LOG_URI:-s3://$BUCKET/logs/emr-serverless/}
fi
[[ -n $JAR_URI ]] || usage_error "missing --jar-uri (or --bucket)"
[[ -n $INPUT ]] || usage_error "missing --input (or --bucket)"
[[ -n $OUTPUT ]] || usage_error "missing --output (or --bucket)"
[[ -n $LOG_URI ]] || usage_error "missing --log-uri (or --bucket)"
check_s3_uri --jar-uri "$JAR_URI"
check_s3_uri --input "$INPUT"
check_s3_uri --output "$OUTPUT"
check_s3_uri --log-uri "$LOG_URI"
NAME=${NAME:-alert-recs daily $RUN_LABEL}

# Split the settings file: spark.* -> spark-submit --conf, the rest -> job --set (file order kept,
# command-line --set last so it wins, as in the job's own precedence).
SUBMIT_PARAMS=(--class "$MAIN_CLASS")
JOB_SETS=()
HASH_KEY_ENV=ALERT_RECS_USER_HASH_KEY
while IFS= read -r kv; do
  key=${kv%%=*}
  if [[ $key == spark.* ]]; then
    SUBMIT_PARAMS+=(--conf "$kv")
  elif [[ -n ${kv#*=} ]]; then
    # an empty value is the default of the only key allowed to be empty (user_hash_key_file)
    JOB_SETS+=(--set "$kv")
    [[ $key != user_hash_key_env || -z ${kv#*=} ]] || HASH_KEY_ENV=${kv#*=}
  fi
done < <(read_properties "$CONF_FILE")
for kv in ${SPARK_CONFS[@]+"${SPARK_CONFS[@]}"}; do SUBMIT_PARAMS+=(--conf "$kv"); done
for kv in ${SETS[@]+"${SETS[@]}"}; do
  JOB_SETS+=(--set "$kv")
  [[ ${kv%%=*} != user_hash_key_env || -z ${kv#*=} ]] || HASH_KEY_ENV=${kv#*=}
done
if [[ -n $HASH_KEY_SECRET ]]; then
  # EMR Serverless looks the secret up at run time (EMR.secret@...); the request holds only its name.
  SUBMIT_PARAMS+=(--conf "spark.emr-serverless.driverEnv.$HASH_KEY_ENV=EMR.secret@$HASH_KEY_SECRET")
fi
# sparkSubmitParameters is one space-separated string: a value with a space would split.
for p in "${SUBMIT_PARAMS[@]}"; do
  [[ $p != *" "* ]] || usage_error "spark settings cannot contain spaces on EMR Serverless, got: $p"
done

ENTRY_ARGS=(daily "${DATE_ARGS[@]}" --input "$INPUT" --output "$OUTPUT" ${JOB_SETS[@]+"${JOB_SETS[@]}"})

request_json() {
  python3 -c '
import json, sys
app, role, name, jar, log_uri, submit, *args = sys.argv[1:]
request = {
    "applicationId": app,
    "executionRoleArn": role,
    "name": name,
    "jobDriver": {
        "sparkSubmit": {
            "entryPoint": jar,
            "entryPointArguments": args,
            "sparkSubmitParameters": submit,
        }
    },
    "configurationOverrides": {
        "monitoringConfiguration": {"s3MonitoringConfiguration": {"logUri": log_uri}}
    },
}
print(json.dumps(request, indent=2))
' "$APPLICATION_ID" "$ROLE_ARN" "$NAME" "$JAR_URI" "$LOG_URI" "${SUBMIT_PARAMS[*]}" "${ENTRY_ARGS[@]}"
}

if [[ $DRY_RUN -eq 1 ]]; then
  request_json
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

REQUEST_FILE=$(mktemp "${TMPDIR:-/tmp}/alert-recs-job-run.XXXXXX.json")
trap 'rm -f "$REQUEST_FILE"' EXIT
request_json >"$REQUEST_FILE"
# Prints {"applicationId", "jobRunId", "arn"}; follow it with: aws emr-serverless get-job-run ...
"${AWS[@]}" emr-serverless start-job-run --cli-input-json "file://$REQUEST_FILE"
