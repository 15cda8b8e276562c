"""Tests for the fault-injection benchmark's harness: the table, injection and restore, real runs and scores."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

FAULTS_DIR = Path(__file__).resolve().parents[1] / "benchmarks" / "faults"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> dict[str, ModuleType]:
    """The harness modules, imported the way `python benchmarks/faults/run.py` imports them."""
    monkeypatch.syspath_prepend(str(FAULTS_DIR))
    for name in ("table", "workspace", "runs", "score"):
        sys.modules.pop(name, None)
    return {name: importlib.import_module(name) for name in ("table", "workspace", "runs", "score")}


def test_table_meets_the_issues_minimums(bench: dict[str, ModuleType]) -> None:
    table = bench["table"]
    kinds = [f.kind for f in table.FAULTS]
    assert len(table.FAULTS) >= 30
    assert kinds.count("wrong-value") >= 15
    assert kinds.count("swallowed") >= 3
    assert set(kinds) <= set(table.KINDS)
    assert len({f.id for f in table.FAULTS}) == len(table.FAULTS)
    assert len({f.project for f in table.FAULTS}) >= 4
    assert {f.project for f in table.FAULTS} <= set(table.PROJECTS)
    assert len(table.TRIPLES) == 5
    for ids in table.TRIPLES:
        faults = [table.FAULTS_BY_ID[i] for i in ids]
        assert len({f.project for f in faults}) == 1, ids
        assert len({(f.file, f.function) for f in faults}) == 3, ids
        # Three issues at three lines is only defined for faults that raise somewhere.
        assert "wrong-value" not in {f.kind for f in faults}, ids


def _project(root: Path) -> None:
    (root / "pyproject.toml").write_text("[tool.pytest.ini_options]\ntestpaths = ['tests']\n")
    (root / "calc").mkdir()
    (root / "calc" / "__init__.py").write_text(
        textwrap.dedent(
            """
            def parse(text):
                parts = text.split(",")
                return [int(p) for p in parts]


            def total(text):
                return sum(parse(text))
            """
        )
    )
    (root / "tests").mkdir()
    (root / "tests" / "test_calc.py").write_text(
        textwrap.dedent(
            """
            import pytest
            from calc import parse, total

            @pytest.mark.parametrize("text", ["1,2", "3", "4,5,6"])
            def test_parse(text):
                assert parse(text)

            def test_total():
                assert total("1,2") == 3

            def test_unrelated():
                assert True
            """
        )
    )


def test_injected_restores_the_file_and_names_the_changed_line(
    bench: dict[str, ModuleType], tmp_path: Path
) -> None:
    table, workspace = bench["table"], bench["workspace"]
    _project(tmp_path)
    source = tmp_path / "calc" / "__init__.py"
    original = source.read_text()
    fault = table.Fault(
        "t", "calc", "calc/__init__.py", "parse", "raise",
        '    parts = text.split(",")\n    return [int(p) for p in parts]\n',
        '    parts = text.split(",")\n    return [int(p) + None for p in parts]\n',
    )
    seen: list[str] = []

    def inject_then_fail() -> None:
        with workspace.injected(tmp_path, [fault]) as injections:
            seen.append(source.read_text())
            assert injections[0].line == 4
            raise RuntimeError("the block fails")

    with pytest.raises(RuntimeError):
        inject_then_fail()
    assert "+ None" in seen[0]
    assert source.read_text() == original


def test_locate_rejects_a_snippet_that_is_not_unique(bench: dict[str, ModuleType], tmp_path: Path) -> None:
    table, workspace = bench["table"], bench["workspace"]
    _project(tmp_path)
    fault = table.Fault("t", "calc", "calc/__init__.py", "parse", "raise", "(text)", "(txt)")
    with pytest.raises(ValueError, match="found 3 times"):
        workspace.locate(tmp_path, fault)


def test_a_real_run_is_scored_for_both_tools(bench: dict[str, ModuleType], tmp_path: Path) -> None:
    table, workspace, runs, score = bench["table"], bench["workspace"], bench["runs"], bench["score"]
    _project(tmp_path)
    fault = table.Fault(
        "t", "calc", "calc/__init__.py", "parse", "raise",
        "return [int(p) for p in parts]", "return [int(p) + None for p in parts]",
    )
    clean = runs.run_case(Path(sys.executable), tmp_path, ("tests",))
    assert runs.failing(clean.plain.outcomes) == set()
    with workspace.injected(tmp_path, [fault]) as injections:
        run = runs.run_case(Path(sys.executable), tmp_path, ("tests",))
    assert run.plain.exit_code == run.brief.exit_code == run.receptor.exit_code == 1
    assert run.plain.outcomes == run.brief.outcomes
    assert len(runs.failing(run.plain.outcomes)) == 4
    for variant in (run.brief, run.receptor):
        scored = score.score_tool(variant.issues, injections)
        assert scored["located"], scored
        assert scored["issues"][0]["path"] == "calc/__init__.py"
        assert scored["issues"][0]["line"] == 4
