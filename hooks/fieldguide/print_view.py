"""The whole guide on one page, for reading offline and printing to PDF (`print.html`).

Why our own and not mkdocs-print-site-plugin: tried with this site (2.9), it rewrote the `r/<id>/`
short links into in-page anchors that do not exist (`#r-<id>`: hundreds of broken links for the link
check) and the build took 7.5 minutes instead of under one. This page is assembled after the build
from the pages as built, so it shows exactly what the site shows (badges, pre-rendered diagrams,
decision trees, tables) in nav order, and costs a few passes of regular expressions over the built
HTML (about a third of a second).

How it is assembled: each page's article (the content without the theme's chrome) becomes a chapter
`<section id="print-<page>">`. Ids are site-wide only for review ids; footnote ids, tab ids and
generated heading slugs repeat across pages, so every id that occurs on more than one page is prefixed
with its page (`error-handling--fn:tower-box-error`) and every reference to it (href, for, aria-*,
`url(#...)`, `#id` in an SVG's style) is rewritten. Links between pages become links inside this page
(`mental-model.html#pin` -> `#pin`; a page without a fragment -> its chapter; `r/<id>/` -> the id's
section); links to other files (assets, Markdown copies) stay as they are. The shell is the first page
of the nav with its table of contents removed; a short style makes every lazily drawn box visible and
starts each chapter on a new printed page.

Pure module: no MkDocs import. The adapter is hooks/export_hook.py.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from fieldguide import escape

PRINT_PAGE = "print.html"
ARTICLE_OPEN = '<article class="md-content__inner md-typeset">'
URL_REF = re.compile(r"url\(#([^)\s]+)\)")
STYLE = """
/* print view: every lazily drawn box is drawn (the page is read whole and printed) */
.fg-print .fg-lazy, .fg-print div.highlight, .fg-print .fg-rules-chunk { content-visibility: visible !important; }
.fg-print-toc { columns: 2; }
.fg-print-toc li { break-inside: avoid; }
@media print {
  .fg-print-chapter { break-before: page; }
  .fg-print-toolbar { display: none; }
  .fg-print a[href^="http"]::after { content: none; }
}
"""
SCRIPT = """
(function () {
  /* print view: draw any diagram still drawn in the browser (live mode) now, not when scrolled to */
  function draw() { window.dispatchEvent(new Event("scroll")); }
  if (document.readyState === "complete") draw(); else window.addEventListener("load", draw);
  var button = document.getElementById("fg-print-button");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
"""


@dataclass
class Chapter:
    src_uri: str     # "mental-model.md"
    url: str         # "mental-model.html" (the built page, relative to the site root)
    title: str       # nav title
    html: str        # the built page

    @property
    def slug(self) -> str:
        return self.src_uri[:-3].replace("/", "-")


def article(page: str) -> str | None:
    """The content of a built page (Material's article), or None for a page without one."""
    start = page.find(ARTICLE_OPEN)
    end = page.rfind("</article>")
    if start == -1 or end < start:
        return None
    return page[start + len(ARTICLE_OPEN):end]


ACTIONS = re.compile(
    r'<a\b[^>]*\bclass="md-content__button[^"]*"[^>]*>.*?</a>\s*'
    r'|<button\b[^>]*\bclass="md-content__button[^"]*"[^>]*>.*?</button>\s*'
    r'|<script>(?:(?!</script>).)*__fgMarkdownCopy.*?</script>\s*', re.S)
PAGE_DATA = re.compile(r'<script type="application/json" id="fg-(?:review-links|aliases)">.*?</script>\s*', re.S)
# Every attribute the print view rewrites (a literal space first lets the regex engine scan fast).
ATTRIBUTE = re.compile(r' (id|href|for|aria-labelledby|aria-describedby|aria-controls|aria-owns|name)="([^"]*)"')
ID_ATTR = re.compile(r' id="([^"]*)"')
STYLE_ELEMENT = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S)


def _strip_page_only(inner: str) -> str:
    """Remove what belongs to a page, not to its content: the action buttons (edit, Markdown copy, print)
    with their script, which come before the page's first heading, and the review-link data the page's
    script reads (one per page, at its end)."""
    head = inner.find("<h1")
    head = head if head != -1 else min(len(inner), 20000)
    tail = inner.rfind('<script type="application/json" id="fg-')
    tail = tail if tail > head else len(inner)
    return ACTIONS.sub("", inner[:head]) + inner[head:tail] + PAGE_DATA.sub("", inner[tail:])


def build(chapters: list[Chapter], site_name: str, redirects: dict[str, str] | None = None) -> str | None:
    """The print page's HTML, or None when there is nothing to assemble. `redirects` maps a review id to
    its `page#anchor` target (current and retired ids).

    Why regular expressions over the built HTML and not a parser: the pages are machine-written (every
    attribute double-quoted, no raw `<` in text), the print view touches only a few attributes, and a
    parse and re-serialisation of the whole guide (~5 MB) cost about two seconds of every build."""
    bodies = [_strip_page_only(a) for c in chapters if (a := article(c.html)) is not None]
    chapters = [c for c in chapters if article(c.html) is not None]
    if not chapters:
        return None
    redirects = redirects or {}
    owners: dict[str, set[str]] = {}
    for chapter, body in zip(chapters, bodies, strict=True):
        for ident in ID_ATTR.findall(body):
            owners.setdefault(ident, set()).add(chapter.slug)
    chapter_ids = {c.slug: _unique(f"print-{c.slug}", owners) for c in chapters}
    by_url = {c.url: c for c in chapters}

    def final(slug: str, ident: str) -> str:
        return f"{slug}--{ident}" if len(owners.get(ident, ())) > 1 else ident

    bodies = [_rewrite(c, body, final, chapter_ids, by_url, redirects) for c, body in zip(chapters, bodies, strict=True)]
    # The shell's own links (its nav lists the first page's sections, the logo links the first page)
    # point into the print view the same way.
    first = chapters[0]
    shell = first.html
    start, end = shell.find(ARTICLE_OPEN) + len(ARTICLE_OPEN), shell.rfind("</article>")

    def shell_final(slug: str, ident: str) -> str:
        return ident if slug == first.slug and ident not in owners else final(slug, ident)

    before = _rewrite(first, shell[:start], shell_final, chapter_ids, by_url, redirects)
    after = _rewrite(first, shell[end:], shell_final, chapter_ids, by_url, redirects)
    return _assemble(chapters, bodies, chapter_ids, site_name, before, after)


def _unique(wanted: str, owners: dict[str, set[str]]) -> str:
    ident, n = wanted, 1
    while ident in owners:
        n += 1
        ident = f"{wanted}-{n}"
    return ident


def _rewrite(chapter: Chapter, body: str, final, chapter_ids: dict[str, str], by_url: dict[str, Chapter],
             redirects: dict[str, str]) -> str:
    slug = chapter.slug
    renamed: dict[str, str] = {}

    def attribute(m: re.Match) -> str:
        name, value = m.group(1), m.group(2)
        if name == "id":
            new = final(slug, value)
            if new != value:
                renamed[value] = new
        elif name == "href":
            new = _link(html.unescape(value), chapter, final, chapter_ids, by_url, redirects)
        elif name == "name":
            new = f"{slug}--{value}" if value.startswith("__tabbed_") else value  # tab groups are radio groups
        else:
            new = " ".join(final(slug, v) for v in value.split())
        return f' {name}="{new}"'

    body = ATTRIBUTE.sub(attribute, body)
    if "url(#" in body:
        body = URL_REF.sub(lambda u: f"url(#{final(slug, u.group(1))})", body)
    if renamed and "<style" in body:
        body = STYLE_ELEMENT.sub(lambda s: s.group(1) + re.sub(
            r"#([A-Za-z_][\w:.-]*)", lambda m: "#" + renamed.get(m.group(1), m.group(1)), s.group(2)) + s.group(3), body)
    return body


def _link(href: str, chapter: Chapter, final, chapter_ids: dict[str, str], by_url: dict[str, Chapter],
          redirects: dict[str, str]) -> str:
    if href.startswith(("https:", "http:", "mailto:", "//")):
        return html.escape(href)
    if href.startswith("#"):
        return html.escape(f"#{final(chapter.slug, unquote(href[1:]))}" if len(href) > 1 else href)
    parts = urlsplit(href)
    if parts.scheme:
        return html.escape(href)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return html.escape(f"#{final(chapter.slug, fragment)}" if fragment else href)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(chapter.url), path))
    m = re.fullmatch(r"r/([a-z0-9-]+)/?(?:index\.html)?", target)
    if m and m.group(1) in redirects:
        page, _, anchor = redirects[m.group(1)].partition("#")
        target, fragment = f"{page}.html", anchor
    other = by_url.get(target)
    if other is None:
        return html.escape(href)  # an asset, a Markdown copy, a page not in the print view: same relative link
    return html.escape(f"#{final(other.slug, fragment)}" if fragment else f"#{chapter_ids[other.slug]}")


