"""Pages must be UTF-8: a bad byte is reported at its line and column instead of a traceback.

Why: MkDocs decodes each page as UTF-8 and a single Latin-1 byte (a pasted "é" from an old editor)
ended the build with a UnicodeDecodeError naming no file. Here the page is decoded with replacement
characters so the build can go on to report every other problem, and the bad byte fails it.
"""

from __future__ import annotations

from pathlib import Path

from fieldguide.report import Problem


def check(data: bytes, path: str) -> list[Problem]:
    """One problem for the first byte that is not UTF-8 (none when the file decodes)."""
    try:
        data.decode("utf-8")
        return []
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        column = e.start - (before.rfind(b"\n") + 1) + 1
        return [Problem(path, line, "not-utf8",
                        f"byte 0x{data[e.start]:02x} at column {column} is not UTF-8; re-save the file as UTF-8 "
                        "(the character was probably typed or pasted in another encoding)")]


def decode(data: bytes) -> str:
    """The text with any invalid bytes replaced (and a UTF-8 byte-order mark dropped)."""
    return data.decode("utf-8-sig", errors="replace")


def read_text(path: str | Path) -> str:
    """A page's text as the hooks should see it, whatever bytes are in the file."""
    return decode(Path(path).read_bytes())
