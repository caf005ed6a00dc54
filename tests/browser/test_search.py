"""Site search finds Rust paths, macros and identifiers, over http and from file://.

The query set lives in tests/search_queries.yml (visible, reviewable): each query must return its
expected page (and section, when given) among the first three results.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from browser.conftest import screenshot

QUERIES = yaml.safe_load((Path(__file__).parent.parent / "search_queries.yml").read_text())["queries"]


def search(page, query: str) -> list[list[str]]:
    """Type `query` into the search box; return the links of each of the first three result items."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    page.wait_for_timeout(150)  # let the result list settle after the last keystroke
    items = page.locator("li.md-search-result__item")
    out = []
    for i in range(min(3, items.count())):
        out.append(items.nth(i).locator("a.md-search-result__link").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"))
    return out


def matches(href: str, expected: str) -> bool:
    page_part, _, anchor = expected.partition("#")
    path, _, frag = href.split("?")[0].partition("#")
    return path.endswith(page_part) and (not anchor or frag == anchor)


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
        if not any(matches(href, q["expect"]) for item in top for href in item):
            failures.append(f"{q['query']!r}: expected {q['expect']}, got {top}")
    assert not failures, "\n".join(failures)
    assert rec.foreign_requests == []
    assert rec.console_errors == []


@pytest.mark.browser
def test_search_result_screenshot(open_page, http_root):
    page, _ = open_page(f"{http_root}index.html")
    top = search(page, "tokio::sync::mpsc")
    assert top, "no results for tokio::sync::mpsc"
    screenshot(page, "search-tokio-sync-mpsc")
