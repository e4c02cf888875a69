#!/usr/bin/env bash
# Measures how long the backend takes from launch to a healthy /api/marketplace/health,
# and its resident memory once up, over a few runs.
#   bash bench/backend-startup.sh [runs=3] [default|production]
# "production" uses app-config.production.yaml (Postgres + Redis from the POSTGRES_*/REDIS_URL env).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../scripts/toolchain.sh
source "$HERE/../scripts/toolchain.sh"
# shellcheck source=../scripts/lib-services.sh
source "$HERE/../scripts/lib-services.sh"
ensure_node
ensure_deps

runs="${1:-3}"
mode="${2:-default}"
configs=(--config ../../app-config.yaml)
if [ "$mode" = production ]; then
  export APP_BASE_URL=http://localhost:7007
  configs+=(--config ../../app-config.production.yaml)
fi
tcp_open 127.0.0.1 7007 && die "port 7007 is taken"

printf '%-4s %14s %12s\n' run "healthy after" "backend RSS"
for run in $(seq 1 "$runs"); do
  started=$(date +%s%N)
  setsid bash "$REPO_ROOT/scripts/run-backend.sh" "${configs[@]}" >/tmp/bench-backend.log 2>&1 &
  group=$!
  until curl -fsS -o /dev/null http://localhost:7007/api/marketplace/health 2>/dev/null; do
    kill -0 "$group" 2>/dev/null || { tail -20 /tmp/bench-backend.log; die "backend exited"; }
    sleep 0.05
  done
  ready=$(date +%s%N)
  sleep 2
  # run-backend.sh execs node, so the group leader is the backend itself.
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$group/status")
  printf '%-4s %12.2f s %9d MB\n' "$run" "$(echo "($ready - $started) / 1000000000" | bc -l)" $((rss_kb / 1024))
  kill -TERM -- "-$group" 2>/dev/null || true
  wait "$group" 2>/dev/null || true
  while tcp_open 127.0.0.1 7007; do sleep 0.2; done
done
