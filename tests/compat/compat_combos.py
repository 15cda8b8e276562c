"""The combinations of real plugins, options and switches the compatibility suite runs.

`compat_findings.DIFFERS_TODAY` records what a combination shows on the current code (its test is a strict xfail
with that reason); when a fix makes the runs identical the test XPASSes: delete its entry. `COMBINATIONS.md` is generated from this list (`python tests/compat/compat_table.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from compat_findings import DIFFERS_TODAY


@dataclass(frozen=True)
class Combo:
    """One compatibility case: a project, the pytest arguments, and how llm-brief is switched on."""

    id: str
    exercises: str
    args: tuple[str, ...] = ()
    switch: str = "flag"  # a key of compatkit.SWITCHES
    suites: tuple[str, ...] = ()  # extra test files from compat_projects.SUITES
    base: bool = True  # include the base shop tests
    ini: tuple[str, ...] = ()  # extra [tool.pytest.ini_options] lines (TOML)
    cwd: str = ""  # run from this subdirectory of the project
    before: tuple[tuple[str, ...], ...] = ()  # runs first (same switch): caches, history
    reports: tuple[str, ...] = ()  # report files (project-relative) compared after normalising
    ordered: bool = True  # False under xdist: reports compared as sorted multisets
    randomly: bool = False  # leave pytest-randomly on (else -p no:randomly in both runs)
    keeps_brief: bool = False  # the measured run must leave the previous briefing as it was
    keeps_issues: bool = False  # the measured (partial) run keeps the earlier run's issues
    forbid_status: str | None = None  # no issue of the measured run may have this status
    marks_incomplete: bool = False  # the measured run dies: .llm-brief/ must not stay as it was
    mentions: str | None = None  # some dashboard issue must contain this text (captured evidence)
    brief: bool | None = None  # a briefing must be written (None: the switch decides)
    rerun_of: str | None = None  # a dashboard issue's rerun command must name this node id
    exit: int = 1  # pytest's exit code without llm-brief: proves the project ran as meant
    differs: str | None = None


JUNIT = ("--junitxml=junit.xml",)
DJANGO = ('DJANGO_SETTINGS_MODULE = "site_settings"', "django_find_project = false")

_COMBOS: tuple[Combo, ...] = (
    Combo("plain-flag", "base suite (pass, fail, skip, xfail, warn, log, capsys)"),
    Combo("plain-ini", "ini switch, full terminal", switch="ini"),
    Combo("env-1", "LLM_BRIEF=1 in the environment", switch="env1"),
    Combo("env-0", "LLM_BRIEF=0 must change nothing and write nothing", switch="env0"),
    Combo("env-empty", "LLM_BRIEF= (empty) must change nothing", switch="envempty"),
    Combo("opt-x", "-x stops at the first failure", args=("-x",)),
    Combo("opt-lf", "--lf after a first run (cache)", args=("--lf",), before=((),)),
    Combo("opt-k", "-k selection (partial run)", args=("-k", "total or add")),
    Combo(
        "partial-after-full",
        "-k after a full run: the untouched tests' issues are kept (marked not rerun)",
        args=("-k", "add"),
        before=((),),
        keeps_issues=True,
        exit=0,
    ),
    Combo(
        "full-after-partial",
        "a full run after a full and a -k run: no issue 'regressed' that was never fixed",
        before=((), ("-k", "add")),
        forbid_status="regressed",
    ),
    Combo("opt-co-flag", "--co with --llm-brief: writes nothing", args=("--co",), brief=False, exit=0),
    Combo(
        "opt-co-ini",
        "--co with the ini switch (IDE discovery) after a real run: briefing kept",
        args=("--co",),
        switch="ini",
        before=((),),
        keeps_brief=True,
        exit=0,
    ),
    Combo("opt-q", "-q", args=("-q",)),
    Combo("opt-v", "-v", args=("-v",)),
    Combo("opt-rA", "-rA short summary of everything", args=("-rA",)),
    Combo("opt-s", "-s (no capture)", args=("-s",)),
    Combo("opt-no-logging", "-p no:logging", args=("-p", "no:logging")),
    Combo("opt-log-cli", "--log-cli-level=INFO live logs", args=("--log-cli-level=INFO",)),
    Combo("opt-W-error-flag", "-W error with --llm-brief", args=("-W", "error")),
    Combo("opt-W-error-env", "-W error with LLM_BRIEF=1", args=("-W", "error"), switch="env1"),
    Combo("opt-W-error-env0", "-W error with LLM_BRIEF=0", args=("-W", "error"), switch="env0"),
    Combo(
        "opt-junitxml-flag",
        "--junitxml with --llm-brief (compact)",
        args=JUNIT,
        reports=("junit.xml",),
    ),
    Combo(
        "opt-junitxml-ini",
        "--junitxml with the ini switch",
        args=JUNIT,
        switch="ini",
        reports=("junit.xml",),
    ),
    Combo(
        "opt-importlib",
        "--import-mode=importlib",
        args=("--import-mode=importlib", *JUNIT),
        reports=("junit.xml",),
    ),
    Combo("opt-subdir-cwd", "run from tests/ (a subdirectory as cwd)", cwd="tests"),
    Combo(
        "caplog-flag",
        "caplog/levels/handlers suite with --llm-brief",
        suites=("caplog",),
        base=False,
        exit=0,
    ),
    Combo(
        "caplog-ini",
        "caplog suite with the ini switch",
        suites=("caplog",),
        base=False,
        switch="ini",
        exit=0,
    ),
    Combo(
        "caplog-junit-logs",
        "caplog suite, JUnit XML with junit_logging=all (captured logs in the report)",
        args=JUNIT,
        suites=("caplog",),
        ini=('junit_logging = "all"',),
        switch="ini",
        reports=("junit.xml",),
    ),
    Combo(
        "werror-suite-flag",
        "filterwarnings = error suite with --llm-brief",
        suites=("strict_warnings",),
        base=False,
        ini=('filterwarnings = ["error"]',),
        exit=0,
    ),
    Combo(
        "werror-suite-env",
        "filterwarnings = error suite with LLM_BRIEF=1",
        suites=("strict_warnings",),
        base=False,
        ini=('filterwarnings = ["error"]',),
        switch="env1",
        exit=0,
    ),
    Combo(
        "propagate-false",
        "a failing test's WARNING from a logger with propagate=False reaches the issue's evidence",
        suites=("isolated_logger",),
        base=False,
        mentions="audit write failed",
    ),
    Combo(
        "children-flag",
        "tests starting Python subprocesses, --llm-brief",
        suites=("children",),
        base=False,
    ),
    Combo(
        "children-env",
        "tests starting Python subprocesses, LLM_BRIEF=1 inherited by the children",
        suites=("children",),
        base=False,
        switch="env1",
    ),
    Combo(
        "asyncio", "pytest-asyncio (strict mode, async fixture)", suites=("asyncio",), base=False
    ),
    Combo("anyio", "anyio's pytest plugin", suites=("anyio",), base=False),
    Combo(
        "randomly",
        "pytest-randomly with a fixed seed",
        args=("-p", "randomly", "--randomly-seed=1234"),
        randomly=True,
    ),
    Combo(
        "rerunfailures",
        "pytest-rerunfailures --reruns 2",
        args=("--reruns", "2"),
        suites=("flaky",),
        base=False,
    ),
    Combo(
        "timeout-signal",
        "pytest-timeout, signal method: the hanging test fails, the run goes on",
        args=("--timeout=2", "--timeout-method=signal", *JUNIT),
        suites=("hang",),
        base=False,
        reports=("junit.xml",),
    ),
    Combo(
        "timeout-thread",
        "pytest-timeout, thread method: os._exit ends the whole run",
        args=("--timeout=2", "--timeout-method=thread"),
        suites=("hang",),
        base=False,
        before=(("--timeout=2", "--timeout-method=signal"),),
        marks_incomplete=True,
    ),
    Combo("cov", "pytest-cov --cov=shop", args=("--cov=shop", "--cov-report=term")),
    Combo(
        "hypothesis",
        "hypothesis property tests, one shrinking failure",
        suites=("hypothesis",),
        base=False,
    ),
    Combo("mock", "pytest-mock mocker/spy", suites=("mock",), base=False),
    Combo(
        "django",
        "pytest-django db and settings fixtures",
        suites=("django",),
        base=False,
        ini=DJANGO,
    ),
    Combo("bdd", "pytest-bdd feature scenarios", suites=("bdd",), base=False),
    Combo(
        "benchmark",
        "pytest-benchmark (few rounds)",
        args=("--benchmark-min-rounds=1", "--benchmark-max-time=0.001", "--benchmark-warmup=off"),
        suites=("benchmark",),
        base=False,
        exit=0,
    ),
    Combo(
        "html",
        "pytest-html self-contained report",
        args=("--html=report.html", "--self-contained-html"),
        reports=("report.html",),
    ),
    Combo(
        "receptor",
        "pytest-receptor events (another compact reporter)",
        args=("--receptor=ci", "--receptor-events=events.jsonl"),
        reports=("events.jsonl",),
    ),
    Combo("subtests", "pytest 9's built-in subtests fixture", suites=("subtests",), base=False),
    Combo(
        "unittest",
        "unittest.TestCase with assertLogs/assertNoLogs",
        suites=("unittest",),
        base=False,
    ),
    Combo(
        "doctest", "--doctest-modules on the package", args=("--doctest-modules", "shop", "tests")
    ),
    Combo(
        "xdist-n2",
        "pytest-xdist -n 2",
        args=("-n", "2", *JUNIT),
        ordered=False,
        reports=("junit.xml",),
    ),
    Combo(
        "xdist-loadscope",
        "pytest-xdist -n 2 --dist loadscope",
        args=("-n", "2", "--dist", "loadscope"),
        ordered=False,
    ),
    Combo(
        "xdist-crash",
        "pytest-xdist -n 2, a worker dies with os._exit",
        args=("-n", "2", *JUNIT),
        suites=("crash",),
        base=False,
        ordered=False,
        rerun_of="tests/test_crash.py::test_worker_dies",
        reports=("junit.xml",),
    ),
    Combo(
        "xdist-ini",
        "pytest-xdist -n 2 with the ini switch",
        args=("-n", "2"),
        switch="ini",
        ordered=False,
    ),
    Combo(
        "conftest-import-error",
        "an initial conftest that fails to import: exit 4, the briefing should name it",
        suites=("conftest_error",),
        exit=4,
    ),
    Combo(
        "usage-error",
        "an unknown option: usage error",
        args=("--no-such-option",),
        before=((),),
        marks_incomplete=True,
        brief=False,
        exit=4,
    ),
)

COMBOS: tuple[Combo, ...] = tuple(replace(c, differs=DIFFERS_TODAY.get(c.id)) for c in _COMBOS)
