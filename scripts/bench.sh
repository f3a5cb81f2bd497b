#!/usr/bin/env bash
# The benchmark: the daily job on days of 1M, 4M and 16M action events, in steady state (the
# 28-day window of daily evidence already stored), next to the floor (Spark only reading and
# parsing the same input: `alert-recs bench-floor`) and a peer (DuckDB computing the same
# investigations and per-alert item counts from the same JSON: DuckDbPeer in the test sources).
# Prints a table and writes the same figures to $BENCH_DIR/results.json.
#
#   scripts/bench.sh                                   # 1M, 4M, 16M; each measured twice
#   BENCH_SIZES="1000000 4000000" BENCH_REPEATS=1 scripts/bench.sh   # a quick run
#   scripts/bench.sh --shape dense                     # the dense day (or BENCH_SHAPE=dense)
#
# Shapes (the generator's --shape): `sample`, the demo's world (3 accounts, a few dozen alerts and
# dashboards each, users sized to the volume); `dense`, a day shaped unlike it: 50 accounts (the
# first with 40% of the events), 60 alerts, 300 dashboards, ~40 query families and 400 users per
# account, investigations of 3 to 12 actions back to back (users with many investigations a day),
# plain JSON in two files a day. BENCH_ACCOUNTS and BENCH_FILES_PER_DAY default to the shape's.
#
# Environment (defaults): BENCH_SHAPE (sample), BENCH_SIZES ("1000000 4000000 16000000"), BENCH_REPEATS (2: the table
# shows the best run and the spread), BENCH_DIR (bench-data), BENCH_DATE (2026-11-25),
# BENCH_FILES_PER_DAY (8, more files than cores, as a log shipper delivers a day: gzip is not
# splittable, so with 2 files one task parses half the day; the generator writes the last part of
# a day as plain JSON; dense: 2), BENCH_ACCOUNTS (3: the first account gets 40% of the events;
# dense: 50), BENCH_HISTORY_EVENTS
# (20000 a day for the 28 days of history), BENCH_PEER (1; 0 skips DuckDB), BENCH_FLOOR (1),
# ALERT_RECS_HEAP (4g), ALERT_RECS_MASTER (local[*]), BENCH_DIR (bench-data, dense:
# bench-data-dense, so the two shapes keep their own history), BENCH_KEEP_DATA (0: the full-volume day is
# deleted at the end; the small history is kept and reused by the next run), BENCH_REPORT_ONLY (0;
# 1 prints the table again from the measurements of the last run).
# CPU seconds (user + sys of the process) are shown next to wall time: on a shared machine they
# are the steadier figure.
# Needs: a built jar (mvn -q -B -DskipTests package), /usr/bin/time, python3, duckdb_jdbc in ~/.m2
# (a test dependency: any `mvn test` or `mvn package` without -Dmaven.test.skip fetches it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

shape=${BENCH_SHAPE:-sample}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --shape) shape=${2:?--shape needs sample or dense}; shift 2 ;;
    --shape=*) shape=${1#--shape=}; shift ;;
    *) echo "bench: unknown argument: $1 (settings come from the environment, see the header)" >&2; exit 2 ;;
  esac
done
case "$shape" in
  sample) default_files=8 default_accounts=3 default_dir=$root/bench-data ;;
  dense) default_files=2 default_accounts=50 default_dir=$root/bench-data-dense ;;
  *) echo "bench: shape must be sample or dense, got: $shape" >&2; exit 2 ;;
esac
sizes=${BENCH_SIZES:-1000000 4000000 16000000}
repeats=${BENCH_REPEATS:-2}
dir=${BENCH_DIR:-$default_dir}
date=${BENCH_DATE:-2026-11-25}
files=${BENCH_FILES_PER_DAY:-$default_files}
accounts=${BENCH_ACCOUNTS:-$default_accounts}
history_events=${BENCH_HISTORY_EVENTS:-20000}
export ALERT_RECS_HEAP=${ALERT_RECS_HEAP:-4g}
export ALERT_RECS_MASTER=${ALERT_RECS_MASTER:-local[*]}
seed=42
history_days=29 # the window (28 days) ending the day before the bench day, plus the bench day

