"""Review links: /r/<id>/ lands on its heading (http and file://), an old alias fragment lands on the
renamed heading, the copy button puts the review comment on the clipboard, and the rules catalogue
filter is kept in the URL."""

from __future__ import annotations

import pytest
from fieldguide import review_ids

REGISTRY = review_ids.load()
# A sample of ids across pages and kinds keeps the run short; the build already proves every id has
# its heading and its redirect page exists (the link hook checks r/<id>/ targets).
SAMPLE = sorted({e.page: e.id for e in REGISTRY.ids.values()}.values())


@pytest.mark.browser
@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize("ident", SAMPLE)
def test_short_link_lands_on_heading(open_page, http_root, file_root, where, ident):
    root = http_root if where == "http" else file_root
    page, rec = open_page(f"{root}r/{ident}/index.html" if where == "file" else f"{root}r/{ident}/")
    page.wait_for_url(f"**/{REGISTRY.ids[ident].page}.html#{ident}", timeout=10000)
    heading = page.locator(f"[id='{ident}']")
    assert heading.count() == 1
    page.wait_for_timeout(300)
    assert heading.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= -5 && r.top < innerHeight; }")
    assert rec.foreign_requests == []


@pytest.mark.browser
def test_alias_fragment_lands_on_new_heading(open_page, http_root):
    aliased = [(a, e) for e in REGISTRY.ids.values() for a in e.aliases]
    assert aliased, "the registry should exercise aliases (see data/review-ids.yml)"
    alias, entry = aliased[0]
    page, _ = open_page(f"{http_root}{entry.page}.html#{alias}")
    page.wait_for_function(f"location.hash === '#{entry.id}'", timeout=5000)
    assert page.locator(f"[id='{entry.id}']").evaluate("e => e.getBoundingClientRect().top < innerHeight")


@pytest.mark.browser
def test_copy_button_puts_review_comment_on_clipboard(chromium, http_root):
    entry = next(e for e in REGISTRY.ids.values() if e.kind == "footgun") if any(
        e.kind == "footgun" for e in REGISTRY.ids.values()) else next(iter(REGISTRY.ids.values()))
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{http_root}{entry.page}.html")
    button = page.locator(f"[id='{entry.id}'] button.fg-copy-review")
    assert button.get_attribute("aria-label").startswith("Copy review link: ")
    button.focus()
    page.keyboard.press("Enter")   # keyboard accessible
    page.wait_for_function("document.querySelector('button[data-state=copied]') !== null", timeout=3000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"[{entry.title}](https://async-rust-field-guide.github.io/field-guide/r/{entry.id}/)")
    assert len(copied) > len(entry.title) + 60, "the comment must carry the one-line why"
    context.close()


@pytest.mark.browser
def test_rules_catalogue_filters_by_kind_and_text_and_keeps_it_in_the_url(open_page, http_root):
    page, _ = open_page(f"{http_root}rules.html")
    rows = page.locator("table.fg-rules tbody tr")
    total = rows.count()
    assert total == len(REGISTRY.ids)
    page.select_option("#fg-rules-kind", "footgun")
    page.fill("#fg-rules-q", "lock")
    page.locator("#fg-rules-q").dispatch_event("input")
    visible = page.locator("table.fg-rules tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert all(r == "footgun" for r in visible.evaluate_all("els => els.map(e => e.dataset.kind)"))
    assert "kind=footgun" in page.url and "q=lock" in page.url
    # The filtered view is itself linkable.
    page.goto(page.url)
    assert page.locator("table.fg-rules tbody tr:not([hidden])").count() == visible.count()
