# shellcheck shell=bash
# Shared by the scripts that submit alert-recs to Amazon EMR (sourced, not run): the options both
# take, their defaults and checks, and the call to alert_recs_job.py, which builds the requests
# (the spark-submit arguments are written there and nowhere else).
# Usage errors print one line to stderr and exit 2; everything else that fails exits 1.
# The variables set here (DRY_RUN, SHIFT, COMMON_USAGE, ...) are read by the sourcing scripts,
# which shellcheck cannot see from this file alone:
# shellcheck disable=SC2034

# The script sourcing this file sets PROG before calling these.
usage_error() {
  echo "${PROG}: error: $*" >&2
  exit 2
}

fail() {
  echo "${PROG}: $*" >&2
  exit 1
}

# the Python helpers here are run in place: keep __pycache__ out of the source tree
export PYTHONDONTWRITEBYTECODE=1
LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LIB_DIR/../.." && pwd)
JOB_PY="$LIB_DIR/alert_recs_job.py"

# Checks that option $1 has a value ($2 is the number of remaining arguments including the option).
need_value() {
  local opt=$1 remaining=$2 value=${3-}
  if [[ $remaining -lt 2 || -z $value || $value == --* ]]; then
    usage_error "$opt needs a value"
  fi
}

# A real calendar date in ISO form (2026-11-25), not just something that looks like one.
check_date() {
  local opt=$1 value=$2
  [[ $value =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || usage_error "$opt must be a date YYYY-MM-DD, got: $value"
  python3 -c 'import datetime, sys; datetime.date.fromisoformat(sys.argv[1])' "$value" 2>/dev/null \
    || usage_error "$opt is not a calendar date, got: $value"
}

check_s3_uri() {
  local opt=$1 value=$2
  [[ $value =~ ^s3a?://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$ ]] || usage_error "$opt must be an s3:// URI, got: $value"
}

check_key_value() {
  local opt=$1 value=$2
  [[ $value =~ ^[A-Za-z0-9_.-]+=.*$ ]] || usage_error "$opt must be key=value, got: $value"
}

# ---- the options both submit scripts take ---------------------------------------------------------

# Their help text, appended to each script's own.
COMMON_USAGE="\
  --date D | --from D --to D
                           one run date, or an inclusive range (backfill, oldest first)
  --bucket NAME            defaults: jar s3://NAME/jars/alert-recs.jar, settings s3://NAME/conf/<conf
                           file name>, input s3://NAME/raw, output s3://NAME/recs,
                           logs s3://NAME/logs/emr-serverless/ (EMR Serverless)
  --jar-uri S3URI          where the job jar goes
  --input S3URI            input root (actions/, catalog/)
  --output S3URI           output root (one folder per table, latest.json, _status/)
  --conf-file PATH         local settings file (default: conf/emr.properties)
  --set KEY=VALUE          job setting override (repeatable; wins over the settings file)
  --spark-conf KEY=VALUE   extra spark-submit --conf, e.g. spark.executor.memory=8g (repeatable)
  --name TEXT              step / job run name (default: alert-recs daily <date>)
  --region REGION          passed to the aws CLI
  --no-build               upload the jar already in jobs/target/
  --dry-run                print the request JSON and exit; builds, uploads and calls nothing
  -h, --help               this text"

DATE="" FROM="" TO="" BUCKET="" JAR_URI="" INPUT="" OUTPUT="" NAME="" REGION=""
CONF_FILE="$REPO_ROOT/conf/emr.properties"
BUILD=1 DRY_RUN=0
SETS=() SPARK_CONFS=()

# Parses one common option at the start of "$@" and sets SHIFT to the number of words it used.
# Anything else is a usage error, so each script handles its own options before calling this.
parse_common_option() {
  SHIFT=2
  case $1 in
    --date) need_value "$1" $# "${2-}"; DATE=$2 ;;
    --from) need_value "$1" $# "${2-}"; FROM=$2 ;;
    --to) need_value "$1" $# "${2-}"; TO=$2 ;;
    --bucket) need_value "$1" $# "${2-}"; BUCKET=$2 ;;
    --jar-uri) need_value "$1" $# "${2-}"; JAR_URI=$2 ;;
    --input) need_value "$1" $# "${2-}"; INPUT=$2 ;;
    --output) need_value "$1" $# "${2-}"; OUTPUT=$2 ;;
    --conf-file) need_value "$1" $# "${2-}"; CONF_FILE=$2 ;;
    --set) need_value "$1" $# "${2-}"; check_key_value "$1" "$2"; SETS+=("$2") ;;
    --spark-conf) need_value "$1" $# "${2-}"; check_key_value "$1" "$2"; SPARK_CONFS+=("$2") ;;
    --name) need_value "$1" $# "${2-}"; NAME=$2 ;;
    --region) need_value "$1" $# "${2-}"; REGION=$2 ;;
    --no-build) BUILD=0; SHIFT=1 ;;
    --dry-run) DRY_RUN=1; SHIFT=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown option: $1 (see --help)" ;;
  esac
}

