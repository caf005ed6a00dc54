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

A third patch, to the bundle: Material treats every `<link rel="alternate">` in the head as a link to
the page in another language and fetches `sitemap.xml` next to it to map the site's pages. Each page
links its Markdown copy with `<link rel="alternate" type="text/markdown">` (hooks/export_hook.py), so
every page load fetched the sitemap over http, and from file:// logged a CORS error. Material's own
language links always carry `hreflang`, so the selector `link[rel=alternate]` becomes
`link[hreflang][rel]` (the same length): language links behave as before, other alternates are left
alone.

The edits are exact: each must match exactly once, or the build fails naming the pattern to compare
with the new theme, instead of silently shipping an unpatched (or wrongly patched) file. Removed text
is replaced by as many spaces, so the theme's source maps still line up. The hook applies them to
MkDocs' File objects (`content_string`), so the source in the theme package is never touched and a
`--dirty` rebuild writes the patched text again instead of patching a patched file.
"""

from __future__ import annotations

import re

SWITCHING_RULE = re.compile(
    r"\[data-md-color-switching\] \*,\[data-md-color-switching\] :after,"
    r"\[data-md-color-switching\] :before\{transition-duration:0s!important\}")
# `let o=x("meta",{name:"color-scheme"});document.head.appendChild(o);` with any minified names.
COLOR_SCHEME_META = re.compile(
    r'(?P<keep>(?P<var>[\w$]+)=[\w$]+\("meta",\{name:"color-scheme"\}\);)'
    r'(?P<drop>document\.head\.appendChild\((?P=var)\);)')

# Material's query for language alternates (`M("link[rel=alternate]")`), and what it becomes.
LANGUAGE_ALTERNATES = re.compile(r'"link\[rel=alternate\]"')
LANGUAGE_ALTERNATES_ONLY = '"link[hreflang][rel]"'

PALETTE_CSS = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")
BUNDLE_JS = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")


class ThemePatchError(RuntimeError):
    pass


def _exactly_once(pattern: re.Pattern, text: str, where: str, what: str, name: str) -> re.Match:
    found = list(pattern.finditer(text))
    if len(found) != 1:
        raise ThemePatchError(
            f"{where}: expected {what} exactly once, found {len(found)}. The theme changed: compare it with "
            f"{name} in hooks/fieldguide/theme_patches.py and update or remove the patch.")
    return found[0]


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def drop_switching_rule(css: str, where: str = "palette stylesheet") -> str:
    """`css` with Material's `[data-md-color-switching] *` rule blanked out."""
    match = _exactly_once(SWITCHING_RULE, css, where, "Material's `[data-md-color-switching] *` rule",
                          "SWITCHING_RULE")
    return _blank(css, match.start(), match.end())


def detach_color_scheme_meta(js: str, where: str = "bundle") -> str:
    """`js` with the palette's color-scheme meta created but never attached to <head>."""
    match = _exactly_once(COLOR_SCHEME_META, js, where, "the palette's color-scheme meta insertion",
                          "COLOR_SCHEME_META")
    return _blank(js, match.start("drop"), match.end("drop"))


def only_language_alternates(js: str, where: str = "bundle") -> str:
    """`js` with Material's language-link query limited to links that name a language (`hreflang`)."""
    match = _exactly_once(LANGUAGE_ALTERNATES, js, where, "Material's `link[rel=alternate]` query",
                          "LANGUAGE_ALTERNATES")
    assert len(LANGUAGE_ALTERNATES_ONLY) == match.end() - match.start()  # same length: source maps line up
    return js[:match.start()] + LANGUAGE_ALTERNATES_ONLY + js[match.end():]


def wants(dest_uri: str) -> bool:
    """Whether the file at `dest_uri` in the site is one this module patches."""
    return bool(PALETTE_CSS.fullmatch(dest_uri) or BUNDLE_JS.fullmatch(dest_uri))


def patch(dest_uri: str, text: str) -> str:
    """The patched text of the theme file at `dest_uri` (one that `wants`)."""
    if PALETTE_CSS.fullmatch(dest_uri):
        return drop_switching_rule(text, dest_uri)
    return only_language_alternates(detach_color_scheme_meta(text, dest_uri), dest_uri)


def check_all_patched(patched: list[str]) -> None:
    """Both theme files must have been seen; a renamed file would otherwise go unpatched silently."""
    for pattern in (PALETTE_CSS, BUNDLE_JS):
        hits = [uri for uri in patched if pattern.fullmatch(uri)]
        if len(hits) != 1:
            raise ThemePatchError(f"expected one theme file matching {pattern.pattern}, found {hits}; "
                                  "did the theme rename it? Update hooks/fieldguide/theme_patches.py.")
