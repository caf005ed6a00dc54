"""Bring a page to the state a reader sees after scrolling through it once (shared by the browser
tests and `make bench`).

Why: off-screen sections and code blocks are `content-visibility: auto` with estimated placeholder
heights, and diagrams replace their source text with a drawing. Both change the page's geometry when
they are first shown, and content that has never been shown keeps the styles it was first given (a
colour-scheme switch reaches it only when it is drawn). axe checks colour contrast by hit-testing each
element's position, so an audit that runs while sections are still being drawn reports the colours of
whatever happens to be at that spot. After one pass every section keeps its real height
(`contain-intrinsic-size: auto` remembers it) and current styles, and the audit sees the page as read.
"""

from __future__ import annotations


def settle(page, step_pause_ms: int = 30) -> None:
    step, y = page.viewport_size["height"], 0
    while y < page.evaluate("document.documentElement.scrollHeight"):  # re-read: sections resize as drawn
        page.evaluate("y => window.scrollTo(0, y)", y)
        page.wait_for_timeout(step_pause_ms)
        y += step
    if page.locator("div.mermaid").count():
        page.wait_for_function("document.documentElement.dataset.fgMermaid === 'done'", timeout=30000)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
