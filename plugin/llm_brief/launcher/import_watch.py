"""Patching a module right after it is imported: the launch hook's way to stay cheap at start-up.

A hooked process must not import `logging` or `threading` itself (milliseconds at every start);
they are patched when the app imports them.
"""

from __future__ import annotations

import contextlib
import sys

# `typing` costs every hooked process milliseconds at start-up (see `hook`)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


class ImportWatch:
    """Calls `patch(module)` right after the named modules are imported (or now, if they are)."""

    def __init__(self, patches: dict[str, Callable[[Any], None]]) -> None:
        self.patches = dict(patches)

    def install(self) -> None:
        """Patch what is loaded already; watch the import of the rest."""
        for name in list(self.patches):
            module = sys.modules.get(name)
            if module is not None:
                self.patches.pop(name)(module)
        if self.patches:
            sys.meta_path.insert(0, self)

    def remove(self) -> None:
        """Stop watching."""
        if self in sys.meta_path:
            sys.meta_path.remove(self)

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        """Find the watched module with the other finders and wrap its loader; else None."""
        patch = self.patches.get(name)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                break
        else:
            return None
        loader = spec.loader
        run = loader.exec_module

        def exec_module(module: Any) -> None:
            run(module)
            self.patches.pop(name, None)
            if not self.patches:
                self.remove()
            with contextlib.suppress(Exception):
                patch(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec
