#!/usr/bin/env bash
# Runs a TypeScript benchmark of bench/ with the repository's toolchain.
#   bash bench/run.sh <file.ts> [args…]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../scripts/toolchain.sh
source "$HERE/../scripts/toolchain.sh"
ensure_node
ensure_deps
file="$1"
shift
cd "$REPO_ROOT"
exec node --require "$REPO_ROOT/node_modules/@backstage/cli/config/nodeTransform.cjs" "bench/$file" "$@"
