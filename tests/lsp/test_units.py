"""The server's pure parts without a server: positions, mapping, settings, loading, rerun argv."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from lsp_support import make_dashboard, make_issue, warning_pattern
from lsprotocol import types

from llm_brief.core.codec import to_json
from llm_brief.core.model import Dashboard, Frame, Issue
from llm_brief_lsp.config import Settings, parse_settings
from llm_brief_lsp.dashboard import issue_model, load_dashboard
from llm_brief_lsp.hover import render_issue
from llm_brief_lsp.mapping import issue_message, map_dashboard
from llm_brief_lsp.paths import FolderPaths
from llm_brief_lsp.positions import LspRange, SourceFiles, code_units, line_range, split_lines
from llm_brief_lsp.rerun import RerunRefused, rerun_argv
from llm_brief_lsp.watching import file_watcher

# -- positions ------------------------------------------------------------------------------------


def test_split_lines_follows_lsp_not_python():
    assert split_lines("a\r\nb\rc\nd\x0ce\u2028f") == ["a", "b", "c", "d\x0ce\u2028f"]


@pytest.mark.parametrize(
    ("text", "utf8", "utf16", "utf32"),
    [("abc", 3, 3, 3), ("é", 2, 1, 1), ("設定", 6, 2, 2), ("🚀", 4, 2, 1)],
)
def test_code_units(text: str, utf8: int, utf16: int, utf32: int):
    assert code_units(text, "utf-8") == utf8
    assert code_units(text, "utf-16") == utf16
    assert code_units(text, "utf-32") == utf32


def test_line_range_spans_the_text_and_clamps():
    lines = ["x = 1", "    🚀 = 2", ""]
    assert line_range(lines, 2, "utf-16") == {
        "start": {"line": 1, "character": 4},
        "end": {"line": 1, "character": 10},
    }
    assert line_range(lines, 99, "utf-16")["start"]["line"] == 2  # past the end: last line
    assert line_range(lines, 0, "utf-16")["start"]["line"] == 0  # unknown: first line
    assert line_range([], 3, "utf-16")["start"]["line"] == 0


def test_source_files_skip_the_bom_and_reread_on_change(tmp_path: Path):
    path = tmp_path / "m.py"
    path.write_bytes("\ufeffé = 1\r\n".encode())
    files = SourceFiles()
    rng = files.range(str(path), 1, "utf-16")
    assert rng is not None
    assert rng["end"]["character"] == 5
    path.write_bytes(b"# one\n# two\n")
    os.utime(path, ns=(1, 1))
    assert files.lines(str(path)) == ["# one", "# two", ""]
    assert files.range(str(tmp_path / "missing.py"), 1, "utf-16") is None


# -- paths ----------------------------------------------------------------------------------------


def test_folder_paths_keep_inside_the_folder(tmp_path: Path):
    folder = tmp_path / "ws"
    (folder / "pkg").mkdir(parents=True)
    (folder / "pkg/a.py").write_text("")
    (tmp_path / "secret.py").write_text("")
    paths = FolderPaths(str(folder), str(folder))
    assert paths.resolve("pkg/a.py") == str(folder / "pkg/a.py")
    assert paths.resolve("../secret.py") is None
    assert paths.resolve(str(tmp_path / "secret.py")) is None
    assert paths.resolve("") is None
    if hasattr(os, "symlink"):
        (folder / "link").symlink_to(tmp_path)
        assert paths.resolve("link/secret.py") is None


# -- mapping --------------------------------------------------------------------------------------


class GridLocator:
    """Every path exists; ranges cover column 0..10 of the line."""

    def place(self, path: str, line: int) -> tuple[str, LspRange] | None:
        if path.startswith("/"):
            return None
        rng = {
            "start": {"line": line - 1, "character": 0},
            "end": {"line": line - 1, "character": 10},
        }
        return f"file:///ws/{path}", rng


def raw_issues(dashboard: Dashboard) -> list[dict[str, Any]]:
    return [to_json(issue) for issue in dashboard.issues]


def test_issue_message_format():
    issue = make_issue(
        "db-1", "app/db.py", 6, tests=[("t.py::a", 1), ("t.py::b", 2), ("t.py::c", 3)]
    )
    message = issue_message(to_json(issue))
    assert message == "[db] OperationalError: no such table: orders (3 tests, new)"
    one = to_json(replace(issue, tests=("t.py::a",), status=""))
    assert issue_message(one) == "[db] OperationalError: no such table: orders (1 test)"
    multi = to_json(replace(issue, title="AssertionError: assert 1 == 2\n +  where 1 = f()"))
    assert issue_message(multi).startswith("[db] AssertionError: assert 1 == 2 (")


def test_map_dashboard_counts_and_severities():
    tests = [(f"tests/t.py::test_{i}", 10 * i) for i in range(1, 6)]
    critical = replace(make_issue("c-1", "app/a.py", 3, tests=tests), severity="critical")
    warn = replace(make_issue("w-1", "app/b.py", 4), severity="warning")
    dashboard = make_dashboard(
        "/ws",
        [critical, warn],
        [warning_pattern("app/feed.py", 6), replace(warning_pattern("app/x.py", 2), level="INFO")],
    )
    mapped = map_dashboard(
        dashboard, raw_issues(dashboard), GridLocator(), Settings(), "file:///ws", "file:///b.md"
    )
    d = mapped.diagnostics
    assert [x["severity"] for x in d["file:///ws/app/a.py"]] == [types.DiagnosticSeverity.Error]
    assert [x["severity"] for x in d["file:///ws/app/b.py"]] == [types.DiagnosticSeverity.Warning]
    assert len(d["file:///ws/tests/t.py"]) == 3  # maxTestDiagnosticsPerIssue
    assert "file:///ws/app/x.py" not in d  # INFO patterns are not flagged
    assert [f.kind for f in mapped.flags["file:///ws/app/feed.py"][5]] == ["logPattern"]

    quiet, problems = parse_settings(
        {"severity": {"critical": "off", "test": "hint"}, "maxTestDiagnosticsPerIssue": 0}
    )
    assert problems == []
    mapped = map_dashboard(dashboard, raw_issues(dashboard), GridLocator(), quiet, "file:///ws", "")
    assert "file:///ws/app/a.py" not in mapped.diagnostics
    assert "file:///ws/tests/t.py" not in mapped.diagnostics
    assert "codeDescription" not in mapped.diagnostics["file:///ws/app/b.py"][0]


def test_related_information_lists_other_in_app_frames():
    issue = make_issue(
        "x-1",
        "app/a.py",
        3,
        frames=(
            Frame("tests/t.py", 7, "test_x", in_app=True),
            Frame("/usr/lib/python3/lib.py", 1, "lib", in_app=False),
            Frame("app/mid.py", 12, "middle", in_app=True),
            Frame("app/a.py", 3, "f", in_app=True),
        ),
    )
    dashboard = make_dashboard("/ws", [issue])
    mapped = map_dashboard(dashboard, raw_issues(dashboard), GridLocator(), Settings(), "u", "")
    [primary] = mapped.diagnostics["file:///ws/app/a.py"]
    related = [(r["location"]["uri"], r["message"]) for r in primary["relatedInformation"]]
    assert related == [
        ("file:///ws/tests/t.py", "in test_x"),
        ("file:///ws/app/mid.py", "in middle"),
    ]


def test_hover_escapes_markdown():
    issue: Issue = replace(make_issue("x-1", "a.py", 1), title="NameError: name '__x__' <b>")
    text = render_issue(issue)
    assert "\\_\\_x\\_\\_" in text
    assert "<b>" not in text


def test_issues_stay_json_and_decode_on_demand(tmp_path: Path):
    dashboard = make_dashboard(tmp_path, [make_issue("a", "x.py", 1, tests=[("t.py::a", 2)])])
    data = to_json(dashboard)
    data["issues"][0]["added_by_a_newer_writer"] = 1
    path = tmp_path / "dashboard.json"
    path.write_text(json.dumps(data))
    loaded = load_dashboard(str(path))
    assert loaded.state == "ok"
    assert loaded.dashboard is not None
    assert loaded.dashboard.issues == ()
    assert issue_model(loaded.issues[0]) == dashboard.issues[0]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda i: i.pop("fingerprint"), "issues[0]: missing 'fingerprint'"),
        (lambda i: i.update(count=True), "issues[0].count: expected an integer"),
        (lambda i: i.update(tests=[1]), "issues[0].tests: expected a list of strings"),
        (lambda i: i["frames"][0].pop("function"), "issues[0].frames[0]: missing 'function'"),
        (lambda i: i["test_locations"][0].update(line="2"), "test_locations[0].line"),
        (lambda i: i.update(location=None), "issues[0].location: expected an object"),
    ],
)
def test_bad_issues_name_the_field(tmp_path: Path, damage: Any, message: str):
    data = to_json(make_dashboard(tmp_path, [make_issue("a", "x.py", 1, tests=[("t.py::a", 2)])]))
    damage(data["issues"][0])
    path = tmp_path / "dashboard.json"
    path.write_text(json.dumps(data))
    loaded = load_dashboard(str(path))
    assert loaded.state == "corrupt"
    assert message in loaded.problem


# -- settings -------------------------------------------------------------------------------------


def test_parse_settings_accepts_nested_and_reports_bad_keys():
    settings, problems = parse_settings(
        {
            "llmBrief": {
                "dashboardPath": "out/d.json",
                "severity": {"issue": "warning", "nope": "error", "test": "loud"},
                "interpreter": ["/venv/bin/python", "-X", "dev"],
                "diagnosticMode": "sideways",
            }
        }
    )
    assert settings.dashboard_path == "out/d.json"
    assert settings.severity["issue"] == "warning"
    assert settings.severity["test"] == "information"
    assert settings.interpreter == ("/venv/bin/python", "-X", "dev")
    assert settings.diagnostic_mode == "auto"
    assert len(problems) == 3
    assert parse_settings(None) == (Settings(), [])


# -- loading --------------------------------------------------------------------------------------


def test_load_dashboard_states(tmp_path: Path):
    path = tmp_path / "dashboard.json"
    assert load_dashboard(str(path)).state == "missing"
    path.write_text(json.dumps(to_json(make_dashboard(tmp_path, [make_issue("a", "x.py", 1)]))))
    loaded = load_dashboard(str(path))
    assert loaded.state == "ok"
    assert loaded.dashboard is not None
    assert loaded.issues[0]["id"] == "a"
    path.write_text('{"schema_version": 2}')
    assert load_dashboard(str(path)).state == "newer"
    path.write_text('{"schema_version": 1}')
    assert load_dashboard(str(path)).state == "corrupt"
    path.write_text('{"schema_v')
    assert load_dashboard(str(path)).state == "corrupt"


# -- rerun ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("pytest tests/a.py::t", [sys.executable, "-m", "pytest", "tests/a.py::t", "--llm-brief"]),
        (
            "python3 -m pytest 'tests/a.py::t[x y]' --llm-brief",
            [sys.executable, "-m", "pytest", "tests/a.py::t[x y]", "--llm-brief"],
        ),
        ("/venv/bin/py.test -x", [sys.executable, "-m", "pytest", "-x", "--llm-brief"]),
    ],
)
def test_rerun_argv(command: str, expected: list[str]):
    assert rerun_argv(command) == expected


def test_rerun_argv_uses_the_configured_interpreter():
    assert rerun_argv("pytest t.py", ["/venv/bin/python"])[:3] == [
        "/venv/bin/python",
        "-m",
        "pytest",
    ]


@pytest.mark.parametrize(
    "command", ["", "rm -rf ~", "python evil.py", "sh -c 'pytest'", "pytest '"]
)
def test_rerun_argv_refuses(command: str):
    with pytest.raises(RerunRefused):
        rerun_argv(command)


# -- watching -------------------------------------------------------------------------------------


def test_file_watcher_patterns(tmp_path: Path):
    folder = str(tmp_path / "ws")
    inside = os.path.join(folder, ".llm-brief", "dashboard.json")
    relative = file_watcher(folder, inside, relative_patterns=True)
    assert isinstance(relative.glob_pattern, types.RelativePattern)
    assert relative.glob_pattern.pattern == ".llm-brief/dashboard.json"
    assert relative.glob_pattern.base_uri == Path(folder).as_uri()
    # Without relative patterns, globs match absolute paths: anchor the relative part anywhere.
    assert file_watcher(folder, inside, relative_patterns=False).glob_pattern == (
        "**/.llm-brief/dashboard.json"
    )
    outside = str(tmp_path / "elsewhere" / "dash.json")
    far = file_watcher(folder, outside, relative_patterns=True)
    assert isinstance(far.glob_pattern, types.RelativePattern)
    assert (far.glob_pattern.base_uri, far.glob_pattern.pattern) == (
        (tmp_path / "elsewhere").as_uri(),
        "dash.json",
    )
    assert file_watcher(folder, outside, relative_patterns=False).glob_pattern == outside
