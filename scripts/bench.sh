#!/usr/bin/env bash
# Runs the core benchmarks with criterion (`cargo bench`): hierarchy (load and build),
# diagnose, resolver, layout and zone files, each followed by a table of how its time grows
# with size. The zone-file benchmark also times BIND's named-checkzone, Knot's kzonecheck and
# ldns-read-zone on the same files and prints our time as a ratio to theirs (a tool that is
# not installed is reported and skipped). Prints figures and never judges them: timings depend
# on the machine, so this is not part of scripts/test.sh's pass/fail checks.
#
#   bash scripts/bench.sh [--quick] [BENCH...] [-- CRITERION_ARGS...]
#
# --quick (or BENCH_QUICK=1 in the environment): the two smallest sizes of each family and
# short samples, so every benchmark runs in a couple of minutes once built; CI uses it so the
# benchmarks cannot rot. BENCH names benchmarks to run (hierarchy, diagnose, resolver, layout,
# zonefile); without one, all run. Arguments after -- go to criterion, e.g. a filter.
# BENCHMARKS.md has the figures and the commands behind them.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

targets=()
criterion_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) export BENCH_QUICK=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    --)
      shift
      criterion_args=("$@")
      break
      ;;
    -*)
      echo "error: unknown option $1" >&2
      usage >&2
      exit 2
      ;;
    *) targets+=(--bench "$1") ;;
  esac
  shift
done
# Every benchmark target, and not the unit-test harnesses that --benches would also run.
[ ${#targets[@]} -gt 0 ] || targets=(--bench "*")

mode="full"
if [ -n "${BENCH_QUICK:-}" ] && [ "${BENCH_QUICK}" != "0" ]; then
  mode="quick"
  # Quick mode only proves the benchmarks still build and run, so it skips the release
  # profile's whole-program optimisation (LTO, one codegen unit: about 7 minutes of build on
  # 2 cores) and builds into its own directory, leaving the full run's build alone. Its
  # figures are not comparable with BENCHMARKS.md.
  export CARGO_PROFILE_BENCH_LTO=false CARGO_PROFILE_BENCH_CODEGEN_UNITS=16
  export CARGO_PROFILE_BENCH_OPT_LEVEL=2
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}/bench-quick"
fi
section "cargo bench ($mode mode)"
for tool in named-checkzone kzonecheck ldns-read-zone; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "note: $tool is not installed (scripts/setup.sh installs it); its comparison is skipped"
  fi
done
cargo bench --locked "${targets[@]}" -- "${criterion_args[@]}"
