# Shared helpers for the AWS wrapper scripts (sourced, not run).
# Usage errors print one line to stderr and exit 2; everything else that fails exits 1.

# The script sourcing this file sets PROG before calling these.
usage_error() {
  echo "${PROG}: error: $*" >&2
  exit 2
}

fail() {
  echo "${PROG}: $*" >&2
  exit 1
}

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

# The job's date arguments: either one --date or an inclusive --from/--to range.
# Sets DATE_ARGS (array) and RUN_LABEL (for step / job names).
resolve_dates() {
  if [[ -n $DATE ]]; then
    [[ -z $FROM && -z $TO ]] || usage_error "give either --date or --from/--to, not both"
    check_date --date "$DATE"
    DATE_ARGS=(--date "$DATE")
    RUN_LABEL=$DATE
  elif [[ -n $FROM || -n $TO ]]; then
    [[ -n $FROM ]] || usage_error "--to needs --from"
    [[ -n $TO ]] || usage_error "--from needs --to"
    check_date --from "$FROM"
    check_date --to "$TO"
    [[ ! $FROM > $TO ]] || usage_error "--from must not be after --to, got: $FROM > $TO"
    DATE_ARGS=(--from "$FROM" --to "$TO")
    RUN_LABEL="$FROM..$TO"
  else
    usage_error "missing --date (or --from and --to)"
  fi
}

# Prints the non-comment key=value lines of a Java properties file, one "key=value" per line.
# Handles the simple form our conf files use (no line continuations or escapes).
read_properties() {
  python3 - "$1" <<'PY'
import sys
with open(sys.argv[1], encoding="utf-8") as f:
    for raw in f:
        line = raw.strip()
        if not line or line[0] in "#!":
            continue
        cut = min((i for i in (line.find("="), line.find(":")) if i >= 0), default=-1)
        if cut < 0:
            key, value = line, ""
        else:
            key, value = line[:cut].strip(), line[cut + 1:].strip()
        print(f"{key}={value}")
PY
}

# Builds the shaded job jar from the repository root.
build_jar() {
  local root=$1
  echo "${PROG}: building the job jar (mvn -q -B -DskipTests package)" >&2
  (cd "$root" && mvn -q -B -DskipTests package) || fail "the build failed"
  [[ -f $root/jobs/target/alert-recs.jar ]] || fail "no jar at $root/jobs/target/alert-recs.jar after the build"
}
