"""A log call site with its running count: the one accumulator the pytest capture and the launch
aggregator share, turned into a `LogEntry` when it is reported. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from llm_brief.core.model import ExceptionRecord, LogEntry


def merge_template(template: str, message: str) -> str:
    """Fold two messages of one call site into a template: differing tokens become `<*>`."""
    a, b = template.split(" "), message.split(" ")
    if len(a) != len(b):
        return template if template.endswith(" <*>") else f"{template.split(' ')[0]} <*>"
    return " ".join(x if x == y else "<*>" for x, y in zip(a, b, strict=False))


@dataclass(slots=True, eq=False, repr=False)  # mutable scratch: no generated methods to compile
class CallSite:
    """One logging call site (logger, level, file and line, template) and what it logged."""

    level: str
    logger: str
    template: str
    message: str
    path: str
    line: int
    first_seen: float
    last_seen: float
    count: int = 1
    exception: str = ""
    templated: bool = False  # the template came from the logging call (`msg` with args)
    chain: tuple[ExceptionRecord, ...] = ()
    journaled: int = 0  # how many of `count` the launch journal already holds

    def entry(self, count: int | None = None) -> LogEntry:
        """The site as a collapsed log entry carrying `count` records (all of them by default)."""
        return LogEntry(
            level=self.level,
            logger=self.logger,
            template=self.template,
            message=self.message,
            path=self.path,
            line=self.line,
            count=self.count if count is None else count,
            first_seen=self.first_seen,
            last_seen=self.last_seen,
            exception=self.exception,
            chain=self.chain,
        )
