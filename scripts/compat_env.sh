#!/usr/bin/env bash
# Create or refresh .venv-compat: llm-brief (editable) plus the real pytest plugins of
# tests/compat/requirements.txt, kept out of .venv so they never change the other pytester runs.
# Idempotent and safe to start twice at once (a lock; a stamp of the inputs skips the install).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-compat
PY="${PYTHON:-python3}"
exec 9>".venv-compat.lock"
flock 9
stamp="$("$PY" -c 'import sys; print(sys.version)' | sha256sum | cut -c1-16)-$(cat pyproject.toml tests/compat/requirements.txt | sha256sum | cut -c1-16)"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e . -r tests/compat/requirements.txt
# bytecode now: this machine may set PYTHONDONTWRITEBYTECODE, and compiling hypothesis, Django and
# the rest again in every inner run would cost a second each
"$VENV/bin/python" -m compileall -q "$VENV/lib" >/dev/null || true
echo "$stamp" > "$VENV/.stamp"
echo "compat environment ready: $VENV"
