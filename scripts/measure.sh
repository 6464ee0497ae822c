#!/usr/bin/env bash
# Measures the release web build: transfer size (gzip -9) and, in headless Chromium, the first
# render, each resolution step and a zone edit. Prints figures and never judges them: it exits
# non-zero only when the app could not be measured. Not part of scripts/test.sh on purpose,
# since timings depend on the machine and would make tests flaky.
#
#   bash scripts/measure.sh [DIST_DIR]
#
# Without DIST_DIR it measures dist/, building it first (trunk build --release --offline) when
# dist/index.html is missing. Needs what scripts/setup.sh installs (trunk, wasm-opt,
# playwright-core, chromium). MEASURE_RUNS sets how many page loads (default 5).
set -euo pipefail

# Resolve a DIST_DIR argument before env.sh changes to the repository root.
dist_dir=""
if [ $# -gt 0 ]; then
  if [ ! -d "$1" ]; then
    echo "error: $1 is not a directory" >&2
    exit 1
  fi
  dist_dir="$(cd "$1" && pwd)"
fi

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if [ -z "$dist_dir" ]; then
  dist_dir="dist"
  if [ ! -f dist/index.html ]; then
    section "trunk build --release (dist/index.html is missing)"
    # --offline: tools come from PATH, never a download (as in scripts/test.sh).
    trunk build --release --offline
  fi
fi

if [ ! -d node_modules/playwright-core ]; then
  echo "error: node_modules/playwright-core is missing: run bash scripts/setup.sh first" >&2
  exit 1
fi

section "measure $dist_dir"
exec node scripts/measure.mjs "$dist_dir"
