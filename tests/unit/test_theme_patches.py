"""The palette stylesheet patch: exact, loud when the theme changes, applied to the built file."""

from __future__ import annotations

from pathlib import Path

import pytest
from fieldguide import theme_patches


def material_palette_css() -> str:
    import material
    sheets = list((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("palette.*.min.css"))
    assert len(sheets) == 1, sheets
    return sheets[0].read_text()


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


def test_patch_site_rewrites_the_built_palette_sheet(tmp_path):
    sheets = tmp_path / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    (sheets / "palette.abc.min.css").write_text("a{b:c}" + theme_patches.SWITCHING_RULE + "d{e:f}")
    assert theme_patches.patch_site(tmp_path) == [sheets / "palette.abc.min.css"]
    assert (sheets / "palette.abc.min.css").read_text() == "a{b:c}d{e:f}"


def test_a_site_without_the_palette_sheet_is_an_error(tmp_path):
    with pytest.raises(theme_patches.ThemePatchError, match="no palette"):
        theme_patches.patch_site(tmp_path)
