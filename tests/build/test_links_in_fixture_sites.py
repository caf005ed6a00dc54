"""Every kind of broken internal link fails the build with its file, line and column."""

from __future__ import annotations

from sitefactory import build_fixture_site, warnings

GOOD_TARGET = """\
# Target

## Real section { #real-section }

<div id="raw-html-id"></div>
"""


def build(tmp_path, index: str, **kw):
    return build_fixture_site(tmp_path, {"index.md": index, "target.md": GOOD_TARGET}, **kw)


def ours(proc) -> list[str]:
    return [w for w in warnings(proc) if "[broken-" in w]


def test_valid_links_of_every_kind_pass(tmp_path):
    proc = build(tmp_path, """\
        # Home

        [page](target.md) [anchor](target.md#real-section) [raw id](target.md#raw-html-id)
        [self](#home) [ref][r] <a href="target.html#real-section">html</a> <https://example.com/x>

        [r]: target.md#real-section
        """)
    assert proc.returncode == 0, proc.stderr
    assert ours(proc) == []


def test_missing_page(tmp_path):
    proc = build(tmp_path, "# Home\n\nSee [the target](targt.md) now.\n")
    assert proc.returncode != 0
    assert any(w.startswith("docs/index.md:3:18: [broken-link] targt.md (did you mean 'target.md'?)")
               and "; " in w for w in ours(proc)), ours(proc)


def test_missing_anchor(tmp_path):
    proc = build(tmp_path, "# Home\n\n[x](target.md#real-sectoin)\n")
    assert proc.returncode != 0
    assert any(w.startswith("docs/index.md:3:5: [broken-anchor] target.md#real-sectoin (did you mean '#real-section'?)")
               and "; " in w for w in ours(proc)), ours(proc)


def test_wrong_case_anchor_is_broken_as_in_a_browser(tmp_path):
    proc = build(tmp_path, "# Home\n\n[x](target.md#Real-Section)\n")
    assert any(w.startswith("docs/index.md:3:5: [broken-anchor] target.md#Real-Section (did you mean '#real-section'?)")
               and "; " in w for w in ours(proc)), ours(proc)


def test_raw_html_href(tmp_path):
    proc = build(tmp_path, '# Home\n\n<p><a href="nowhere.html">x</a></p>\n')
    assert proc.returncode != 0
    assert any(w.startswith("docs/index.md:3:13: [broken-link] nowhere.html") for w in ours(proc))


def test_reference_style_definition(tmp_path):
    proc = build(tmp_path, "# Home\n\n[x][gone]\n\n[gone]: missing.md\n")
    assert proc.returncode != 0
    assert any(w.startswith("docs/index.md:5:9: [broken-link] missing.md") for w in ours(proc))


def test_same_page_fragment(tmp_path):
    proc = build(tmp_path, "# Home\n\n## Part { #part }\n\n[x](#prat)\n")
    assert any(w.startswith("docs/index.md:5:5: [broken-anchor] #prat (did you mean '#part'?)")
               and "; " in w for w in ours(proc)), ours(proc)


def test_links_in_code_are_ignored(tmp_path):
    proc = build(tmp_path, "# Home\n\n`[x](missing.md)`\n\n```text\n[y](missing.md)\n```\n")
    assert ours(proc) == [], proc.stderr


def test_template_link(tmp_path):
    proc = build(tmp_path, "# Home\n", templates={"main.html": """\
        {% extends "base.html" %}
        {% block content %}{{ super() }}<a href="{{ base_url }}/no-such-page.html">x</a>{% endblock %}
        """})
    assert proc.returncode != 0
    assert any(w.startswith("site/index.html:") and "[broken-link] ./no-such-page.html" in w for w in ours(proc))


def test_generated_link(tmp_path):
    proc = build(tmp_path, "# Home\n", extra_hooks={"gen_hook.py": """\
        def on_page_content(html, page, config, files):
            return html + '<a href="target.html#generated-missing">gen</a>'
        """})
    assert proc.returncode != 0
    assert any("[broken-anchor] target.html#generated-missing" in w and w.startswith("site/index.html:")
               for w in ours(proc))


def test_absolute_site_link_resolves_against_site_url(tmp_path):
    proc = build(tmp_path, "# Home\n", extra_hooks={"gen_hook.py": """\
        def on_page_content(html, page, config, files):
            return html + '<a href="/guide/target.html#real-section">ok</a><a href="/guide/gone.html">bad</a>'
        """})
    found = ours(proc)
    assert any("[broken-link] /guide/gone.html" in w for w in found)
    assert not any("/guide/target.html" in w for w in found)
