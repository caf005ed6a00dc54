"""The print view (fieldguide.print_view): pages become chapters in order, ids that repeat across pages
get their page as a prefix, and links between pages become links inside the one page."""

from __future__ import annotations

import re

from fieldguide import print_view


def page(title: str, body: str, head: str = "") -> str:
    return (f'<html><head><title>{title}</title><link rel="canonical" href="https://x/{title}.html">{head}</head><body>'
            '<div class="md-sidebar md-sidebar--secondary"><div><nav>toc</nav></div></div>'
            '<div data-md-component="header-topic">\n<span class="md-ellipsis">\n Old \n</span></div>'
            f'{print_view.ARTICLE_OPEN}<a href="https://github.com/e" title="Edit" class="md-content__button md-icon">'
            f'<svg></svg></a><h1 id="{title.lower()}">{title}</h1>{body}'
            '<script type="application/json" id="fg-review-links">{"a": "b"}</script></article></body></html>')


CHAPTERS = [
    print_view.Chapter("a.md", "a.html", "A", page("A", '<h2 id="part">Part</h2><p id="fn:x">note</p>'
                                                    '<a href="b.html#only-b">b</a> <a href="#fn:x">fn</a>'
                                                    ' <a href="r/rule/">rule</a> <a href="assets/i.svg">img</a>'
                                                    ' <a href="https://docs.rs/x">ext</a>')),
    print_view.Chapter("b.md", "b.html", "B", page("B", '<h2 id="only-b">Only</h2><p id="fn:x">note</p>'
                                                    '<label for="fn:x">l</label><a href="a.html">A</a>'
                                                    '<svg><style>#fn\\:x{}</style></svg>')),
]


def test_chapters_in_order_with_unique_ids_and_in_page_links():
    out = print_view.build(CHAPTERS, "Guide", {"rule": "b#only-b"})
    assert out.index('id="print-a"') < out.index('id="print-b"')
    ids = re.findall(r' id="([^"]*)"', out)
    assert len(ids) == len(set(ids)), ids
    assert 'id="a--fn:x"' in out and 'id="b--fn:x"' in out and 'id="part"' in out
    assert 'href="#only-b"' in out                 # b.html#only-b: the id is unique, so it stays
    assert 'href="#a--fn:x"' in out                # a footnote that repeats across pages: page prefix
    assert 'for="b--fn:x"' in out
    assert out.count('href="#only-b"') == 2         # r/rule/ resolves through the registry to b#only-b
    assert 'href="#print-a"' in out                # a page without a fragment: its chapter
    assert 'href="assets/i.svg"' in out and 'href="https://docs.rs/x"' in out


def test_page_chrome_that_does_not_belong_in_the_print_view_is_gone():
    out = print_view.build(CHAPTERS, "Guide", {})
    assert "md-content__button" not in out and "fg-review-links" not in out
    assert "md-sidebar--secondary" not in out and 'rel="canonical"' not in out
    assert '<meta name="robots" content="noindex">' in out
    assert "<title>Guide: the whole guide</title>" in out and "The whole guide</span>" in out
    assert "break-before: page" in out


def test_nothing_to_print_is_none():
    assert print_view.build([print_view.Chapter("a.md", "a.html", "A", "<html></html>")], "Guide") is None
