#!/usr/bin/env bash
# Runs the backend from source once, without the dev server's file watching
# (a change to a file must not restart it mid-test). Expects the toolchain on PATH.
#   scripts/run-backend.sh --config ../../app-config.yaml [--config …]
# Config paths are relative to packages/backend, where the backend runs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/packages/backend"
# The marketplace's managed config must exist to be loaded; a fresh clone has none yet.
managed=()
previous=
for arg in "$@"; do
  if [ "$previous" = --config ] && [ "$(basename "$arg")" = app-config.marketplace.yaml ]; then managed+=("$arg"); fi
  previous="$arg"
done
[ "${#managed[@]}" -eq 0 ] || bash "$ROOT/scripts/ensure-managed-config.sh" "${managed[@]}"
# --no-node-snapshot: isolated-vm (the plugin sandbox) needs it on Node 20 and later.
exec node --enable-source-maps --no-node-snapshot \
  --require "$ROOT/node_modules/@backstage/cli/config/nodeTransform.cjs" \
  src/index.ts "$@"
