"""How hooks report content errors so that `mkdocs build --strict` fails.

MkDocs counts warnings only from loggers under `mkdocs.*`; a plain `getLogger(__name__)` logger in a
hook is printed but does NOT fail a strict build. Adapters therefore pass a logger from
`content_logger()`; pure modules only return findings and never log.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One content problem, printed as `path:line: [code] message` (what the build log shows)."""

    path: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.code}] {self.message}"


def content_logger(name: str) -> logging.Logger:
    """A logger whose warnings fail `mkdocs build --strict` (it lives under `mkdocs.plugins`)."""
    return logging.getLogger(f"mkdocs.plugins.fieldguide.{name}")


def emit(logger: logging.Logger, findings: Iterable[object]) -> int:
    """Log each finding (already formatted as `path:line: [code] message`) as a warning."""
    count = 0
    seen: set[str] = set()
    for finding in findings:
        text = str(finding)
        if text in seen:
            continue  # one cause, one line: the same problem found twice is reported once
        seen.add(text)
        logger.warning(text)
        count += 1
    return count


def source_line_map(source: str, current: str) -> list[int]:
    """For each line of `current` (a page after earlier hooks rewrote it), the 1-based line of the file
    it came from.

    Why: hooks run in sequence and the fence hook drops hidden lines, the decision-tree hook expands a
    directive into many lines; a later hook that reported lines of the text it was handed would point
    at the wrong line of the file. Lines are matched in order (a greedy, monotonic walk), so repeated
    lines map to the right occurrence; a generated line maps to the last file line before it."""
    src = source.split("\n")
    out: list[int] = []
    j = 0
    last = 1
    for line in current.split("\n"):
        if not line.strip():
            out.append(last)  # blank lines are everywhere: matching them would skip ahead
            continue
        k = j
        while k < len(src) and src[k] != line:
            k += 1
        if k < len(src) and (k - j) < 400:
            last = k + 1
            j = k + 1
        out.append(last)
    return out
