"""Small, checked edits to files the theme copies into the built site.

Why the first exists: when the palette initialises on every page load, and on every palette switch,
Material's bundle sets `data-md-color-switching` on <body> and removes it a tick later. Its
palette stylesheet matches that attribute with `[data-md-color-switching] *` (to turn transitions
off while colours change), so each set and each removal makes the browser restyle every element
on the page: two full style recalculations on the main thread before the reader can scroll.
On the pattern catalogue at mobile CPU speed that was about 15 % of the blocking time. Without
the rule, the attribute matches nothing and costs nothing; the only visible difference is that
colours fade for Material's usual 0.25 s instead of jumping when the reader switches palette.

A second patch, to the bundle: at start-up the palette component appends a
`<meta name="color-scheme">` to <head> and then fills in the header's computed `color-scheme`
("light", or "dark" for slate). Chromium answers each change to that meta by restyling the whole
document ("PlatformColorChange"): two more full style recalculations once the page is parsed, the
larger about 260 ms at mobile CPU speed on the pattern catalogue. The patch keeps creating the
element but never attaches it (the bundle's later `content` assignment lands on a detached node);
overrides/partials/palette-early.js adds the same meta while only the header exists, when the
restyle costs nothing, and keeps it in step with palette switches.

Both edits are exact: if a Material upgrade changes the code they match, the build fails with what
to do, instead of silently shipping an unpatched (or wrongly patched) file.
"""

from __future__ import annotations

from pathlib import Path

SWITCHING_RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
                  "[data-md-color-switching] :before{transition-duration:0s!important}")


COLOR_SCHEME_META = 'o=x("meta",{name:"color-scheme"});document.head.appendChild(o);'
COLOR_SCHEME_META_DETACHED = 'o=x("meta",{name:"color-scheme"});'


class ThemePatchError(RuntimeError):
    pass


def drop_switching_rule(css: str, where: str = "palette stylesheet") -> str:
    """`css` without the rule above; it must occur exactly once."""
    count = css.count(SWITCHING_RULE)
    if count != 1:
        raise ThemePatchError(
            f"{where}: expected Material's `[data-md-color-switching] *` rule exactly once, found {count}. "
            "The theme changed: compare it with SWITCHING_RULE in hooks/fieldguide/theme_patches.py and "
            "update or remove the patch.")
    return css.replace(SWITCHING_RULE, "")


def detach_color_scheme_meta(js: str, where: str = "bundle") -> str:
    """`js` with the palette's color-scheme meta created but never attached; must match exactly once."""
    count = js.count(COLOR_SCHEME_META)
    if count != 1:
        raise ThemePatchError(
            f"{where}: expected Material's color-scheme meta insertion exactly once, found {count}. "
            "The theme changed: compare it with COLOR_SCHEME_META in hooks/fieldguide/theme_patches.py and "
            "update or remove the patch.")
    return js.replace(COLOR_SCHEME_META, COLOR_SCHEME_META_DETACHED)


def _only(site_dir: Path, folder: str, pattern: str) -> Path:
    found = sorted((site_dir / "assets" / folder).glob(pattern))
    if len(found) != 1:
        raise ThemePatchError(f"{site_dir}/assets/{folder}: expected one {pattern}, found {len(found)}; "
                              "did the theme rename it?")
    return found[0]


def patch_site(site_dir: Path) -> list[Path]:
    """Apply both patches to a built site; returns the files changed."""
    sheet = _only(site_dir, "stylesheets", "palette.*.min.css")
    sheet.write_text(drop_switching_rule(sheet.read_text(encoding="utf-8"), str(sheet)), encoding="utf-8")
    bundle = _only(site_dir, "javascripts", "bundle.*.min.js")
    bundle.write_text(detach_color_scheme_meta(bundle.read_text(encoding="utf-8"), str(bundle)), encoding="utf-8")
    return [sheet, bundle]
