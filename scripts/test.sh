#!/usr/bin/env bash
# The test command. See README.md. Installs what it needs, then runs, in order:
# release coherence, type-check, lint, unit + integration tests (SQLite and Postgres,
# memory and Redis), production builds, and Playwright e2e in Debian's Chromium against
# the built app served by the backend. Ends with "N passed, N failed".
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=toolchain.sh
source "$HERE/toolchain.sh"
# shellcheck source=lib-services.sh
source "$HERE/lib-services.sh"

ensure_node
ensure_deps
cd "$REPO_ROOT"

RESULTS="$REPO_ROOT/.test-results"
rm -rf "$RESULTS" e2e/test-results
mkdir -p "$RESULTS"
passed=0
failed=0
failures=()

fail() {
  failed=$((failed + 1))
  failures+=("$1")
  printf '\033[1;31m[marketplace] FAILED: %s\033[0m\n' "$1" >&2
}
pass() { passed=$((passed + 1)); }

# A check that counts as one test.
check() {
  local name="$1"
  shift
  log "== $name"
  local started=$SECONDS
  if "$@"; then
    pass
    log "   ok: $name ($((SECONDS - started)) s)"
  else
    fail "$name"
  fi
}

# Adds a runner's own counts (from its JSON report) to the totals.
count_report() {
  local name="$1" kind="$2" file="$3"
  local counts
  if ! counts="$(node -e '
    const [kind, file] = process.argv.slice(1);
    const r = JSON.parse(require("fs").readFileSync(file, "utf8"));
    const [p, f] = kind === "jest"
      ? [r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites]
      : [r.stats.expected + r.stats.flaky, r.stats.unexpected + (r.errors?.length ?? 0)];
    const skipped = kind === "jest" ? r.numPendingTests + r.numTodoTests : r.stats.skipped;
    if (skipped) { console.error(`${skipped} skipped test(s): nothing may be skipped`); }
    console.log(p, f + skipped);
  ' "$kind" "$file" 2>&1)"; then
    fail "$name produced no readable report ($file)"
    return
  fi
  read -r p f <<<"$counts"
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$f" -gt 0 ] && failures+=("$name: $f failed")
  log "   $name: $p passed, $f failed"
}

# --- Production services: Postgres and Redis -------------------------------------------
pg_ok=false
redis_ok=false
if postgres_reachable; then
  pg_ok=true
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://$POSTGRES_USER:$POSTGRES_PASSWORD@$POSTGRES_HOST:$POSTGRES_PORT"
elif [ "${CI:-}" = "true" ]; then
  fail "Postgres is not reachable at $POSTGRES_HOST:$POSTGRES_PORT (required under CI=true)"
else
  log "NOTE: Postgres is not reachable at $POSTGRES_HOST:$POSTGRES_PORT, so the Postgres suites will NOT run."
fi
if redis_reachable; then
  redis_ok=true
  export BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING="$REDIS_URL"
elif [ "${CI:-}" = "true" ]; then
  fail "Redis is not reachable at $REDIS_URL (required under CI=true)"
else
  log "NOTE: Redis is not reachable at $REDIS_URL, so the Redis suites will NOT run."
fi

# --- Static checks ------------------------------------------------------------------------
check "one coherent Backstage release" node scripts/check-backstage-versions.mjs
check "type-check (tsc)" yarn tsc
check "lint" yarn backstage-cli repo lint

# --- Unit and integration tests (Jest) -----------------------------------------------------
log "== unit and integration tests"
CI=true yarn backstage-cli repo test --json --outputFile="$RESULTS/jest.json" >&2
count_report "jest" jest "$RESULTS/jest.json"

# --- Production builds ---------------------------------------------------------------------
# The backend bundle build also builds the frontend (packages/app/dist), which the backend serves.
check "production build (frontend + backend bundle)" yarn workspace backend build

# --- End-to-end in Chromium -----------------------------------------------------------------
ensure_chromium() {
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's Chromium (apt-get install chromium)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$RESULTS/apt.log" 2>&1 &&
      return 0
    tail -20 "$RESULTS/apt.log" >&2
  fi
  echo "Chromium is missing: install Debian's 'chromium' package or set CHROMIUM_PATH" >&2
  return 1
}

