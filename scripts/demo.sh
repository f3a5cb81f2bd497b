#!/usr/bin/env bash
# The demo: builds the job, generates a sample month of multi-tenant logs, runs the daily job for
# the last day (the first run computes the month's daily evidence itself) and prints the
# recommendations of a few alerts with their reasons, and the run's counts.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
date=${DEMO_DATE:-2026-11-25}
data=${DEMO_DIR:-$root/demo-data}
echo "== building the job jar"
mvn -q -B -DskipTests package
rm -rf "$data"
echo "== generating 30 days of sample logs ending $date under $data/in"
scripts/alert-recs generate --input "$data/in" --end-date "$date" --days 30
echo "== running the daily job for $date"
scripts/alert-recs daily --date "$date" --input "$data/in" --output "$data/out" --conf conf/local.properties
echo "== recommendations"
scripts/alert-recs show --date "$date" --input "$data/in" --output "$data/out"
echo
echo "outputs (Parquet, one dt= folder per table): $data/out"
ls "$data/out"
