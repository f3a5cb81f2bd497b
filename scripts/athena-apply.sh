#!/usr/bin/env bash
# Creates the alert-recs database and tables in Athena from sql/athena/*.sql, through the Athena
# API (AWS CLI v2), one statement per call, each waited for before the next:
#
#   scripts/athena-apply.sh --work-group alert-recs --bucket my-bucket
#   scripts/athena-apply.sh --work-group alert-recs --output s3://my-bucket/recs --database alert_recs
#   scripts/athena-apply.sh ... --dry-run     # print each call as a JSON line, call nothing
#
# The workgroup must have a query result location (or enforce one): the CLI calls here pass none.
# Athena rejects a query string that starts with a comment and runs one statement per call, so
# lib/athena_statements.py removes the comments and splits the files; CREATE DATABASE runs first
# and must succeed before any table is created in it. The tables use partition projection, so
# nothing has to be run again after a daily run.
set -euo pipefail

PROG=$(basename "$0")
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

usage() {
  cat <<USAGE
usage: $PROG --work-group NAME (--bucket NAME | --output S3URI) [options]

Applies the Athena DDL in sql/athena/*.sql: CREATE DATABASE, then one CREATE TABLE per file.

  --work-group NAME        Athena workgroup (it must have a query result location)
  --bucket NAME            the job's output root is s3://NAME/recs
  --output S3URI           the job's output root (replaces \${OUTPUT_ROOT} in the DDL)
  --database NAME          database to create and use (default: alert_recs)
  --sql-dir DIR            where the .sql files are (default: sql/athena)
  --timeout-seconds N      give up on one statement after this long (default: 300)
  --region REGION          passed to the aws CLI
  --dry-run                print each call as a JSON line (with its exact aws argv); call nothing
  -h, --help               this text
USAGE
}

WORK_GROUP="" DATABASE=alert_recs SQL_DIR="$REPO_ROOT/sql/athena" TIMEOUT=300 POLL_SECONDS=${ATHENA_POLL_SECONDS:-2}

while [[ $# -gt 0 ]]; do
  case $1 in
    --work-group) need_value "$1" $# "${2-}"; WORK_GROUP=$2; shift 2 ;;
    --database) need_value "$1" $# "${2-}"; DATABASE=$2; shift 2 ;;
    --sql-dir) need_value "$1" $# "${2-}"; SQL_DIR=$2; shift 2 ;;
    --timeout-seconds) need_value "$1" $# "${2-}"; TIMEOUT=$2; shift 2 ;;
    --bucket | --output | --region | --dry-run | -h | --help) parse_common_option "$@"; shift "$SHIFT" ;;
    *) usage_error "unknown option: $1 (see --help)" ;;
  esac
done

[[ -n $WORK_GROUP ]] || usage_error "missing --work-group"
[[ $WORK_GROUP =~ ^[A-Za-z0-9._-]{1,128}$ ]] || usage_error "--work-group must be a workgroup name, got: $WORK_GROUP"
[[ $DATABASE =~ ^[a-z0-9_]{1,255}$ ]] || usage_error "--database must be lower-case letters, digits and _, got: $DATABASE"
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || usage_error "--timeout-seconds must be a positive number, got: $TIMEOUT"
if [[ -n $BUCKET ]]; then
  [[ -z $OUTPUT ]] || usage_error "give either --bucket or --output, not both"
  [[ $BUCKET =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || usage_error "--bucket must be a bucket name, got: $BUCKET"
  OUTPUT=$(python3 -c '
import sys
sys.path.insert(0, sys.argv[1])
import alert_recs_job as job
print(job.bucket_defaults(sys.argv[2])["output"])
' "$LIB_DIR" "$BUCKET")
fi
[[ -n $OUTPUT ]] || usage_error "missing --output (or --bucket)"
check_s3_uri --output "$OUTPUT"
[[ -d $SQL_DIR ]] || usage_error "--sql-dir not found: $SQL_DIR"
SQL_FILES=()
while IFS= read -r -d '' f; do SQL_FILES+=("$f"); done < <(find "$SQL_DIR" -maxdepth 1 -name '*.sql' -print0 | sort -z)
[[ ${#SQL_FILES[@]} -gt 0 ]] || usage_error "no .sql files in $SQL_DIR"

PLAN_ARGS=(--database "$DATABASE" --work-group "$WORK_GROUP" --output "$OUTPUT")
[[ -z $REGION ]] || PLAN_ARGS+=(--region "$REGION")
CALLS=$(python3 "$LIB_DIR/athena_statements.py" "${PLAN_ARGS[@]}" "${SQL_FILES[@]}")

if [[ $DRY_RUN -eq 1 ]]; then
  printf '%s\n' "$CALLS"
  exit 0
fi

aws_cli

# Waits for query $1 ($2 describes it); fails with Athena's reason unless it SUCCEEDED.
wait_for_query() {
  local id=$1 what=$2 waited=0 status state reason
  while true; do
    status=$("${AWS[@]}" athena get-query-execution --query-execution-id "$id" \
      --query 'QueryExecution.Status.[State,StateChangeReason]' --output text) \
      || fail "$what: get-query-execution failed for $id"
    state=${status%%$'\t'*}
    reason=${status#*$'\t'}
    case $state in
      SUCCEEDED) return 0 ;;
      FAILED | CANCELLED) fail "$what: $state: $reason (query $id)" ;;
      QUEUED | RUNNING) ;;
      *) fail "$what: unexpected state '$state' (query $id)" ;;
    esac
    if [[ $waited -ge $TIMEOUT ]]; then
      fail "$what: still $state after ${TIMEOUT}s (query $id)"
    fi
    sleep "$POLL_SECONDS"
    waited=$((waited + POLL_SECONDS))
  done
}

n=0
while IFS= read -r call; do
  argv=()
  mapfile -d '' -t argv < <(python3 -c '
import json, sys
c = json.loads(sys.argv[1])
sys.stdout.write("\0".join([c["source"], c["query_string"].splitlines()[0]] + c["argv"]) + "\0")
' "$call")
  what="${argv[0]}: ${argv[1]}"
  # the recorded argv starts with "aws" (and --region); run it with the checked CLI
  cmd=("${AWS[@]}" "${argv[@]:3}")
  [[ -z $REGION ]] || cmd=("${AWS[@]}" "${argv[@]:5}")
  id=$("${cmd[@]}" --query QueryExecutionId --output text) || fail "$what: start-query-execution failed"
  echo "${PROG}: $what (query $id)" >&2
  wait_for_query "$id" "$what"
  n=$((n + 1))
done <<<"$CALLS"
echo "${PROG}: applied $n statements in database $DATABASE (workgroup $WORK_GROUP)" >&2
