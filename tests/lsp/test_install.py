"""The default install serves editors, the pytest plugin still never imports the server's side,
and an install that lost pygls gets an install hint, not a traceback."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
from pathlib import Path

import pytest

SERVER_SIDE = ("pygls", "lsprotocol", "cattrs", "llm_brief_lsp")
HIDDEN = ("pygls", "lsprotocol")
RUN_S = 60


def server_side(modules: list[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in SERVER_SIDE)


def test_importing_the_plugin_imports_nothing_of_the_server():
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import llm_brief.pytest_plugin"],
        capture_output=True,
        text=True,
        timeout=RUN_S,
        check=True,
    )
    imported = [
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    ]
    assert "llm_brief.pytest_plugin" in imported
    assert server_side(imported) == []


def test_a_run_with_llm_brief_imports_nothing_of_the_server(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
):
    pytester.makeconftest(
        """
        import atexit, json, sys

        def _record():
            with open("modules.json", "w") as out:
                json.dump(sorted(sys.modules), out)

        atexit.register(_record)
        """
    )
    pytester.makepyfile("def test_ok():\n    assert True\n\ndef test_bad():\n    assert 1 == 2\n")
    # Only llm-brief: pytest-lsp, installed for these tests, would bring pygls in by itself.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    result = pytester.runpytest_subprocess("-p", "llm_brief.pytest_plugin", "--llm-brief")
    result.assert_outcomes(passed=1, failed=1)
    assert (pytester.path / ".llm-brief" / "dashboard.json").exists()
    modules = json.loads((pytester.path / "modules.json").read_text())
    assert "llm_brief" in modules
    assert server_side(modules) == []


@pytest.fixture
def without_pygls(tmp_path: Path) -> Path:
    """A site directory holding this environment's packages except pygls and lsprotocol."""
    shadow = tmp_path / "site-packages"
    shadow.mkdir()
    for directory in site.getsitepackages():
        for entry in Path(directory).iterdir():
            if entry.name.lower().startswith(HIDDEN) or (shadow / entry.name).exists():
                continue
            (shadow / entry.name).symlink_to(entry)
    return shadow


def run_hidden(shadow: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Python with `shadow` as its only site directory (-S: the real one is never added)."""
    prelude = f"import site, sys; site.addsitedir({str(shadow)!r}); "
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-S", "-c", prelude + code],
        capture_output=True,
        text=True,
        timeout=RUN_S,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_without_pygls_both_commands_give_the_same_install_hint(without_pygls: Path):
    check = run_hidden(without_pygls, "import llm_brief.pytest_plugin; import pygls")
    assert "No module named 'pygls'" in check.stderr  # hidden, while the rest still imports

    module = run_hidden(
        without_pygls,
        "import runpy; sys.argv = ['llm_brief_lsp']; "
        "runpy.run_module('llm_brief_lsp', run_name='__main__')",
    )
    command = run_hidden(without_pygls, "from llm_brief.cli import main; sys.exit(main(['lsp']))")
    for done in (module, command):
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
    assert module.stderr == command.stderr
    assert "the language server needs pygls" in module.stderr
    assert "pip install 'llm-brief[lsp]'" in module.stderr
