"""pytest entry point: options, and the plugin object registered only when the briefing is on.

Importing this module must stay cheap: it is loaded for every pytest run of every project that
has llm-brief installed, switched on or not. The capture machinery is imported in
`pytest_configure` only when `--llm-brief`, `llm_brief = true` or `LLM_BRIEF=1` asks for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest

from llm_brief.core.vocabulary import is_truthy

if TYPE_CHECKING:
    from llm_brief.core.settings import Settings


class Role(Protocol):
    """A plugin object of the capture: registered at configure, closed at unconfigure."""

    def close(self) -> None: ...


roles_key: pytest.StashKey[list[Role]] = pytest.StashKey()


def pytest_addoption(parser: pytest.Parser) -> None:
    """The `--llm-brief*` options and the `llm_brief` ini switch."""
    group = parser.getgroup("llm-brief", "agent briefing (llm-brief)")
    group.addoption(
        "--llm-brief",
        action="store_true",
        dest="llm_brief",
        default=None,
        help="capture the run and write .llm-brief/briefing.md and dashboard.json; "
        "replaces pytest's long failure sections with a compact summary",
    )
    group.addoption(
        "--llm-brief-dir",
        dest="llm_brief_dir",
        metavar="DIR",
        help="output directory (default: .llm-brief under the rootdir)",
    )
    group.addoption(
        "--llm-brief-log-level",
        dest="llm_brief_log_level",
        metavar="LEVEL",
        help="lowest log level captured: DEBUG, INFO (default), WARNING, ERROR, CRITICAL",
    )
    group.addoption(
        "--llm-brief-terminal",
        dest="llm_brief_terminal",
        choices=("compact", "ci", "full", "off"),
        help="compact: the verdict and one block per root cause instead of pytest's progress "
        "and sections (options typed on the command line such as -rA or --tb=long still show "
        "theirs); ci: compact with everything inline; full: pytest's output unchanged with the "
        "summary appended; off: no summary",
    )
    group.addoption(
        "--llm-brief-stats",
        action="store_true",
        dest="llm_brief_stats",
        default=None,
        help="print the compact output's tokens against pytest's output as configured",
    )
    group.addoption(
        "--llm-brief-budget",
        dest="llm_brief_budget",
        metavar="TOKENS",
        help="token budget of briefing.md (default 2000)",
    )
    group.addoption(
        "--llm-brief-sarif",
        dest="llm_brief_sarif",
        metavar="PATH",
        help="also write a SARIF 2.1.0 log (one result per root cause) for code scanning",
    )
    parser.addini(
        "llm_brief",
        type="bool",
        default=False,
        help="always capture the run for llm-brief (pytest output unchanged, summary appended)",
    )


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    """Add llm-brief's own hook specifications (classify, suggest, add rules, post-process)."""
    from llm_brief.pytest_plugin import hookspecs

    pluginmanager.add_hookspecs(hookspecs)
    _skip_assertion_rewriting(pluginmanager)


def _skip_assertion_rewriting(pluginmanager: pytest.PytestPluginManager) -> None:
    """Take llm-brief off pytest's assertion-rewriting list.

    pytest marks every package of a distribution with a pytest11 entry point for rewriting, so
    each llm-brief module would be imported through the rewriting hook: ~0.5 ms per module in
    Python, and with PYTHONDONTWRITEBYTECODE a parse and compile each run. Its modules hold no
    assertions for the user, so they import the normal way. pytest has no public call for
    this; if its internals change, this does nothing and the modules are rewritten as before.
    """
    hook = getattr(pluginmanager, "rewrite_hook", None)
    marked = getattr(hook, "_must_rewrite", None)
    cache = getattr(hook, "_marked_for_rewrite_cache", None)
    if isinstance(marked, set) and "llm_brief" in marked:
        marked.discard("llm_brief")
        if isinstance(cache, dict):
            cache.clear()


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> Generator[None, None, None]:
    """A conftest.py that fails to import stops pytest before it configures any plugin: brief on
    that failure here, then let pytest report it exactly as it would have."""
    try:
        result = yield
    except Exception as exc:
        try:
            if _enabled_early(early_config):
                from llm_brief.pytest_plugin.conftest_failure import brief_conftest_failure

                brief_conftest_failure(early_config, exc)
        except Exception as failure:
            sys.stderr.write(f"llm-brief: no briefing of the conftest failure ({failure!r})\n")
        raise
    _check_command_line(early_config, parser, args)
    return result


def _check_command_line(config: pytest.Config, parser: pytest.Parser, args: list[str]) -> None:
    """Every plugin's and initial conftest's options exist now; pytest parses `args` (its
    addopts included) right after this hook and stops on an unknown option before configuring
    any plugin. Parsing them once here, the same way, is how that usage error gets a briefing;
    pytest then refuses the command line exactly as it would have."""
    if not _enabled_early(config):
        return
    try:
        parser.parse(list(args))
    except pytest.UsageError as exc:
        try:
            from llm_brief.pytest_plugin.conftest_failure import brief_usage_error

            brief_usage_error(config, exc)
        except Exception as failure:
            sys.stderr.write(f"llm-brief: no briefing of the usage error ({failure!r})\n")
    except (Exception, SystemExit):  # PrintHelp, argparse exits: pytest decides what they do
        return


