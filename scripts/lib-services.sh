# shellcheck shell=bash
# Reachability of the production services (Postgres, Redis) for scripts/start.sh and scripts/test.sh.

POSTGRES_HOST="${POSTGRES_HOST:-127.0.0.1}"
POSTGRES_PORT="${POSTGRES_PORT:-5432}"
POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export POSTGRES_HOST POSTGRES_PORT POSTGRES_USER POSTGRES_PASSWORD REDIS_URL

# Answers whether something accepts TCP connections at host:port within 2 seconds.
tcp_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

redis_host_port() {
  local rest="${REDIS_URL#*://}"
  rest="${rest#*@}"
  rest="${rest%%/*}"
  echo "${rest%:*} ${rest##*:}"
}

postgres_reachable() { tcp_open "$POSTGRES_HOST" "$POSTGRES_PORT"; }
redis_reachable() {
  # shellcheck disable=SC2046
  tcp_open $(redis_host_port)
}
