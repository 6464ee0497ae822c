#!/usr/bin/env bash
# Runs the README's test command the way a fresh machine sees it, before anyone trusts a change to
# the build, the set-up or the dependencies: a clone of the committed HEAD (no target/, no dist/,
# no node_modules/) and an empty cargo home holding only the toolchain's cargo, rustc and rustup
# proxies, so no registry cache, no installed trunk or wasm-bindgen and no earlier build can help.
# (rustup's toolchains stay: a fresh machine has its Rust toolchain; setup installs the nightly.)
#
#   bash scripts/fresh-check.sh            # extra environment passes through, e.g. FUZZ_SECONDS=10
#
# Everything lands in target/fresh-check/ (removed at the next run): the clone, the cargo home and
# test.log. Prints how long the run took; exits with the test command's status.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/target/fresh-check"
user_cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"

rm -rf "$work"
mkdir -p "$work/cargo-home/bin"
git clone --quiet --no-hardlinks "$root" "$work/repo"
echo "fresh clone of $(git -C "$work/repo" rev-parse --short HEAD) in $work/repo"

for proxy in cargo rustc rustup; do
  source_proxy="$(command -v "$proxy")" || {
    echo "error: $proxy not found; the machine's Rust toolchain (rustup) is needed" >&2
    exit 1
  }
  cp -L "$source_proxy" "$work/cargo-home/bin/$proxy"
done

# PATH without the user's cargo bin or the repository's node_modules/.bin, the new home first.
fresh_path="$work/cargo-home/bin"
IFS=: read -r -a path_entries <<<"$PATH"
for entry in "${path_entries[@]}"; do
  case "$entry" in
    "$user_cargo_bin" | "$root"/*) ;;
    *) fresh_path="$fresh_path:$entry" ;;
  esac
done

log="$work/test.log"
echo "running bash scripts/test.sh with CARGO_HOME=$work/cargo-home; log: $log"
start=$(date +%s)
status=0
(
  cd "$work/repo"
  env -u CARGO_TARGET_DIR CARGO_HOME="$work/cargo-home" PATH="$fresh_path" \
    bash scripts/test.sh
) 2>&1 | tee "$log" || status=$? # pipefail: the test command's status
elapsed=$(($(date +%s) - start))
printf 'fresh-machine test run: %s after %dm%02ds\n' \
  "$([ "$status" -eq 0 ] && echo passed || echo FAILED)" $((elapsed / 60)) $((elapsed % 60))
exit "$status"
