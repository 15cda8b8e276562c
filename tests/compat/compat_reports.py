"""Report files other plugins write (JUnit XML, pytest-html, pytest-receptor), as comparable lines.

Only what legitimately changes from one run to the next is taken out: times, durations, dates,
host names, run ids, the command line, and llm-brief's own entry in pytest-html's plugin list (the
baseline run blocks it with `-p no:llm_brief`). Everything a reader of the report sees stays.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

_JUNIT_VOLATILE = ("time", "timestamp", "hostname")
_RECEPTOR_VOLATILE = ("args", "run_id", "event_id", "duration", "integrity", "sequence")
_MS = re.compile(r"\b\d+ ms\b|\b\d\d:\d\d:\d\d\b")
_ADDRESS = re.compile(r"\b0x[0-9a-f]{6,}\b")  # object reprs: `<Cart object at 0x7f...>`
_BLOB = re.compile(r'data-jsonblob="([^"]*)"')


_WORKER = re.compile(r"\bgw\d+\b")


def normalise_report(path: Path, unordered: bool) -> list[str]:
    """The report at `path` as lines fit to diff; `unordered` sorts entries (xdist)."""
    if not path.exists():
        return ["<no report file>"]
    text = path.read_text("utf-8", errors="replace")
    text = _ADDRESS.sub("0x?", text)
    if unordered:  # which xdist worker ran (or crashed on) a test is the scheduler's choice
        text = _WORKER.sub("gw?", text)
    if path.suffix == ".xml":
        return _junit(text, unordered)
    if path.suffix == ".html":
        return _html(text)
    if path.suffix == ".jsonl":
        return _receptor(text, unordered)
    raise ValueError(f"no normaliser for {path.name}")


def _junit(text: str, unordered: bool) -> list[str]:
    root = ET.fromstring(text)
    for element in root.iter():
        for key in _JUNIT_VOLATILE:
            element.attrib.pop(key, None)
    if unordered:
        for suite in root.iter("testsuite"):
            cases = sorted(suite.findall("testcase"), key=lambda c: ET.tostring(c))
            for case in suite.findall("testcase"):
                suite.remove(case)
            suite.extend(cases)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode").splitlines()


def _html(text: str) -> list[str]:
    match = _BLOB.search(text)
    if match is None:
        return ["<no data-jsonblob in the report>"]
    data: dict[str, Any] = json.loads(html.unescape(match.group(1)))
    data.get("environment", {}).get("Plugins", {}).pop("llm-brief", None)
    dumped = json.dumps(data, indent=1, sort_keys=True)
    return [_MS.sub("<time>", line) for line in dumped.splitlines()]


def _receptor(text: str, unordered: bool) -> list[str]:
    lines = []
    for line in text.splitlines():
        event = json.loads(line)
        for key in _RECEPTOR_VOLATILE:
            event.pop(key, None)
        lines.append(json.dumps(event, sort_keys=True))
    return sorted(lines) if unordered else lines
