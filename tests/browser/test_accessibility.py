"""axe-core finds no violations on any page, in either palette (DESIGN.md section 9)."""

from __future__ import annotations

import pytest

from browser.test_pages import PAGES

EXTRA_PAGES = ["rules"]


def settle(page) -> None:
    """Scroll through the page once, as a reader would, and let every diagram draw.

    Why: off-screen sections are `content-visibility: auto` with estimated placeholder heights, and
    diagrams replace their source text with a drawing. Both change the page's geometry when they are
    first shown. axe checks colour contrast by hit-testing each element's position; if a section or a
    diagram is drawn while axe runs, elements move between measuring and hit-testing and axe reports the
    colours of whatever now sits there. After one pass every section keeps its real height
    (`contain-intrinsic-size: auto` remembers it), so the audit sees the page as it is read."""
    step, y = page.viewport_size["height"], 0
    while y < page.evaluate("document.documentElement.scrollHeight"):  # re-read: sections resize as drawn
        page.evaluate("y => window.scrollTo(0, y)", y)
        page.wait_for_timeout(30)
        y += step
    if page.locator("div.mermaid").count():
        page.wait_for_function("document.documentElement.dataset.fgMermaid === 'done'", timeout=20000)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.browser
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("slug", PAGES + EXTRA_PAGES)
def test_no_axe_violations(open_page, http_root, axe, slug, dark):
    page, _ = open_page(f"{http_root}{slug}.html", dark=dark)
    page.wait_for_load_state("load")
    settle(page)
    result = axe.run(page)
    violations = result.response["violations"]
    summary = [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}" for v in violations]
    assert not violations, "\n".join(summary)