run_e2e() {
  if tcp_open 127.0.0.1 7007; then
    echo "port 7007 is taken; stop the running app (scripts/start.sh) before testing" >&2
    return 1
  fi
  export E2E_STATIC_TOKEN="e2e-$RANDOM$RANDOM$RANDOM"
  export APP_BASE_URL="http://localhost:7007"
  local configs=(--config ../../app-config.yaml)
  if $pg_ok && $redis_ok; then
    export E2E_DATABASE_PREFIX="bs_e2e_${RANDOM}_"
    export E2E_EXPECT_DATABASE=postgresql E2E_EXPECT_CACHE=redis
    configs+=(--config ../../app-config.production.yaml)
    log "   backend on :7007 with the production config: Postgres (databases ${E2E_DATABASE_PREFIX}*) and Redis"
  else
    export E2E_EXPECT_DATABASE=sqlite3 E2E_EXPECT_CACHE=memory
    configs+=(--config ../../e2e/app-config.serve-built.yaml)
    log "   backend on :7007 with the embedded default (Postgres or Redis unreachable)"
  fi
  configs+=(--config ../../app-config.guest.yaml --config ../../e2e/app-config.e2e.yaml)
  # A managed config of the run's own, fresh each time (run-backend.sh creates it).
  rm -f "$RESULTS/app-config.marketplace.yaml"
  configs+=(--config ../../.test-results/app-config.marketplace.yaml)
  # The replicas spec starts a second backend like this one (JSON: the arguments of run-backend.sh).
  E2E_BACKEND_ARGS="$(node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- "${configs[@]}")"
  export E2E_BACKEND_ARGS

  # Supervised like scripts/start.sh --production: the e2e suite restarts it after installs.
  setsid bash scripts/supervise-backend.sh bash scripts/run-backend.sh "${configs[@]}" >"$RESULTS/e2e-backend.log" 2>&1 &
  local backend_pid=$!
  local up=false
  for _ in $(seq 1 180); do
    if curl -fsS -o /dev/null http://localhost:7007/api/marketplace/health 2>/dev/null; then up=true; break; fi
    kill -0 "$backend_pid" 2>/dev/null || break
    sleep 1
  done
  if $up; then
    # The registry fills on start-up; the e2e suite expects the seeded marketplace.
    for _ in $(seq 1 60); do
      curl -fsS -H "Authorization: Bearer $E2E_STATIC_TOKEN" http://localhost:7007/api/marketplace/status 2>/dev/null |
        grep -q '"id":"seed","plugins":[1-9]' && break
      sleep 1
    done
    # Search by meaning embeds in the background after the sources ran; the e2e suite searches by meaning.
    for _ in $(seq 1 60); do
      curl -fsS -H "Authorization: Bearer $E2E_STATIC_TOKEN" http://localhost:7007/api/marketplace/status 2>/dev/null |
        grep -q '"upToDate":true' && break
      sleep 1
    done
    log "   backend up; running Playwright"
    (cd e2e && yarn playwright test --config playwright.config.ts) >&2
  else
    echo "the backend did not come up; its log:" >&2
    tail -40 "$RESULTS/e2e-backend.log" >&2
  fi
  kill -TERM -- "-$backend_pid" 2>/dev/null || kill -TERM "$backend_pid" 2>/dev/null
  wait "$backend_pid" 2>/dev/null
  if [ -n "${E2E_DATABASE_PREFIX:-}" ]; then
    node scripts/pg-drop-databases.mjs "$E2E_DATABASE_PREFIX" >&2
  fi
  $up
}

log "== end-to-end tests (Playwright, Chromium)"
if ensure_chromium; then
  if run_e2e; then
    count_report "e2e" playwright e2e/test-results/results.json
  else
    [ -f e2e/test-results/results.json ] && count_report "e2e" playwright e2e/test-results/results.json
    fail "e2e could not run"
  fi
else
  fail "e2e: no Chromium"
fi

echo
if [ "$failed" -gt 0 ]; then
  printf '  - %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
