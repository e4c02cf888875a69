#!/usr/bin/env bash
# Starts the app. See README.md.
#   scripts/start.sh               backend :7007 + frontend dev server :3000, SQLite in memory, memory cache
#   scripts/start.sh --production  the built frontend served by the backend on :7007, Postgres + Redis
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=toolchain.sh
source "$HERE/toolchain.sh"
# shellcheck source=lib-services.sh
source "$HERE/lib-services.sh"

mode=dev
case "${1:-}" in
  "") ;;
  --production) mode=production ;;
  -h | --help) sed -n '2,4p' "$0"; exit 0 ;;
  *) die "unknown option '$1' (try --help)" ;;
esac

ensure_node
ensure_deps
cd "$REPO_ROOT"

children=()
stop_all() {
  # Stop the children before printing anything: when output goes to a pipe whose
  # reader already died of the same Ctrl-C, a write would end this script early.
  trap - INT TERM EXIT
  trap '' PIPE
  for pid in "${children[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  log "stopping" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

announce_when_up() {
  local url="$1" probe="$2"
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$probe" 2>/dev/null; then
      log "Backstage Marketplace is up: $url  (Ctrl-C stops everything)"
      return 0
    fi
    sleep 1
  done
  log "still not answering at $probe after 5 minutes; see the output above"
}

# The marketplace writes plugin configuration to app-config.marketplace.yaml (git-ignored) and the
# backend re-reads it when it changes. Paths are relative to packages/backend and packages/app.
bash scripts/ensure-managed-config.sh app-config.marketplace.yaml
if [ "$mode" = dev ]; then
  log "starting backend on :7007 and frontend on :3000 (SQLite in memory, memory cache)"
  dev_configs=(--config ../../app-config.yaml)
  [ ! -f app-config.local.yaml ] || dev_configs+=(--config ../../app-config.local.yaml)
  dev_configs+=(--config ../../app-config.marketplace.yaml)
  set -m
  # Supervised, like --production: the marketplace's restart (after installing a backend plugin)
  # brings the backend straight back. For backend code changes with hot reload, use `yarn dev`.
  # NODE_ENV=development as `yarn dev` sets it: the guest sign-in is allowed in development only.
  NODE_ENV=development bash scripts/supervise-backend.sh bash scripts/run-backend.sh "${dev_configs[@]}" &
  children+=($!)
  # The frontend dev server, started again when the marketplace adds or removes a frontend plugin.
  bash scripts/serve-frontend-dev.sh "${dev_configs[@]}" &
  children+=($!)
  set +m
  announce_when_up http://localhost:3000 http://localhost:7007/api/marketplace/health &
  children+=($!)
else
  postgres_reachable || die "Postgres is not reachable at $POSTGRES_HOST:$POSTGRES_PORT (set POSTGRES_HOST/POSTGRES_PORT/POSTGRES_USER/POSTGRES_PASSWORD)"
  redis_reachable || die "Redis is not reachable at $REDIS_URL (set REDIS_URL)"
  export APP_BASE_URL="${APP_BASE_URL:-http://localhost:7007}"
  log "building the frontend"
  yarn workspace app build
  log "starting the backend on :7007 with Postgres ($POSTGRES_HOST:$POSTGRES_PORT) and Redis ($REDIS_URL)"
  set -m
  # Supervised: the marketplace's admin restart (to load newly installed backend plugins) exits
  # with code 75 and the backend comes straight back.
  bash scripts/supervise-backend.sh bash scripts/run-backend.sh --config ../../app-config.yaml \
    --config ../../app-config.production.yaml --config ../../app-config.guest.yaml \
    --config ../../app-config.marketplace.yaml &
  children+=($!)
  set +m
  announce_when_up "$APP_BASE_URL" "$APP_BASE_URL/api/marketplace/health" &
  children+=($!)
fi

wait "${children[0]}"
