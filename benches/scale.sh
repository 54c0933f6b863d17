#!/usr/bin/env bash
# Complaint-log scale benchmark (issue 14, "Scale"): `helpmark report` on a generated log of
# 1,000,000 rows and of 10,000,000 rows against 10,000 entries, to hold the targets (1M rows at
# least 250,000 rows/s, peak RSS at most 300 MiB) and to show whether memory stays flat as the
# log grows tenfold.
#
#   benches/scale.sh                                  # 1M rows x 5 runs, 10M rows x 3 runs
#   BENCH_SIZES="1000000" benches/scale.sh            # only 1M rows
#   BENCH_RUNS=5 BENCH_RUNS_BIG=1 benches/scale.sh    # runs per size (the largest: BENCH_RUNS_BIG)
#   BENCH_POOL=1 benches/scale.sh                     # one distinct text: reading and counting only
#   HELPMARK_BIN=/path/to/helpmark benches/scale.sh   # skip `cargo build`
#   BASELINE_BIN=/path/to/old/helpmark benches/scale.sh   # and a baseline, run by run
#
# Entries: `gen_corpus.py --n 10000 --seed 42` (shared with benches/build.sh and rank.sh,
# cached in target/bench-corpus/n10000). Rows: a help-desk ticket export (ticket id, date,
# channel, language, subject, first response in hours), texts drawn with a Zipf law (s = 1.1)
# from BENCH_POOL distinct texts (default 20,000): four in five an entry title reworded, one in
# five off-topic words. Dates span 120 days; the window is 90. Each size is its own site under
# target/bench-scale/, its log generated once (about 90 bytes a row: 0.9 GB for 10M rows).
#
# Prints, per size and binary, the median over the runs of: rows/s of the rank stage as
# `helpmark report` prints it, wall time and peak RSS of the whole command; then the peak RSS
# of the largest size over the smallest ("flat" is close to 1).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GEN="${BENCH_GEN:-/work/shared/bench/gen_corpus.py}"
SIZES="${BENCH_SIZES:-1000000 10000000}"
RUNS="${BENCH_RUNS:-5}"
RUNS_BIG="${BENCH_RUNS_BIG:-3}"
POOL="${BENCH_POOL:-20000}"
N=10000
CORPUS="$ROOT/target/bench-corpus/n$N"
OUT="$ROOT/target/bench-scale"

die() { echo "benches/scale.sh: $*" >&2; exit 2; }
command -v python3 >/dev/null || die "python3 is required"
[ -x /usr/bin/time ] || die "GNU time is required (apt-get install time)"

if [ -n "${HELPMARK_BIN:-}" ]; then
  BIN="$HELPMARK_BIN"
else
  (cd "$ROOT" && cargo build --release --bin helpmark)
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/helpmark"
fi

if [ ! -d "$CORPUS/content" ]; then
  [ -f "$GEN" ] || die "corpus generator not found: $GEN (set BENCH_GEN)"
  mkdir -p "$(dirname "$CORPUS")"
  python3 "$GEN" --n "$N" --seed 42 --formats content --out "$CORPUS" >/dev/null
fi

# The site for `$1` rows: config, a link to the entries, the log (generated once).
site_for() {
  local rows="$1" site="$OUT/rows-$1-pool-$POOL"
  mkdir -p "$site/complaints"
  ln -sfn "$CORPUS/content" "$site/content"
  cat >"$site/helpmark.yaml" <<'YAML'
# Written by benches/scale.sh
title: Bench
base_url: https://bench.example/
languages: [en]
contact: {phone: "+1 800 555 0100", email: help@bench.example, response_time_hours: 24}
complaints:
  sources:
    - path: complaints/tickets.csv
  window_days: 90
YAML
  if [ ! -f "$site/complaints/.done" ]; then
    echo "generating $rows rows -> $site/complaints/tickets.csv" >&2
    python3 - "$CORPUS/content" "$site/complaints/tickets.csv" "$rows" "$POOL" <<'PY'
import bisect, csv, datetime, glob, itertools, random, sys
content, out, rows, pool_size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(11)
titles = []
for path in sorted(glob.glob(f"{content}/**/*.md", recursive=True)):
    if path.endswith("_category.md"):
        continue
    with open(path, encoding="utf-8") as f:
        for line in itertools.islice(f, 20):
            if line.startswith("title:"):
                titles.append(line[6:].strip().strip("'\""))
                break
words = [w.strip() for w in open("/usr/share/dict/words", encoding="utf-8") if w.strip().isalpha()]
pool = []
for k in range(pool_size):
    if k % 5 == 4:
        pool.append(" ".join(rng.choice(words) for _ in range(rng.randint(3, 7))))
        continue
    ws = rng.choice(titles).rstrip("?").split()
    if len(ws) > 3 and rng.random() < 0.3:
        del ws[rng.randrange(len(ws))]
    text = " ".join(ws)
    if rng.random() < 0.5:
        text = text.lower()
    if rng.random() < 0.2:
        text += " please help"
    pool.append(text)
weights = list(itertools.accumulate(1.0 / (r + 1) ** 1.1 for r in range(pool_size)))
start = datetime.datetime(2026, 7, 1)
channels = ["email", "chat", "phone", "form"]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["ticket_id", "created_at", "channel", "language", "subject", "first_response_hours"])
    for i in range(rows):
        t = pool[bisect.bisect(weights, rng.random() * weights[-1])]
        at = start + datetime.timedelta(minutes=rng.randrange(120 * 24 * 60))
        hours = "" if rng.random() < 0.1 else f"{rng.expovariate(1 / 12):.1f}"
        w.writerow([f"T-{i}", at.strftime("%Y-%m-%dT%H:%M:00Z"), rng.choice(channels), "en", t, hours])
