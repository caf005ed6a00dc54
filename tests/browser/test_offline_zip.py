"""`make offline-zip`'s archive works when unzipped and opened from disk: pages, search, diagrams,
and no request anywhere but file://."""

from __future__ import annotations

import zipfile

import pytest

from browser.test_search import search
from scripts.offline_zip import make_zip


@pytest.fixture(scope="module")
def unzipped(built_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("zip")
    archive = make_zip(built_site, out / "guide.zip")
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert "async-rust-field-guide/index.html" in names
        assert "async-rust-field-guide/search/search_index.js" in names
        zf.extractall(out / "unzipped")
    return out / "unzipped" / "async-rust-field-guide"


@pytest.mark.browser
def test_unzipped_site_searches_and_draws_diagrams_offline(open_page, unzipped):
    page, rec = open_page((unzipped / "index.html").as_uri())
    assert page.locator("figure.fg-diagram svg").count() >= 1  # drawings are part of the page
    links = search(page, "broadcast")
    # The decision tree's answer for broadcast (or the tree itself, whose description names every answer).
    assert any("index.html" in href and ("#channel-broadcast" in href or "#which-channel" in href)
               for href in links), links
    # Follow a result and a navigation link: relative .html links must work from disk.
    page.goto((unzipped / "footguns-and-pitfalls.html").as_uri())
    assert page.locator("h1").first.is_visible()
    assert rec.foreign_requests == []
    assert rec.console_errors == []
