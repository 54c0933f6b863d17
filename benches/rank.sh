#!/usr/bin/env bash
# Complaint-ranking benchmark: `helpmark report` on 1,000,000 log rows against 10,000 entries.
#
#   benches/rank.sh                       # 1,000,000 rows, 5 runs
#   BENCH_ROWS=200000 BENCH_RUNS=3 benches/rank.sh
#   BENCH_MB=200 benches/rank.sh          # a log of about 200 MB (2.3 million rows)
#   HELPMARK_BIN=/path/to/helpmark benches/rank.sh   # skip `cargo build`
#   BASELINE_BIN=/path/to/old/helpmark benches/rank.sh   # and a baseline, run by run
#   BENCH_MB=200 BENCH_UNIQUE=0.55 benches/rank.sh   # and a body of its own in 55% of the rows
#
# Entries: `gen_corpus.py --n 10000 --seed 42` (as benches/build.sh, cached in
# target/bench-corpus/n10000). Rows: a CSV ticket export (date, channel, language, subject)
# whose texts are drawn with a Zipf law (s = 1.1) from a pool of BENCH_POOL distinct texts:
# four in five are entry titles reworded (lower-cased, a word dropped, a typo, an order number,
# "please help"), one in five are off-topic word salads. Dates span 120 days, so about a
# quarter of the rows fall outside the 90-day window. With BENCH_UNIQUE=p, a share p of the
# rows also has a body column of 6-30 random words (a third with an order number, an email or
# a phone number), nearly all distinct: the harsh case, one match per row.
#
# Reports the median over the runs of: rows/s of the rank stage as `helpmark report` prints it
# (indexing the 10,000 entries for matching included), wall time, CPU time (user + system: steadier
# than the wall time on a loaded machine) and peak RSS of the whole command (loading the site
# included).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GEN="${BENCH_GEN:-/work/shared/bench/gen_corpus.py}"
ROWS="${BENCH_ROWS:-1000000}"
POOL="${BENCH_POOL:-20000}"
UNIQUE="${BENCH_UNIQUE:-0}"
# A generated row is about 86 bytes, and a body about 160 more.
[ -n "${BENCH_MB:-}" ] && ROWS=$(awk -v mb="$BENCH_MB" -v u="$UNIQUE" 'BEGIN { printf "%d", mb * 1e6 / (86 + 160 * u) }')
RUNS="${BENCH_RUNS:-5}"
N=10000
CORPUS="$ROOT/target/bench-corpus/n$N"
SITE="$ROOT/target/bench-rank/site"

die() { echo "benches/rank.sh: $*" >&2; exit 2; }
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

mkdir -p "$SITE/complaints"
ln -sfn "$CORPUS/content" "$SITE/content"
cat >"$SITE/helpmark.yaml" <<'YAML'
# Written by benches/rank.sh
title: Bench
base_url: https://bench.example/
languages: [en]
contact: {phone: "+1 800 555 0100", email: help@bench.example, response_time_hours: 24}
complaints:
  sources:
    - path: complaints/tickets.csv
  window_days: 90
YAML

LOG_CSV="$SITE/complaints/tickets.csv"
STAMP="rows=$ROWS pool=$POOL unique=$UNIQUE"
if [ ! -f "$LOG_CSV" ] || [ "$(cat "$SITE/complaints/.stamp" 2>/dev/null)" != "$STAMP" ]; then
  echo "generating $ROWS rows -> $LOG_CSV" >&2
  python3 - "$CORPUS/content" "$LOG_CSV" "$ROWS" "$POOL" "$UNIQUE" <<'PY'
import bisect, csv, datetime, glob, itertools, random, sys
content, out, rows, pool_size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
unique = float(sys.argv[5])
rng = random.Random(7)
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
def typo(w):
    if len(w) < 4: return w
    i = rng.randrange(len(w) - 1)
    return w[:i] + w[i + 1] + w[i] + w[i + 2:]
