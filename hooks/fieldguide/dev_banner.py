"""While `make serve` runs, content problems are shown on every page instead of stopping the server.

Why: `strict: true` makes a content error abort the build, which is right for CI and deploys, but under
`mkdocs serve` an aborted first build ends the server and an aborted rebuild leaves the browser on a
stale page with the reason only in a terminal the writer may not be looking at. In serve mode the
build is not strict, every problem is still logged once, and each page carries a banner listing them.
Production builds never get the banner (and still fail on the first problem).
"""

from __future__ import annotations

import re

from fieldguide import escape

# What the serve-mode hook must remember across rebuilds (it is reloaded for each one).
SESSION: dict = {"command": None, "messages": []}

BODY_OPEN = re.compile(r"<body\b[^>]*>", re.I)
STYLE = ("position:sticky;top:0;z-index:1000;margin:0;padding:.6rem 1rem;background:#8b0000;color:#fff;"
         "font:14px/1.4 system-ui,sans-serif;max-height:40vh;overflow:auto")


def unique(messages: list[str]) -> list[str]:
    """The messages in first-seen order, each once."""
    return list(dict.fromkeys(m.strip() for m in messages if m.strip()))


def banner(messages: list[str]) -> str:
    """The banner element (empty when there is nothing to report). Every message is escaped."""
    if not messages:
        return ""
    items = "".join(f"<li><code>{escape.html_text(m)}</code></li>" for m in messages)
    return (f'<div class="fg-dev-problems" role="alert" style="{STYLE}"><strong>{len(messages)} content '
            f"problem(s): the production build fails until they are fixed</strong>"
            f'<ul style="margin:.3rem 0 0 1.2rem;padding:0">{items}</ul></div>')


def inject(html: str, messages: list[str]) -> str:
    """`html` with the banner right after `<body>` (unchanged when there are no messages or no body)."""
    block = banner(messages)
    if not block:
        return html
    m = BODY_OPEN.search(html)
    return html if m is None else html[: m.end()] + block + html[m.end():]
