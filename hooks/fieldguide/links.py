"""Find every link in a Markdown page with its line and column, and resolve internal ones.

Why not rely on MkDocs' own validation: it names no line, and it never sees links in raw HTML blocks,
templates, hook-generated HTML or the site's `/r/<id>/` short links. This module is pure (no MkDocs
import): `scan` reads Markdown, `ids_in_html`/`hrefs_in_html` read built pages, and `check_*` compare
them against the set of built files and the ids each one really contains.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html

from fieldguide import fences


@dataclass(frozen=True)
class Link:
    path: str          # docs/<page>.md or site/<file>.html
    line: int
    col: int
    target: str
    kind: str          # inline | image | reference | autolink | html


@dataclass(frozen=True)
class LinkFinding:
    path: str
    line: int
    col: int
    code: str          # broken-link | broken-anchor
    target: str
    suggestion: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        hint = f" (did you mean {self.suggestion!r}?)" if self.suggestion else ""
        return f"{where}: [{self.code}] {self.target}{hint}; {ADVICE.get(self.code, '')}".rstrip("; ")


ADVICE = {
    "broken-link": "no page or file by that name is built; fix the path (page links are relative to this .md file, "
                   "e.g. other-page.md#anchor)",
    "broken-anchor": "the target page has no element with that id; link an existing heading id (the { #id } "
                     "after a heading, or its generated slug) or add the id to the heading",
}


INLINE = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFERENCE_DEF = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*(<[^>]*>|\S+)")
AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>")
HTML_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def _mask(text: str, pattern: re.Pattern) -> str:
    """Replace matches with spaces of the same length so columns stay right."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def scan(markdown: str, path: str, line_offset: int = 0) -> list[Link]:
    """Every link in the page, ignoring code fences and inline code spans."""
    lines = markdown.split("\n")
    in_fence = fences.fenced_lines(markdown, path)
    links: list[Link] = []
    for index, raw in enumerate(lines):
        if in_fence[index]:
            continue
        line = _mask(raw, CODE_SPAN)
        number = index + 1 + line_offset
        m = REFERENCE_DEF.match(line)
        if m:
            links.append(Link(path, number, m.start(1) + 1, m.group(1).strip("<>"), "reference"))
            continue
        for m in INLINE.finditer(line):
            kind = "image" if m.group(1) else "inline"
            links.append(Link(path, number, m.start(2) + 1, m.group(2).strip("<>"), kind))
        # A link whose text is wrapped onto this line from the line before: `[some\ntext](target)`.
        if index > 0 and not in_fence[index - 1]:
            previous = _mask(lines[index - 1], CODE_SPAN)
            joined = previous + "\n" + line
            for m in INLINE.finditer(joined):
                if m.start() < len(previous) < m.start(2):
                    col = m.start(2) - len(previous)
                    kind = "image" if m.group(1) else "inline"
                    links.append(Link(path, number, col, m.group(2).strip("<>"), kind))
        for m in AUTOLINK.finditer(line):
            links.append(Link(path, number, m.start(1) + 1, m.group(1), "autolink"))
        for m in HTML_ATTR.finditer(line):
            value = m.group(1) if m.group(1) is not None else m.group(2)
            start = m.start(1) if m.group(1) is not None else m.start(2)
            links.append(Link(path, number, start + 1, value, "html"))
    return links


def is_external(target: str) -> bool:
    return bool(urlsplit(target).scheme) or target.startswith("//")


def parse_html(html: str) -> tuple[set[str], list[tuple[int, str]]]:
    """One pass over a built page: its element ids, and (line, value) for each `href`/`src`
    (links, images, scripts, stylesheets).

    Why lxml and not html.parser: the link check reads every built page (the 13 pages plus 368 redirect
    stubs, about 5 MB of HTML); html.parser made this the slowest step of our hooks."""
    ids: set[str] = set()
    hrefs: list[tuple[int, str]] = []
    if not html.strip():
        return ids, hrefs
    root = lxml.html.document_fromstring(html)
    for element in root.iter(lxml.etree.Element):
        attrib = element.attrib
        if not attrib:
            continue
        ident = attrib.get("id")
        if ident is not None:
            ids.add(ident)
        if element.tag == "a" and attrib.get("name") is not None:
            ids.add(attrib["name"])
        for name in ("href", "src"):
            value = attrib.get(name)
            if value is not None:
                hrefs.append((element.sourceline or 0, value))
    return ids, hrefs


def ids_in_html(html: str) -> set[str]:
    return parse_html(html)[0]


def hrefs_in_html(html: str) -> list[tuple[int, str]]:
    return parse_html(html)[1]


