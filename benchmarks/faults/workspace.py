"""The benchmark's workspace: pinned sdists from PyPI, pristine work copies, one venv, and fault injection."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from table import PROJECTS, Fault, Project

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "benchmarks" / "results"
CACHE = RESULTS / "faults-cache"
SOURCES = RESULTS / "faults-src"
VENV = RESULTS / "faults-venv"

# pytest 8.3: the pinned suites predate pytest 9 (click's strict parametrize warnings become errors,
# flask's test_cli imports a name pytest 9 removed). llm-brief supports pytest>=8.
HARNESS_DEPS = ("pytest==8.3.5", "pytest-receptor==1.2.2", "pytest-reportlog==0.4.0")


@dataclass(frozen=True)
class Injection:
    """A fault as applied to a work copy: the file and the 1-based line that changed."""

    fault: Fault
    path: str
    line: int


def venv_python() -> Path:
    """The benchmark venv's interpreter."""
    return VENV / "bin" / "python"


def _pip(python: Path, *args: str) -> None:
    subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", "-q", *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def download(project: Project) -> Path:
    """The project's sdist, downloaded once into the cache with pip (sdist only, no dependencies)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    for candidate in CACHE.glob("*.tar.gz"):
        stem = candidate.name.removesuffix(".tar.gz").replace("_", "-").lower()
        if stem == project.dirname.lower():
            return candidate
    _pip(
        Path(sys.executable), "download", "--no-binary", ":all:", "--no-deps",
        "-d", str(CACHE), f"{project.name}=={project.version}",
    )
    return download(project)


def unpack(project: Project) -> Path:
    """Extract the sdist over its work copy, so every benchmark run starts from pristine sources."""
    archive = download(project)
    SOURCES.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        top = tar.getnames()[0].split("/")[0]
        # The data filter refuses links and absolute paths; it exists from 3.10.12 / 3.11.4 on.
        if hasattr(tarfile, "data_filter"):
            tar.extractall(SOURCES, filter="data")
        else:
            tar.extractall(SOURCES)
    # A stale bytecode cache could outlive a restore of the same size in the same second.
    for cache in (SOURCES / top).rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)
    return SOURCES / top


def ensure_venv(projects: Sequence[Project]) -> Path:
    """Create (or reuse) the venv with llm-brief, pytest-receptor and every project installed editable."""
    sources = [unpack(p) for p in projects]
    wanted = sorted(
        [*HARNESS_DEPS, *(d for p in projects for d in p.test_deps), *(str(s) for s in sources)]
    )
    stamp = hashlib.sha256("\n".join([sys.version, *wanted]).encode()).hexdigest()
    stamp_file = VENV / "llm-brief-faults.stamp"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return venv_python()
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    editable = [a for s in sources for a in ("-e", str(s))]
    _pip(
        venv_python(), "install", "-e", str(REPO), *HARNESS_DEPS,
        *(d for p in projects for d in p.test_deps), *editable,
    )
    stamp_file.write_text(stamp)
    return venv_python()


def locate(root: Path, fault: Fault) -> Injection:
    """Where the fault goes: its snippet must occur exactly once; the origin is the first changed line."""
    text = (root / fault.file).read_text(encoding="utf-8")
    hits = text.count(fault.find)
    if hits != 1:
        raise ValueError(f"{fault.id}: snippet found {hits} times in {fault.file}, expected once")
    start = text[: text.index(fault.find)].count("\n") + 1
    old, new = fault.find.splitlines(), fault.replace.splitlines()
    offset = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    return Injection(fault, fault.file, start + offset)


@contextlib.contextmanager
def injected(root: Path, faults: Sequence[Fault]) -> Iterator[list[Injection]]:
    """Apply the faults to the work copy for the duration of the block, then restore the files."""
    injections = [locate(root, f) for f in faults]
    originals: dict[Path, str] = {}
    try:
        for fault in faults:
            path = root / fault.file
            originals.setdefault(path, path.read_text(encoding="utf-8"))
            path.write_text(path.read_text(encoding="utf-8").replace(fault.find, fault.replace, 1))
        yield injections
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")


def project_root(name: str) -> Path:
    """The work copy of a project."""
    return SOURCES / PROJECTS[name].dirname
