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
