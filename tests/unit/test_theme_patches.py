"""The theme patches: exact, loud when the theme changes, source maps still aligned."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO
from fieldguide import theme_patches


def material_asset(folder: str, pattern: str) -> str:
    import material
    found = list((Path(material.__file__).parent / "templates" / "assets" / folder).glob(pattern))
    assert len(found) == 1, found
    return found[0].read_text()


def test_installed_palette_sheet_loses_only_the_switching_rule_and_keeps_its_length():
    css = material_asset("stylesheets", "palette.*.min.css")
    out = theme_patches.drop_switching_rule(css)
    assert "data-md-color-switching" not in out
    assert len(out) == len(css), "blanked, not cut: the source map must still line up"
    assert out.replace(" ", "") == theme_patches.SWITCHING_RULE.sub("", css).replace(" ", "")


def test_installed_bundle_gets_a_color_scheme_meta_that_is_never_attached():
    js = material_asset("javascripts", "bundle.*.min.js")
    out = theme_patches.detach_color_scheme_meta(js)
    assert len(out) == len(js)
    assert not re.search(r'name:"color-scheme"\}\);document\.head\.appendChild', out)
    assert re.search(r'name:"theme-color"\}\);document\.head\.appendChild', out), "theme-color meta stays"
    assert "content=a.colorScheme" in out   # still assigned, now to a detached element


def test_minified_names_may_change_but_the_structure_must_match_once():
    js = 'let q=y("meta",{name:"color-scheme"});document.head.appendChild(q);go()'
    assert theme_patches.detach_color_scheme_meta(js) == (
        'let q=y("meta",{name:"color-scheme"});' + " " * len("document.head.appendChild(q);") + "go()")
    with pytest.raises(theme_patches.ThemePatchError):   # appends a different element: not ours to drop
        theme_patches.detach_color_scheme_meta('q=y("meta",{name:"color-scheme"});document.head.appendChild(z);')


def test_palette_early_script_maps_schemes_as_the_theme_does():
    """overrides/partials/palette-early.js replaces the bundle's color-scheme meta and hard-codes what
    the theme declares: `slate` is dark, everything else light. A Material upgrade that changes that
    must change the script too."""
    css = material_asset("stylesheets", "main.*.min.css") + material_asset("stylesheets", "palette.*.min.css")
    declared = dict(re.findall(r"\[data-md-color-scheme=(\w+)\]\{color-scheme:(\w+)", css))
    assert declared == {"default": "light", "slate": "dark"}
    script = (REPO / "overrides" / "partials" / "palette-early.js").read_text()
    assert '=== "slate" ? "dark" : "light"' in script


@pytest.mark.parametrize("css", ["", "[data-md-color-switching] *{transition:none}",
                                 "[data-md-color-switching] *,[data-md-color-switching] :after,"
                                 "[data-md-color-switching] :before{transition-duration:0s!important}" * 2])
def test_a_changed_stylesheet_is_an_error_that_says_what_to_do(css):
    with pytest.raises(theme_patches.ThemePatchError, match="SWITCHING_RULE in hooks/fieldguide/theme_patches.py"):
        theme_patches.drop_switching_rule(css, "assets/stylesheets/palette.x.min.css")


def test_a_changed_bundle_is_an_error_that_says_what_to_do():
    with pytest.raises(theme_patches.ThemePatchError, match="COLOR_SCHEME_META"):
        theme_patches.detach_color_scheme_meta("let o=document.createElement('meta')", "bundle.x.min.js")


def test_only_the_two_theme_files_are_patched_and_both_must_be_seen():
    assert theme_patches.wants("assets/stylesheets/palette.fb2fffe2.min.css")
    assert theme_patches.wants("assets/javascripts/bundle.a5f9d56c.min.js")
    assert not theme_patches.wants("assets/javascripts/workers/search.a7633da7.min.js")
    assert not theme_patches.wants("assets/stylesheets/palette.fb2fffe2.min.css.map")
    theme_patches.check_all_patched(["assets/stylesheets/palette.a.min.css", "assets/javascripts/bundle.b.min.js"])
    with pytest.raises(theme_patches.ThemePatchError, match="rename"):
        theme_patches.check_all_patched(["assets/javascripts/bundle.b.min.js"])


def test_installed_bundle_fetches_a_sitemap_only_for_language_links():
    """Pages link their Markdown copy with <link rel="alternate" type="text/markdown">; Material must not
    take it for a language version (which fetches sitemap.xml on every page load)."""
    js = material_asset("javascripts", "bundle.*.min.js")
    out = theme_patches.only_language_alternates(js)
    assert len(out) == len(js)
    assert '"link[rel=alternate]"' not in out and out.count('"link[hreflang][rel]"') == 1
    with pytest.raises(theme_patches.ThemePatchError, match="LANGUAGE_ALTERNATES"):
        theme_patches.only_language_alternates(out, "bundle.x.min.js")
