"""Jobs that shell out: image resizing, PDF rendering, the exporter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def resize(image: Path) -> None:
    """Resize with an executable that is not installed."""
    subprocess.run(["shop-imagemagick-convert", str(image), "-resize", "50%"], check=True)  # ORIGIN: subprocess_missing_executable


def export_catalogue() -> None:
    """Run the exporter, which exits with status 3."""
    subprocess.run([sys.executable, "-c", "import sys; sys.exit(3)"], check=True)  # ORIGIN: subprocess_called_process_error


def render_pdf() -> bytes:
    """Render a PDF with a renderer that crashes with a message on stderr."""
    code = "import sys; sys.stderr.write('renderer: font Helvetica not found\\n'); sys.exit(1)"
    return subprocess.check_output([sys.executable, "-c", code], stderr=subprocess.PIPE)  # ORIGIN: subprocess_check_output


def slow_exporter() -> None:
    """Run an exporter that hangs past its deadline."""
    subprocess.run([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)  # ORIGIN: subprocess_timeout


def run_hook(folder: Path) -> None:
    """Run a deploy hook that lost its executable bit."""
    hook = folder / "post-deploy.sh"
    hook.write_text("#!/bin/sh\necho deployed\n")
    hook.chmod(0o644)
    subprocess.run([str(hook)], check=True)  # ORIGIN: subprocess_not_executable


def run_in_missing_dir(folder: Path) -> None:
    """Run the exporter in a working directory that does not exist."""
    subprocess.run([sys.executable, "-V"], cwd=folder / "workspace", check=True)  # ORIGIN: subprocess_missing_cwd


def thumbnail_noise(image: Path) -> None:
    """Make a thumbnail with a missing tool, while the websocket reconnects."""
    subprocess.run(["shop-thumbnailer", str(image)], check=True)  # ORIGIN: subprocess_missing_noise
