#!/usr/bin/env bash
# Live-preview benchmark: how long after an edit `helpmark serve` serves the new page, against a
# full `helpmark build` of the same site measured in the same run (issue 15).
#
#   benches/serve.sh                      # N = 10000, 20 edits, 3 builds
#   BENCH_N=1000 BENCH_EDITS=10 benches/serve.sh
#   HELPMARK_BIN=/path/to/helpmark benches/serve.sh   # skip `cargo build --release`
#
# The corpus is benches/build.sh's (`gen_corpus.py --n N --seed 42`, cached in
# target/bench-corpus/), copied to a temporary site folder that the edits change. Prints the
# median build time and peak memory, the time until `serve` serves, the edit -> new page
# latencies (p50, p95, max), the edit -> page served and search finds it, the edit -> whole
# site produced again (search included)
# latencies, the same for adding and deleting an entry, serve's peak memory, and their ratios
# to the build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${BENCH_N:-10000}"
EDITS="${BENCH_EDITS:-20}"
BUILDS="${BENCH_BUILDS:-3}"

case "${1:-}" in -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
[ -x /usr/bin/time ] || { echo "benches/serve.sh: GNU time is required (apt-get install time)" >&2; exit 2; }

CORPUS="$(BENCH_SIZES="$N" "$ROOT/benches/build.sh" --corpus-only | tail -1)"
if [ -n "${HELPMARK_BIN:-}" ]; then
  BIN="$HELPMARK_BIN"
else
  (cd "$ROOT" && cargo build --release --bin helpmark)
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/helpmark"
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -r "$CORPUS/content" "$CORPUS/helpmark.yaml" "$WORK/"
mkdir -p "$WORK/out"

# Full builds: wall seconds, peak KiB and CPU seconds (user + system) of each.
builds=()
for i in $(seq "$BUILDS"); do
  /usr/bin/time -f '%e %M %U %S' -o "$WORK/time" "$BIN" build --source "$WORK" --output "$WORK/out/public" --quiet
  builds+=("$(cat "$WORK/time")")
done
rm -rf "$WORK/out"

RESULT="$(python3 "$ROOT/benches/serve_latency.py" "$BIN" "$WORK" "$EDITS")"

python3 - "$N" "$RESULT" "${builds[@]}" <<'PY'
import json, statistics, sys
n, result, builds = sys.argv[1], json.loads(sys.argv[2]), [b.split() for b in sys.argv[3:]]
walls = [float(b[0]) for b in builds]
peaks = [int(b[1]) for b in builds]
cpus = [float(b[2]) + float(b[3]) for b in builds]
lat = sorted(result["latencies_ms"])
q = lambda v, f: v[min(len(v) - 1, round(f * (len(v) - 1)))]  # the f-quantile of sorted v
build_ms = statistics.median(walls) * 1000
print(f"N={n}: full build median {build_ms:.0f} ms (runs: {', '.join(f'{w * 1000:.0f}' for w in walls)}), peak {statistics.median(peaks) / 1024:.0f} MiB "
      f"(runs: {', '.join(f'{p / 1024:.0f}' for p in peaks)}; the first into an empty folder)")
cpu = sorted(result["cpu_ms"])
build_cpu_ms = statistics.median(cpus) * 1000
print(f"full build CPU median {build_cpu_ms:.0f} ms; serve CPU per edit p50 {statistics.median(cpu):.0f} ms "
      f"({statistics.median(cpu) / build_cpu_ms:.2f}x the build's CPU)")
print(f"serve ready in {result['ready_s'] * 1000:.0f} ms ({result['ready_s'] * 1000 / build_ms:.2f}x the build)")
print(f"edit -> new page served, {len(lat)} edits: p50 {q(lat, 0.5):.0f} ms, p95 {q(lat, 0.95):.0f} ms, max {lat[-1]:.0f} ms "
      f"(p50 {q(lat, 0.5) / build_ms:.2f}x the build)")
searched = sorted(result["searched_ms"])
print(f"edit -> new page served and search finds it: p50 {q(searched, 0.5):.0f} ms, p95 {q(searched, 0.95):.0f} ms, "
      f"max {searched[-1]:.0f} ms (p50 {q(searched, 0.5) / build_ms:.2f}x the build)")
whole = sorted(result["settled_ms"])
print(f"edit -> whole site again (search, related, every page): p50 {q(whole, 0.5):.0f} ms, p95 {q(whole, 0.95):.0f} ms, "
      f"max {whole[-1]:.0f} ms (p50 {q(whole, 0.5) / build_ms:.2f}x the build)")
for what, key in (("add an entry", "add"), ("delete an entry", "delete")):
    shown, whole = sorted(result[f"{key}_ms"]), sorted(result[f"{key}_settled_ms"])
    searched = sorted(result.get(f"{key}_searched_ms") or whole)
    print(f"{what} -> its page served / gone, {len(shown)} times: p50 {q(shown, 0.5):.0f} ms, p95 {q(shown, 0.95):.0f} ms; "
          f"-> and search finds it / not: p50 {q(searched, 0.5):.0f} ms, p95 {q(searched, 0.95):.0f} ms; "
          f"-> whole site again: p50 {q(whole, 0.5):.0f} ms, p95 {q(whole, 0.95):.0f} ms")
if result["serve_peak_kib"]:
    print(f"serve peak memory {result['serve_peak_kib'] / 1024:.0f} MiB ({result['serve_peak_kib'] / statistics.median(peaks):.2f}x the build)")
PY
