"""Every entry of the built search index (site/search/search_index.json) reads as a heading: its title
is no longer than the heading it points at, holds no markup but <code> and no raw Markdown, and is not
a section's body; the rules catalogue and the API index's list stay out of the index.

Why: a heading with an unclosed `<` once swallowed whole sections into search titles, and the rules
catalogue's table once matched almost every query with an empty title and run-together text
(hooks/fieldguide/search_index.py explains what the build leaves out and why)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from fieldguide import search_index


class _Headings(HTMLParser):
    """id -> text of every h1-h6 on a page, without the permalink's pilcrow."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self._current: str | None = None
        self._skip = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and "id" in attrs:
            self._current, self._text = attrs["id"], []
        elif self._current and tag == "a" and "headerlink" in (attrs.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag):
        if self._current and tag == "a" and self._skip:
            self._skip -= 1
        elif self._current and tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.found[self._current] = "".join(self._text).strip()
            self._current = None

    def handle_data(self, data):
        if self._current and not self._skip:
            self._text.append(data)


def _headings(site, page: str) -> dict[str, str]:
    parser = _Headings()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser.found


def test_every_search_title_is_a_clean_heading(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages: dict[str, dict[str, str]] = {}
    problems = []
    for entry in index["docs"]:
        page, _, anchor = entry["location"].partition("#")
        if page not in pages:
            pages[page] = _headings(built_site, page)
        heading = pages[page].get(anchor) if anchor else None
        if anchor and heading is None:
            problems.append(f"{entry['location']}: no heading with this id on the page")
            continue
        problems += [f"{entry['location']}: {p}" for p in search_index.title_problems(entry, heading)]
    assert not problems, "\n".join(problems)


def test_catalogues_stay_out_of_the_index(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    by_location = {entry["location"]: entry for entry in index["docs"]}
    rules = by_location["rules.html"]
    assert len(rules["text"]) < 1500, "the rules catalogue's tables are indexed again"
    assert [loc for loc in by_location if loc.startswith("api-index.html#")] == []
    assert "api-index.html" in by_location, "the API index page itself stays findable"
    assert sum("keys" in entry for entry in index["docs"]) > 50, "sections lost their API keys"
