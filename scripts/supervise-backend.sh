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
  [ -z "$child" ] || kill -TERM "$child" 2>/dev/null
  [ -z "$child" ] || wait "$child" 2>/dev/null
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
