#!/usr/bin/env bash
# Installs, only where missing, what the tests and benches need: Debian's Chromium and
# ChromeDriver (browser tests), a Devanagari font (so Hindi pages render in screenshots, not as
# boxes), the `wamerican` word list (benchmark corpus), and the wasm32
# target (the search client), and axe-core from npm (below). Idempotent; needs root for apt-get,
# as on CI.
set -euo pipefail
missing=()
for pkg in chromium chromium-driver fonts-lohit-deva wamerican; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  rustup target add wasm32-unknown-unknown
fi
# npm tools, pinned, into the git-ignored .tools/: axe-core for the browser tests (look.rs),
# Lighthouse for benches/lighthouse.sh (`--bench-tools`; 12.x is the last line for Node 20).
# A tool already there at its version is not fetched again (offline-safe).
AXE_CORE_VERSION=4.14.1
LIGHTHOUSE_VERSION=12.8.2
npm_tool() { # folder package version
  local dir=".tools/$1" have
  have=$(node -p "require('./$dir/node_modules/$2/package.json').version" 2>/dev/null || true)
  [ "$have" = "$3" ] && return 0
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
    else
      echo "install-deps: npm missing, $2 not installed" >&2
      return 0
    fi
  fi
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "$2@$3" >/dev/null
}
cd "$(dirname "$0")/.."
npm_tool axe axe-core "$AXE_CORE_VERSION"
if [ "${1:-}" = --bench-tools ]; then npm_tool lighthouse lighthouse "$LIGHTHOUSE_VERSION"; fi
