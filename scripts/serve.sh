#!/usr/bin/env bash
# Installs what is missing, then serves the app with live reload on http://127.0.0.1:8080
# (Trunk.toml sets the address and port). Stop it with Ctrl-C.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

bash scripts/setup.sh

section "trunk serve: open http://127.0.0.1:8080"
# --offline: every tool and crate is already here (setup ran cargo fetch); never download.
forget_stale_snippets
exec trunk serve --offline "$@"
