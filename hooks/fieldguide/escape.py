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
- `script_json`    data embedded in a `<script type="application/json">` element
"""

from __future__ import annotations

import html
import json
import re

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


def script_json(data: object) -> str:
    """JSON that cannot close or comment out the `<script>` element it is embedded in."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
