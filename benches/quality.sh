#!/usr/bin/env bash
# Search quality of three engines on the labelled sets in benches/queries/, in one run: Pagefind
# 1.x (npm) in headless Chromium on the built sample site, then helpmark and plain BM25
# (`cargo bench --bench search_quality`). Usage: benches/quality.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin helpmark -q
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
CI=1 target/release/helpmark build --output "$tmp/public"
# Pagefind is installed the same way as in benches/search.sh.
pf="target/bench-pagefind"
failed=0
if [ ! -x "$pf/node_modules/.bin/pagefind" ] && command -v npm >/dev/null; then
  mkdir -p "$pf" && (cd "$pf" && npm install --silent --no-audit --no-fund pagefind@1 >/dev/null 2>&1) || true
fi
if [ -x "$pf/node_modules/.bin/pagefind" ]; then
  "$pf/node_modules/.bin/pagefind" --site "$tmp/public" >/dev/null
  echo "Pagefind $("$pf/node_modules/.bin/pagefind" --version | cut -d' ' -f2), default settings, every page indexed:"
  # Only the table from the test's output; all of it if the test fails.
  if BENCH_PUBLIC="$tmp/public" cargo test --release --test browser -q -- --ignored pagefind_quality_in_chromium \
    --nocapture >"$tmp/pagefind.log" 2>&1; then
    grep -E '^(\||zero results)' "$tmp/pagefind.log"
  else
    cat "$tmp/pagefind.log" >&2
    failed=1
  fi
else
  echo "Pagefind is not available (no npm, or 'npm install pagefind@1' failed): skipping its column." >&2
fi
echo
echo "helpmark and plain BM25:"
cargo bench --bench search_quality -q
exit "$failed"
