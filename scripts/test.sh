#!/usr/bin/env bash
# The project's test command: lint, type-check, the whole Python suite, the extension's unit tests,
# and with --e2e the real-VS-Code end-to-end test. Sets up everything it needs itself.
set -uo pipefail
cd "$(dirname "$0")/.."
E2E=0
for arg in "$@"; do
  case "$arg" in
    --e2e) E2E=1 ;;
    *) echo "usage: scripts/test.sh [--e2e]" >&2; exit 2 ;;
  esac
done
PY="${PYTHON:-python3}"
failed=()
step() { echo; echo "=== $1 ==="; }

step "python environment"
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv || exit 1; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev,bench,corpus]" || exit 1

step "compat environment (.venv-compat: the real plugins of tests/compat)"
bash scripts/compat_env.sh || failed+=("compat environment")

step "ruff"
.venv/bin/ruff check plugin lsp tests benchmarks || failed+=("ruff")

step "mypy"
.venv/bin/mypy || failed+=("mypy")

step "pytest"
.venv/bin/python -m pytest -n 2 -p no:randomly || failed+=("pytest")

if command -v npm >/dev/null 2>&1; then
  step "vscode-extension: npm ci && npm test"
  (cd vscode-extension && npm ci --no-audit --no-fund && npm test) || failed+=("extension unit tests")
else
  echo "npm not found: skipping the extension's unit tests"
  failed+=("extension unit tests (no npm)")
fi

if [ "$E2E" = 1 ]; then
  step "vscode-extension: real VS Code end-to-end"
  LLM_BRIEF_PYTHON="$PWD/.venv/bin/python" bash vscode-extension/e2e/run.sh || failed+=("vscode e2e")
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all checks passed"
