#!/usr/bin/env bash
# Runs the backend command given and starts it again whenever it exits with code 75: the
# marketplace's admin restart (POST /api/marketplace/install/restart), which loads the backend
# plugins installed since the backend started. Any other exit ends this script with that code.
#   scripts/supervise-backend.sh bash scripts/run-backend.sh --config ../../app-config.yaml …
set -uo pipefail
# The marketplace offers the restart only when something will start the backend again.
export MARKETPLACE_SUPERVISED=1
child=
stop() {
  trap - INT TERM
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null
    # The backend shuts down gracefully; after 30 s it is stopped regardless.
    for _ in $(seq 1 30); do kill -0 "$child" 2>/dev/null || break; sleep 1; done
    kill -KILL "$child" 2>/dev/null
  fi
  exit 143
}
trap stop INT TERM
while true; do
  "$@" &
  child=$!
  wait "$child"
  code=$?
  child=
  [ "$code" -eq 75 ] || exit "$code"
  echo "[supervise-backend] the backend asked to be restarted: starting it again" >&2
done
