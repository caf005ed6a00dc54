"""The palette stylesheet patch: exact, loud when the theme changes, applied to the built file."""

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


def material_palette_css() -> str:
    return material_asset("stylesheets", "palette.*.min.css")


def test_installed_theme_has_the_rule_once_and_the_patch_removes_only_it():
    css = material_palette_css()
    out = theme_patches.drop_switching_rule(css)
    assert "data-md-color-switching" not in out
    assert len(css) - len(out) == len(theme_patches.SWITCHING_RULE)
    assert "--md-code-hl-keyword-color" in out   # the palettes themselves are untouched


@pytest.mark.parametrize("css", ["", theme_patches.SWITCHING_RULE * 2,
                                 "[data-md-color-switching] *{transition:none}"])
def test_a_changed_theme_is_an_error_that_says_what_to_do(css):
    with pytest.raises(theme_patches.ThemePatchError, match="hooks/fieldguide/theme_patches.py"):
        theme_patches.drop_switching_rule(css, "site/assets/stylesheets/palette.x.min.css")


def test_installed_bundle_gets_a_color_scheme_meta_that_is_never_attached():
    js = material_asset("javascripts", "bundle.*.min.js")
    out = theme_patches.detach_color_scheme_meta(js)
    assert 'name:"color-scheme"});document.head.appendChild' not in out
    assert 'name:"theme-color"});document.head.appendChild(r)' in out   # the theme-color meta stays
    assert "o.content=a.colorScheme" in out   # still assigned, now to a detached element


def test_palette_early_script_maps_schemes_as_the_theme_does():
    """overrides/partials/palette-early.js replaces the bundle's color-scheme meta and hard-codes what
    the theme declares: `slate` is dark, everything else light. A Material upgrade that changes that
    must change the script too."""
    css = material_asset("stylesheets", "main.*.min.css") + material_palette_css()
    declared = dict(re.findall(r"\[data-md-color-scheme=(\w+)\]\{color-scheme:(\w+)", css))
    assert declared == {"default": "light", "slate": "dark"}
    script = (REPO / "overrides" / "partials" / "palette-early.js").read_text()
    assert '=== "slate" ? "dark" : "light"' in script


def test_a_changed_bundle_is_an_error_that_says_what_to_do():
    with pytest.raises(theme_patches.ThemePatchError, match="COLOR_SCHEME_META"):
        theme_patches.detach_color_scheme_meta("let o=document.createElement('meta')", "bundle.x.min.js")


def test_patch_site_rewrites_the_built_files(tmp_path):
    sheets, scripts = tmp_path / "assets" / "stylesheets", tmp_path / "assets" / "javascripts"
    sheets.mkdir(parents=True)
    scripts.mkdir(parents=True)
    (sheets / "palette.abc.min.css").write_text("a{b:c}" + theme_patches.SWITCHING_RULE + "d{e:f}")
    (scripts / "bundle.abc.min.js").write_text("f();let " + theme_patches.COLOR_SCHEME_META + "g()")
    assert theme_patches.patch_site(tmp_path) == [sheets / "palette.abc.min.css", scripts / "bundle.abc.min.js"]
    assert (sheets / "palette.abc.min.css").read_text() == "a{b:c}d{e:f}"
    assert (scripts / "bundle.abc.min.js").read_text() == 'f();let o=x("meta",{name:"color-scheme"});g()'


def test_a_site_without_the_theme_files_is_an_error(tmp_path):
    with pytest.raises(theme_patches.ThemePatchError, match="expected one palette"):
        theme_patches.patch_site(tmp_path)
