"""Every built page loads in chromium over http and from file:// with no console errors, no request
to another origin, copy buttons on code, and every diagram an inline SVG drawn in the reader's palette."""

from __future__ import annotations

import pytest
from conftest import REPO

from browser.conftest import screenshot

# Every page in docs/, so a new page is covered the day it is added.
PAGES = sorted(p.stem for p in (REPO / "docs").glob("*.md"))


@pytest.fixture(params=["http", "file"])
def root(request, http_root, file_root):
    return http_root if request.param == "http" else file_root


@pytest.mark.browser
@pytest.mark.parametrize("slug", PAGES)
def test_page_loads_cleanly_and_privately(open_page, root, slug):
    page, rec = open_page(f"{root}{slug}.html")
    # "networkidle" can time out on the longest pages from file:// on a loaded machine; wait for the
    # load event and give late requests (search worker, fonts, scripts) a moment to show up.
    page.wait_for_load_state("load")
    page.wait_for_timeout(1500)
    assert page.locator("h1").first.is_visible()
    assert rec.foreign_requests == [], f"requests to other origins: {rec.foreign_requests}"
    assert rec.console_errors == [], f"console errors: {rec.console_errors}"
    blocks = page.locator("div.highlight pre")
    # Material 9.8 puts a copy button in a small toolbar on every code block. With `content.lazy` the
    # toolbar is added when the block first comes on screen, so visit every block like a reader would.
    for i in range(blocks.count()):
        block = blocks.nth(i)
        block.scroll_into_view_if_needed()
        block.locator("button.md-code__button[data-md-type='copy']").wait_for(state="attached", timeout=10000)


LABEL_INK = """svg => {
  const label = [...svg.querySelectorAll('.nodeLabel, text.actor > tspan')].find(e => e.textContent.trim());
  const style = getComputedStyle(label);
  return label.namespaceURI.endsWith('svg') ? style.fill : style.color;
}"""


def _rgb(css: str) -> tuple[int, int, int]:
    r, g, b = [int(float(x)) for x in css[css.index("(") + 1: css.index(")")].split(",")[:3]]
    return r, g, b


@pytest.mark.browser
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("slug", PAGES)
def test_diagrams_are_inline_svg_in_the_readers_palette(open_page, root, slug, dark):
    """Production pages carry every diagram as a pre-rendered SVG (`make diagrams`): mermaid is never
    loaded, each drawing is an image named by its accTitle, and it is drawn in the page's palette."""
    page, rec = open_page(f"{root}{slug}.html", dark=dark)
    assert page.locator("div.mermaid").count() == 0, "a diagram has no pre-rendered drawing: run `make diagrams`"
    figures = page.locator("figure.fg-diagram")
    for i in range(figures.count()):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        svg = figure.locator("svg").first
        box = svg.bounding_box()
        assert box and box["width"] > 50 and box["height"] > 30, f"diagram {i} drew an empty SVG"
        assert svg.get_attribute("role") == "img"
        name = svg.evaluate("s => document.getElementById(s.getAttribute('aria-labelledby')).textContent")
        assert name.strip(), f"diagram {i} has no accessible name"
        card = _rgb(figure.evaluate("e => getComputedStyle(e).backgroundColor"))
        ink = _rgb(svg.evaluate(LABEL_INK))  # a node or participant label, in the diagram's own colours
        if dark:
            assert max(card) < 60 and sum(ink) > sum(card) + 300, f"diagram {i}: {ink} on {card} is not dark-palette"
        else:
            assert min(card) > 200 and sum(ink) < sum(card) - 300, f"diagram {i}: {ink} on {card} is not light-palette"
    assert not any("mermaid" in url for url in rec.requests), "production pages must not load mermaid"
    assert rec.console_errors == []
    assert rec.foreign_requests == []


@pytest.mark.browser
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_home_page_screenshots(open_page, http_root, dark):
    page, _ = open_page(f"{http_root}index.html", dark=dark)
    page.locator("figure.fg-diagram svg").first.wait_for(state="attached")
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme == ("slate" if dark else "default"), "the palette must follow the OS preference"
    path = screenshot(page, f"home-{'dark' if dark else 'light'}")
    assert path.stat().st_size > 10_000


@pytest.mark.browser
def test_404_page_has_search_and_links(open_page, http_root):
    page, rec = open_page(f"{http_root}no-such-page/")
    assert page.locator("h1#page-not-found").is_visible()
    assert page.locator("form.fg-404-search input[name=q]").is_visible()
    hrefs = page.locator("article a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(h.endswith("footguns-and-pitfalls.html") for h in hrefs)
    assert rec.foreign_requests == []


COLOR_SCHEME_METAS = """() => [...document.querySelectorAll('meta[name=color-scheme]')]
  .filter(m => m.isConnected).map(m => m.content)"""
# Counts every write to an attached color-scheme meta: each one restyles the whole page in Chromium.
COUNT_META_WRITES = """window.__fgMetaWrites = 0;
new MutationObserver(records => { for (const r of records)
  if (r.target.nodeName === 'META' && r.target.name === 'color-scheme') window.__fgMetaWrites++; })
  .observe(document, {subtree: true, attributes: true, attributeFilter: ['content']});"""


def _expect_meta(page, value: str) -> None:
    page.wait_for_function(f"({COLOR_SCHEME_METAS})().join() === {value!r}", timeout=2000)


@pytest.mark.browser
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_page_color_scheme_follows_the_palette_without_extra_restyles(open_page, http_root, dark):
    """One attached <meta name=color-scheme> (palette-early.js; the bundle's own is detached at build)
    that says what the theme declares for the palette shown: at load, never rewritten while nobody
    switches, after OS and reader switches, and after a reload with a stored palette."""
    page, rec = open_page("about:blank", dark=dark)
    page.add_init_script(COUNT_META_WRITES)
    page.goto(f"{http_root}mental-model.html", wait_until="networkidle")
    assert page.evaluate(COLOR_SCHEME_METAS) == ["dark" if dark else "light"]
    assert page.evaluate("window.__fgMetaWrites") == 0, "the meta was rewritten during start-up"
    page.emulate_media(color_scheme="light" if dark else "dark")   # automatic palette follows the OS
    _expect_meta(page, "light" if dark else "dark")
    for _ in range(3):   # automatic -> light -> dark -> automatic: every palette the toggle offers
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        _expect_meta(page, "dark" if scheme == "slate" else "light")
    page.locator("form[data-md-component=palette] label:not([hidden])").click()   # a fixed palette, stored
    stored = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.reload(wait_until="networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == stored
    assert page.evaluate(COLOR_SCHEME_METAS) == ["dark" if stored == "slate" else "light"]
    assert page.evaluate("window.__fgMetaWrites") == 0
    assert rec.console_errors == []
