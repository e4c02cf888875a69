#!/usr/bin/env bash
# A real frontend plugin from npm (@backstage/plugin-catalog-graph, of this app's release) through
# the install engine, against a backend run like `scripts/start.sh --production` (supervised, on
# Postgres and Redis, serving the built app), timing each phase:
#   confirm → built (resolve, download, verify, extract, yarn install, app build),
#   restart → the backend answers again and serves the new bundle,
#   remove → built again without it, and its restart.
# The app's package.json and yarn.lock are back as they were at the end (checked).
#   bash bench/install-frontend.sh [runs=3]
# Port 7007 must be free. Uses POSTGRES_* and REDIS_URL like the app (defaults: local servers).
set -euo pipefail
# shellcheck source=lib/supervised.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/supervised.sh"

runs="${1:-3}"
PLUGIN=backstage.catalog-graph
PACKAGE=@backstage/plugin-catalog-graph
BASE=http://localhost:7007
tcp_open 127.0.0.1 7007 && die "port 7007 is taken; stop the running app first"
git diff --quiet -- packages/app/package.json || die "packages/app/package.json has uncommitted changes; the benchmark restores it and needs a clean one"

work="$(mktemp -d)"
export E2E_STATIC_TOKEN="bench-$RANDOM$RANDOM" APP_BASE_URL="$BASE" E2E_DATABASE_PREFIX="bs_bench_fe_${RANDOM}_"
AUTH="Authorization: Bearer $E2E_STATIC_TOKEN"
: >"$work/app-config.marketplace.yaml"

backend_pid=
cleanup() {
  stop_backends_and_drop "$E2E_DATABASE_PREFIX" ${backend_pid:+"$backend_pid"}
  rm -rf "$work"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
wait_job() {
  local id="$1" state
  for _ in $(seq 1 3000); do
    state="$(curl -fsS -H "$AUTH" "$BASE/api/marketplace/install/jobs/$id" | json 'j.state')"
    case "$state" in done) return 0 ;; failed | cancelled) die "job $id ended $state" ;; esac
    sleep 0.2
  done
  die "job $id did not finish"
}
restart() {
  local before
  before="$(curl -fsS "$BASE/" | grep -o 'static/main\.[a-z0-9]*\.js' | head -1)"
  curl -fsS -o /dev/null -H "$AUTH" -X POST "$BASE/api/marketplace/install/restart"
  sleep 0.5
  wait_health "$BASE"
  # The new process serves the bundle built by the job (another main chunk).
  [ "$(curl -fsS "$BASE/" | grep -o 'static/main\.[a-z0-9]*\.js' | head -1)" != "$before" ] || die "the restarted backend still serves the old bundle"
}

log "building the app once before measuring"
yarn workspace app build >/dev/null
log "starting the backend (supervised, Postgres and Redis)"
# In its own session (setsid, not forking: no job control here), so the whole group stops at the end.
setsid bash scripts/supervise-backend.sh bash scripts/run-backend.sh --config ../../app-config.yaml \
  --config ../../app-config.production.yaml --config ../../app-config.guest.yaml \
  --config ../../e2e/app-config.e2e.yaml --config "$work/app-config.marketplace.yaml" >"$work/backend.log" 2>&1 &
backend_pid=$!
wait_health "$BASE"
for _ in $(seq 1 120); do
  curl -fsS -H "$AUTH" "$BASE/api/marketplace/plugins/$PLUGIN" >/dev/null 2>&1 && break
  sleep 1
done

declare -a built restarted removed restarted_after
for run in $(seq 1 "$runs"); do
  t0="$(now_ms)"
  job="$(curl -fsS -H "$AUTH" -H 'content-type: application/json' -X POST "$BASE/api/marketplace/install" \
    -d "{\"plugins\":[{\"pluginId\":\"$PLUGIN\"}]}" | json 'j.jobs[0].id')"
  wait_job "$job"
  t1="$(now_ms)"
  restart
  t2="$(now_ms)"
  status="$(curl -fsS -H "$AUTH" "$BASE/api/marketplace/installed" | json "(j.items.find(i => i.pluginId === '$PLUGIN') || {}).status")"
  [ "$status" = installed ] || die "after the restart $PLUGIN is '$status', not installed"
  job="$(curl -fsS -H "$AUTH" -X DELETE "$BASE/api/marketplace/installed/$PLUGIN" | json 'j.job.id')"
  wait_job "$job"
  t3="$(now_ms)"
  restart
  t4="$(now_ms)"
  built+=($((t1 - t0))) restarted+=($((t2 - t1))) removed+=($((t3 - t2))) restarted_after+=($((t4 - t3)))
  printf '  run %d: confirm → built %5d ms, restart → serving it %5d ms, remove → built %5d ms, restart %5d ms\n' \
    "$run" $((t1 - t0)) $((t2 - t1)) $((t3 - t2)) $((t4 - t3))
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "$PACKAGE through the install engine, $runs runs (median ms):"
echo "  confirm → built into the app      $(median "${built[@]}")"
echo "  restart → new bundle served       $(median "${restarted[@]}")"
echo "  confirm → live (sum)              $(( $(median "${built[@]}") + $(median "${restarted[@]}") ))"
echo "  remove → built without it         $(median "${removed[@]}")"
echo "  restart after the removal         $(median "${restarted_after[@]}")"
if git diff --quiet -- packages/app/package.json; then
  echo "  packages/app/package.json is as it was"
else
  die "packages/app/package.json differs from before the benchmark"
fi
