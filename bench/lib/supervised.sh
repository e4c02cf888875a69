# Set-up and helpers for the benchmarks that run the backend supervised, as in production, on
# Postgres and Redis: Node and the dependencies are made ready, and the shell is at the repo root.
LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../scripts/toolchain.sh
source "$LIB_DIR/../../scripts/toolchain.sh"
# shellcheck source=../../scripts/lib-services.sh
source "$LIB_DIR/../../scripts/lib-services.sh"
ensure_node
ensure_deps
cd "$REPO_ROOT"

# Evaluates a JavaScript expression over the JSON on stdin (`j`) and prints it.
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log(eval(process.argv[1]))})' "$1"; }

# Waits until the backend at the given base URL answers its health check (up to 3 minutes).
wait_health() {
  for _ in $(seq 1 900); do
    curl -fsS -o /dev/null "$1/api/marketplace/health" 2>/dev/null && return 0
    sleep 0.2
  done
  die "the backend at $1 did not answer"
}

# Stops the given process groups (started with setsid) and drops the run's throwaway databases.
stop_backends_and_drop() {
  local prefix="$1"
  shift
  for pid in "$@"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  node "$REPO_ROOT/scripts/pg-drop-databases.mjs" "$prefix" >/dev/null || true
}
