"""Section bodies become content-visibility boxes; headings and nested markup are never split."""

from __future__ import annotations

import re

from fieldguide import lazy_sections

PROSE = "<p>" + "word " * 400 + "</p>\n"


def test_bodies_between_top_level_headings_are_wrapped_and_headings_stay_outside():
    html = f'<h1 id="t">T</h1>\n{PROSE}<h2 id="a">A</h2>\n{PROSE}<h2 id="b">B</h2>\n{PROSE}'
    out = lazy_sections.wrap_section_bodies(html)
    assert out.count('<div class="fg-lazy"') == 3
    assert re.sub(r'<div class="fg-lazy"[^>]*>|</div>', "", out) == html, "content must be unchanged"
    for ident in "tab":
        assert re.search(rf'<h\d id="{ident}">\w</h\d>\n?<div class="fg-lazy"', out), "heading outside its box"


def test_headings_nested_in_other_elements_do_not_split_them():
    html = f'<h2 id="a">A</h2>\n<details><summary>s</summary><h3 id="in">In</h3>{PROSE}</details>\n{PROSE}'
    out = lazy_sections.wrap_section_bodies(html)
    assert out.count('<div class="fg-lazy"') == 1
    assert out.index('<div class="fg-lazy"') < out.index("<details>") < out.index("</details>") < out.rindex("</div>")


def test_short_bodies_are_left_alone():
    html = '<h2 id="a">A</h2>\n<p>short</p>\n<h2 id="b">B</h2>\n<p>also short</p>\n'
    assert lazy_sections.wrap_section_bodies(html) == html


def test_estimate_counts_code_lines_and_ignores_script_data():
    code = ('<div class="language-rust highlight"><pre><span></span><code>'
            + "x\n" * 33 + "</code></pre></div>")  # 33 lines: about 40em of code
    data = '<script type="application/json" id="fg-review-links">' + '"x" ' * 5000 + "</script>"
    code_em, text_em = lazy_sections.estimate_em(code + data)
    assert code_em >= 40 * lazy_sections.CODE_FONT_SCALE
    assert text_em < 5, "JSON for scripts is not drawn and must not count as prose"
