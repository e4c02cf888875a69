#!/usr/bin/env bash
# Two backend replicas on one database (Postgres, Redis), each supervised as in production, each with
# its own install store; an admin asks for a restart of every replica, one at a time
# (POST /install/restart {"replicas":"all"}). Probes both replicas' health every 100 ms meanwhile
# and prints:
#   request → every replica restarted (its process started after the request),
#   how long each replica did not answer (from its first failed probe to its first answer after),
#   probes at which neither answered (0 means the marketplace stayed up throughout).
#   bash bench/rolling-restart.sh [runs=2]
# Ports 7007 and 7008 must be free. Uses POSTGRES_* and REDIS_URL like the app (defaults: local servers).
set -euo pipefail
# shellcheck source=lib/supervised.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/supervised.sh"

runs="${1:-2}"
PORTS=(7007 7008)
for port in "${PORTS[@]}"; do tcp_open 127.0.0.1 "$port" && die "port $port is taken; stop the running app first"; done

work="$(mktemp -d)"
export E2E_STATIC_TOKEN="bench-$RANDOM$RANDOM" APP_BASE_URL="http://localhost:7007" E2E_DATABASE_PREFIX="bs_bench_rr_${RANDOM}_"
AUTH="Authorization: Bearer $E2E_STATIC_TOKEN"
: >"$work/app-config.marketplace.yaml"

pids=()
cleanup() {
  stop_backends_and_drop "$E2E_DATABASE_PREFIX" "${pids[@]}"
  rm -rf "$work"
}
trap cleanup EXIT

log "building the app once (both replicas serve it)"
yarn workspace app build >/dev/null
for i in 0 1; do
  port="${PORTS[$i]}"
  cat >"$work/replica-$port.yaml" <<EOF
backend:
  baseUrl: http://localhost:$port
  listen:
    port: $port
marketplace:
  install:
    storeDir: $work/store-$port
EOF
  log "starting replica $((i + 1)) on :$port (supervised)"
  # In its own session (setsid), so that the whole group stops at the end.
  setsid bash scripts/supervise-backend.sh bash scripts/run-backend.sh --config ../../app-config.yaml \
    --config ../../app-config.production.yaml --config ../../app-config.guest.yaml \
    --config ../../e2e/app-config.e2e.yaml --config "$work/app-config.marketplace.yaml" \
    --config "$work/replica-$port.yaml" >"$work/backend-$port.log" 2>&1 &
  pids+=($!)
  # One at a time: both would run the same migrations at once otherwise.
  wait_health "http://localhost:$port"
done
for _ in $(seq 1 60); do
  n="$(curl -fsS -H "$AUTH" "http://localhost:7007/api/marketplace/install/restart" | json 'j.replicas.length')"
  [ "$n" = 2 ] && break
  sleep 1
done
[ "$n" = 2 ] || die "the replicas did not both report (saw $n)"

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -a totals downs neither
for run in $(seq 1 "$runs"); do
  out="$work/probe-$run.txt"
  t0="$(date +%s%3N)"
  curl -fsS -o /dev/null -H "$AUTH" -H 'content-type: application/json' -X POST \
    "http://localhost:7007/api/marketplace/install/restart" -d '{"replicas":"all"}'
  # Probe both every 100 ms until both processes started after the request and the rolling restart is over.
  node - "$t0" "$E2E_STATIC_TOKEN" >"$out" <<'EOF'
const [t0, token] = [Number(process.argv[2]), process.argv[3]];
const ports = [7007, 7008];
const up = async port => {
  try {
    const res = await fetch(`http://localhost:${port}/api/marketplace/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
};
const status = async () => {
  for (const port of ports) {
    try {
      const res = await fetch(`http://localhost:${port}/api/marketplace/install/restart`, { headers: { authorization: `Bearer ${token}` } });
      if (res.ok) return res.json();
    } catch {}
  }
  return undefined;
};
(async () => {
  // When each replica stopped answering and answered again (ms after the request).
  const wentDown = {};
  const cameBack = {};
  let neither = 0;
  let probes = 0;
  for (;;) {
    const started = Date.now();
    const answers = await Promise.all(ports.map(up));
    probes++;
    ports.forEach((port, i) => {
      if (!answers[i]) {
        wentDown[port] ??= Date.now() - t0;
      } else if (wentDown[port] !== undefined) {
        cameBack[port] ??= Date.now() - t0;
      }
    });
    if (!answers.some(Boolean)) neither++;
    if (probes % 5 === 0) {
      const s = await status();
      const restarted = s && s.replicas.length === 2 && s.replicas.every(r => Date.parse(r.startedAt) > t0) && !s.rolling;
      if (restarted) {
        const down = Object.fromEntries(ports.map(port => [port, (cameBack[port] ?? 0) - (wentDown[port] ?? 0)]));
        console.log(JSON.stringify({ total: Date.now() - t0, down, neither, probes, wentDown, cameBack }));
        return;
      }
      if (Date.now() - t0 > 10 * 60_000) throw new Error('the rolling restart did not finish within 10 minutes');
    }
    await new Promise(resolve => setTimeout(resolve, Math.max(0, 100 - (Date.now() - started))));
  }
})().catch(error => { console.error(error); process.exit(1); });
EOF
  result="$(cat "$out")"
  total="$(echo "$result" | json 'j.total')"
  a="$(echo "$result" | json 'j.down[7007]')"
  b="$(echo "$result" | json 'j.down[7008]')"
  n="$(echo "$result" | json 'j.neither')"
  printf '  run %d: every replica restarted %6d ms after the request; down :7007 %d ms, :7008 %d ms; probes with neither up: %d of %d\n' \
    "$run" "$total" "$a" "$b" "$n" "$(echo "$result" | json 'j.probes')"
  echo "         (ms after the request) $(echo "$result" | json 'Object.keys(j.wentDown).sort((x, y) => j.wentDown[x] - j.wentDown[y]).map(p => `:${p} down at ${j.wentDown[p]}, back at ${j.cameBack[p]}`).join("; ")')"
  totals+=("$total") downs+=("$a" "$b") neither+=("$n")
done
echo "Rolling restart of 2 replicas, $runs runs (median):"
echo "  request → every replica restarted   $(median "${totals[@]}") ms"
echo "  each replica not answering           $(median "${downs[@]}") ms"
echo "  probes with neither replica up       $(printf '%s\n' "${neither[@]}" | sort -n | tail -1) (most in a run)"
