"""Settings: what the client sends in `initializationOptions` and `workspace/configuration`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from lsprotocol import types

from llm_brief_lsp.reading import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S, MIB, ReadLimits

SECTION = "llmBrief"
DEFAULT_DASHBOARD = ".llm-brief/dashboard.json"

SeverityName = Literal["error", "warning", "information", "hint", "off"]
DiagnosticMode = Literal["auto", "push", "pull", "both"]

SEVERITY_NAMES: dict[str, types.DiagnosticSeverity | None] = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
    "off": None,
}

# "issue" covers error-severity issues; "warning"/"info" cover issues the analyzer rated lower.
DEFAULT_SEVERITY: dict[str, str] = {
    "critical": "error",
    "issue": "error",
    "warning": "warning",
    "info": "information",
    "test": "information",
    "logPattern": "warning",
}
DIAGNOSTIC_MODES = ("auto", "push", "pull", "both")


@dataclass(frozen=True, slots=True)
class Settings:
    """One workspace folder's settings, defaults filled in."""

    dashboard_path: str = DEFAULT_DASHBOARD
    severity: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_SEVERITY))
    max_test_diagnostics_per_issue: int = 3
    interpreter: tuple[str, ...] = ()
    diagnostic_mode: DiagnosticMode = "auto"
    max_dashboard_bytes: int = DEFAULT_MAX_BYTES
    read_timeout_s: float = DEFAULT_TIMEOUT_S

    @property
    def read_limits(self) -> ReadLimits:
        """How much of the dashboard to read, and for how long."""
        return ReadLimits(max_bytes=self.max_dashboard_bytes, timeout_s=self.read_timeout_s)

    def severity_of(self, key: str) -> int | None:
        """The LSP severity number configured for `key` (None: do not show it)."""
        name = self.severity.get(key, DEFAULT_SEVERITY.get(key, "error"))
        severity = SEVERITY_NAMES.get(name, types.DiagnosticSeverity.Error)
        return None if severity is None else int(severity)


def section_of(raw: Any) -> Mapping[str, Any]:
    """The llm-brief part of a settings object: either nested under `llmBrief` or the object itself."""
    if not isinstance(raw, Mapping):
        return {}
    nested = raw.get(SECTION)
    if isinstance(nested, Mapping):
        return nested
    return raw


def parse_settings(raw: Any, base: Settings | None = None) -> tuple[Settings, list[str]]:
    """Overlay the known keys of `raw` on `base`; returns the settings and one problem per bad key.

    Bad values keep the base value, so a typo in one key never disables the server.
    """
    settings = base or Settings()
    problems: list[str] = []
    data = section_of(raw)

    path = data.get("dashboardPath")
    if path is not None:
        if isinstance(path, str) and path.strip():
            settings = replace(settings, dashboard_path=path.strip())
        else:
            problems.append(f"{SECTION}.dashboardPath must be a non-empty string, got {path!r}")

    severity = data.get("severity")
    if severity is not None:
        if isinstance(severity, Mapping):
            merged = dict(settings.severity)
            for key, value in severity.items():
                if key not in DEFAULT_SEVERITY:
                    problems.append(
                        f"{SECTION}.severity.{key} is not a known key "
                        f"(use {', '.join(DEFAULT_SEVERITY)})"
                    )
                elif value not in SEVERITY_NAMES:
                    problems.append(
                        f"{SECTION}.severity.{key} must be error, warning, information, hint "
                        f"or off, got {value!r}"
                    )
                else:
                    merged[key] = "information" if value == "info" else value
            settings = replace(settings, severity=merged)
        else:
            problems.append(f"{SECTION}.severity must be an object, got {severity!r}")

    limit = data.get("maxTestDiagnosticsPerIssue")
    if limit is not None:
        if isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0:
            settings = replace(settings, max_test_diagnostics_per_issue=limit)
        else:
            problems.append(
                f"{SECTION}.maxTestDiagnosticsPerIssue must be a whole number >= 0, got {limit!r}"
            )

    interpreter = data.get("interpreter")
    if interpreter is not None:
        if isinstance(interpreter, str) and interpreter.strip():
            settings = replace(settings, interpreter=(interpreter.strip(),))
        elif (
            isinstance(interpreter, list)
            and interpreter
            and all(isinstance(part, str) and part for part in interpreter)
        ):
            settings = replace(settings, interpreter=tuple(interpreter))
        elif interpreter not in ("", []):
            problems.append(
                f"{SECTION}.interpreter must be a path or a list of strings, got {interpreter!r}"
            )

    mode = data.get("diagnosticMode")
    if mode is not None:
        if mode in DIAGNOSTIC_MODES:
            settings = replace(settings, diagnostic_mode=mode)
        else:
            problems.append(
                f"{SECTION}.diagnosticMode must be one of {', '.join(DIAGNOSTIC_MODES)}, "
                f"got {mode!r}"
            )

    settings = _overlay_limits(settings, data, problems)
    return settings, problems


def _positive_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _overlay_limits(settings: Settings, data: Mapping[str, Any], problems: list[str]) -> Settings:
    """`maxDashboardMiB` and `readTimeoutSeconds`: how much of a dashboard is read, how long."""
    size = data.get("maxDashboardMiB")
    if size is not None:
        if _positive_number(size):
            settings = replace(settings, max_dashboard_bytes=int(size * MIB))
        else:
            problems.append(f"{SECTION}.maxDashboardMiB must be a number > 0, got {size!r}")
    timeout = data.get("readTimeoutSeconds")
    if timeout is not None:
        if _positive_number(timeout):
            settings = replace(settings, read_timeout_s=float(timeout))
        else:
            problems.append(f"{SECTION}.readTimeoutSeconds must be a number > 0, got {timeout!r}")
    return settings
