#!/usr/bin/env bash
# Search benchmark: builds the synthetic corpus (benches/build.sh makes it) with the release
# binary, then measures in headless Chromium: gzipped bytes and time for one cold query (client
# included), bytes for a warm new query, warm latency p50/p95; and how long indexing + export
# add to the build (build with and without the search stage is not separable, so we report the
# build time and the share of `_search/` in the output). Usage: benches/search.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
site="target/bench-corpus/n$n"
[ -d "$site/content" ] || BENCH_SIZES="$n" benches/build.sh --corpus-only >/dev/null
cargo build --release --bin helpmark -q
out="$(mktemp -d)/public"
CI=1 target/release/helpmark build --source "$site" --output "$out"
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
  cargo test --release --test browser -q -- --ignored search_speed_in_chromium --nocapture 2>&1 | grep -E '^(cold|warm|helpmark|pagefind)'
