#!/usr/bin/env bash
# Installs what is missing, then runs every check: formatting, clippy, the native tests, the
# release web build, the benchmarks and page measurements in quick mode, the differential
# suite (real NSD, Unbound and BIND; needs root), the browser journeys and a short fuzzing run. Exits non-zero on the first failure.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

bash scripts/setup.sh

section "cargo fmt --check"
cargo fmt --all -- --check

section "cargo clippy --all-targets -- -D warnings"
cargo clippy --locked --all-targets -- -D warnings

section "cargo test (native)"
cargo test --locked

section "DOM tests (wasm-bindgen-test in headless Chromium)"
# The runner (from wasm-bindgen-cli) drives Chromium through chromedriver;
# webdriver.json holds the browser's flags.
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
  cargo test --locked --target wasm32-unknown-unknown --test dom

section "trunk build --release"
mkdir -p target
build_log="target/trunk-build.log"
# On the pinned nightly, offline (scripts/env.sh: release_build); cargo fetch already ran.
if ! release_build 2>&1 | tee "$build_log"; then
  echo "error: trunk build --release failed" >&2
  exit 1
fi
# The release build must be clean: no rustc or Trunk warnings.
if grep -E '^warning|WARN' "$build_log" >/dev/null; then
  echo "error: trunk build --release printed warnings (see above)" >&2
  exit 1
fi
for wasm in dist/*.wasm; do
  printf '%s: %s bytes, %s bytes gzip\n' "$wasm" "$(wc -c <"$wasm")" "$(gzip -9c "$wasm" | wc -c)"
done

section "a second release build with one stylesheet changed (the redeploy journey)"
# As a redeploy would ship it: the same sources but for one rule added to a copy of
# styles/main.css, built from a copy of index.html beside it; the Rust build is reused.
changed_source="target/redeploy-source"
rm -rf "$changed_source"
mkdir -p "$changed_source"
cp -r styles assets "$changed_source/"
printf '\n:root { --deploy-marker: "the second build"; }\n' >>"$changed_source/styles/main.css"
sed 's#href="Cargo.toml"#href="../../Cargo.toml"#' index.html >"$changed_source/index.html"
release_build --dist target/dist-redeploy "$changed_source/index.html" >target/trunk-build-redeploy.log 2>&1 \
  || { tail -20 target/trunk-build-redeploy.log; echo "error: the second release build failed" >&2; exit 1; }
echo "target/dist-redeploy: built"

section "benchmarks, quick mode (figures are printed, never judged)"
# Runs every criterion benchmark and the real-tool comparison briefly so they cannot rot;
# full figures: bash scripts/bench.sh (BENCHMARKS.md).
bash scripts/bench.sh --quick

section "page measurements, quick mode (figures are printed, never judged)"
# Sizes, first render, edits and steps in headless Chromium on the build above, for the
# default scenario and a generated world, then the first screen (Lighthouse mobile and
# desktop, when Step works on a throttled phone); full figures: bash scripts/measure.sh.
bash scripts/measure.sh --quick dist

section "differential suite: the simulator against NSD, Unbound and BIND (as root)"
# Real servers and resolvers on loopback, in a private network namespace; writes
# tests/differential/results.md and fails on an undocumented disagreement.
bash scripts/differential.sh

section "end-to-end journeys (headless Chromium)"
node tests/e2e/journeys.mjs

section "accessibility: axe-core in every state the journeys reach"
node tests/e2e/a11y.mjs

section "end-to-end: the learner's screen at 1024x768 and 1280x720 (what must be in view)"
node tests/e2e/screen.mjs

section "end-to-end: on a phone and a tablet (touch: stepping, the inspector's sheet, pinch and drag)"
node tests/e2e/phone.mjs

section "end-to-end: ship it anywhere (sub-path, hashed names, offline, redeploy)"
node tests/e2e/ship.mjs

section "end-to-end: the prerendered first view, and the app taking its place"
node tests/e2e/first-view.mjs

section "fuzzing: each cargo-fuzz target briefly (a crash fails the run)"
# A short run keeps the targets from rotting; longer runs: FUZZ_SECONDS=600 bash scripts/fuzz.sh
FUZZ_SECONDS="${FUZZ_SECONDS:-60}" bash scripts/fuzz.sh
