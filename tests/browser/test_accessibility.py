"""axe-core finds no violations on any page, in either palette (DESIGN.md section 9)."""

from __future__ import annotations

import pytest

from browser.test_pages import PAGES
from scripts.browser_settle import settle

EXTRA_PAGES = ["rules"]


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
