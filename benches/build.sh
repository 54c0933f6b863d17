#!/usr/bin/env bash
# Build benchmark: wall time and peak memory of `helpmark build` on synthetic help centers.
#
#   benches/build.sh                          # N = 1000 and 10000
#   BENCH_SIZES="1000 10000 50000" benches/build.sh
#   HELPMARK_BIN=/path/to/helpmark benches/build.sh   # skip `cargo build`
#   BASELINE_BIN=/path/to/old/helpmark benches/build.sh  # also measure a baseline, interleaved
#   benches/build.sh --corpus-only            # only make the corpora; prints their folders
#
# Environment:
#   HELPMARK_BIN   binary to measure (default: `cargo build --release --bin helpmark`, then
#                  ${CARGO_TARGET_DIR:-target}/release/helpmark)
#   BASELINE_BIN   a second binary (say, main's) measured in the same series: each run of one
#                  is followed by the same run of the other, first one then the other, so that
#                  drift and earlier deletions weigh on both alike; prints now / baseline ratios
#   BENCH_SIZES    corpus sizes, default "1000 10000"
#   BENCH_RUNS     runs per size and kind (default 5, 3 for N >= 50000)
#   BENCH_GEN      corpus generator (default /work/shared/bench/gen_corpus.py)
#   BENCH_TIMER    `python` forces the getrusage fallback (default: GNU /usr/bin/time if present)
#
# Corpora: `gen_corpus.py --n N --seed 42 --formats content`, cached in
# target/bench-corpus/n<N>/ and regenerated only when missing or when the generator or the word
# list changed. Outputs go to target/bench-out/. See benches/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCHES="$ROOT/benches"
GEN="${BENCH_GEN:-/work/shared/bench/gen_corpus.py}"
WORDS=/usr/share/dict/words
SEED=42
SIZES="${BENCH_SIZES:-1000 10000}"
CORPUS_ROOT="$ROOT/target/bench-corpus"
OUT_ROOT="$ROOT/target/bench-out"

die() { echo "benches/build.sh: $*" >&2; exit 2; }

CORPUS_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --corpus-only) CORPUS_ONLY=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

# ---------------------------------------------------------------- prerequisites
command -v python3 >/dev/null || die "python3 is required"
[ -f "$GEN" ] || die "corpus generator not found: $GEN (set BENCH_GEN)"
if [ ! -r "$WORDS" ]; then
  die "no word list at $WORDS: the corpora (and the peer figures in PEERS.md) use Debian's wamerican.
Install it with:  apt-get install wamerican"
fi
for n in $SIZES; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "BENCH_SIZES: not a positive integer: $n"
done

if [ "$CORPUS_ONLY" = 1 ]; then
  TIMER=none
elif [ "${BENCH_TIMER:-}" = python ]; then
  TIMER=python
elif [ -x /usr/bin/time ] && /usr/bin/time --version 2>&1 | grep -q GNU; then
  TIMER=gnu
else
  TIMER=python
  echo "note: GNU time not found (install it with: apt-get install time); using python getrusage" >&2
fi

# ---------------------------------------------------------------- corpora
# The stamp identifies what produced a cached corpus: regenerate when any of it changes.
corpus_stamp() {
  local n="$1"
  printf 'n=%s seed=%s formats=content\ngen=%s\nwords=%s\n' "$n" "$SEED" \
    "$(sha256sum "$GEN" | cut -d' ' -f1)" "$(sha256sum "$(readlink -f "$WORDS")" | cut -d' ' -f1)"
}

CONFIG='# Written by benches/build.sh
title: Bench
base_url: https://bench.example/
languages: [en]
contact: {phone: "+1 800 555 0100", toll_free: true, email: help@bench.example, response_time_hours: 24}'

# Writes helpmark.yaml beside content/ (only when it differs: others may be reading the corpus).
write_config() {
  if [ ! -f "$1/helpmark.yaml" ] || [ "$(cat "$1/helpmark.yaml")" != "$CONFIG" ]; then
    printf '%s\n' "$CONFIG" >"$1/helpmark.yaml.tmp" && mv "$1/helpmark.yaml.tmp" "$1/helpmark.yaml"
  fi
}

