#!/usr/bin/env bash
# Set up a virtualenv (once) and run the tradebot example's failing suite with the briefing on.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e . >/dev/null
cd examples/tradebot
../../.venv/bin/python -m pytest --llm-brief -p no:cacheprovider
status=$?
echo
echo "----- examples/tradebot/.llm-brief/briefing.md -----"
cat .llm-brief/briefing.md
echo "(pytest exited $status: the example fails on purpose)"
