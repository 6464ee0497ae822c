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
