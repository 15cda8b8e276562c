"""What each tool answers: short text for the model plus the same facts as JSON, bounded. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from llm_brief.core.model import Dashboard
from llm_brief.core.render.briefing import verdict
from llm_brief.core.render.quote import one_line
from llm_brief.core.render.terminal import MAX_ISSUES as MAX_SHOWN
from llm_brief.core.render.terminal import summary_lines

MAX_TESTS = 20
MAX_FRAMES = 8
MAX_LOGS = 10
MAX_PATTERNS = 20
MAX_ISSUES_LISTED = 50
Json = dict[str, Any]


def _t(value: object, limit: int = 0) -> str:
    """A value from the run on one line: a newline in a test id or a log message must not start
    a line of its own in what the model reads (the JSON beside it keeps the value as stored)."""
    return one_line(str(value), limit)


def brief_view(dashboard: Dashboard, briefing: str, age: str, complete: bool, running: str) -> Json:
    """The compact terminal's lines, the run's age and completeness, and the causes as JSON."""
    state = "complete" if complete else "incomplete (live or interrupted)"
    lines = summary_lines(dashboard, briefing)
    # The terminal's lines carry no ids, and the agent needs them for `issue` and `run_tests`.
    ids = " ".join(i.id for i in dashboard.issues[:MAX_SHOWN])
    about = f"run {age} ago, {state}" + (f", newer run going on: {running}" if running else "")
    # The terminal's last line points at the briefing file; here it is a resource, and the line
    # that replaces it carries what an agent needs instead (kept if a rewrite moves it).
    if lines[-1].endswith(briefing):
        lines.pop()
    lines.append(about + (f" · ids: {ids}" if ids else ""))
    causes = [
        {
            "id": i.id,
            "category": i.category,
            "severity": i.severity,
            "title": i.title,
            "count": i.count,
            "status": i.status,
            "location": f"{i.location.path}:{i.location.line}",
        }
        for i in dashboard.issues[:MAX_ISSUES_LISTED]
    ]
    return {
        "text": "\n".join(lines),
        "verdict": verdict(dashboard),
        "outcome": dashboard.run.outcome,
        "exit_code": dashboard.run.exit_code,
        "health": dashboard.health,
        "age": age,
        "complete": complete,
        "running_journal": running,
        "issue_count": len(dashboard.issues),
        "issues": causes,
    }


def _first(items: Sequence[Any], limit: int) -> tuple[list[Any], int]:
    return list(items[:limit]), max(0, len(items) - limit)


def issue_view(raw: Mapping[str, Any], source: Sequence[str]) -> Json:
    """One issue in full (tests, frames and logs capped), with source lines at its location."""
    tests, more_tests = _first(raw.get("tests", []), MAX_TESTS)
    frames, _ = _first(raw.get("frames", []), MAX_FRAMES)
    logs, more_logs = _first(raw.get("logs", []), MAX_LOGS)
    loc = raw["location"]
    text = [
        f"[{_t(raw['category'])}] {_t(raw['title'])} ({raw['count']} tests,"
        f" {_t(raw.get('status') or 'seen')}) `{_t(raw['id'])}`",
        f"at {_t(loc['path'])}:{loc['line']} in {_t(loc.get('function', ''))}",
        *source,
    ]
    if raw.get("suggestion"):
        text.append(f"fix ({_t(raw.get('effort') or '?')}): {_t(raw['suggestion'])}")
    text += [f"chain: {_t(c)}" for c in raw.get("chain", [])[:3]]
    text += [
        f"frame {_t(f['path'])}:{f['line']} {_t(f['function'])}: {_t(f.get('code', ''))}"
        for f in frames
    ]
    text += [_log_text(entry) for entry in logs]
    if more_logs:
        text.append(f"… {more_logs} more log sites")
    text.append("tests: " + _compact(raw.get("tests", [])))
    if raw.get("rerun"):
        text.append(f"rerun: {_t(raw['rerun'])} (or the run_tests tool with issue={_t(raw['id'])})")
    return {
        "text": "\n".join(text),
        "issue": {
            **{
                k: v
                for k, v in raw.items()
                if k not in ("tests", "frames", "logs", "test_locations")
            },
            "tests": tests,
            "tests_not_shown": more_tests,
            "frames": frames,
            "logs": logs,
            "logs_not_shown": more_logs,
        },
        "source": list(source),
    }


def _compact(nodeids: Sequence[str]) -> str:
    """Node ids with the parametrisations of one test folded: `t.py::test_x [30 params]`."""
    groups: dict[str, int] = {}
    for nodeid in nodeids:
        base = nodeid.split("[", 1)[0]
        groups[base] = groups.get(base, 0) + 1
    shown = [
        f"{_t(b)} [{n} params]" if n > 1 else _t(b) for b, n in list(groups.items())[:MAX_TESTS]
    ]
    more = len(groups) - MAX_TESTS
    return " ".join(shown) + (f" … {more} more" if more > 0 else "")


def _log_text(entry: Mapping[str, Any]) -> str:
    where = f"{_t(str(entry.get('path', '')).rsplit('/', 1)[-1])}:{entry.get('line', 0)}"
    count = entry.get("count", 1)
    shown = entry.get("template") if count > 1 else entry.get("message")
    return f"log {_t(entry.get('level'))} {_t(entry.get('logger'))} {where} ×{count}: {_t(shown)}"


def logs_view(
    dashboard: Dashboard, raw_issues: Iterable[Mapping[str, Any]], component: str, test: str
) -> Json:
    """Log patterns of a component (logger prefix) or of one test (via the issues it hit)."""
    patterns: list[Json] = []
    if component:
        for p in dashboard.log_patterns:
            if p.logger == component or p.logger.startswith(component + "."):
                patterns.append(
                    {
                        "template": p.template,
                        "count": p.count,
                        "level": p.level,
                        "logger": p.logger,
                        "where": f"{p.path}:{p.line}",
                        "example": p.example,
                    }
                )
    else:
        for raw in raw_issues:
            if test in raw.get("tests", ()) or any(
                t.startswith(test + "[") for t in raw.get("tests", ())
            ):
                for entry in raw.get("logs", []):
                    patterns.append(
                        {
                            "template": entry.get("template", ""),
                            "count": entry.get("count", 1),
                            "level": entry.get("level", ""),
                            "logger": entry.get("logger", ""),
                            "where": f"{entry.get('path', '')}:{entry.get('line', 0)}",
                            "example": entry.get("message", ""),
                            "issue": raw["id"],
                        }
                    )
    patterns.sort(key=lambda p: -int(p["count"]))
    shown, more = _first(patterns, MAX_PATTERNS)
    subject = f"component {component}" if component else f"test {test}"
    text = [f"{len(patterns)} log pattern(s) for {_t(subject)}"]
    text += [
        f"{_t(p['level'])} {_t(p['logger'])} {_t(p['where'])} ×{p['count']}: {_t(p['template'])}"
        f" (e.g. {_t(p['example'])})"
        for p in shown
    ]
    if more:
        text.append(f"… {more} more")
    return {"text": "\n".join(text), "subject": subject, "patterns": shown, "not_shown": more}


def app_view(
    dashboard: Dashboard,
    raw_issues: Sequence[Mapping[str, Any]],
    since: float,
    seen: Mapping[str, float],
    complete: bool,
) -> Json:
    """A launch's live state: health, components, and the issues first seen after `since`."""
    fresh = [raw for raw in raw_issues if seen.get(raw["id"], 0.0) > since]
    components = [
        {
            "name": c.name,
            "status": c.status,
            "last_message": c.last_message,
            "issues": list(c.issues),
        }
        for c in dashboard.components
    ]
    text = [
        f"app: {verdict(dashboard)}",
        f"{'finished' if complete else 'running (live snapshot)'}; health {dashboard.health}",
        *(
            f"component {_t(c['name'])}: {_t(c['status'])} {_t(c['last_message'])}".rstrip()
            for c in components[:20]
        ),
        f"{len(fresh)} issue(s) new since {since:.0f}:",
        *(
            f" [{_t(r['category'])}] {_t(r['title'])} `{_t(r['id'])}`"
            for r in fresh[:MAX_ISSUES_LISTED]
        ),
    ]
    return {
        "text": "\n".join(text),
        "command": list(dashboard.run.command),
        "running": not complete,
        "health": dashboard.health,
        "components": components,
        "new_issues": [
            {
                "id": r["id"],
                "category": r["category"],
                "title": r["title"],
                "first_seen": seen.get(r["id"], 0.0),
            }
            for r in fresh[:MAX_ISSUES_LISTED]
        ],
    }


