"""A dashboard as a SARIF 2.1.0 log, for code scanning: one result per issue, at its origin.

Pure. The rule id is the issue's category, the message its title and fix, the related locations
its via frames and failing tests, and `partialFingerprints` carries the issue's root-cause
fingerprint so code scanning tracks one cause across runs even when its line moves.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from llm_brief.core.model import Dashboard, Issue

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
# The key names what the value is and its version, as the SARIF spec (3.27.17) recommends.
FINGERPRINT_KEY = "llmBriefRootCause/v1"
ROOT_BASE = "SRCROOT"
INFORMATION_URI = "https://pypi.org/project/llm-brief/"
MAX_RELATED = 20  # a cause hit by 500 tests needs a handful of examples, not 500 locations

_LEVEL = {"critical": "error", "error": "error", "warning": "warning", "info": "note"}


def render_sarif(dashboard: Dashboard) -> dict[str, Any]:
    """The SARIF log of `dashboard` (an empty `results` list for a green run)."""
    categories = sorted({issue.category for issue in dashboard.issues})
    rule_index = {category: n for n, category in enumerate(categories)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": dashboard.tool.get("name", "llm-brief") or "llm-brief",
                "version": dashboard.tool.get("version", "") or "0",
                "informationUri": INFORMATION_URI,
                "rules": [_rule(category, dashboard) for category in categories],
            }
        },
        "invocations": [
            {
                "executionSuccessful": dashboard.run.outcome in ("passed", "failed"),
                "exitCode": dashboard.run.exit_code,
                "commandLine": " ".join(dashboard.run.command),
            }
        ],
        "results": [_result(issue, rule_index[issue.category]) for issue in dashboard.issues],
        "columnKind": "unicodeCodePoints",
    }
    if dashboard.run.root:
        run["originalUriBaseIds"] = {ROOT_BASE: {"uri": _directory_uri(dashboard.run.root)}}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _rule(category: str, dashboard: Dashboard) -> dict[str, Any]:
    severities = [i.severity for i in dashboard.issues if i.category == category]
    worst = min(severities, key=list(_LEVEL).index)
    return {
        "id": category,
        "name": "".join(part.capitalize() for part in category.replace("_", "-").split("-")),
        "shortDescription": {"text": f"llm-brief root-cause category: {category}"},
        "defaultConfiguration": {"level": _LEVEL[worst]},
    }


def _result(issue: Issue, rule_index: int) -> dict[str, Any]:
    related: list[dict[str, Any]] = []
    for frame in issue.frames:
        if (frame.path, frame.line) == (issue.location.path, issue.location.line):
            continue
        related.append(_location(frame.path, frame.line, f"via {frame.function}", len(related)))
    for test in issue.test_locations:
        related.append(_location(test.path, test.line, f"failing test {test.nodeid}", len(related)))
    result: dict[str, Any] = {
        "ruleId": issue.category,
        "ruleIndex": rule_index,
        "level": _LEVEL.get(issue.severity, "warning"),
        "message": {"text": message_text(issue)},
        "locations": [_location(issue.location.path, issue.location.line, issue.title)],
        "partialFingerprints": {FINGERPRINT_KEY: issue.fingerprint},
        "properties": {
            "issueId": issue.id,
            "count": issue.count,
            "tests": list(issue.tests[:MAX_RELATED]),
            "rerun": issue.rerun,
        },
    }
    if related:
        result["relatedLocations"] = related[:MAX_RELATED]
    return result


def message_text(issue: Issue) -> str:
    """What a reviewer reads first: the title, where it fails, the fix and how to rerun."""
    lines = [issue.title]
    if issue.where and issue.where not in issue.title:
        lines[0] += f" ({issue.where})"
    if issue.suggestion:
        lines.append(f"Fix: {issue.suggestion}")
    if issue.count > 1:
        lines.append(f"{issue.count} failures share this cause.")
    if issue.rerun:
        lines.append(f"Rerun: {issue.rerun}")
    return "\n".join(lines)


def _location(path: str, line: int, text: str, ident: int | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(path)}
    if line >= 1:
        physical["region"] = {"startLine": line}
    location: dict[str, Any] = {"physicalLocation": physical, "message": {"text": text}}
    if ident is not None:
        location["id"] = ident
    return location


def _artifact(path: str) -> dict[str, Any]:
    """Relative paths are under the run's root; absolute ones (site-packages) become file URIs."""
    posix = path.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return {"uri": "file://" + ("" if posix.startswith("/") else "/") + quote(posix)}
    return {"uri": quote(posix), "uriBaseId": ROOT_BASE}


def _directory_uri(root: str) -> str:
    posix = root.replace("\\", "/").rstrip("/") + "/"
    return "file://" + ("" if posix.startswith("/") else "/") + quote(posix)
