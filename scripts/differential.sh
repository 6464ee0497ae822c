#!/usr/bin/env bash
# The differential suite: every built-in scenario and resolver fixture, served by real NSD
# processes and resolved by real Unbound and BIND named, compared with the simulator (see
# tests/differential/main.rs). Writes tests/differential/results.md and exits non-zero on a
# disagreement that tests/differential/expected-differences.txt does not document.
#
# Needs root (NSD binds port 53; network namespaces) and the Debian packages nsd, unbound,
# bind9 and dnsutils (scripts/setup.sh installs them). Everything runs inside a private
# network namespace that has only `lo`, so no packet can leave the machine, and a private PID
# namespace, so nothing the suite starts outlives it.
#
#   bash scripts/differential.sh                              every scenario
#   DNS_LAB_DIFFERENTIAL_ONLY=default,cname-loop bash scripts/differential.sh
#                                                             only these (table under target/)
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "error: the differential suite needs root (it binds port 53 and makes namespaces)" >&2
  exit 1
fi
missing=""
for tool in nsd nsd-checkzone unbound named dig unshare ip; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  echo "error: missing:$missing (bash scripts/setup.sh installs them)" >&2
  exit 1
fi

section "differential: build"
cargo test --locked --test differential --no-run

section "differential: NSD, Unbound and named on loopback, in a private network namespace"
started=$(date +%s)
# --pid --fork --kill-child: the suite runs under PID 1 of its own PID namespace (this bash,
# which also reaps orphans), so when that ends the kernel ends every process inside. The suite
# stops its own daemons by pid; if this script is stopped, the trap kills unshare (which
# ignores SIGTERM), --kill-child then kills PID 1, and the namespace goes with it.
unshare --net --pid --mount --fork --mount-proc --kill-child -- \
  bash -c 'ip link set lo up || exit 1
    DNS_LAB_DIFFERENTIAL=1 cargo test --locked --offline --test differential -- --nocapture
    status=$?
    exit "$status"' &
suite_pid=$!
trap 'kill -KILL "$suite_pid" 2>/dev/null || true' EXIT INT TERM
status=0
wait "$suite_pid" || status=$?
trap - EXIT INT TERM
echo "differential suite: $(($(date +%s) - started)) s, exit status $status"
exit "$status"
