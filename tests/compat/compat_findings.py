"""What each differing combination shows on the current code, as its strict-xfail reason.

When a fix makes a combination's runs identical, its test XPASSes (strict): delete its entry here
and regenerate COMBINATIONS.md (`python tests/compat/compat_table.py`).
"""

from __future__ import annotations

_REWRITE_WARNING = (
    "PytestAssertRewriteWarning (the .pth hook imports llm_brief before pytest starts)"
)
_TB_LOST = "tracebacks lost: compact mode sets --tb=no for the whole run"
_INFO_RECORDS = "root logger lowered to INFO: extra INFO records"

DIFFERS_TODAY: dict[str, str] = {
    "env-1": f"warnings count 1 -> 2: {_REWRITE_WARNING}",
    "env-0": f"warnings count 1 -> 2 although LLM_BRIEF=0: {_REWRITE_WARNING}",
    "env-empty": f"warnings count 1 -> 2 although LLM_BRIEF is empty: {_REWRITE_WARNING}",
    "opt-co-ini": "--collect-only replaced the dashboard.json of the full run before it",
    "opt-W-error-env": f"pytest dies at start-up, no test runs: {_REWRITE_WARNING} is an error",
    "opt-W-error-env0": f"pytest dies at start-up although LLM_BRIEF=0: {_REWRITE_WARNING} is an error",
    "partial-after-full": "the -k run's dashboard drops the untouched failing test's issue "
    "(assertion in test_total_counts_quantity) instead of keeping it as not rerun",
    "full-after-partial": "the full run after a -k run marks the never-fixed assertion issue 'regressed'",
    "timeout-thread": "pytest dies (os._exit from the timeout thread) and .llm-brief/ keeps the "
    "previous run's briefing.md and dashboard.json unchanged, with no incomplete marker",
    "usage-error": "a usage error leaves the previous run's briefing.md and dashboard.json "
    "unchanged, with no incomplete marker",
    "propagate-false": "the WARNING of a propagate=False logger is not captured: no issue has it "
    "(the same test with a propagating logger has it)",
    "opt-junitxml-flag": f"JUnit XML <failure> text: {_TB_LOST} (only the E lines stay)",
    "opt-importlib": f"JUnit XML <failure> text: {_TB_LOST}",
    "caplog-flag": f"exit 0 -> 1, 4 of 5 caplog/level tests fail: {_INFO_RECORDS} in caplog, root.level",
    "caplog-ini": f"exit 0 -> 1, 4 of 5 caplog/level tests fail: {_INFO_RECORDS} (ini switch too)",
    "caplog-junit-logs": f"4 caplog tests fail; JUnit 'Captured Log' gains INFO lines: {_INFO_RECORDS}",
    "werror-suite-env": f"exit 0 -> 1, no test runs (filterwarnings = error): {_REWRITE_WARNING}",
    "children-env": "a child python writes work/.llm-brief/ (briefing, history, journal) into its "
    "cwd; the empty-tmp_path test fails; +1 warning (PytestAssertRewriteWarning)",
    "timeout-signal": f"JUnit XML <failure> of the timed-out test: {_TB_LOST}",
    "html": f"pytest-html: {_TB_LOST}; 'Captured log' sections gain INFO lines ({_INFO_RECORDS})",
    "receptor": f"pytest-receptor events: frames and raw_longrepr lost ({_TB_LOST}); "
    f"log sections gain INFO lines ({_INFO_RECORDS})",
    "xdist-crash": "the crash issue's rerun is the whole suite (and its location line 1), "
    "not the test that was running",
    "conftest-import-error": "no briefing at all: an initial-conftest import error writes no dashboard.json",
}
