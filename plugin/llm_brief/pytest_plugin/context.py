"""What every role of the pytest edge shares about one run: settings, paths, outputs, errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from llm_brief.capture.exceptions import PathClassifier
from llm_brief.core.boundary import Boundary
from llm_brief.core.settings import Settings
from llm_brief.output.finish import Outputs
from llm_brief.output.store import new_run_id


@dataclass(eq=False)
class RunContext:
    """One run's shared state, built in `pytest_configure` and held in `config.stash`."""

    config: pytest.Config
    settings: Settings
    outputs: Outputs
    paths: PathClassifier
    run_id: str = field(default_factory=new_run_id)
    boundary: Boundary = field(default_factory=Boundary)

    @classmethod
    def of(cls, config: pytest.Config, settings: Settings, rules_source: str) -> RunContext:
        """The context of `config`'s run; its outputs go under the rootdir unless absolute."""
        root = config.rootpath
        outputs = Outputs.of(settings, settings.output_path(root), rules_source)
        return cls(config, settings, outputs, PathClassifier(root))

    @property
    def root(self) -> Path:
        """The rootdir: paths in records are relative to it."""
        return self.config.rootpath