@dataclass
class SiteIndex:
    """What the built site contains: output file paths (posix, relative to site/) -> element ids,
    plus which source page produced which output file."""

    files: dict[str, set[str]]
    src_to_dest: dict[str, str]

    def exists(self, dest: str) -> bool:
        return dest in self.files


def _closest(word: str, options) -> str | None:
    match = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.5)
    return match[0] if match else None


def resolve_source_link(link: Link, src_uri: str, site: SiteIndex) -> LinkFinding | None:
    """Check a link written in docs/<src_uri>. Links are resolved like MkDocs does (`.md` paths relative
    to the page's source file); other targets (assets, `r/<id>/`) relative to the page's output."""
    target = link.target
    if not target or is_external(target) or target.startswith(("mailto:", "javascript:")):
        return None
    parts = urlsplit(target)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if target.startswith("/"):
        # An absolute site link: a browser resolves it against the site root.
        dest = _dest_for_output_path(path.lstrip("/"), site)
        return _check_dest(link, dest, fragment, site, path)
    if not path:
        dest = site.src_to_dest.get(src_uri)
        return _check_dest(link, dest, fragment, site, target)
    if path.endswith(".md"):
        src = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        dest = site.src_to_dest.get(src)
        if dest is None:
            suggestion = _closest(src, site.src_to_dest)
            return LinkFinding(link.path, link.line, link.col, "broken-link", target, suggestion)
        return _check_dest(link, dest, fragment, site, target)
    page_dest = site.src_to_dest.get(src_uri, src_uri)
    out = posixpath.normpath(posixpath.join(posixpath.dirname(page_dest), path))
    dest = _dest_for_output_path(out + ("/" if path.endswith("/") else ""), site)
    return _check_dest(link, dest, fragment, site, target)


def _dest_for_output_path(path: str, site: SiteIndex) -> str | None:
    """Map a URL path inside the site to an output file: directories serve their index.html."""
    path = path.split("?")[0]
    candidates = [path] if path and not path.endswith("/") else []
    base = path.rstrip("/")
    candidates += [f"{base}/index.html" if base else "index.html"]
    for candidate in candidates:
        if candidate in site.files:
            return candidate
    return None


def _check_dest(link: Link, dest: str | None, fragment: str, site: SiteIndex, shown: str) -> LinkFinding | None:
    if dest is None or dest not in site.files:
        guess = _closest(shown.split("#")[0].lstrip("/"), site.files)
        return LinkFinding(link.path, link.line, link.col, "broken-link", link.target, guess)
    if fragment and fragment not in site.files[dest]:
        same_but_case = [i for i in site.files[dest] if i.lower() == fragment.lower()]
        guess = same_but_case[0] if same_but_case else _closest(fragment, site.files[dest])
        return LinkFinding(link.path, link.line, link.col, "broken-anchor", link.target,
                           f"#{guess}" if guess else None)
    return None


def check_built_file(dest: str, html: str | list[tuple[int, str]], site: SiteIndex,
                     site_url_path: str = "") -> list[LinkFinding]:
    """Check every followable link in one built HTML file (templates and hook output included).
    `html` is the page or its already parsed hrefs; `site_url_path` is the path part of site_url, so
    absolute links like /field-guide/x.html resolve."""
    out: list[LinkFinding] = []
    for line, value in (hrefs_in_html(html) if isinstance(html, str) else html):
        if not value or is_external(value) or value.startswith(("mailto:", "javascript:", "data:")):
            continue
        parts = urlsplit(value)
        path, fragment = unquote(parts.path), unquote(parts.fragment)
        link = Link(f"site/{dest}", line, 0, value, "html")
        if value.startswith("/"):
            rel = (path[len(site_url_path):] if site_url_path and path.startswith(site_url_path) else path).lstrip("/")
            target = _dest_for_output_path(rel, site)
        elif not path:
            target = dest
        else:
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(dest), path))
            target = _dest_for_output_path(joined + ("/" if path.endswith("/") else ""), site)
        finding = _check_dest(link, target, fragment, site, value)
        if finding:
            out.append(finding)
    return out


def one_per_cause(findings: list[LinkFinding]) -> list[object]:
    """Group built-file findings by (code, target): the first place stands for all, with a count, so a
    broken link in a template is one line of output, not one per page."""
    groups: dict[tuple[str, str], list[LinkFinding]] = {}
    for f in findings:
        groups.setdefault((f.code, f.target), []).append(f)
    out: list[object] = []
    for group in groups.values():
        first = group[0]
        out.append(first if len(group) == 1 else f"{first} (the same link is in {len(group) - 1} more built file(s): "
                   "it comes from a template, a hook or generated HTML)")
    return out
