"""Python tracebacks printed as text (by any process, hooked or not) back into exception chains. Pure.

Understands the interpreter's own format, chained exceptions ("The above exception was the
direct cause…", "During handling…"), 3.11 caret lines, `[Previous line repeated N more times]`,
exception-group margins (`| `), and `faulthandler` dumps of a hard crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from llm_brief.capture.exceptions import PathClassifier
from llm_brief.core.model import ExceptionRecord, Frame

MAX_FRAMES = 60
_START = "Traceback (most recent call last):"
_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"
_FRAME = re.compile(r'^\s*File "(?P<path>[^"]*)", line (?P<line>\d+)(?:,? in (?P<func>.+?))?\s*$')
_EXCEPTION = re.compile(r"^(?P<type>[A-Za-z_][\w.]*)(?::\s?(?P<message>.*))?$")
_MARGIN = re.compile(r"^\s*(?:[|+][ -]*)+")
_CARETS = re.compile(r"^\s*[~^\s]+$")
_FATAL = re.compile(r"^Fatal Python error: (?P<message>.*)$")
_FAULT_CURRENT = re.compile(
    r"^(?:Current thread 0x[0-9a-fA-F]+ .*|Stack )\(most recent call first\):$"
)


@dataclass(frozen=True, slots=True)
class ParsedTraceback:
    """A complete chain (outermost first), when its first line was seen, and whether it was fatal."""

    chain: tuple[ExceptionRecord, ...]
    when: float
    fatal: bool = False


class TracebackParser:
    """Feed it one stream's lines; it returns the tracebacks it completed."""

    def __init__(self, paths: PathClassifier) -> None:
        self.paths = paths
        self._state = "idle"
        self._frames: list[Frame] = []
        self._printed: list[ExceptionRecord] = []  # in printed order: innermost cause first
        self._via: list[str] = []
        self._next_via = ""
        self._when = 0.0
        self._fatal_message = ""
        self._fatal_lines = 0

    @property
    def busy(self) -> bool:
        """Whether a traceback is open (its lines are not ordinary output)."""
        return self._state != "idle"

    def feed(self, line: str, when: float) -> tuple[bool, list[ParsedTraceback]]:
        """(whether the line belonged to a traceback, the tracebacks it completed)."""
        done: list[ParsedTraceback] = []
        stripped = _MARGIN.sub("", line).rstrip() if line.lstrip()[:1] in "|+" else line.rstrip()
        if self._state == "after":
            if stripped.strip() == "":
                return True, done
            if stripped.strip() in (_CAUSE, _CONTEXT):
                self._next_via = "cause" if stripped.strip() == _CAUSE else "context"
                self._state = "between"
                return True, done
            done.extend(self.flush())
        if self._state == "between":
            if stripped.strip() == "":
                return True, done
            if stripped.strip() == _START:
                self._begin_exception(when, keep_chain=True)
                return True, done
            done.extend(self.flush())
        if self._state in ("frames", "fault"):
            return self._in_frames(stripped, when, done)
        fatal = _FATAL.match(stripped)
        if fatal is not None:
            self._fatal_message = fatal.group("message")
            self._when = when
            self._frames = []
            self._fatal_lines = 0
            self._state = "fatal"
            return True, done
        if self._state == "fatal":
            self._fatal_lines += 1
            if _FAULT_CURRENT.match(stripped.strip()):
                self._state = "fault"
            elif self._fatal_lines > 400:
                self._state = "idle"
            return True, done
        if stripped.strip() == _START:
            self._begin_exception(when, keep_chain=False)
            return True, done
        return False, done

    def _begin_exception(self, when: float, keep_chain: bool) -> None:
        if not keep_chain:
            self._printed = []
            self._via = []
            self._when = when
            self._next_via = ""
        self._frames = []
        self._state = "frames"

    def _in_frames(
        self, line: str, when: float, done: list[ParsedTraceback]
    ) -> tuple[bool, list[ParsedTraceback]]:
        frame = _FRAME.match(line)
        if frame is not None:
            if len(self._frames) < MAX_FRAMES:
                path, in_app = self.paths.classify(frame.group("path"))
                function = (frame.group("func") or "").strip()
                self._frames.append(Frame(path, int(frame.group("line")), function, "", in_app))
            return True, done
        text = line.strip()
        if self._state == "fault":
            done.append(self._fault())
            self._state = "idle"
            return True, done
        if line[:1] in (" ", "\t"):
            if text.startswith("[Previous line repeated") or _CARETS.match(line) or not text:
                return True, done
            if self._frames and not self._frames[-1].code:
                last = self._frames[-1]
                self._frames[-1] = Frame(
                    last.path, last.line, last.function, text[:300], last.in_app
                )
            return True, done
        match = _EXCEPTION.match(text)
        if match is None:
            self._state = "idle"  # not a traceback after all (or interleaved output)
            return False, done
        self._printed.append(
            ExceptionRecord(
                type=match.group("type"),
                message=(match.group("message") or "")[:2000],
                frames=tuple(self._frames),
            )
        )
        self._via.append(self._next_via)
        self._next_via = ""
        self._state = "after"
        return True, done

    def _fault(self) -> ParsedTraceback:
        frames = tuple(reversed(self._frames))  # faulthandler prints the newest frame first
        record = ExceptionRecord("Fatal Python error", self._fatal_message[:2000], frames)
        self._frames = []
        return ParsedTraceback((record,), self._when, fatal=True)

    def flush(self) -> list[ParsedTraceback]:
        """Complete whatever is open (end of stream, or the stream went quiet)."""
        if self._state == "fault":
            self._state = "idle"
            return [self._fault()]
        if self._state not in ("after", "between") or not self._printed:
            self._state = "idle"
            return []
        # Printed innermost first, each linked to the one before it; the model wants outermost first.
        chain: list[ExceptionRecord] = []
        for index in range(len(self._printed) - 1, -1, -1):
            record = self._printed[index]
            via = self._via[index + 1] if index + 1 < len(self._via) else ""
            chain.append(
                ExceptionRecord(record.type, record.message, record.frames, via)  # type: ignore[arg-type]
            )
        self._printed = []
        self._via = []
        self._state = "idle"
        return [ParsedTraceback(tuple(chain), self._when)]