def _assemble(chapters: list[Chapter], bodies: list[str], chapter_ids: dict[str, str], site_name: str,
              before: str, after: str) -> str:
    toc = "".join(f'<li><a href="#{chapter_ids[c.slug]}">{escape.html_text(c.title)}</a></li>' for c in chapters)
    parts = [
        '<div class="fg-print">',
        f'<p class="fg-print-intro"><strong>{escape.html_text(site_name)}</strong>: every page of the guide on one '
        "page, in reading order, for reading offline and printing (or saving as PDF from the print dialog).</p>",
        '<p class="fg-print-toolbar"><button type="button" class="md-button" id="fg-print-button">'
        "Print or save as PDF</button></p>",
        f'<nav aria-label="Chapters"><ol class="fg-print-toc">{toc}</ol></nav>',
    ]
    for chapter, body in zip(chapters, bodies, strict=True):
        parts.append(f'<section class="fg-print-chapter" id="{chapter_ids[chapter.slug]}" '
                     f'aria-label="{escape.html_text(chapter.title)}">{body}</section>')
    parts.append("</div>")
    before = _drop_secondary_sidebar(before)
    # The header names the page being read: here, the whole guide.
    before = re.sub(r'(data-md-component="header-topic">\s*<span class="md-ellipsis">).*?(</span>)',
                    r"\1The whole guide\2", before, count=1, flags=re.S)
    before = re.sub(r"<title>.*?</title>", f"<title>{escape.html_text(site_name)}: the whole guide</title>", before,
                    count=1, flags=re.S)
    before = re.sub(r'<link\b[^>]*\brel="(?:prev|next)"[^>]*>\s*', "", before)
    before = re.sub(r'<link\b[^>]*\btype="text/markdown"[^>]*>\s*', "", before)
    # A copy of every page: not for search engines (each page is there under its own address).
    before = re.sub(r'<link\b[^>]*\brel="canonical"[^>]*>', '<meta name="robots" content="noindex">', before, count=1)
    before = before.replace("</head>", f"<style>{STYLE}</style>\n</head>", 1)
    after = after.replace("</body>", f"<script>{SCRIPT}</script>\n</body>", 1)
    return before + "\n".join(parts) + after


SIDEBAR_SECONDARY = re.compile(r'<div class="md-sidebar md-sidebar--secondary"')


def _drop_secondary_sidebar(page: str) -> str:
    """Remove the shell page's own table of contents (the right sidebar): it lists that page's sections."""
    m = SIDEBAR_SECONDARY.search(page)
    if not m:
        return page
    depth = 0
    tag = re.compile(r"<(/?)div\b[^>]*>")
    for t in tag.finditer(page, m.start()):
        depth += -1 if t.group(1) else 1
        if depth == 0:
            return page[:m.start()] + page[t.end():]
    return page
