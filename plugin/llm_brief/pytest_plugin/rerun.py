"""What a rerun command starts with: the runner the project uses and the options that reproduce.

A rerun is pasted verbatim where pytest was started, so it begins with what started it (`uv run
pytest`, `tox -e py --`, `hatch run`, `nox -s tests --`, `python -m pytest`), or the project's
`rerun_prefix`, and carries the options without which the same node ids would not be collected
or would not run the same way: `--doctest-modules`, pytest-randomly's seed, `-c`/`--rootdir`,
`-m`, `-p` given on the command line. `make test` cannot take node ids, so a make-driven run
reruns with the command make ran.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

# options given on the command line that the rerun needs verbatim, with their value
_CARRIED = ("-c", "--config-file", "--rootdir", "-m", "-p", "--confcutdir")


def detect_runner(environ: Mapping[str, str], argv: Sequence[str]) -> tuple[str, ...]:
    """The command that started pytest, from the runners' own environment variables and argv."""
    base = _base_command(argv)
    if environ.get("TOX_ENV_NAME"):
        return ("tox", "-e", environ["TOX_ENV_NAME"], "--")
    if environ.get("NOX_CURRENT_SESSION"):
        return ("nox", "-s", environ["NOX_CURRENT_SESSION"], "--")
    hatch = environ.get("HATCH_ENV_ACTIVE", "")
    if hatch.startswith("hatch-test"):
        return ("hatch", "test")
    if hatch:
        first = base[0] if hatch == "default" else f"{hatch}:{base[0]}"
        return ("hatch", "run", first, *base[1:])
    if environ.get("UV_RUN_RECURSION_DEPTH"):  # set by `uv run` for the process it starts
        return ("uv", "run", *base)
    return base


def _base_command(argv: Sequence[str]) -> tuple[str, ...]:
    program = Path(argv[0]).name if argv else "pytest"
    if program in ("pytest", "py.test"):
        return (program,)
    return ("python", "-m", "pytest")  # `python -m pytest` (argv[0] is pytest's __main__.py)


def carried_options(config: pytest.Config) -> tuple[str, ...]:
    """Options of this run that its reruns need to collect and order the same tests."""
    args = list(config.invocation_params.args)
    carried: list[str] = []
    for n, arg in enumerate(args):
        if arg in _CARRIED and n + 1 < len(args):
            if not (arg == "-p" and args[n + 1].startswith("no:")):  # unloading changes no ids
                carried += [arg, args[n + 1]]
        elif any(arg.startswith(f"{name}=") for name in _CARRIED if name.startswith("--")):
            carried.append(arg)
    addopts = " ".join(config.getini("addopts"))
    if config.getoption("doctestmodules", False) and "--doctest-modules" not in addopts:
        carried.append("--doctest-modules")
    seed = getattr(config.option, "randomly_seed", None)
    if config.pluginmanager.hasplugin("randomly") and isinstance(seed, int):
        carried.append(f"--randomly-seed={seed}")
    return tuple(carried)


def rerun_prefix(config: pytest.Config, configured: str) -> tuple[str, ...]:
    """The configured `rerun_prefix` or the detected runner, then the carried options."""
    runner = tuple(shlex.split(configured)) if configured else detect_runner(os.environ, sys.argv)
    return (*runner, *carried_options(config))


def rerun_from(config: pytest.Config) -> str:
    """The rootdir as seen from the directory pytest was started in ("" when it is the same)."""
    start = Path(config.invocation_params.dir)
    relative = os.path.relpath(config.rootpath, start)
    return "" if relative == "." else Path(relative).as_posix()
