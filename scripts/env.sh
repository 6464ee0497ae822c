# Sourced by the other scripts: the repository root, PATH and a few shared helpers.
# shellcheck shell=bash

DNS_LAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DNS_LAB_ROOT
cd "$DNS_LAB_ROOT"

# Tools that cargo installs (trunk, wasm-bindgen), then the repo's npm tools (wasm-opt) first.
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in
  *":$CARGO_BIN:"*) ;;
  *) export PATH="$CARGO_BIN:$PATH" ;;
esac
export PATH="$DNS_LAB_ROOT/node_modules/.bin:$PATH"

# Trunk: never ask crates.io whether a newer Trunk exists.
export TRUNK_SKIP_VERSION_CHECK=true
# apt-get never asks questions.
export DEBIAN_FRONTEND=noninteractive

# The exact versions the project builds with.
TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock, or Trunk tries a download.
WASM_BINDGEN_VERSION="$(awk '
  $0 == "name = \"wasm-bindgen\"" { getline; gsub(/^version = "|"$/, ""); print; exit }
' Cargo.lock)"
CHROMIUM_BIN=/usr/bin/chromium
export CHROMIUM_BIN

# The release build of the web app (what `dist/` ships) uses a pinned nightly Rust, for one
# reason: size. It rebuilds the standard library for the app with panics that abort at once and
# without `Debug` formatting or panic locations, which takes about 10% off the gzip wasm
# (BENCHMARKS.md). Nothing user-visible may depend on `Debug` text (use FindingKind::id and
# Display). Everything else (tests, clippy, `trunk serve`, the CLI) uses the stable toolchain.
RELEASE_TOOLCHAIN=nightly-2026-05-20
RELEASE_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"

# `trunk build --release --offline` with the release toolchain; extra arguments pass to Trunk.
# --offline: tools come from PATH, never a download. Rebuilding std (CARGO_UNSTABLE_BUILD_STD)
# needs std's own crates.io dependencies, which rust-src does not ship: only their versions, in
# the sysroot's library/Cargo.lock. scripts/setup.sh fetches them into the cargo registry.
release_build() {
  forget_stale_snippets
  RUSTUP_TOOLCHAIN="$RELEASE_TOOLCHAIN" \
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    RUSTFLAGS="$RELEASE_RUSTFLAGS" \
    trunk build --release --offline "$@"
}

# wasm-bindgen writes JS snippets into target/wasm-bindgen/PROFILE/snippets/ and never removes
# them, and Trunk ships whatever is there: a snippet the code no longer uses would be deployed
# (under a name without a content hash). Every build writes the ones it uses again.
forget_stale_snippets() {
  rm -rf "$DNS_LAB_ROOT"/target/wasm-bindgen/*/snippets
}

# The standard library's workspace manifest in the release toolchain's rust-src.
release_std_manifest() {
  echo "$(rustc +"$RELEASE_TOOLCHAIN" --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
}

# `cargo install` for the project's tools (trunk, wasm-bindgen-cli, cargo-fuzz), built once per
# machine. Trunk's release profile asks for fat LTO in one codegen unit, which on two cores
# takes most of a fresh machine's set-up; the tools only start other programs and read small
# files, so the build profile's defaults serve as well.
cargo_install_tool() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

section() {
  if [ -t 1 ]; then
    printf '\n\033[1m==> %s\033[0m\n' "$*"
  else
    printf '\n==> %s\n' "$*"
  fi
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "error: '$*' needs root (run as root or install sudo)" >&2
    return 1
  fi
}
