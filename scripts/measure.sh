#!/usr/bin/env bash
# Measures the release web build: transfer size (gzip -9 of the wasm, the JS and the CSS) and,
# in headless Chromium, on the default scenario and on a generated world of thousands of zones:
# the app running, a zone edit through to the graph and diagnostics, each resolution step,
# and for the large world unfolding its zones and zooming (scripts/measure.mjs); then the first
# screen as a visitor meets it, the build served compressed under /dns-lab/: Lighthouse 12
# mobile and desktop, and when the Step button works on a phone on slow 4G
# (scripts/first-screen.mjs). Prints figures beside their goals and never judges them: it exits
# non-zero only when the app could not be measured. Timings depend on the machine, so tests
# never assert them; this script is where they are read.
#
#   bash scripts/measure.sh [--quick] [--build] [--profile] [--zones N] [DIST_DIR]
#
# Without DIST_DIR it measures dist/. --build always runs `trunk build --release --offline`
# first (into DIST_DIR when given); without it the build only happens when DIST_DIR/index.html
# is missing. --quick (or MEASURE_QUICK=1) takes the fewest samples that still run every
# measurement, about a minute, as CI runs it. --zones N sets the generated world's size
# (default 2000; MEASURE_ZONES too). MEASURE_RUNS sets how many page loads per world
# (default 5; quick 2).
#
# --profile builds, then measures a copy of the build whose wasm keeps its function names
# (wasm-bindgen's output before wasm-opt: bigger and slower than the release build, so its
# timings are not the release's) under Chromium's sampling profiler, and prints where the time
# of a reload, the steps and the edits went, function by function (MEASURE_PROFILE_DIR=DIR
# also saves the profiles, which DevTools opens).
#
# Needs what scripts/setup.sh installs (trunk, wasm-bindgen, wasm-opt, playwright-core,
# chromium). CARGO_TARGET_DIR is honoured, for the build and for the dns-lab binary that
# generates the world.
set -euo pipefail

quick=0
build=0
profile=0
zones="${MEASURE_ZONES:-2000}"
dist_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --build) build=1 ;;
    --profile)
      profile=1
      build=1
      ;;
    --zones)
      zones="${2:?--zones needs a number}"
      shift
      ;;
    --zones=*) zones="${1#--zones=}" ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    -*)
      echo "error: unknown option $1 (see --help)" >&2
      exit 2
      ;;
    *)
      # Resolved before env.sh changes to the repository root.
      mkdir -p "$1"
      dist_dir="$(cd "$1" && pwd)"
      ;;
  esac
  shift
done

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

dist_dir="${dist_dir:-$DNS_LAB_ROOT/dist}"
if [ "$build" = 1 ] || [ ! -f "$dist_dir/index.html" ]; then
  section "trunk build --release --offline --dist $dist_dir"
  # The shipped build: the pinned nightly, offline (scripts/env.sh: release_build).
  release_build --dist "$dist_dir"
fi

if [ ! -d node_modules/playwright-core ]; then
  echo "error: node_modules/playwright-core is missing: run bash scripts/setup.sh first" >&2
  exit 1
fi

section "dns-lab generate --zones $zones"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
large="$work/generated-$zones.json"
cargo run --quiet --locked --bin dns-lab -- generate --zones "$zones" >"$large"
printf '%s: %s bytes\n' "$(basename "$large")" "$(wc -c <"$large")"

if [ "$profile" = 1 ]; then
  # The wasm Trunk just built, before wasm-opt stripped its names, bound again.
  section "a copy of the build with function names, for the profiler"
  named="$work/dist-with-names"
  cp -r "$dist_dir" "$named"
  # Under the build's own hashed names (dns-lab-web-HASH.js and _bg.wasm), which the page
  # names; the precompressed copies would still be the stripped build's, so they go.
  glue="$(cd "$named" && ls dns-lab-web-*.js | grep -E '^dns-lab-web-[0-9a-f]+\.js$')"
  find "$named" \( -name '*.gz' -o -name '*.br' \) -delete
  wasm-bindgen --target web --no-typescript --out-dir "$named" --out-name "${glue%.js}" \
    "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/dns-lab-web.wasm"
  dist_dir="$named"
  export MEASURE_PROFILE=1
fi

section "measure $dist_dir"
export MEASURE_LARGE_SCENARIO="$large"
if [ "$quick" = 1 ]; then
  export MEASURE_QUICK=1
fi
node scripts/measure.mjs "$dist_dir"

if [ "$profile" = 0 ]; then
  # The first screen as a visitor meets it, served compressed under a sub-path: Lighthouse
  # mobile and desktop, and when Step works on a throttled phone.
  section "the first screen: $dist_dir under /dns-lab/"
  node scripts/first-screen.mjs "$dist_dir"
fi
