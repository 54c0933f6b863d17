#!/bin/sh
# Rebuilds the browser search client (search-index for wasm32-unknown-unknown) and copies it
# to themes/default/static/search/helpmark-search.wasm. Reproducible: paths are remapped and
# symbols stripped, so the bytes do not depend on where the repository or cargo home live.
# opt-level "s" (the wasm profile's): "z" is 6 KB gzipped smaller but made warm queries about
# 1.5x slower (p95 10.8 ms against 6.5 ms in benches/search.sh); `wasm-opt -Oz` saves under
# 1 KB more, so it is not used.
# `--check` (CI) rebuilds and fails if the committed file differs.
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
cd "$root"
RUSTFLAGS="--remap-path-prefix=$root=/helpmark --remap-path-prefix=$cargo_home=/cargo" \
CARGO_PROFILE_WASM_STRIP=true \
  cargo build --locked -p search-index --target wasm32-unknown-unknown --profile wasm
out="themes/default/static/search/helpmark-search.wasm"
built="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm/search_index.wasm"
if [ "${1:-}" = "--check" ]; then
  # CI: the committed module must be exactly what the committed sources build.
  if ! cmp -s "$built" "$out"; then
    echo "error: $out is out of date; run scripts/build-wasm.sh and commit the result" >&2
    exit 1
  fi
  echo "$out is current"
  exit 0
fi
cp "$built" "$out"
echo "$out: $(wc -c <"$out") bytes, $(gzip -9c "$out" | wc -c) gzipped"
