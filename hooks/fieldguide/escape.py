"""The one escaping rule for strings that come from data/ or front matter (DESIGN.md section 14).

Why one module: data files are edited by contributors and reach pages through several renderers
(decision trees, the cancel-safety table, the rules catalogue, review-link JSON, the footer stamp,
front matter in templates). If each renderer escaped in its own way, one would forget, and a label
such as `<img src=x onerror=alert(1)>` would run as script on the built page. Every renderer calls one
of these functions for every data string, by the context the string lands in:

- `html_text`      text or an attribute value in HTML
- `markdown_inline` prose that Python-Markdown will render: Markdown formatting (code spans,
                   emphasis, links) still works, but no HTML tag can form outside code spans
- `code_span`      a literal shown as inline code, whatever backticks it contains
- `mermaid_label`  a label inside a mermaid flowchart definition
- `mermaid_acc`    the text of a mermaid `accTitle:` / `accDescr:` line (read by screen readers)
- `script_json`    data embedded in a `<script type="application/json">` element

and one check for the one kind of data inlined as markup: `svg_problems` for a pre-rendered diagram
(data/diagrams/*.svg, drawn by mermaid with its strict security level, labels sanitized) before the
build inlines it. Only drawing elements and attributes pass; scripts, event handlers, links and
anything that could load another file do not.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def html_text(value: object) -> str:
    """Text safe in HTML element content and in double- or single-quoted attribute values."""
    return html.escape(str(value), quote=True)


# A Markdown link or reference definition whose target has a scheme other than http(s) or mailto
# (`javascript:`, `data:`, `vbscript:`): its `(` or `:` is replaced by an entity, so no link forms.
_UNSAFE_LINK = re.compile(r"\]\(\s*<?\s*(?!https?:|mailto:)(?=[a-zA-Z][a-zA-Z0-9+.-]*:)")
_REFERENCE_DEF = re.compile(r"^(\s{0,3}\[[^\]]+\]):", re.M)


def _escape_prose(text: str) -> str:
    text = re.sub(r"[&<>]", lambda m: _HTML_SPECIAL[m.group(0)], text)
    text = _UNSAFE_LINK.sub("]&#40;", text)
    return _REFERENCE_DEF.sub(r"\1&#58;", text)


def markdown_inline(value: object) -> str:
    """Markdown prose with every `&`, `<` and `>` outside code spans turned into an entity.

    Code spans are left alone because Python-Markdown already escapes their content (escaping them
    here would show `&lt;` to the reader). A backslash before `<` cannot re-enable a tag either: the
    entity is what reaches the HTML."""
    text = str(value)
    out, pos = [], 0
    for m in _CODE_SPAN.finditer(text):
        out.append(_escape_prose(text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_escape_prose(text[pos:]))
    return "".join(out)


def code_span(value: object) -> str:
    """`value` as one Markdown code span, fenced with more backticks than it contains."""
    text = str(value).replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def mermaid_label(value: object) -> str:
    """A label for a quoted mermaid node or edge label: quotes and HTML specials as mermaid entity codes
    (`#34;`), so the label can neither end the quoted string nor form HTML in the drawn SVG."""
    codes = {'"': "#34;", "<": "#60;", ">": "#62;", "&": "#38;", "#": "#35;"}
    return re.sub(r'["<>&#]', lambda m: codes[m.group(0)], str(value))


def mermaid_acc(value: object) -> str:
    """Text for a one-line mermaid `accTitle:` or `accDescr:`: one line (a newline would end the statement
    and start a new one), without Markdown code and emphasis marks, which a screen reader would spell
    out, and links reduced to their text. mermaid sets it as text (never markup), and the pre-rendered
    SVG is written with `html_text` from the same line."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", str(value))
    text = re.sub(r"`+|\*\*|__", "", text)
    return " ".join(text.split())


def script_json(data: object) -> str:
    """JSON that cannot close or comment out the `<script>` element it is embedded in."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


SVG_ELEMENTS = {
    "svg", "g", "defs", "symbol", "marker", "style", "title", "desc", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop", "filter", "feDropShadow",
    "feGaussianBlur", "feOffset", "feFlood", "feComposite", "feMerge", "feMergeNode", "feBlend", "clipPath", "mask",
    "foreignObject", "div", "span", "p", "br", "b", "i", "strong", "em", "code", "sub", "sup", "small",
}
_SVG_ELEMENTS_LOWER = {name.lower(): name for name in SVG_ELEMENTS}
_UNSAFE_CSS = re.compile(r"url\(\s*['\"]?(?!#)|@import|expression\s*\(|javascript:|behavior\s*:", re.I)


class _SvgCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        if tag not in _SVG_ELEMENTS_LOWER:
            self.problems.append(f"element <{tag}> is not allowed in an inlined drawing")
        self._in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}= on <{tag}>")
            elif name in ("href", "xlink:href", "src", "action", "formaction") and not value.startswith("#"):
                self.problems.append(f"{name}={value[:60]!r} on <{tag}> points outside the drawing")
            elif _UNSAFE_CSS.search(value) or "javascript:" in value.lower():
                self.problems.append(f"attribute {name}= on <{tag}> loads or runs something: {value[:60]!r}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style and _UNSAFE_CSS.search(data):
            self.problems.append(f"the drawing's stylesheet loads or runs something: {_UNSAFE_CSS.search(data).group(0)!r}")

    def handle_comment(self, data):
        pass


def svg_problems(svg: str) -> list[str]:
    """Why a stored drawing must not be inlined into a page ([] when it may)."""
    if not svg.lstrip().startswith("<svg"):
        return ["a drawing must start with <svg"]
    check = _SvgCheck()
    check.feed(svg)
    check.close()
    return list(dict.fromkeys(check.problems))