PY
    touch "$site/complaints/.done"
  fi
  echo "$site"
}

# One run of binary `$2` labelled `$1` on site `$3`: prints "label rows/s wall KiB".
measure() {
  local log="$OUT/stderr-$1.log"
  /usr/bin/time -f '%e %M' -o "$OUT/.time" \
    "$2" report --source "$3" --format json --output "$OUT/report-$1.json" 2>"$log" \
    || die "$1 failed: $(tail -n 5 "$log")"
  local line rate wall kib
  line="$(grep '^ranked ' "$log" | tail -n 1)"
  rate="$(sed -E 's/.* ([0-9]+) rows\/s.*/\1/' <<<"$line")"
  read -r wall kib <"$OUT/.time"
  echo "  $1: $line | wall ${wall}s, peak $((kib / 1024)) MiB, load $(cut -d' ' -f1 /proc/loadavg)" >&2
  echo "$1 $rate $wall $kib"
}

mkdir -p "$OUT"
# The machine is shared: the load average frames every number below.
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
results=()
sizes=($SIZES)
largest="${sizes[$((${#sizes[@]} - 1))]}"
for rows in "${sizes[@]}"; do
  site="$(site_for "$rows")"
  runs="$RUNS"
  [ "${#sizes[@]}" -gt 1 ] && [ "$rows" = "$largest" ] && runs="$RUNS_BIG"
  echo "$rows rows ($(du -m "$site/complaints/tickets.csv" | cut -f1) MB), pool $POOL, $N entries, $(nproc) cores, $runs runs" >&2
  for run in $(seq "$runs"); do
    echo " run $run" >&2
    # With a baseline, the first of each pair alternates, so that load weighs on both.
    if [ -n "${BASELINE_BIN:-}" ] && [ $((run % 2)) -eq 0 ]; then
      results+=("$rows $(measure baseline "$BASELINE_BIN" "$site")" "$rows $(measure current "$BIN" "$site")")
    elif [ -n "${BASELINE_BIN:-}" ]; then
      results+=("$rows $(measure current "$BIN" "$site")" "$rows $(measure baseline "$BASELINE_BIN" "$site")")
    else
      results+=("$rows $(measure current "$BIN" "$site")")
    fi
  done
done

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf '%s\n' "${results[@]}" | python3 -c '
import statistics, sys
runs = {}
for line in sys.stdin:
    rows, label, rate, wall, kib = line.split()
    runs.setdefault((int(rows), label), []).append((int(rate), float(wall), int(kib)))
print("%10s %-9s %4s %10s %8s %9s" % ("rows", "binary", "runs", "rows/s", "wall s", "peak MiB"))
peaks = {}
for (rows, label), rs in sorted(runs.items()):
    rate = statistics.median(r[0] for r in rs)
    wall = statistics.median(r[1] for r in rs)
    peak = statistics.median(r[2] for r in rs) / 1024
    peaks.setdefault(label, {})[rows] = peak
    print(f"{rows:>10} {label:<9} {len(rs):>4} {rate:>10,.0f} {wall:>8.2f} {peak:>9.0f}")
for label, by_rows in sorted(peaks.items()):
    if len(by_rows) > 1:
        small, big = min(by_rows), max(by_rows)
        print(f"{label}: peak RSS x{by_rows[big] / by_rows[small]:.2f} from {small:,} to {big:,} rows")
'
