"""Which tests a pytest run was asked for: the whole suite, or a part of it, and what chose it."""

from __future__ import annotations

from pathlib import Path

import pytest

from llm_brief.core.model import Selection


def selecting_args(config: pytest.Config) -> tuple[str, ...]:
    """The arguments that chose part of the suite: -k/-m, --lf, --deselect, node ids and paths
    other than the suite's own roots (testpaths, or the rootdir)."""
    option = config.option
    chosen: list[str] = []
    if getattr(option, "keyword", ""):
        chosen += ["-k", option.keyword]
    if getattr(option, "markexpr", ""):
        chosen += ["-m", option.markexpr]
    if getattr(option, "lf", False):
        chosen.append("--lf")
    for nodeid in getattr(option, "deselect", None) or ():
        chosen += ["--deselect", nodeid]
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        roots = _suite_roots(config)
        here = config.invocation_params.dir
        for arg in config.args:
            if "::" in arg or (here / arg).resolve() not in roots:
                chosen.append(arg)
    return tuple(chosen)


def _suite_roots(config: pytest.Config) -> set[Path]:
    testpaths = config.getini("testpaths") or []
    roots = {(config.rootpath / p).resolve() for p in testpaths}
    return roots or {config.rootpath.resolve(), config.invocation_params.dir.resolve()}


def selection_of(config: pytest.Config, selected: int, deselected: int) -> Selection:
    """The run's selection: partial when something was deselected or a part was named."""
    args = selecting_args(config)
    named = any(not a.startswith("-") and a not in ("--lf",) for a in args if a)
    return Selection(
        partial=deselected > 0 or named,
        args=args,
        selected=selected,
        deselected=deselected,
    )