def _enabled_early(config: pytest.Config) -> bool:
    """`_enabled` before `pytest_configure`: options are only the known ones parsed so far."""
    if getattr(config.known_args_namespace, "llm_brief", None):
        return True
    try:
        if config.getini("llm_brief"):
            return True
    except (ValueError, KeyError):
        pass
    return is_truthy(os.environ.get("LLM_BRIEF"))


def _enabled(config: pytest.Config) -> bool:
    if config.getoption("llm_brief"):
        return True
    if config.getini("llm_brief"):
        return True
    return is_truthy(os.environ.get("LLM_BRIEF"))


def _cli_settings(config: pytest.Config) -> dict[str, Any]:
    cli: dict[str, Any] = {}
    for option, key in (
        ("llm_brief_dir", "output_dir"),
        ("llm_brief_log_level", "log_level"),
        ("llm_brief_terminal", "terminal"),
        ("llm_brief_budget", "budget"),
        ("llm_brief_sarif", "sarif"),
        ("llm_brief_stats", "stats"),
    ):
        value = config.getoption(option)
        if value is not None:
            cli[key] = value
    if cli.get("terminal") is None and config.getoption("llm_brief"):
        cli["terminal"] = "compact"
    return cli


def _pyproject(config: pytest.Config) -> Path:
    inipath = config.inipath
    if inipath is not None and inipath.name == "pyproject.toml":
        return inipath
    return config.rootpath / "pyproject.toml"


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Register the capture for this process's role when the briefing is on; reject bad settings."""
    if not _enabled(config):
        return
    from llm_brief.config import checked, read_pyproject, warn_unknown_environ
    from llm_brief.core.settings import ConfigError, load
    from llm_brief.startup import stand_down

    stand_down()  # the app-launch hook (LLM_BRIEF=1) must not capture a pytest process twice

    path = _pyproject(config)
    warn_unknown_environ()
    try:
        settings = checked(
            load(read_pyproject(path), str(path), os.environ, _cli_settings(config)), path
        )
    except ConfigError as exc:
        raise pytest.UsageError(f"llm-brief: {exc}") from None
    try:
        roles = _roles(config, settings, str(path))
    except Exception as exc:
        sys.stderr.write(
            f"llm-brief: capture disabled for this run ({type(exc).__name__}: {exc})\n"
        )
        return
    config.stash[roles_key] = roles
    for n, role in enumerate(roles):
        config.pluginmanager.register(role, f"llm-brief-{n}")


def _roles(config: pytest.Config, settings: Settings, rules_source: str) -> list[Role]:
    """The plugin objects of this process: a worker captures; a serial run captures and
    records; the xdist controller records what its workers send."""
    from llm_brief.pytest_plugin.context import RunContext

    if config.option.collectonly:
        return []  # discovery (what IDEs run) must not replace the last run's briefing
    context = RunContext.of(config, settings, rules_source)
    if hasattr(config, "workerinput"):
        from llm_brief.pytest_plugin.worker import WorkerCapture

        return [WorkerCapture(context)]
    from llm_brief.pytest_plugin.recorder import Recorder

    roles: list[Role] = []
    if settings.terminal in ("compact", "ci"):
        from llm_brief.pytest_plugin.terminal import CompactTerminal, WindowClose, WindowOpen

        terminal = CompactTerminal(config, settings.stats)
        roles += [terminal, WindowOpen(terminal), WindowClose(terminal)]
    if _is_xdist_controller(config):
        from llm_brief.pytest_plugin.controller import ControllerReceiver

        recorder = Recorder(context)
        return [*roles, recorder, recorder.progress, ControllerReceiver(recorder)]
    from llm_brief.pytest_plugin.handoff import FailureHandoff
    from llm_brief.pytest_plugin.serial import SerialCapture

    handoff = FailureHandoff()
    recorder = Recorder(context, handoff)
    return [*roles, recorder, recorder.progress, SerialCapture(context, recorder, handoff)]


def _is_xdist_controller(config: pytest.Config) -> bool:
    numprocesses = getattr(config.option, "numprocesses", None)
    dist = getattr(config.option, "dist", "no")
    return bool(numprocesses) or (dist not in (None, "no"))


def pytest_unconfigure(config: pytest.Config) -> None:
    """Detach the capture (log handler, status sink, journal)."""
    roles = config.stash.get(roles_key, None)
    if roles is not None:
        try:
            for role in reversed(roles):
                role.close()
        finally:
            del config.stash[roles_key]
