"""Site search finds Rust paths, macros and identifiers, over http and from file://.

The query set lives in tests/search_queries.yml (visible, reviewable): each query must return its
expected page (and section, when given) among the first three results.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from browser.conftest import screenshot

QUERIES = yaml.safe_load((Path(__file__).parent.parent / "search_queries.yml").read_text())["queries"]


def search(page, query: str) -> list[str]:
    """Type `query` as a reader would; return result links in display order (page links, then each
    page's section links, document by document)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.type(query, delay=20)   # Material searches on key events; fill() would not trigger it
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    page.wait_for_timeout(200)  # let the result list settle after the last keystroke
    return page.locator("li.md-search-result__item a.md-search-result__link").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")


def in_top_three(links: list[str], expected: str) -> bool:
    """A page expectation must be one of the first three documents; a section expectation one of the
    first three section links."""
    page_part, _, anchor = expected.partition("#")
    parsed = [urlsplit(h) for h in links]
    if anchor:
        sections = [p for p in parsed if p.fragment][:3]
        return any(p.path.endswith(page_part) and p.fragment == anchor for p in sections)
    pages = []
    for p in parsed:
        if p.path not in pages:
            pages.append(p.path)
    return any(path.endswith(page_part) for path in pages[:3])


def test_query_set_is_large_enough_and_well_formed():
    assert len(QUERIES) >= 25
    for q in QUERIES:
        assert set(q) == {"query", "expect"} and q["expect"].split("#")[0].endswith(".html"), q


@pytest.mark.browser
@pytest.mark.parametrize("where", ["http", "file"])
def test_query_set_returns_expected_sections_in_top_three(open_page, http_root, file_root, where):
    root = http_root if where == "http" else file_root
    page, rec = open_page(f"{root}index.html")
    failures = []
    for q in QUERIES:
        page.goto(f"{root}index.html")
        top = search(page, q["query"])
        if not in_top_three(top, q["expect"]):
            failures.append(f"{q['query']!r}: expected {q['expect']}, got {top[:6]}")
    assert not failures, "\n".join(failures)
    assert rec.foreign_requests == []
    assert rec.console_errors == []


@pytest.mark.browser
def test_search_result_screenshot(open_page, http_root):
    page, _ = open_page(f"{http_root}index.html")
    top = search(page, "tokio::sync::mpsc")
    assert top, "no results for tokio::sync::mpsc"
    screenshot(page, "search-tokio-sync-mpsc")


def _index_requests(rec) -> list[str]:
    return [u for u in rec.requests if urlsplit(u).path.endswith("search/search_index.json")]


@pytest.mark.browser
@pytest.mark.parametrize("intent", ["click", "shortcut", "tap"])
def test_search_index_loads_only_when_the_reader_wants_to_search(chromium, http_root, intent):
    """A reader who never searches does not download or parse the index (overrides/partials/
    search-on-demand.js); one who does gets it on first touch of search, and a query typed before it
    arrives is answered once it has. The index response is held back to make that order certain."""
    touch = intent == "tap"
    context = chromium.new_context(viewport={"width": 400, "height": 800} if touch else {"width": 1280, "height": 900},
                                   has_touch=touch, is_mobile=touch)
    try:
        page = context.new_page()
        errors, held = [], []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/search/search_index.json", lambda route: held.append(route))
        page.goto(f"{http_root}rules.html", wait_until="networkidle")
        page.wait_for_timeout(1000)
        assert held == [], "the search index was requested before the reader asked for search"
        if intent == "click":
            page.locator("input.md-search__input").click()
        elif intent == "shortcut":
            page.keyboard.press("s")   # Material's shortcut focuses the search box
        else:
            page.locator("label.md-header__button[for=__search]").tap()
        page.keyboard.type("JoinSet", delay=20)
        page.wait_for_timeout(300)
        assert len(held) == 1, "turning to search must request the index, once"
        assert page.locator(".md-search-result__item").count() == 0   # still held back
        held[0].continue_()
        page.wait_for_selector(".md-search-result__item", timeout=10000)
        links = page.locator("li.md-search-result__item a.md-search-result__link").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))")
        assert any("joinset" in link.lower() for link in links), links
        assert errors == []
    finally:
        context.close()


@pytest.mark.browser
def test_shared_search_link_opens_with_results(open_page, http_root):
    """search.share links (?q=...) must not wait for a click: the index loads at once."""
    page, rec = open_page(f"{http_root}index.html?q=JoinSet")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    assert len(_index_requests(rec)) == 1
    assert rec.console_errors == []


@pytest.mark.browser
def test_page_opened_from_a_search_result_highlights_the_terms(open_page, http_root):
    """Result links carry ?h=<terms>; Material highlights them with the index's help, so the index must
    load without the reader touching search again."""
    page, rec = open_page(f"{http_root}rules.html?h=JoinSet")
    page.wait_for_selector("article mark", state="attached", timeout=10000)
    assert len(_index_requests(rec)) == 1
    assert rec.console_errors == []
