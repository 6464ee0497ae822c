#!/usr/bin/env bash
# Installs everything DNS Lab needs to build, serve and test. Every step is skipped when the
# right version is already there, so a second run takes seconds.
#
#   Rust target wasm32-unknown-unknown, rustfmt and clippy (rustup)
#   the pinned nightly for the release build, with rust-src and the wasm32 target (rustup),
#   and the crates its standard library depends on (cargo fetch)
#   trunk 0.21.14 and wasm-bindgen-cli at the Cargo.lock version (cargo install, minutes)
#   chromium and chromium-driver (Debian packages)
#   nsd, unbound, bind9 and dnsutils for the differential suite (Debian packages)
#   binaryen 132 (wasm-opt), playwright-core and lighthouse 12 (npm ci from package-lock.json)
#   the crates in Cargo.lock (cargo fetch)
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update
    apt_updated=1
  fi
  as_root apt-get install -y "$@"
}

section "setup: Rust toolchain"
if ! command -v cargo >/dev/null 2>&1 || ! command -v rustup >/dev/null 2>&1; then
  echo "error: cargo and rustup are needed (the machine's Rust toolchain); install Rust first" >&2
  exit 1
fi
cargo --version
# (Listings go to a variable first: `grep -q` closing a pipe early would trip pipefail.)
installed_targets="$(rustup target list --installed)"
if grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
  echo "target wasm32-unknown-unknown: present"
else
  rustup target add wasm32-unknown-unknown
fi
installed_components="$(rustup component list --installed)"
for component in rustfmt clippy; do
  if grep -q "^$component" <<<"$installed_components"; then
    echo "component $component: present"
  else
    rustup component add "$component"
  fi
done
# rustup's installer puts a proxy for every tool in cargo's bin, but a cargo home made by hand
# (a CI image, scripts/fresh-check.sh) may hold only cargo's and rustc's, and then `cargo fmt`
# and `cargo clippy` are "no such command" and doc tests cannot find rustdoc. A proxy is rustup
# under the tool's name.
rustup_binary="$(readlink -f "$(command -v rustup)")"
for proxy in rustdoc rustfmt cargo-fmt cargo-clippy clippy-driver; do
  if ! command -v "$proxy" >/dev/null 2>&1; then
    mkdir -p "$CARGO_BIN"
    ln -sf "$rustup_binary" "$CARGO_BIN/$proxy"
    echo "proxy $proxy: linked to rustup in $CARGO_BIN"
  fi
done

section "setup: $RELEASE_TOOLCHAIN (the release build of the web app only)"
installed_toolchains="$(rustup toolchain list)"
release_toolchain_ready=0
if grep -q "^$RELEASE_TOOLCHAIN" <<<"$installed_toolchains"; then
  release_targets="$(rustup +"$RELEASE_TOOLCHAIN" target list --installed)"
  release_components="$(rustup +"$RELEASE_TOOLCHAIN" component list --installed)"
  if grep -qx wasm32-unknown-unknown <<<"$release_targets" && grep -q "^rust-src" <<<"$release_components"; then
    release_toolchain_ready=1
  fi
fi
if [ "$release_toolchain_ready" = 1 ]; then
  echo "$RELEASE_TOOLCHAIN with rust-src and wasm32-unknown-unknown: present"
else
  rustup toolchain install "$RELEASE_TOOLCHAIN" --profile minimal \
    --component rust-src --target wasm32-unknown-unknown
fi
# The release build rebuilds std offline, so std's own dependencies (libc, hashbrown, …, listed
# in rust-src's Cargo.lock but not shipped in it) must be in the registry cache. A fresh machine
# has none; cargo fetch is a no-op when they are there.
cargo +"$RELEASE_TOOLCHAIN" fetch --locked --manifest-path "$(release_std_manifest)"
echo "the standard library's dependencies: fetched"

section "setup: trunk $TRUNK_VERSION"
if command -v trunk >/dev/null 2>&1 && [ "$(trunk --version)" = "trunk $TRUNK_VERSION" ]; then
  echo "trunk $TRUNK_VERSION: present"
else
  # Newer Trunk releases need a newer rustc than this project's toolchain.
  cargo_install_tool trunk --version "$TRUNK_VERSION" --locked
fi

section "setup: wasm-bindgen-cli $WASM_BINDGEN_VERSION (from Cargo.lock)"
if [ -z "$WASM_BINDGEN_VERSION" ]; then
  echo "error: no wasm-bindgen package found in Cargo.lock" >&2
  exit 1
fi
if command -v wasm-bindgen >/dev/null 2>&1 \
  && [ "$(wasm-bindgen --version)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  echo "wasm-bindgen $WASM_BINDGEN_VERSION: present"
else
  # No --locked: one of its locked dependency versions is no longer in the registry.
  cargo_install_tool wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

section "setup: Chromium"
if [ -x "$CHROMIUM_BIN" ] && [ -x /usr/bin/chromedriver ]; then
  echo "chromium and chromedriver: present"
else
  apt_install chromium chromium-driver
fi
"$CHROMIUM_BIN" --version 2>/dev/null || true

section "setup: NSD, Unbound, BIND and dig (the differential suite); zone checkers (benchmarks)"
if command -v nsd >/dev/null 2>&1 && command -v unbound >/dev/null 2>&1 \
  && command -v named >/dev/null 2>&1 && command -v dig >/dev/null 2>&1 \
  && command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 \
  && command -v named-checkzone >/dev/null 2>&1 && command -v kzonecheck >/dev/null 2>&1 \
  && command -v ldns-read-zone >/dev/null 2>&1; then
  echo "nsd, unbound, named, dig, named-checkzone, kzonecheck, ldns-read-zone: present"
else
  # Installing these must not start system-wide DNS daemons: the suite runs its own, by pid,
  # in a private network namespace. Without a policy-rc.d (containers usually have one), one
  # that refuses service starts is put in place for the install only.
  policy=/usr/sbin/policy-rc.d
  temporary_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    temporary_policy=1
  fi
  install_status=0
  apt_install nsd unbound bind9 bind9-utils dnsutils knot-dnssecutils ldnsutils iproute2 util-linux || install_status=$?
  if [ "$temporary_policy" -eq 1 ]; then
    as_root rm -f "$policy"
  fi
  [ "$install_status" -eq 0 ] || exit "$install_status"
fi
# The first line of each version output.
nsd_version="$(nsd -v 2>&1 || true)"
unbound_version="$(unbound -V 2>&1 || true)"
echo "${nsd_version%%$'\n'*}; unbound ${unbound_version%%$'\n'*}; $(named -v)"

section "setup: Node.js tools (binaryen, playwright-core)"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "warning: node $(node --version) is older than the 20 that playwright-core asks for" >&2
fi
lock_stamp="node_modules/.dns-lab-package-lock.sha256"
lock_sum="$(sha256sum package.json package-lock.json | sha256sum | cut -d' ' -f1)"
if [ -f "$lock_stamp" ] && [ "$(cat "$lock_stamp")" = "$lock_sum" ] \
  && [ -x node_modules/.bin/wasm-opt ]; then
  echo "node_modules: up to date with package-lock.json"
else
  npm ci --no-audit --no-fund
  echo "$lock_sum" >"$lock_stamp"
fi
echo "wasm-opt: $(wasm-opt --version)"

section "setup: crates (cargo fetch)"
cargo fetch --locked

section "setup: done"
