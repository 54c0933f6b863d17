#!/usr/bin/env bash
# Installs, only where missing, what the tests and benches need: Debian's Chromium and
# ChromeDriver (browser tests), the `wamerican` word list (benchmark corpus), and the wasm32
# target (the search client). Idempotent; needs root for apt-get, as on CI.
set -euo pipefail
missing=()
for pkg in chromium chromium-driver wamerican; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  rustup target add wasm32-unknown-unknown
fi