# The job's date arguments: either one --date or an inclusive --from/--to range.
# Sets DATE_ARGS (the options alert_recs_job.py takes).
resolve_dates() {
  if [[ -n $DATE ]]; then
    [[ -z $FROM && -z $TO ]] || usage_error "give either --date or --from/--to, not both"
    check_date --date "$DATE"
    DATE_ARGS=(--date "$DATE")
  elif [[ -n $FROM || -n $TO ]]; then
    [[ -n $FROM ]] || usage_error "--to needs --from"
    [[ -n $TO ]] || usage_error "--from needs --to"
    check_date --from "$FROM"
    check_date --to "$TO"
    [[ ! $FROM > $TO ]] || usage_error "--from must not be after --to, got: $FROM > $TO"
    DATE_ARGS=(--from "$FROM" --to "$TO")
  else
    usage_error "missing --date (or --from and --to)"
  fi
}

# Fills JAR_URI, INPUT, OUTPUT (and CONF_URI, LOG_URI when the caller uses them and left them
# empty) from --bucket, then checks that the ones the caller needs are set and are s3:// URIs.
# Arguments: the variable names the script needs, among CONF_URI and LOG_URI.
resolve_locations() {
  [[ -f $CONF_FILE ]] || usage_error "--conf-file not found: $CONF_FILE"
  CONF_NAME=$(basename "$CONF_FILE")
  if [[ -n $BUCKET ]]; then
    [[ $BUCKET =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || usage_error "--bucket must be a bucket name, got: $BUCKET"
    local defaults
    defaults=$(python3 -c '
import sys
sys.path.insert(0, sys.argv[1])
import alert_recs_job as job
d = job.bucket_defaults(sys.argv[2], sys.argv[3])
print("\n".join(d[k] for k in ("jar_uri", "conf_uri", "input", "output", "log_uri")))
' "$LIB_DIR" "$BUCKET" "$CONF_NAME") || fail "could not compute the bucket defaults"
    local d=()
    mapfile -t d <<<"$defaults"
    JAR_URI=${JAR_URI:-${d[0]}}
    CONF_URI=${CONF_URI:-${d[1]}}
    INPUT=${INPUT:-${d[2]}}
    OUTPUT=${OUTPUT:-${d[3]}}
    LOG_URI=${LOG_URI:-${d[4]}}
  fi
  [[ -n $JAR_URI ]] || usage_error "missing --jar-uri (or --bucket)"
  [[ -n $INPUT ]] || usage_error "missing --input (or --bucket)"
  [[ -n $OUTPUT ]] || usage_error "missing --output (or --bucket)"
  check_s3_uri --jar-uri "$JAR_URI"
  check_s3_uri --input "$INPUT"
  check_s3_uri --output "$OUTPUT"
  local needed
  for needed in "$@"; do
    case $needed in
      CONF_URI)
        # without --bucket the settings file goes next to the jar
        CONF_URI=${CONF_URI:-${JAR_URI%/*}/$CONF_NAME}
        check_s3_uri --conf-uri "$CONF_URI"
        ;;
      LOG_URI)
        [[ -n $LOG_URI ]] || usage_error "missing --log-uri (or --bucket)"
        check_s3_uri --log-uri "$LOG_URI"
        ;;
    esac
  done
}

# The options of alert_recs_job.py that every request takes, in REQUEST_ARGS.
common_request_args() {
  REQUEST_ARGS=("${DATE_ARGS[@]}" --jar-uri "$JAR_URI" --input "$INPUT" --output "$OUTPUT")
  [[ -z $NAME ]] || REQUEST_ARGS+=(--name "$NAME")
  local kv
  for kv in ${SETS[@]+"${SETS[@]}"}; do REQUEST_ARGS+=(--set "$kv"); done
  for kv in ${SPARK_CONFS[@]+"${SPARK_CONFS[@]}"}; do REQUEST_ARGS+=(--spark-conf "$kv"); done
}

# Prints the request JSON: alert_recs_job.py <command> [options]. Its errors are usage errors.
build_request() {
  python3 "$JOB_PY" --prog "$PROG" "$@"
}

# The aws command (with --region when given) in AWS, once the CLI is known to be there.
aws_cli() {
  command -v aws >/dev/null || fail "the aws CLI is not on the PATH"
  AWS=(aws)
  [[ -z $REGION ]] || AWS+=(--region "$REGION")
}

# Builds the shaded job jar from the repository root, unless --no-build; sets JAR.
build_jar() {
  JAR="$REPO_ROOT/jobs/target/alert-recs.jar"
  if [[ $BUILD -eq 1 ]]; then
    echo "${PROG}: building the job jar (mvn -q -B -DskipTests package)" >&2
    (cd "$REPO_ROOT" && mvn -q -B -DskipTests package) || fail "the build failed"
  fi
  [[ -f $JAR ]] || fail "no jar at $JAR (build it, or drop --no-build)"
}
