"""Front matter: a YAML error is a build error at its line, and every value is escaped for HTML.

Why: MkDocs treats front matter it cannot parse as page text, so a typo in the YAML silently put the
raw `---` block on the page while the build passed. And Material's templates print front-matter values
(`description`, `title`) into HTML without escaping, so a value with `<` in it became markup. Both are
fixed here in one place (DESIGN.md section 14).
"""

from __future__ import annotations

import re

import yaml

from fieldguide import escape
from fieldguide.report import Problem

OPENING = re.compile(r"^---[ \t]*$")
CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


def check(source: str, path: str) -> list[Problem]:
    """Problems with the page's YAML front matter (none when there is none or it parses to a mapping)."""
    lines = source.split("\n")
    if not lines or not OPENING.match(lines[0]):
        return []
    end = next((k for k in range(1, len(lines)) if CLOSING.match(lines[k])), None)
    if end is None:
        return [Problem(path, 1, "front-matter", "front matter opened with --- is never closed; add a --- line "
                        "after it (or remove the first line if the page has no front matter)")]
    text = "\n".join(lines[1:end])
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = 2 + (mark.line if mark else 0)  # mark.line is 0-based and counts from the line after ---
        problem = getattr(e, "problem", None) or str(e).split("\n")[0]
        return [Problem(path, line, "front-matter",
                        f"front matter is not valid YAML ({problem}); fix it (quote a value that contains ': ' "
                        "or starts with a special character) or the whole block is shown as page text")]
    if data is not None and not isinstance(data, dict):
        return [Problem(path, 1, "front-matter", "front matter must be a YAML mapping (key: value lines)")]
    return []


def escaped(meta: object) -> object:
    """A copy of the page's meta with every string escaped for HTML (lists and mappings too)."""
    if isinstance(meta, str):
        return escape.html_text(meta)
    if isinstance(meta, list):
        return [escaped(v) for v in meta]
    if isinstance(meta, dict):
        return {k: escaped(v) for k, v in meta.items()}
    return meta


def strip_block(markdown: str) -> str:
    """The page without a leading --- block (used only after that block was reported as broken)."""
    lines = markdown.split("\n")
    if lines and OPENING.match(lines[0]):
        end = next((k for k in range(1, len(lines)) if CLOSING.match(lines[k])), None)
        if end is not None:
            return "\n" * end + "\n".join(lines[end + 1:])
    return markdown
