"""The exports in Chromium: "Copy page as Markdown" copies the page's Markdown copy over http and opens
it from file:// (where a page may not read another file), and the print view prints to a PDF of the
whole guide with every chapter heading in it."""

from __future__ import annotations

import html
import re

import pytest
from conftest import REPO

from browser.test_pages import PAGES

pytestmark = pytest.mark.browser


def nav_pages() -> list[str]:
    return re.findall(r"(?m)^\s+- (?:[^:\n]+: )?([\w/-]+\.md)\s*$", (REPO / "mkdocs.yml").read_text())


def h1(page_html: str) -> str:
    m = re.search(r"<h1\b[^>]*>(.*?)</h1>", page_html, re.S)
    text = re.sub(r"<a class=\"headerlink\".*?</a>|<[^>]+>", "", m.group(1), flags=re.S)
    return " ".join(html.unescape(text).split())


@pytest.mark.parametrize("slug", PAGES[:2])
def test_copy_page_as_markdown_copies_the_copy(open_page, http_root, built_site, slug):
    page, recorder = open_page(http_root + f"{slug}.html")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    button = page.locator("button.fg-copy-markdown")
    button.click()
    page.wait_for_function("b => b.getAttribute('data-fg-state')", arg=button.element_handle(), timeout=10000)
    assert button.get_attribute("data-fg-state") == "copied"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == (built_site / f"{slug}.md").read_text(encoding="utf-8")
    assert not recorder.foreign_requests and not recorder.console_errors, recorder.console_errors
    # The <link rel="alternate" type="text/markdown"> is not taken for a language version (whose sitemap
    # Material would fetch on every page load; see fieldguide/theme_patches.py).
    assert not [u for u in recorder.requests if u.endswith("sitemap.xml")]


def test_copy_page_as_markdown_from_file_opens_the_copy(open_page, file_root, built_site):
    page, recorder = open_page(file_root + "mental-model.html")
    with page.context.expect_page() as opened:
        page.locator("button.fg-copy-markdown").click()
    copy = opened.value
    copy.wait_for_load_state()
    assert copy.url == file_root + "mental-model.md"
    assert copy.evaluate("document.body.innerText").startswith("# Mental model")
    assert page.locator("button.fg-copy-markdown").get_attribute("data-fg-state") == "opened"
    assert not recorder.foreign_requests


def test_the_print_view_prints_the_whole_guide_to_pdf(open_page, http_root, built_site, tmp_path):
    from pypdf import PdfReader

    page, recorder = open_page(http_root + "print.html")
    headings = [h1((built_site / page_name.replace(".md", ".html")).read_text(encoding="utf-8")) for page_name in nav_pages()]
    diagrams = page.locator("figure.fg-diagram, div.mermaid").count()
    assert diagrams > 0, "the print view shows the diagrams"
    pdf = tmp_path / "guide.pdf"
    # outline + tagged: Chromium writes the headings as PDF bookmarks, which say on which page each
    # chapter starts; reading the text of those pages is far quicker than the text of every page.
    pdf.write_bytes(page.pdf(format="A4", print_background=True, outline=True, tagged=True))
    reader = PdfReader(pdf)
    pages = len(reader.pages)
    print(f"\nprint view: {pages} PDF pages, {diagrams} diagrams, {pdf.stat().st_size // 1024} KB")
    assert pages > 50
    chapters = {" ".join(item.title.split()): reader.get_destination_page_number(item)
                for item in reader.outline if not isinstance(item, list)}
    missing = []
    for heading in headings:
        if heading not in chapters:
            missing.append(f"{heading!r} (no bookmark)")
            continue
        text = " ".join((reader.pages[chapters[heading]].extract_text() or "").split())
        if heading not in text:
            missing.append(f"{heading!r} (not in the text of page {chapters[heading] + 1})")
    assert not missing, f"chapter headings missing from the PDF: {missing}; bookmarks: {sorted(chapters)}"
    starts = [chapters[h] for h in headings]
    assert starts == sorted(starts), "chapters are printed in nav order"
    assert not recorder.foreign_requests and not recorder.console_errors, recorder.console_errors
