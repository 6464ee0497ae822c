#!/usr/bin/env bash
# Fuzzes the readers of input from strangers with cargo-fuzz (libFuzzer, on stable Rust with
# --sanitizer none): zone files, scenario JSON, share links and imported files, and resolution
# plus diagnostics on worlds changed by random edits. Each target starts from a corpus seeded
# from the built-in scenarios and runs for FUZZ_SECONDS (default 60). A crash stops the script
# with a non-zero exit and leaves the input in fuzz/artifacts/<target>/.
#
#   bash scripts/fuzz.sh [TARGET ...]
#
# Installs cargo-fuzz when it is missing. The corpora grow in target/fuzz-corpus/ (git ignores
# it), so later runs go on from where earlier ones stopped.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

CARGO_FUZZ_VERSION=0.13.2
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(zone_file scenario_json share_link resolve_and_diagnose)
fi

# libfuzzer-sys compiles libFuzzer, which is C++.
if ! command -v c++ >/dev/null 2>&1; then
  section "apt-get install g++ (libFuzzer is C++)"
  as_root apt-get update -qq
  as_root apt-get install -y -qq g++
fi
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  section "cargo install cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo_install_tool cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

corpus_root="$DNS_LAB_ROOT/target/fuzz-corpus"
seed() {
  local dir="$corpus_root/$1"
  mkdir -p "$dir"
  echo "$dir"
}

section "seeding the corpora from the built-in scenarios"
cargo build --locked --quiet --bin dns-lab
cli="$DNS_LAB_ROOT/target/debug/dns-lab"
zone_seeds="$(seed zone_file)"
json_seeds="$(seed scenario_json)"
link_seeds="$(seed share_link)"
world_seeds="$(seed resolve_and_diagnose)"
index=0
for file in src/sim/scenarios/*.json; do
  id="$(basename "$file" .json)"
  cp "$file" "$json_seeds/$id.json"
  cp "$file" "$link_seeds/$id.json"
  "$cli" share --scenario "builtin:$id" | sed 's/^#s=//' | tr -d '\n' >"$link_seeds/$id.link"
  export_dir="$(mktemp -d)"
  "$cli" export-zones --scenario "builtin:$id" --out "$export_dir/zones" >/dev/null
  find "$export_dir/zones" -name '*.zone' | while read -r zone; do
    cp "$zone" "$zone_seeds/$id-$(basename "$(dirname "$zone")")-$(basename "$zone")"
  done
  rm -rf "$export_dir"
  # The first byte picks the built-in scenario; the rest are edits.
  printf "\\$(printf '%03o' "$index")\\001\\002\\003\\004\\005\\006\\007" >"$world_seeds/$id.bin"
  index=$((index + 1))
done

cd fuzz
for target in "${targets[@]}"; do
  section "cargo fuzz run $target (${FUZZ_SECONDS}s)"
  cargo fuzz run "$target" --sanitizer none "$corpus_root/$target" -- \
    -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 2>&1 |
    grep -E 'Done [0-9]+ runs|stat::number_of_executed_units|panicked|ERROR|SUMMARY|artifact' || true
  # cargo fuzz exits non-zero on a crash, but the pipe above hides it: check for artifacts.
  if compgen -G "artifacts/$target/crash-*" >/dev/null || compgen -G "artifacts/$target/oom-*" >/dev/null ||
    compgen -G "artifacts/$target/timeout-*" >/dev/null; then
    echo "error: $target found a failing input (see fuzz/artifacts/$target/)" >&2
    exit 1
  fi
done
