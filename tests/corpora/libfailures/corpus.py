"""The library-failure corpus: its cases, their ORIGIN markers, and the project a run is made in."""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
APP = HERE / "app"
PROJECT_CONFTEST = HERE / "project_conftest.py"
RECORD_FILE = ".corpus-record.jsonl"
MARKER = re.compile(r"#\s*ORIGIN:\s*(?P<names>[\w, ]+)")


@dataclass(frozen=True)
class Case:
    """One real failure: the test body that provokes it and the label a senior engineer gives it."""

    name: str
    category: str
    raises: str
    call: str
    uses: tuple[str, ...] = ()
    noise: bool = False
    lang: str = "en"
    since: tuple[int, int] = (3, 10)

    @property
    def test_name(self) -> str:
        """The generated test function's name."""
        return f"test_{self.name}"


@dataclass(frozen=True)
class Origin:
    """Where a case's fault begins: the app file and the line carrying its ORIGIN marker."""

    path: str
    line: int
    code: str


def all_cases() -> list[Case]:
    """Every case of the corpus that this interpreter can run, in table order."""
    from corpora.libfailures import (
        cases_async,
        cases_data,
        cases_net,
        cases_stdlib,
        cases_store,
        cases_web,
    )

    tables = (cases_store, cases_web, cases_net, cases_async, cases_data, cases_stdlib)
    cases = [case for table in tables for case in table.CASES]
    names = [case.name for case in cases]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise ValueError(f"duplicated case names: {duplicated}")
    return [case for case in cases if sys.version_info[:2] >= case.since]


def origins() -> dict[str, Origin]:
    """Every ORIGIN marker in the app, by case name (one line may be the origin of several)."""
    found: dict[str, Origin] = {}
    for path in sorted(APP.rglob("*.py")):
        relative = "app/" + path.relative_to(APP).as_posix()
        for number, text in enumerate(path.read_text("utf-8").splitlines(), start=1):
            match = MARKER.search(text)
            if not match:
                continue
            for name in filter(None, (n.strip() for n in match["names"].split(","))):
                if name in found:
                    raise ValueError(f"ORIGIN {name} marked twice: {found[name]} and {relative}")
                found[name] = Origin(relative, number, text.split("#")[0].strip())
    return found


def batches(cases: list[Case], size: int) -> Iterator[list[Case]]:
    """The cases cut into runs of at most `size`, in table order."""
    for start in range(0, len(cases), size):
        yield cases[start : start + size]


def _test_source(case: Case) -> str:
    params = ", ".join(case.uses)
    body = []
    if case.noise:
        body.append("from app import realtime")
        body.append("realtime.reconnect_storm()")
    body.extend(case.call.strip().splitlines())
    lines = "\n".join(f"    {line}" for line in body)
    return f"def {case.test_name}({params}) -> None:\n{lines}\n"


def build_project(root: Path, groups: Iterable[list[Case]]) -> list[str]:
    """Write the app, the project's conftest and one test file per group; return the files."""
    shutil.copytree(APP, root / "app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(PROJECT_CONFTEST, root / "conftest.py")
    (root / "tests").mkdir(exist_ok=True)
    files = []
    for number, group in enumerate(groups):
        source = "\n\n".join(_test_source(case) for case in group)
        path = root / "tests" / f"test_corpus_{number:02d}.py"
        path.write_text(f'"""Corpus batch {number}."""\n\n\n{source}', "utf-8")
        files.append(path.relative_to(root).as_posix())
    return files


def read_records(root: Path) -> dict[str, dict[str, Any]]:
    """What the project's conftest recorded about each failing test, by test name."""
    records: dict[str, dict[str, Any]] = {}
    path = root / RECORD_FILE
    if not path.exists():
        return records
    for line in path.read_text("utf-8").splitlines():
        record = json.loads(line)
        records[record["nodeid"].rsplit("::", 1)[-1]] = record
    return records