def diff_view(
    before: Dashboard | None,
    before_issues: Mapping[str, Mapping[str, Any]],
    after: Dashboard,
    after_issues: Mapping[str, Mapping[str, Any]],
) -> Json:
    """New / fixed / persisting between two dashboards (the run's own diff when it has one)."""
    own = after.diff
    if (
        before is not None
        and own.get("previous_run")
        and own.get("previous_run") == before.run.run_id
    ):
        # `fixed` and `not_run` hold {fingerprint, id, title} objects, the others bare ids.
        groups = {
            k: [e["id"] if isinstance(e, Mapping) else str(e) for e in own.get(k, [])]
            for k in ("new", "fixed", "persisting", "regressed", "not_run")
        }
    else:
        # No history to lean on: compare fingerprints of what the two dashboards hold.
        old = {r["fingerprint"]: r["id"] for r in before_issues.values()}
        now = {r["fingerprint"]: r["id"] for r in after_issues.values()}
        groups = {
            "new": [i for fp, i in now.items() if fp not in old],
            "fixed": [i for fp, i in old.items() if fp not in now],
            "persisting": [i for fp, i in now.items() if fp in old],
            "regressed": [],
            "not_run": [],
        }
    titles = {
        **{k: v["title"] for k, v in before_issues.items()},
        **{k: v["title"] for k, v in after_issues.items()},
    }
    text = [
        f"{name}: " + ", ".join(f"{_t(i)} ({_t(titles.get(i, '?'), 80)})" for i in ids[:10])
        for name, ids in groups.items()
        if ids
    ]
    return {"text": "\n".join(text) or "no change in root causes", **groups}
