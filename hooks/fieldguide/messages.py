"""Printed messages (compiler errors, panics) must be findable from the section that explains them.

Why: readers arrive by pasting what rustc or a panic just printed ("future cannot be sent between
threads safely"). Search indexes prose and the text blocks that show what was printed, never code
blocks, so a message that appears only inside a `compile_fail` example or only at run time cannot be
found. The Rust checker knows each block's real message (rustc's diagnostic, the panic line on stderr)
and asks, through `unquoted`, that the section holding the block quote it verbatim.

One definition of "a text block that shows what was printed" serves both sides: `search_index`
un-excludes those blocks in the HTML, and `section_text` counts them here, so the check and the index
cannot disagree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from fieldguide import fences

# A text block that shows what a program or the compiler printed: titled "Output" or "... message ...",
# or untitled and starting like a compiler error, a warning or a panic.
PRINTED_TITLE = re.compile(r"^(?:Output|.*\bmessage\b.*)$", re.I)
PRINTED_START = re.compile(r"^\s*(?:error(?:\[E\d{4}\])?:|warning:|thread ')")

HEADING = re.compile(r"^ {0,3}#{1,6}\s")
PANICKED_AT = re.compile(r"^thread '[^']*'(?: \(\d+\))? panicked at [^\n]*:$")  # rustc 1.89+ adds the thread id


def is_printed_block(fence: fences.Fence) -> bool:
    if fence.language != "text":
        return False
    if fence.title and PRINTED_TITLE.match(fence.title):
        return True
    first = next((line for line in fence.body if line.strip()), "")
    return bool(PRINTED_START.match(first))


@lru_cache(maxsize=4)
def _code_mask(markdown: str) -> tuple[bool, ...]:
    """One CommonMark parse per page, not one per block (a page has up to 80 blocks)."""
    return tuple(fences.code_lines(markdown))


def section_bounds(markdown: str, line: int) -> tuple[int, int]:
    """1-based first and last line of the search section holding `line`: from the heading above it to the
    line before the next heading of any level (Material indexes each heading's own text)."""
    lines = markdown.split("\n")
    code = _code_mask(markdown)
    headings = [i + 1 for i, text in enumerate(lines) if not code[i] and HEADING.match(text)]
    start = max((h for h in headings if h <= line), default=1)
    end = min((h - 1 for h in headings if h > line), default=len(lines))
    return start, end


def section_text(markdown: str, parsed: fences.ParsedPage, line: int) -> str:
    """What search can find in the section holding `line`: its prose and its printed-text blocks."""
    start, end = section_bounds(markdown, line)
    lines = markdown.split("\n")
    code = _code_mask(markdown)
    keep = [lines[i - 1] for i in range(start, end + 1) if not code[i - 1]]
    for fence in parsed.fences:
        if start <= fence.start <= end and is_printed_block(fence):
            keep.extend(fence.body)
    return "\n".join(keep)


# Parts of a message that differ between the reader's program and the example: module paths
# (`std::rc::Rc` or `Rc`, depending on what else is in scope) and the source location rustc gives an
# anonymous type (`{async block@src/main.rs:6:51: 6:61}`).
MODULE_PATH = re.compile(r"\b(?:[a-z_][a-z0-9_]*::)+(?=[A-Za-z_])")
ANONYMOUS_AT = re.compile(r"\{((?:async )?(?:block|closure|fn body))@[^}]*\}")


def normalize(text: str) -> str:
    """Case, backticks, Markdown emphasis, blockquote markers, line breaks, module paths and the location in an anonymous
    type's name do not matter to a reader's search."""
    text = re.sub(r"(?m)^[ \t]*(?:>[ \t]?)+", "", text)   # a blockquote's markers on wrapped lines
    text = re.sub(r"[`*]|\\(?=[<>_*`])", "", text)
    text = ANONYMOUS_AT.sub(r"{\1}", MODULE_PATH.sub("", text))
    return re.sub(r"\s+", " ", text).strip().lower()


def unquoted(message: str, section: str) -> bool:
    return normalize(message) not in normalize(section)


def panic_message(stderr: str) -> str | None:
    """The first line of the first panic's message, as the default hook prints it to stderr."""
    lines = stderr.split("\n")
    for i, line in enumerate(lines):
        if PANICKED_AT.match(line.strip()) and i + 1 < len(lines) and lines[i + 1].strip():
            return lines[i + 1].strip()
    return None
