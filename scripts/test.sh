#!/usr/bin/env bash
# Runs the whole test suite: unit tests, CLI tests on fixture sites, the search contract and the
# browser tests in a real Chromium. Installs what the tests need on a fresh Debian machine first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo test --workspace --locked "$@"
