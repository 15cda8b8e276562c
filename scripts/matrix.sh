#!/usr/bin/env bash
# The install matrix of issue 12: build the wheel once, then for Python 3.10, 3.12, 3.13 and pytest
# 8.0, 8.3, 9.x (two venvs at a time) install it, run examples/tradebot without and with
# --llm-brief, and check the exit codes match and the briefing names the example's 5 issues.
# usage: scripts/matrix.sh [PYTHON_VERSION ...]   (default: 3.10 3.12 3.13)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
WORK="${MATRIX_DIR:-$ROOT/.matrix}"
PYTESTS=("8.0.*" "8.3.*" "9.*")
EXPECTED_ISSUES=5

one() {  # one() PYTHON PYTEST_SPEC: a fresh venv, the wheel, the example both ways
  local python="$1" spec="$2" name venv project base with
  name="py$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-pytest${spec%.\*}"
  venv="$WORK/$name"
  rm -rf "$venv" && "$python" -m venv "$venv" || { echo "$name FAIL venv"; return 1; }
  if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check "$WORK"/wheel/*.whl \
      "pytest==$spec" >"$venv.install.log" 2>&1; then
    echo "$name FAIL install: $(grep -m1 -i error "$venv.install.log")"; return 1
  fi
  project="$venv/tradebot" && cp -r examples/tradebot "$project" && rm -rf "$project/.llm-brief"
  (cd "$project" && "$venv/bin/python" -m pytest -p no:llm_brief -p no:cacheprovider -q >"$venv.without.log" 2>&1)
  base=$?
  (cd "$project" && "$venv/bin/python" -m pytest --llm-brief -p no:cacheprovider -q >"$venv.with.log" 2>&1)
  with=$?
  local pytest_version
  pytest_version="$("$venv/bin/python" -c 'import pytest; print(pytest.__version__)')"
  local check
  check="$("$venv/bin/python" - "$project/.llm-brief" "$EXPECTED_ISSUES" <<'EOF'
import json, pathlib, sys
out, expected = pathlib.Path(sys.argv[1]), int(sys.argv[2])
try:
    issues = json.loads((out / "dashboard.json").read_text("utf-8"))["issues"]
    briefing = (out / "briefing.md").read_text("utf-8")
except (OSError, ValueError, KeyError) as exc:
    print(f"no dashboard/briefing ({exc})")
    sys.exit(1)
if len(issues) != expected or f"{expected} issues" not in briefing.splitlines()[0]:
    print(f"{len(issues)} issues in dashboard.json, briefing header: {briefing.splitlines()[0]!r}")
    sys.exit(1)
print(f"{len(issues)} issues")
EOF
)"
  local ok=$?
  if [ "$base" != "$with" ]; then
    echo "$name (pytest $pytest_version) FAIL exit without $base, with $with; $check (logs: $venv.with.log)"; return 1
  fi
  if [ "$ok" != 0 ]; then
    echo "$name (pytest $pytest_version) FAIL $check (exit $with; logs: $venv.with.log)"; return 1
  fi
  echo "$name (pytest $pytest_version) ok: exit $with both ways, $check"
}

if [ "${1:-}" = "--one" ]; then
  one "$2" "$3"
  exit $?
fi

start=$(date +%s)
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.10 3.12 3.13)
rm -rf "$WORK/wheel" && mkdir -p "$WORK/wheel"
PY="${PYTHON:-python3}"
if ! "$PY" -m pip wheel -q --disable-pip-version-check --no-deps -w "$WORK/wheel" . >"$WORK/wheel.log" 2>&1; then
  echo "wheel build failed:"; tail -20 "$WORK/wheel.log"; exit 1
fi
echo "wheel: $(basename "$WORK"/wheel/*.whl)"
jobs=()
for version in "${versions[@]}"; do
  matches=(/root/.pyenv/versions/"$version".*/bin/python)
  if [ ! -x "${matches[0]}" ]; then echo "python $version FAIL not found under /root/.pyenv/versions"; exit 1; fi
  for spec in "${PYTESTS[@]}"; do jobs+=("${matches[0]} $spec"); done
done
# two venvs at a time: the machine has two cores
printf '%s\n' "${jobs[@]}" | xargs -P 2 -L 1 bash "$0" --one | sort | tee "$WORK/summary.txt"
failed=$(grep -c " FAIL " "$WORK/summary.txt")
echo "matrix: ${#jobs[@]} combinations, $failed failed, $(( $(date +%s) - start ))s"
[ "$failed" = 0 ]
