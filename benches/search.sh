#!/usr/bin/env bash
# Search benchmark: builds the synthetic corpus (benches/build.sh makes it) with the release
# binary, runs Pagefind 1.x (npm) on the same pages, then measures both in headless Chromium as
# a customer sees them (tests/browser/bench.rs): from the input event in the header box to the
# result rows drawn, for a warm query whose index files are loaded, a warm query that needs new
# shards and a cold one (fresh browser: ms, and bytes gzipped with the client); the search page
# from navigation to results drawn; each query's requests and dependent rounds. Medians and p95.
# Usage: benches/search.sh [N]
#   HELPMARK_BIN   the binary that builds the site (default: cargo build --release)
#   BENCH_PROFILE  cargo profile of the browser test driver (default release; the browser's
#                  timings do not depend on it, `dev` saves a release build of the tests)
#   BENCH_ROUNDS   pages of warm queries per engine (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
site="target/bench-corpus/n$n"
[ -d "$site/content" ] || BENCH_SIZES="$n" benches/build.sh --corpus-only >/dev/null
bin="${HELPMARK_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --bin helpmark -q
  bin="${CARGO_TARGET_DIR:-target}/release/helpmark"
fi
out="$(mktemp -d)/public"
CI=1 "$bin" build --source "$site" --output "$out"
echo "N=$n: _search/ is $(du -sh "$out/_search" | cut -f1) on disk in $(find "$out/_search" -type f ! -name '*.js' | wc -l) files (plus disk-*.js bundles for file://)"
# Pagefind 1.x (npm) on the same built pages, in the same run, when npm can install it.
pf="target/bench-pagefind"
if [ ! -x "$pf/node_modules/.bin/pagefind" ] && command -v npm >/dev/null; then
  mkdir -p "$pf" && (cd "$pf" && npm install --silent --no-audit --no-fund pagefind@1 >/dev/null 2>&1) || true
fi
if [ -x "$pf/node_modules/.bin/pagefind" ]; then
  start=$(date +%s%N)
  "$pf/node_modules/.bin/pagefind" --site "$out" >/dev/null
  echo "pagefind indexing: $(( ($(date +%s%N) - start) / 1000000 )) ms, $(du -sh "$out/pagefind" | cut -f1) in $(find "$out/pagefind" -type f | wc -l) files"
  export BENCH_PAGEFIND=1
fi
BENCH_PUBLIC="$out" BENCH_QUERIES="${BENCH_QUERIES:-reset password|refund|cancel my order|invoice|delivery time|update billing address|export report|team member permissions}" \
  cargo test --profile "${BENCH_PROFILE:-release}" --test browser -q -- --ignored search_speed_in_chromium --nocapture 2>&1 |
  grep -E '^(  |helpmark|pagefind|waterfall)'
