"""Bring a page to the state a reader sees after scrolling through it once (shared by the browser
tests and `make bench`).

Why: off-screen sections and code blocks are `content-visibility: auto` with estimated placeholder
heights, and diagrams drawn live by mermaid replace their source text with a drawing. Both change the
page's geometry when they are first shown, and content that has never been shown keeps the styles it was first given (a
colour-scheme switch reaches it only when it is drawn). axe checks colour contrast by hit-testing each
element's position, so an audit that runs while sections are still being drawn reports the colours of
whatever happens to be at that spot. After one pass every section keeps its real height
(`contain-intrinsic-size: auto` remembers it) and current styles, and the audit sees the page as read.
"""

from __future__ import annotations


def _scroll_through(page, step_pause_ms: int) -> None:
    step, y = page.viewport_size["height"], 0
    while y < page.evaluate("document.documentElement.scrollHeight"):  # re-read: sections resize as drawn
        page.evaluate("y => window.scrollTo(0, y)", y)
        page.wait_for_timeout(step_pause_ms)
        y += step


def settle(page, step_pause_ms: int = 30) -> None:
    """Scroll through once (draws every section). Production pages carry their diagrams as pre-rendered
    SVG, so that is all. On a page that still draws diagrams live with mermaid (`make serve`, or a
    diagram without a drawing), wait until every diagram is drawn and scroll through again. The second
    pass matters when mermaid finishes after the first pass has gone by (a loaded machine): a section
    whose diagram was drawn while it was off screen keeps the height it had with the diagram's source
    text, the drawn diagram then overflows it onto the next heading, and axe reports that heading's
    light text on the diagram's light card."""
    _scroll_through(page, step_pause_ms)
    if page.locator("div.mermaid").count():
        page.wait_for_function("document.documentElement.dataset.fgMermaid === 'done'", timeout=30000)
        _scroll_through(page, step_pause_ms)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
