#!/usr/bin/env bash
# Creates the marketplace's managed config file (app-config.marketplace.yaml) when it is missing,
# so that a backend started with --config for it can load it: the marketplace writes plugin
# configuration there at runtime (a git-ignored file, like the data under .data/).
#   scripts/ensure-managed-config.sh <path> [<path> …]
# The header names revision 0; the backend fills the file from its revisions on start.
set -euo pipefail
for file in "$@"; do
  [ -e "$file" ] && continue
  mkdir -p "$(dirname "$file")"
  printf '%s\n%s\n' \
    "# Managed by the Backstage marketplace, revision 0. Edit it on the marketplace's configuration page; a change made here by hand is recorded as a new revision." \
    '{}' >"$file"
done