pool = []
for k in range(pool_size):
    if k % 5 == 4:
        pool.append(" ".join(rng.choice(words) for _ in range(rng.randint(3, 7))))
        continue
    ws = rng.choice(titles).rstrip("?").split()
    if len(ws) > 3 and rng.random() < 0.3: del ws[rng.randrange(len(ws))]
    if rng.random() < 0.3:
        i = rng.randrange(len(ws)); ws[i] = typo(ws[i])
    text = " ".join(ws)
    if rng.random() < 0.5: text = text.lower()
    if rng.random() < 0.2: text += " please help"
    if rng.random() < 0.2: text += f" order MM-{rng.randint(100000, 999999)}"
    pool.append(text)
weights = list(itertools.accumulate(1.0 / (r + 1) ** 1.1 for r in range(pool_size)))
start = datetime.datetime(2026, 7, 1)
channels = ["email", "chat", "phone", "form", "search"]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["ticket_id", "created_at", "channel", "language", "subject"] + (["body"] if unique else []))
    for i in range(rows):
        t = pool[bisect.bisect(weights, rng.random() * weights[-1])]
        at = start + datetime.timedelta(minutes=rng.randrange(120 * 24 * 60))
        row = [f"T-{i}", at.strftime("%Y-%m-%dT%H:%M:00Z"), rng.choice(channels), "en", t]
        if unique:
            body = ""
            if rng.random() < unique:
                body = " ".join(rng.choice(words) for _ in range(rng.randint(6, 30)))
                extra = rng.randrange(9)
                if extra == 0: body += f" order MM-{rng.randint(100000, 999999)}"
                elif extra == 1: body += f" mail me at user{rng.randint(1, 99999)}@example.com"
                elif extra == 2: body += f" call +1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            row.append(body)
        w.writerow(row)
PY
  echo "$STAMP" >"$SITE/complaints/.stamp"
fi

echo "helpmark rank benchmark: $ROWS rows ($(du -m "$LOG_CSV" | cut -f1) MB), pool $POOL, $N entries, $(nproc) cores, $RUNS runs" >&2
OUT="$ROOT/target/bench-rank"
# One run of `$2` labelled `$1`: prints "label rows/s wall KiB".
measure() {
  /usr/bin/time -f '%e %M %U %S' -o "$OUT/.time" \
    "$2" report --source "$SITE" --format json --output "$OUT/report-$1.json" 2>"$OUT/stderr-$1.log"
  local line rate wall kib user sys
  line="$(grep '^ranked ' "$OUT/stderr-$1.log" | tail -n 1)"
  rate="$(sed -E 's/.* ([0-9]+) rows\/s.*/\1/' <<<"$line")"
  read -r wall kib user sys <"$OUT/.time"
  echo "run $run $1: $line | wall ${wall}s, CPU ${user}+${sys}s, peak ${kib} KiB" >&2
  echo "$1 $rate $wall $kib $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
}
results=()
for run in $(seq "$RUNS"); do
  # With a baseline, the first of each pair alternates, so that load weighs on both.
  if [ -n "${BASELINE_BIN:-}" ] && [ $((run % 2)) -eq 0 ]; then
    results+=("$(measure baseline "$BASELINE_BIN")" "$(measure current "$BIN")")
  elif [ -n "${BASELINE_BIN:-}" ]; then
    results+=("$(measure current "$BIN")" "$(measure baseline "$BASELINE_BIN")")
  else
    results+=("$(measure current "$BIN")")
  fi
done
printf '%s\n' "${results[@]}" | python3 -c '
import statistics, sys
runs = {}
for l in sys.stdin:
    if l.strip():
        label, *values = l.split()
        runs.setdefault(label, []).append(tuple(map(float, values)))
for label, rows in runs.items():
    med = lambda i: statistics.median(r[i] for r in rows)
    span = lambda i: f"{min(r[i] for r in rows):.2f}-{max(r[i] for r in rows):.2f}"
    print(f"{label}: median {med(0):,.0f} rows/s (rank stage), wall {med(1):.2f} s ({span(1)}), "
          f"CPU {med(3):.2f} s, peak RSS {med(2) / 1024:.0f} MiB")'
