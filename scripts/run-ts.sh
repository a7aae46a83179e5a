#!/usr/bin/env bash
# Runs a TypeScript file once, bundled with esbuild (Node 20 cannot strip types itself).
set -euo pipefail
out=$(mktemp --suffix=.mjs)
trap 'rm -f "$out"' EXIT
"$(dirname "$0")/../node_modules/.bin/esbuild" "$1" --tsconfig="$(dirname "$0")/../tsconfig.json" --main-fields=module,main --bundle --platform=node --format=esm --target=node20 --log-level=warning --outfile="$out" \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
shift
node "$out" "$@"
