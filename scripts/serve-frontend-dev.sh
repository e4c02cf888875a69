#!/usr/bin/env bash
# Runs the frontend dev server (:3000) and starts it again when the marketplace has installed or
# removed a frontend plugin: each such change ends with a build of the app that writes
# packages/app/dist/.marketplace-build.json, and the dev server reads the app's package set only
# when it starts (feature discovery). Expects the toolchain on PATH.
#   scripts/serve-frontend-dev.sh --config ../../app-config.yaml [--config …]
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STAMP="$ROOT/packages/app/dist/.marketplace-build.json"
stamp() { cksum "$STAMP" 2>/dev/null || echo none; }

child=
stop() {
  trap - INT TERM
  [ -z "$child" ] || kill -TERM -- "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null
  exit 143
}
trap stop INT TERM

set -m
while true; do
  seen="$(stamp)"
  (cd "$ROOT/packages/app" && exec yarn start "$@") &
  child=$!
  while kill -0 "$child" 2>/dev/null; do
    sleep 2
    now="$(stamp)"
    # A build starts by emptying dist/: wait for the manifest it writes at its end.
    if [ "$now" != none ] && [ "$now" != "$seen" ]; then
      echo "[serve-frontend-dev] the marketplace changed the app's plugins: restarting the dev server" >&2
      kill -TERM -- "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null
      wait "$child" 2>/dev/null
      continue 2
    fi
  done
  wait "$child"
  exit $?
done
