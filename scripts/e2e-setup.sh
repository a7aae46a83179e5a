#!/usr/bin/env bash
# Prepares `npm run test:e2e`: Debian's Chromium (driven by playwright-core) and code-server
# (VS Code as a web app, 4.100 = VS Code 1.100, the last one that runs on Node 20) in .e2e/
# (git-ignored), never in the project's dependencies.
# Idempotent: a second run finds everything in place and changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

echo "== Debian packages for the VS Code test (chromium, libkrb5-dev, ripgrep)"
missing=()
for p in chromium libkrb5-dev ripgrep; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "installed: ${missing[*]}"
else
  echo "already installed"
fi

echo "== code-server $CODE_SERVER_VERSION in .e2e/"
CS=.e2e/node_modules/.bin/code-server
if [ -x "$CS" ] && "$CS" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "; then
  echo "already installed: $("$CS" --version | head -n 1)"
  exit 0
fi

mkdir -p .e2e
# npm 11 runs no install scripts unless the package allows them; code-server needs its own and argon2's.
cat > .e2e/package.json <<'JSON'
{"private":true,"allowScripts":{"argon2":true,"code-server":true}}
JSON

# code-server's ripgrep dependency downloads a binary from GitHub; give it Debian's rg instead.
d="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
tarball="$d/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$tarball" ]; then
  r=$(mktemp -d)
  mkdir -p "$d"
  cp "$(command -v rg)" "$r/rg"
  tar czf "$tarball" -C "$r" rg
  rm -rf "$r"
fi

(
  cd .e2e
  npm_config_yes=true npm install --no-save --no-audit --no-fund --unsafe-perm "code-server@$CODE_SERVER_VERSION"
  npm rebuild --unsafe-perm argon2 code-server
)
"$CS" --version | head -n 1
