"""Small, checked edits to files the theme copies into the built site.

Why this exists: when the palette initialises on every page load, and on every palette switch,
Material's bundle sets `data-md-color-switching` on <body> and removes it a tick later. Its
palette stylesheet matches that attribute with `[data-md-color-switching] *` (to turn transitions
off while colours change), so each set and each removal makes the browser restyle every element
on the page: two full style recalculations on the main thread before the reader can scroll.
On the pattern catalogue at mobile CPU speed that was about 15 % of the blocking time. Without
the rule, the attribute matches nothing and costs nothing; the only visible difference is that
colours fade for Material's usual 0.25 s instead of jumping when the reader switches palette.

The edit is exact: if a Material upgrade changes the rule, `drop_switching_rule` raises with
what to do, instead of silently shipping an unpatched (or wrongly patched) stylesheet.
"""

from __future__ import annotations

from pathlib import Path

SWITCHING_RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
                  "[data-md-color-switching] :before{transition-duration:0s!important}")


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


def patch_site(site_dir: Path) -> list[Path]:
    """Apply the patch to the palette stylesheet(s) in a built site; returns the files changed."""
    sheets = sorted((site_dir / "assets" / "stylesheets").glob("palette.*.min.css"))
    if not sheets:
        raise ThemePatchError(f"{site_dir}/assets/stylesheets: no palette.*.min.css; did the theme rename it?")
    for sheet in sheets:
        sheet.write_text(drop_switching_rule(sheet.read_text(encoding="utf-8"), str(sheet)), encoding="utf-8")
    return sheets
