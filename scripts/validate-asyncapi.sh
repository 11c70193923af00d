#!/usr/bin/env bash
# Validates docs/asyncapi.yaml with the official AsyncAPI parser (see scripts/asyncapi/).
# Installs the pinned npm packages with `npm ci` only when scripts/asyncapi/node_modules is missing
# or was installed from a different package-lock.json; after that it runs fully offline.
# Idempotent: safe to run any number of times. Exit status: 0 valid, 1 invalid, 2 setup problem.
#
#   scripts/validate-asyncapi.sh [path/to/asyncapi.yaml]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
tool="$here/asyncapi"
doc="${1:-$repo/docs/asyncapi.yaml}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "validate-asyncapi: node and npm are required (Node.js >= 18)" >&2
  exit 2
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 18 ]; then
  echo "validate-asyncapi: Node.js >= 18 required, found $(node --version)" >&2
  exit 2
fi

lock_sum="$(sha256sum "$tool/package-lock.json" | cut -d' ' -f1)"
stamp="$tool/node_modules/.limber-lock.sha256"
if [ ! -d "$tool/node_modules/@asyncapi/parser" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  echo "validate-asyncapi: installing pinned packages (npm ci) in scripts/asyncapi" >&2
  # Telemetry off; lifecycle scripts are disabled by scripts/asyncapi/.npmrc (none are needed).
  (cd "$tool" && SCARF_ANALYTICS=false npm ci --no-audit --no-fund --prefer-offline --loglevel=error >&2)
  echo "$lock_sum" > "$stamp"
fi

cd "$repo"
exec node "$tool/validate.mjs" "$doc"