ensure_corpus() {
  local n="$1" dir="$CORPUS_ROOT/n$1" stamp
  stamp="$(corpus_stamp "$n")"
  if [ -d "$dir/content" ] && [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
    write_config "$dir"
    return
  fi
  echo "generating corpus N=$n -> $dir" >&2
  mkdir -p "$CORPUS_ROOT"
  local tmp="$dir.tmp.$$"
  rm -rf "$tmp"
  python3 "$GEN" --n "$n" --seed "$SEED" --formats content --words "$WORDS" --out "$tmp" >/dev/null
  local source
  source="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["word_list"])' "$tmp/manifest.json")"
  if [ "$source" = "embedded-fallback" ]; then
    rm -rf "$tmp"
    die "the generator fell back to its embedded word list ($WORDS unusable): apt-get install wamerican"
  fi
  rm -rf "$dir"
  mv "$tmp" "$dir"
  printf '%s\n' "$stamp" >"$dir/.stamp"
  write_config "$dir"
}

for n in $SIZES; do ensure_corpus "$n"; done
if [ "$CORPUS_ONLY" = 1 ]; then
  for n in $SIZES; do echo "$CORPUS_ROOT/n$n"; done
  exit 0
fi

# ---------------------------------------------------------------- binary
if [ -n "${HELPMARK_BIN:-}" ]; then
  BIN="$HELPMARK_BIN"
else
  (cd "$ROOT" && cargo build --release --bin helpmark)
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/helpmark"
fi
[ -x "$BIN" ] || die "not an executable: $BIN"
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
# Labels and binaries measured side by side.
LABELS=(helpmark)
BINS=("$BIN")
if [ -n "${BASELINE_BIN:-}" ]; then
  [ -x "$BASELINE_BIN" ] || die "BASELINE_BIN: not an executable: $BASELINE_BIN"
  LABELS+=(baseline)
  BINS+=("$(cd "$(dirname "$BASELINE_BIN")" && pwd)/$(basename "$BASELINE_BIN")")
fi
# The binaries' indexes for run I, the first one changing every run.
order() { if [ "${#BINS[@]}" = 2 ] && [ $(($1 % 2)) = 0 ]; then echo 1 0; else seq 0 $((${#BINS[@]} - 1)); fi; }

# ---------------------------------------------------------------- runs
mkdir -p "$OUT_ROOT"
RESULTS="$OUT_ROOT/results.tsv"
: >"$RESULTS"
TIMEFILE="$OUT_ROOT/.time"
LOG="$OUT_ROOT/last-build.log"
export CI=1 # helpmark prints no summary line

# timed CMD...: runs CMD, sets WALL (s), KIB (peak RSS) and CPU (user + sys, s); exits the
# script if CMD fails. CPU time is less disturbed than wall time by other load on the machine.
timed() {
  local rc=0
  if [ "$TIMER" = gnu ]; then
    /usr/bin/time -f '%e %M %U %S' -o "$TIMEFILE" "$@" >"$LOG" 2>&1 || rc=$?
  else
    python3 "$BENCHES/timed.py" "$TIMEFILE" "$@" >"$LOG" 2>&1 || rc=$?
  fi
  if [ "$rc" -ne 0 ]; then
    echo "benches/build.sh: build failed (exit $rc): $*" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
  local user sys
  read -r WALL KIB user sys < <(tail -n 1 "$TIMEFILE")
  CPU="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
}

git_rev="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]; then git_rev="$git_rev+dirty"; fi
echo "helpmark build benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "commit $git_rev, timer $TIMER" >&2
for b in "${!BINS[@]}"; do echo "${LABELS[$b]}: ${BINS[$b]}" >&2; done

runs_for() { echo "${BENCH_RUNS:-$([ "$1" -ge 50000 ] && echo 3 || echo 5)}"; }

# record N KIND LABEL: appends the last timed run to the results and the log.
record() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$WALL" "$KIB" "$CPU" "$3" >>"$RESULTS"
  printf 'N=%s %-5s %-8s %d/%d: %6.2f s wall %6.2f s CPU %6d MiB\n' "$1" "$2" "$3" "$i" "$(runs_for "$1")" "$WALL" "$CPU" "$((KIB / 1024))" >&2
}

# Fresh builds first, before this script deletes anything: each into a new folder, nothing
# deleted inside the timing. On ext4 without a journal (this VM), creating files shortly after
# many were deleted is much slower (the kernel skips recently freed inodes one by one), so a
# clean build pays for the `rm -rf` twice; the fresh column shows the build without that.
FRESH_DIRS=()
# Removed when the script ends: deleting them now would slow the clean builds that follow.
trap 'rm -rf -- "${FRESH_DIRS[@]}"' EXIT
for n in $SIZES; do
  for i in $(seq 1 "$(runs_for "$n")"); do
    for b in $(order "$i"); do
      out="$OUT_ROOT/fresh-n$n-$i-${LABELS[$b]}-$$"
      FRESH_DIRS+=("$out")
      timed "${BINS[$b]}" build --source "$CORPUS_ROOT/n$n" --output "$out"
      record "$n" fresh "${LABELS[$b]}"
    done
  done
done

for n in $SIZES; do
  src="$CORPUS_ROOT/n$n"
  runs="$(runs_for "$n")"
  # Clean builds and re-runs alternate, so that a drift during the series (other load, the
  # file system) weighs on both alike; each re-run builds over the previous clean build's output.
  for i in $(seq 1 "$runs"); do
    for kind in clean rerun; do
      for b in $(order "$i"); do
        out="$OUT_ROOT/n$n-${LABELS[$b]}"
        if [ "$kind" = clean ]; then
          # As in PEERS.md: the previous output is deleted inside the timed command.
          timed bash -c 'rm -rf -- "$1" && exec "$2" build --source "$3" --output "$1"' bench "$out" "${BINS[$b]}" "$src"
        else
          timed "${BINS[$b]}" build --source "$src" --output "$out"
        fi
        [ -f "$out/index.html" ] || { echo "benches/build.sh: no $out/index.html after a successful build" >&2; exit 1; }
        record "$n" "$kind" "${LABELS[$b]}"
      done
    done
  done
done

echo
python3 "$BENCHES/report.py" "$RESULTS"
