"""Let the browser skip rendering page sections that are off screen.

Why: the long reference pages hold over a hundred sections. Material's bundle restyles and measures the
whole page several times while it starts (palette, header, table of contents), and on a throttled phone
each pass over a long page costs hundreds of milliseconds. Wrapping the body of each section (the
content between two top-level headings, never the headings themselves, so the table of contents can
still measure them) in a `content-visibility: auto` box means only what is near the viewport is styled
and laid out.

Each box gets a placeholder height (`contain-intrinsic-size`) estimated from its content, on the high
side: code blocks count their lines, prose counts characters at a phone's line length. An overestimate
keeps every skipped element inside its own box when tools hit-test the page (axe's contrast check),
and the `auto` keyword makes the browser remember the real height once a box has been drawn.
"""

from __future__ import annotations

import html as htmlmod
import re
from html.parser import HTMLParser

from fieldguide import fences

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HEADING = re.compile(r"h[1-6]")
MIN_CHUNK_CHARS = 1500  # smaller bodies are not worth a box of their own

# Estimation constants, in em of the article's font size, calibrated in Chromium at 412px wide.
CHARS_PER_LINE = 38
TEXT_LINE_EM = 1.6
BLOCK_GAP_EM = 1.0
CODE_FONT_SCALE = 0.85  # code blocks are sized in their own (smaller) em
BLOCK_START = re.compile(r"<(?:p|li|tr|h[1-6]|div class=\"admonition|details|table|blockquote)\b")
TAG = re.compile(r"<[^>]+>")
SCRIPT = re.compile(r"<script\b.*?</script>", re.S)  # JSON data for the page's scripts: not drawn
TABLE_ROW_EM = 1.6  # cell padding and borders on top of the text lines
SAFETY = 1.15
MERMAID = re.compile(r'<div\s+class="mermaid">.*?</div>', re.S)  # source text now, a drawing later
DIAGRAM_EM = 30
# A pre-rendered drawing (fieldguide.diagrams.figure) knows its height at natural size.
FIGURE = re.compile(r'<figure class="fg-diagram"[^>]*?data-fg-em="(\d+)".*?</figure>', re.S)


class _TopLevelHeadings(HTMLParser):
    """Offsets (start of `<hN`, end of `</hN>`) of headings that are not nested in any element."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.stack: list[str] = []
        self.headings: list[tuple[int, int]] = []
        self._open: int | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if not self.stack and HEADING.fullmatch(tag):
            self._open = self._offset()
        self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag not in self.stack:
            return  # stray end tag: ignore, like a browser
        while self.stack:
            if self.stack.pop() == tag:
                break
        if not self.stack and HEADING.fullmatch(tag) and self._open is not None:
            end = self.text.index(">", self._offset()) + 1
            self.headings.append((self._open, end))
            self._open = None


def estimate_em(body: str) -> tuple[float, float]:
    """A generous height for a section body, in em of the article font: (code blocks, everything else).
    The two are kept apart because code does not wrap while prose does: the stylesheet scales the prose
    part down on wide screens."""
    code_em = sum(fences.code_block_em(m.group(3)) for m in fences.HIGHLIGHT_BLOCK.finditer(body)) * CODE_FONT_SCALE
    code_em += DIAGRAM_EM * len(MERMAID.findall(body)) + sum(int(m.group(1)) for m in FIGURE.finditer(body))
    prose = FIGURE.sub("", MERMAID.sub("", SCRIPT.sub("", fences.HIGHLIGHT_BLOCK.sub("", body))))
    text = htmlmod.unescape(TAG.sub("", prose))
    lines = sum(max(1, -(-len(chunk.strip()) // CHARS_PER_LINE)) for chunk in text.split("\n") if chunk.strip())
    blocks = len(BLOCK_START.findall(prose)) + body.count('class="language-')
    rows = prose.count("<tr")
    return SAFETY * code_em, SAFETY * (lines * TEXT_LINE_EM + blocks * BLOCK_GAP_EM + rows * TABLE_ROW_EM)


def wrap_section_bodies(html: str) -> str:
    """Wrap the content between consecutive top-level headings in `<div class="fg-lazy">` boxes."""
    parser = _TopLevelHeadings(html)
    parser.feed(html)
    parser.close()
    if not parser.headings:
        return html
    bounds = [end for _, end in parser.headings]
    starts = [start for start, _ in parser.headings[1:]] + [len(html)]
    out, cursor = [], 0
    for body_start, body_end in zip(bounds, starts, strict=True):
        body = html[body_start:body_end]
        out.append(html[cursor:body_start])
        if len(body) >= MIN_CHUNK_CHARS and body.strip():
            code_em, text_em = estimate_em(body)
            out.append(f'<div class="fg-lazy" style="--fg-code: {code_em:.0f}em; --fg-text: {text_em:.0f}em">'
                       f"{body}</div>")
        else:
            out.append(body)
        cursor = body_end
    out.append(html[cursor:])
    return "".join(out)
