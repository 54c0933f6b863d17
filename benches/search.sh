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
[ -d "$site/content" ] || BENCH_SIZES="$n" benches/build.sh >/dev/null
cargo build --release --bin helpmark -q
out="$(mktemp -d)/public"
CI=1 target/release/helpmark build --source "$site" --output "$out"
echo "N=$n: _search/ is $(du -sh "$out/_search" | cut -f1) on disk in $(find "$out/_search" -type f ! -name '*.js' | wc -l) files (plus .js twins for file://)"
BENCH_PUBLIC="$out" BENCH_QUERIES="${BENCH_QUERIES:-reset password|refund|cancel my order|invoice|delivery time|update billing address|export report|team member permissions}" \
  cargo test --release --test browser -q -- --ignored search_speed_in_chromium --nocapture 2>&1 | grep -E '^(cold|warm)'
