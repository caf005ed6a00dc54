"""The pure link scanner: every link form with its line and column; code is ignored."""

from fieldguide import links


def found(md: str):
    return [(lk.line, lk.col, lk.target, lk.kind) for lk in links.scan(md, "docs/p.md")]


def test_inline_image_reference_autolink_and_html():
    md = ('[a](one.md) ![img](pic.png "t")\n'
          '[r]: two.md#x\n'
          '<https://example.com/> <a href="three.html">t</a> <img src=\'four.svg\'>\n')
    assert found(md) == [
        (1, 5, "one.md", "inline"), (1, 20, "pic.png", "image"),
        (2, 6, "two.md#x", "reference"),
        (3, 2, "https://example.com/", "autolink"), (3, 33, "three.html", "html"), (3, 61, "four.svg", "html"),
    ]


def test_links_inside_admonitions_tabs_and_tables_are_found():
    md = ('!!! note\n    See [x](a.md).\n\n=== "Tab"\n\n    [y](b.md#s)\n\n| c | d |\n|---|---|\n| [z](c.md) | 1 |\n')
    assert [(line, t) for line, _, t, _ in found(md)] == [(2, "a.md"), (6, "b.md#s"), (10, "c.md")]


def test_code_spans_and_fences_are_ignored():
    md = "`[a](x.md)` and ``[b](y.md)``\n\n```text\n[c](z.md)\n```\n\n    ```rust\n    // [d](w.md)\n    ```\n"
    assert found(md) == []


def test_line_offset_for_front_matter():
    assert links.scan("[a](b.md)", "docs/p.md", line_offset=3)[0].line == 4


def test_resolution_of_directory_query_and_fragment_links():
    site = links.SiteIndex(
        files={"index.html": {"top"}, "r/lock-across-await/index.html": set(), "guide.html": {"part"}},
        src_to_dest={"index.md": "index.html", "guide.md": "guide.html"},
    )

    def check(target):
        return links.resolve_source_link(links.Link("docs/index.md", 1, 1, target, "inline"), "index.md", site)

    assert check("r/lock-across-await/") is None
    assert check("guide.md?x=1#part") is None
    assert check("#top") is None
    assert str(check("guide.md#Part")).startswith(
        "docs/index.md:1:1: [broken-anchor] guide.md#Part (did you mean '#part'?); the target page has no element")
    assert check("r/no-such-id/").code == "broken-link"
