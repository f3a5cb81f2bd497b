#!/usr/bin/env bash
# The project's one test command (CI runs it through .ci/run):
#   1. ShellCheck on every shell script (installed with apt-get when missing and we are root),
#   2. the infrastructure tests, when infra/ exists: (cd infra && npm ci && npm test),
#   3. the Java tests: mvn -B -ntp test (Maven fetches everything they need: Spark, DuckDB's JDBC
#      driver, the s3proxy server jar the S3 tests start as a child process).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "== test.sh: $*" >&2; }

if ! command -v shellcheck >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing shellcheck (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null
  else
    echo "test.sh: shellcheck is not installed; install it (Debian/Ubuntu: sudo apt-get install shellcheck) and run again" >&2
    exit 1
  fi
fi

# Every shell script: *.sh, and files without the suffix that start with a sh/bash shebang.
scripts=()
while IFS= read -r -d '' f; do
  if [[ $f == *.sh ]] || head -n 1 "$f" | grep -Eq '^#!.*(/|env )(ba)?sh\b'; then
    scripts+=("$f")
  fi
done < <(find scripts .ci -type f -not -path '*/node_modules/*' -print0 | sort -z)
say "shellcheck on ${#scripts[@]} scripts"
shellcheck "${scripts[@]}"

if [[ -d infra ]]; then
  say "infra: npm ci && npm test"
  (cd infra && npm ci && npm test)
fi

# last, so that Maven's test summary closes the output
say "mvn -B -ntp test"
mvn -B -ntp test
say "all tests passed"
