#!/usr/bin/env bash
# `helpmark check` on the 10,000-entry corpus of benches/build.sh (issue 15: check <= 1 s), with
# a clean build of the same corpus measured in the same series as the baseline ratio.
#
#   benches/check.sh                          # N = 10000, 5 runs each
#   BENCH_N=1000 BENCH_RUNS=3 benches/check.sh
#   HELPMARK_BIN=/path/to/helpmark benches/check.sh   # skip `cargo build`
#
# Prints the median wall and CPU time of `check` and of `build`, their ratio, and one run's
# `HELPMARK_TIMINGS` (where check's time goes).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${BENCH_N:-10000}"
runs="${BENCH_RUNS:-5}"
site="target/bench-corpus/n$n"
[ -d "$site/content" ] || BENCH_SIZES="$n" benches/build.sh --corpus-only >/dev/null
bin="${HELPMARK_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --bin helpmark -q
  bin="${CARGO_TARGET_DIR:-target}/release/helpmark"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# One run: "wall_s cpu_s" of the command.
timed() {
  /usr/bin/time -f "%e %U %S" -o "$out/time" "$@" >/dev/null 2>&1 || true
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$out/time"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
: >"$out/check"; : >"$out/build"
for _ in $(seq "$runs"); do
  timed "$bin" check --source "$site" >>"$out/check"
  timed env CI=1 "$bin" build --source "$site" --output "$out/public" >>"$out/build"
done
cw=$(cut -d' ' -f1 "$out/check" | median); cc=$(cut -d' ' -f2 "$out/check" | median)
bw=$(cut -d' ' -f1 "$out/build" | median); bc=$(cut -d' ' -f2 "$out/build" | median)
echo "N=$n, $runs runs, medians: check ${cw} s wall / ${cc} s CPU; build ${bw} s wall / ${bc} s CPU; check/build $(awk -v a="$cw" -v b="$bw" 'BEGIN { printf "%.2f", a / b }')x wall"
echo "where check's time goes (one run):"
HELPMARK_TIMINGS=1 "$bin" check --source "$site" 2>&1 >/dev/null | grep ' ms' || true