day_before=$(date -u -d "$date - 1 day" +%F)
day_after=$(date -u -d "$date + 1 day" +%F)
duck=$(find ~/.m2/repository/org/duckdb/duckdb_jdbc -mindepth 2 -maxdepth 2 -name 'duckdb_jdbc-*.jar' 2>/dev/null | sort -V | tail -1)
[[ -n "$duck" ]] || { echo "bench: no duckdb_jdbc in ~/.m2; run mvn -B test-compile once" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time missing (apt-get install time)" >&2; exit 2; }
[[ -f jobs/target/alert-recs.jar ]] || mvn -q -B -DskipTests package
bench_src=jobs/src/test/java/dev/alertrecs/bench
gen=(scripts/alert-recs generate --input "$dir/in" --end-date "$date" --days "$history_days"
  --accounts "$accounts" --files-per-day "$files" --seed "$seed" --shape "$shape")
job_args=(--input "$dir/in" --output "$dir/out" --conf conf/local.properties)
meas="$dir/measurements"

if [[ "${BENCH_REPORT_ONLY:-0}" != 1 ]]; then
# --- steady state: 28 days of low-volume history with their evidence stored (made once) -------
history_key="shape=$shape days=$history_days end=$date accounts=$accounts files=$files events=$history_events seed=$seed"
if [[ "$(cat "$dir/history.key" 2>/dev/null)" != "$history_key" ]]; then
  echo "== history: $history_days days x $history_events events, evidence of the window for $day_before"
  rm -rf "$dir/in" "$dir/out" "$dir/history.key"
  mkdir -p "$dir"
  "${gen[@]}" --events-per-day "$history_events"
  scripts/alert-recs daily --date "$day_before" "${job_args[@]}" | head -3
  echo "$history_key" >"$dir/history.key"
fi
rm -rf "$meas"
mkdir -p "$meas"

# runs one measured command: wall time, peak RSS (time -v), heap from the GC log
measure() { # name command...
  local name=$1
  shift
  local gc="$meas/$name.gc.log"
  local start end
  start=$(date +%s.%N)
  ALERT_RECS_JAVA_OPTS="-Xlog:gc:file=$gc" /usr/bin/time -v -o "$meas/$name.time" "$@" \
    >"$meas/$name.out" 2>"$meas/$name.err" || {
    echo "bench: $name failed; see $meas/$name.err" >&2
    tail -5 "$meas/$name.err" >&2
    exit 1
  }
  end=$(date +%s.%N)
  echo "$start $end" >"$meas/$name.wall"
  echo "   $name: $(echo "$end - $start" | bc) s  $(tail -1 "$meas/$name.out")"
}

for size in $sizes; do
  echo "== $shape day of $size events ($files files), $date"
  # replace the bench day's own files and the next day's late files; keep the late files of the
  # day before in dt=$date, as in production
  rm -f "$dir/in/actions/dt=$date"/part-[0-9][0-9][0-9][0-9][0-9].json*
  rm -rf "$dir/in/actions/dt=$day_after"
  "${gen[@]}" --events-per-day "$size" --actions-from "$date"
  du -sh "$dir/in/actions/dt=$date" | sed 's/^/   input of the day: /'
  for rep in $(seq 1 "$repeats"); do
    measure "job-$size-$rep" scripts/alert-recs daily --date "$date" "${job_args[@]}"
    java -cp "$duck" "$bench_src/RunRecordTimings.java" "$dir/out" "$date" >"$meas/job-$size-$rep.steps"
    if [[ "${BENCH_FLOOR:-1}" == 1 ]]; then
      measure "floor-$size-$rep" scripts/alert-recs bench-floor --date "$date" \
        --input "$dir/in" --conf conf/local.properties
    fi
    if [[ "${BENCH_PEER:-1}" == 1 ]]; then
      heap_gb=${ALERT_RECS_HEAP%g}
      measure "peer-$size-$rep" java "-Xmx512m" -cp "$duck" "$bench_src/DuckDbPeer.java" \
        "$dir/in" "$date" "$dir/peer" 2 "${heap_gb}GB"
    fi
  done
done

fi # measuring

# --- report ------------------------------------------------------------------------------------
python3 - "$meas" "$dir/results.json" "$sizes" "$repeats" "$files" "$ALERT_RECS_HEAP" \
  "$ALERT_RECS_MASTER" "$date" "$shape" "$accounts" <<'PY'
import json, os, re, sys, platform, datetime
meas, out, sizes, repeats, files, heap, master, date, shape, accounts = sys.argv[1:]
sizes = [int(s) for s in sizes.split()]
repeats = int(repeats)

def load(name):
    path = os.path.join(meas, name)
    if not os.path.exists(path + ".wall"):
        return None
    start, end = map(float, open(path + ".wall").read().split())
    rss_kb, cpu_s = 0, 0.0
    for line in open(path + ".time"):
        if "Maximum resident set size" in line:
            rss_kb = int(line.split(":")[1])
        if "User time (seconds)" in line or "System time (seconds)" in line:
            cpu_s += float(line.split(":")[1])
    heap_before, heap_after = 0, 0
    if os.path.exists(path + ".gc.log"):
        for line in open(path + ".gc.log"):
            m = re.search(r"(\d+)M->(\d+)M\((\d+)M\)", line)
            if m:
                heap_before = max(heap_before, int(m.group(1)))
                heap_after = max(heap_after, int(m.group(2)))
    r = {"wall_s": round(end - start, 2), "cpu_s": round(cpu_s, 1), "peak_rss_mb": round(rss_kb / 1024),
         "peak_heap_used_mb": heap_before or None, "max_heap_after_gc_mb": heap_after or None}
    steps = path + ".steps"
    if os.path.exists(steps):
        r["steps"] = []
        for line in open(steps):
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "counts":
                r["status"], r["n_read"], r["n_valid"], r["n_investigations"] = (
                    parts[1], int(parts[2]), int(parts[3]), int(parts[4]))
                r["n_spark_jobs"] = int(parts[5]) if len(parts) > 5 else None
            else:
                r["steps"].append({"step": parts[0], "seconds": float(parts[1])})
    return r

def best(kind, size):
    runs = [r for r in (load(f"{kind}-{size}-{i}") for i in range(1, repeats + 1)) if r]
    if not runs:
        return None
    walls = [r["wall_s"] for r in runs]
    b = dict(min(runs, key=lambda r: r["wall_s"]))
    b["runs_wall_s"] = walls
    b["spread_s"] = round(max(walls) - min(walls), 2)
    return b

rows = []
for size in sizes:
    job, floor, peer = best("job", size), best("floor", size), best("peer", size)
    row = {"size": size, "job": job, "floor": floor, "peer": peer}
    if job:
        row["events_per_s"] = round(size / job["wall_s"])
        row["us_per_event"] = round(job["wall_s"] / size * 1e6, 3)
        if floor:
            row["job_over_floor"] = round(job["wall_s"] / floor["wall_s"], 2)
            row["job_over_floor_cpu"] = round(job["cpu_s"] / floor["cpu_s"], 2)
        if peer:
            row["job_over_peer"] = round(job["wall_s"] / peer["wall_s"], 2)
            row["job_over_peer_cpu"] = round(job["cpu_s"] / peer["cpu_s"], 2)
    rows.append(row)

def fmt(v, f="{:.1f}"):
    return "-" if v is None else f.format(v)

print()
print(f"alert-recs daily job, {shape} shape ({accounts} accounts), local mode ({master}, heap {heap}), "
      f"{os.cpu_count()} cores, {files} input files per day; best of {repeats} "
      f"(spread = max - min wall)")
hdr = ("size", "wall s", "spread", "cpu s", "events/s", "us/event", "heap MB", "RSS MB",
       "floor s", "job/floor", "peer s", "job/peer", "jobs")
line = "{:>10} {:>7} {:>7} {:>7} {:>9} {:>9} {:>8} {:>7} {:>8} {:>9} {:>7} {:>8} {:>5}"
print(line.format(*hdr))
for r in rows:
    j, f, p = r["job"] or {}, r["floor"] or {}, r["peer"] or {}
    print(line.format(
        f"{r['size']:,}", fmt(j.get("wall_s")), fmt(j.get("spread_s")), fmt(j.get("cpu_s")),
        fmt(r.get("events_per_s"), "{:,}"), fmt(r.get("us_per_event"), "{:.2f}"),
        fmt(j.get("peak_heap_used_mb"), "{:,}"), fmt(j.get("peak_rss_mb"), "{:,}"),
        fmt(f.get("wall_s")), fmt(r.get("job_over_floor"), "{:.2f}x"),
        fmt(p.get("wall_s")), fmt(r.get("job_over_peer"), "{:.2f}x"),
        fmt(j.get("n_spark_jobs"), "{:d}")))
if len(rows) >= 2 and rows[-1].get("us_per_event") and rows[-2].get("us_per_event"):
    print(f"\ntime per event, {rows[-1]['size']:,} vs {rows[-2]['size']:,}: "
          f"{rows[-1]['us_per_event'] / rows[-2]['us_per_event']:.2f}x")
print("\ntime per pipeline step (s, best run; from the run record):")
steps = []
for r in rows:
    for s in (r["job"] or {}).get("steps", []):
        name = re.sub(r" of \d{4}-\d{2}-\d{2}$", "", s["step"])
        if name not in steps:
            steps.append(name)
print("{:<34}".format("step") + "".join("{:>12}".format(f"{r['size']:,}") for r in rows))
for name in steps:
    cells = []
    for r in rows:
        secs = [s["seconds"] for s in (r["job"] or {}).get("steps", [])
                if re.sub(r" of \d{4}-\d{2}-\d{2}$", "", s["step"]) == name]
        cells.append("{:>12}".format(fmt(sum(secs)) if secs else "-"))
    print("{:<34}".format(name) + "".join(cells))

result = {"generated_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
          "machine": {"cores": os.cpu_count(), "platform": platform.platform(),
                      "load_avg_1m_at_end": os.getloadavg()[0]},
          "settings": {"shape": shape, "accounts": int(accounts), "master": master, "heap": heap,
                       "files_per_day": int(files),
                       "repeats": repeats, "date": date},
          "rows": rows}
with open(out, "w") as fh:
    json.dump(result, fh, indent=2)
print("\nfloor and peer, cpu s: " + ", ".join(
    f"{r['size']:,}: floor {fmt((r['floor'] or {}).get('cpu_s'))} (job/floor {fmt(r.get('job_over_floor_cpu'), '{:.2f}x')}),"
    f" peer {fmt((r['peer'] or {}).get('cpu_s'))} (job/peer {fmt(r.get('job_over_peer_cpu'), '{:.2f}x')})"
    for r in rows))
print(f"\nfigures: {out}")
PY

if [[ "${BENCH_KEEP_DATA:-0}" != 1 ]]; then
  # the full-volume day is large; the history and its stored evidence stay for the next run
  rm -f "$dir/in/actions/dt=$date"/part-[0-9][0-9][0-9][0-9][0-9].json*
  rm -rf "$dir/in/actions/dt=$day_after" "$dir/peer"
fi
