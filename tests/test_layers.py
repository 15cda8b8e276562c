"""The layout is the architecture: each layer imports only the layers below it.

core (pure) <- capture, output (side effects) <- pytest_plugin, launcher (edges) <- cli.
The language server imports only the core; nothing but the console script imports the server.
Every import counts, including those inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "plugin" / "llm_brief"
SERVER = REPO / "lsp" / "llm_brief_lsp"
MAX_LINES = 300
# Modules that are data (tables of rules, suggestions, shapes), not logic.
DATA_MODULES = {
    "core/diagnosis/rule_table.py",
    "core/diagnosis/suggestions.py",
    "core/redaction/shapes.py",
}
# What a layer may not import, as module-name prefixes.
FORBIDDEN = {
    "core": (
        "pytest",
        "_pytest",
        "pluggy",
        "pygls",
        "lsprotocol",
        "psutil",
        "llm_brief.capture",
        "llm_brief.output",
        "llm_brief.pytest_plugin",
        "llm_brief.launcher",
        "llm_brief.config",
        "llm_brief.cli",
        "llm_brief.startup",
        "llm_brief_lsp",
        "tempfile",
        "shutil",
        "subprocess",
        "socket",
        "threading",
    ),
    "capture": (
        "pytest",
        "_pytest",
        "llm_brief.output",
        "llm_brief.pytest_plugin",
        "llm_brief.launcher",
    ),
    "output": (
        "pytest",
        "_pytest",
        "llm_brief.capture",
        "llm_brief.pytest_plugin",
        "llm_brief.launcher",
    ),
    "launcher": ("pytest", "_pytest", "llm_brief.pytest_plugin"),
    "pytest_plugin": ("llm_brief.launcher", "llm_brief.mcp"),
    "mcp": ("pytest", "_pytest", "llm_brief.pytest_plugin", "llm_brief.launcher", "llm_brief_lsp"),
}
# The console script starts the server for `llm-brief lsp`; no other module may import it.
SERVER_IMPORTERS = {"cli.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _violations(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        name
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    )


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_is_below_it(layer: str) -> None:
    modules = _modules(PACKAGE / layer)
    assert modules, f"no modules in {layer}/"
    bad = {
        str(p.relative_to(PACKAGE)): found
        for p in modules
        if (found := _violations(p, FORBIDDEN[layer]))
    }
    assert not bad, f"{layer}/ imports what it must not: {bad}"


def test_only_the_console_script_imports_the_server() -> None:
    bad = [
        str(p.relative_to(PACKAGE))
        for p in _modules(PACKAGE)
        if str(p.relative_to(PACKAGE)) not in SERVER_IMPORTERS
        and _violations(p, ("llm_brief_lsp",))
    ]
    assert not bad, f"modules outside the server import it: {bad}"


def test_server_imports_only_the_core() -> None:
    bad = {
        str(p.relative_to(SERVER)): found
        for p in _modules(SERVER)
        if (
            found := [
                name
                for name in _imports(p)
                if name.startswith("llm_brief.") and not name.startswith("llm_brief.core")
            ]
        )
    }
    assert not bad, f"the language server imports more than the core: {bad}"


def test_modules_stay_small_unless_they_are_data() -> None:
    large = {
        str(p.relative_to(PACKAGE)): n
        for p in _modules(PACKAGE)
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
        and str(p.relative_to(PACKAGE)) not in DATA_MODULES
    }
    assert not large, f"modules over {MAX_LINES} lines hold more than one job: {large}"


def test_data_modules_exist() -> None:
    missing = [name for name in DATA_MODULES if not (PACKAGE / name).is_file()]
    assert not missing, f"listed as data but missing: {missing}"
