#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ (see fuzz/README.md): builds them once, then fuzzes each
# in turn, and fails if any found a crash (kept in fuzz/artifacts/<target>/).
#
#   scripts/fuzz.sh [--ci] [--time SECONDS] [--asan] [TARGET...]
#
#   --time N   seconds per target (default 60)
#   --ci       15 seconds per target and a fixed seed: what .ci/run runs (about 5 minutes in all,
#              with installing cargo-fuzz and building, on 2 cores)
#   --asan     AddressSanitizer: cargo-fuzz passes -Zsanitizer, so this sets RUSTC_BOOTSTRAP=1
#              (enough on a stable toolchain); without it the targets are built with
#              --sanitizer none, which needs no unstable flag
#   TARGET     only these targets (default: every target in fuzz/Cargo.toml)
#
# Works with a stable toolchain alone: cargo-fuzz is installed if missing. The committed seeds in
# fuzz/corpus/<target>/ are only read; what the fuzzer finds goes to fuzz/target/corpus/<target>/,
# so repeated runs build on each other without touching the committed corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60 ci=0 sanitizer=none targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --ci) ci=1 seconds=15 ;;
    --time) seconds=$2; shift ;;
    --asan) sanitizer=address ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "error: unknown option \`$1\`" >&2; exit 2 ;;
    *) targets+=("$1") ;;
  esac
  shift
done

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  start=$SECONDS
  cargo install cargo-fuzz --locked
  echo "installed in $((SECONDS - start)) s"
fi

# Debug assertions and overflow checks on (cargo-fuzz's default), optimised. The ASan build
# keeps a target folder of its own so switching does not rebuild the other.
target_dir=fuzz/target
build_args=(--sanitizer "$sanitizer")
if [ "$sanitizer" = address ]; then
  export RUSTC_BOOTSTRAP=1
  # cargo-fuzz sets this for `cargo fuzz run`; the binaries are run directly here.
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_odr_violation=0"
  target_dir=fuzz/target/asan
  build_args+=(--target-dir "$target_dir")
fi
echo "== building fuzz targets (sanitizer: $sanitizer)"
start=$SECONDS
if [ "${#targets[@]}" -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
  cargo fuzz build "${build_args[@]}"
else
  for target in "${targets[@]}"; do
    cargo fuzz build "${build_args[@]}" "$target"
  done
fi
echo "built in $((SECONDS - start)) s"
bin="$target_dir/$(rustc -vV | sed -n 's/^host: //p')/release"

# Inputs that read from a path (config, complaint logs, rendered diagnostics) are written here.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

failed=()
for target in "${targets[@]}"; do
  echo "== fuzzing $target for $seconds s"
  work="fuzz/target/corpus/$target"
  mkdir -p "$work" "fuzz/artifacts/$target"
  flags=(-max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1)
  [ -f "fuzz/dict/$target.dict" ] && flags+=(-dict="fuzz/dict/$target.dict")
  # CI runs are repeatable: the same seed mutates the same way.
  [ "$ci" = 1 ] && flags+=(-seed=1)
  log="$scratch/$target.log"
  # The binary itself, not `cargo fuzz run`: that would rebuild first, and a build failure
  # must not pass for a crash.
  if TMPDIR="$scratch" "$bin/$target" "${flags[@]}" -artifact_prefix="fuzz/artifacts/$target/" \
    "$work" "fuzz/corpus/$target" >"$log" 2>&1; then
    status=ok
  else
    status=CRASH
    failed+=("$target")
    # The panic message, the stack trace and the input's file.
    grep -v '^#[0-9]\|^INFO\|^MERGE' "$log" | tail -60 >&2
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  coverage=$(grep -E '^#[0-9]+' "$log" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true)
  echo "$target: $status, ${execs:-?} runs, ${coverage:-no coverage line}, corpus $(ls "$work" | wc -l) files"
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "error: crashes in ${failed[*]}; inputs in fuzz/artifacts/<target>/ (replay: cargo fuzz run --sanitizer $sanitizer <target> <file>, minimise: cargo fuzz tmin ...)" >&2
  exit 1
fi
