"""A briefing for a run that never started: an initial conftest.py failed to import, or pytest
refused its command line (an unknown option).

pytest stops before `pytest_configure`, so none of the capture roles exist; the one record is
the import error at the conftest (with its chain), or the usage error at the command line, and
the exit status is pytest's usage error.
"""

from __future__ import annotations

import os
import time

import pytest

from llm_brief import __version__
from llm_brief.capture.exceptions import PathClassifier, exception_chain
from llm_brief.config import read_pyproject
from llm_brief.core.analyzer import RunFacts
from llm_brief.core.model import Counts, PhaseRecord
from llm_brief.core.settings import load
from llm_brief.core.vocabulary import iso_time
from llm_brief.output.finish import Outputs, finish_run
from llm_brief.output.store import new_run_id
from llm_brief.pytest_plugin.reports import usage_record


def brief_conftest_failure(config: pytest.Config, exc: BaseException) -> None:
    """Write the dashboard and briefing of a run stopped by `exc` (pytest's ConftestImportFailure)."""
    paths = PathClassifier(config.rootpath)
    cause = getattr(exc, "cause", None) or exc.__cause__ or exc
    conftest = getattr(exc, "path", None)
    where = paths.classify(str(conftest))[0] if conftest else "conftest.py"
    record = PhaseRecord(
        nodeid=where,
        phase="collect",
        outcome="error",
        path=where,
        line=1,
        exceptions=exception_chain(cause, paths),
        longrepr=f"ImportError while loading conftest {where}",
        finished_at=time.time(),
    )
    _brief(config, record, f"no test ran: {where} failed to import", Counts(errors=1))


def brief_usage_error(config: pytest.Config, exc: pytest.UsageError) -> None:
    """Write the dashboard and briefing of a run whose command line pytest refused."""
    chain = exception_chain(exc, PathClassifier(config.rootpath))
    record = PhaseRecord("(session)", "session", "error", exceptions=chain, finished_at=time.time())
    _brief(config, usage_record(record), "no test ran: pytest refused the command line", Counts())


def _brief(config: pytest.Config, record: PhaseRecord, note: str, counts: Counts) -> None:
    root = config.rootpath
    pyproject = (
        config.inipath
        if config.inipath and config.inipath.name == "pyproject.toml"
        else root / "pyproject.toml"
    )
    settings = load(read_pyproject(pyproject), str(pyproject), os.environ, {})
    now = time.time()
    facts = RunFacts(
        kind="pytest",
        command=("pytest", *config.invocation_params.args),
        root=str(root),
        started_at=iso_time(now),
        duration_s=0.0,
        exit_code=int(pytest.ExitCode.USAGE_ERROR),
        run_id=new_run_id(now),
        counts=counts,
        notes=(note,),
        tool_version=__version__,
        finished_at=iso_time(now),
    )
    finish_run([record], facts, Outputs.of(settings, settings.output_path(root)))
