"""Headings are text: a `<` outside a code span in a heading is read as an HTML tag and vanishes.

Why: `### Flattening Result<Result<T, E>, JoinError>` rendered as "Flattening Result" on the page, and
in the search index the unclosed tag swallowed the rest of the page into the section title, so nine
sections carried their whole body as their title. Generic types in headings belong in backticks.
"""

from __future__ import annotations

import re

from fieldguide.fences import code_lines
from fieldguide.report import Problem

ATX = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*?)\s*(?:\{[^}]*\})?\s*#*\s*$")
CODE_SPAN = re.compile(r"(`+).+?\1")
TAG_START = re.compile(r"<[A-Za-z/!?]")


def problems(markdown: str, path: str, line_offset: int = 0) -> list[Problem]:
    out = []
    mask = code_lines(markdown)
    for index, line in enumerate(markdown.split("\n")):
        if index < len(mask) and mask[index]:
            continue
        m = ATX.match(line)
        if not m:
            continue
        text = CODE_SPAN.sub("", m.group("text"))
        bad = TAG_START.search(text)
        if bad:
            out.append(Problem(path, index + 1 + line_offset, "heading-markup",
                               f"heading text {m.group('text')!r} has {text[bad.start():bad.start() + 12]!r}, which "
                               "is read as an HTML tag (the text vanishes from the page and the search index); "
                               "put generic types in backticks, e.g. `Result<T, E>`"))
    return out
