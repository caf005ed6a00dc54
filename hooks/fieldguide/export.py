"""A Markdown copy of every page, made from the checked source (DESIGN.md section 13).

Why from the source and not from the built HTML: the source says what each block *is* (`compile_fail`,
`lint=`, `should_panic`, hidden lines, included files, review ids), and the HTML only shows it. A copy
converted back from HTML loses that (badges become stray text, diagrams become one line of text, links
stay relative, ids disappear). The copy is what a coding agent or a person pasting into a chat reads, so
it says in words what the page shows with colour:

- Rust blocks: hidden lines removed (`fences.displayed_lines`), the info string cut to the language,
  and a line before the block saying what the checker proved (`does not compile: E0277`,
  `lint: await_holding_lock`, `panics when run`, `not compiled`); an Output block is labelled `Output:`.
- Included files (`--8<-- "crates/x/src/lib.rs:section"`) are expanded from examples/, markers removed.
- Directives become Markdown: decision trees as nested lists (question -> option -> answer), the
  cancel-safety table and the rules catalogue as tables.
- Inline code naming a taught crate's item links to docs.rs (the docs.rs hook's own linker), citations
  link the docs.rs source view at the pinned version and line (the citation hook's own renderer).
- Every link is absolute to site_url (page links point at the HTML pages), and a heading with a
  registered `{ #id }` is followed by its permanent short link, `<site_url>r/<id>/`.

Anything the exporter has no rule for (a directive it does not know, a fence language without an export
rule, raw HTML or an HTML comment in prose) is reported as `docs/<page>.md:<line>: [export] ...`, so
nothing is left out of the copy silently.

Pure module: no MkDocs import. The adapter is hooks/export_hook.py.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from markdown_it import MarkdownIt

from fieldguide import cancel_table, citations, decision_markdown, decisions, docsrs, escape, fences, review_ids
from fieldguide.report import Problem

# Fence languages the exporter knows how to copy. Kept separate from fences.KNOWN_LANGUAGES on purpose:
# a language added there must be taught here too, or the build says so ([export]).
EXPORT_LANGUAGES = {"rust", "toml", "json", "text", "console", "mermaid", "python", "yaml", "proto", "diff",
                    "html", "javascript"}
DIRECTIVES = ("decision-tree", "cancel-safety-table", "review-id-catalogue", "api-index")

COMMENT_LINE = re.compile(r"^(?P<indent>[ \t]*)<!--\s*(?P<body>.*?)\s*-->\s*$")
DIRECTIVE_BODY = re.compile(r"^(?P<name>[a-z][a-z0-9-]*)\s*(?::\s*(?P<arg>\S.*?))?$")
HEADING = re.compile(r"^(?P<indent> {0,3})(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*$")
ATTR_LIST = re.compile(r"[ \t]*\{:?[ \t]*(?P<attrs>(?:[#.][\w:.-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+))"
                       r"(?:[ \t]+(?:[#.][\w:.-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)))*)[ \t]*\}[ \t]*$")
ATTR_ID = re.compile(r"(?:^|\s)#([A-Za-z0-9_:.-]+)")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
INLINE_TARGET = re.compile(r"\]\([ \t]*(?P<target><[^<>\n]*>|[^()\s]+)(?P<rest>(?:[ \t]+(?:\"[^\"]*\"|'[^']*'))?[ \t]*)\)")
REFERENCE_DEF = re.compile(r"^(?P<head>[ \t]{0,3}\[(?!\^)[^\]]+\]:[ \t]*)(?P<target><[^>]*>|\S+)")
CONTAINER = re.compile(r"^(?P<indent>[ \t]*)(?P<kind>!!!|\?\?\?\+?|===)[ \t]+(?P<rest>.*)$")
SNIPPET_MARKER = re.compile(r"-{1,}8<-{1,}[ \t]+\[[ \t]*(?:start|end)[ \t]*:[ \t]*[a-z][-_0-9a-z]*[ \t]*\]", re.I)
INLINE_HTML = re.compile(r"<(sup|sub|kbd)>([^<>]*)</\1>", re.I)
CITATION_SOURCE = re.compile(r"^\[\^[^\]\s]+\]:[ \t]+src:")


@dataclass
class Site:
    """What the exporter needs to know about the whole site (all optional parts may be missing in
    fixture sites: no registry, no decision trees, no docs.rs index)."""

    site_url: str                                           # absolute, ends with "/"
    pages: dict[str, str]                                   # src_uri -> url of the built page ("x.md" -> "x.html")
    registry: review_ids.Registry | None = None
    trees: dict[str, decisions.Tree] = field(default_factory=dict)
    cancel_entries: list[cancel_table.Entry] | None = None
    docsrs_index: docsrs.Index | None = None
    recorded_citations: dict[str, citations.Resolved] = field(default_factory=dict)
    locked: dict[str, list[str]] = field(default_factory=dict)
    snippet_bases: list[Path] = field(default_factory=list)

    def absolute(self, target: str, src_uri: str) -> str:
        """A link target written on page `src_uri`, as an absolute URL (unchanged when already absolute).
        `.md` links become links to the built page, as MkDocs renders them."""
        if not target or target.startswith(("mailto:", "javascript:", "data:")) or urlsplit(target).scheme \
                or target.startswith("//"):
            return target
        parts = urlsplit(target)
        path, fragment = parts.path, parts.fragment
        anchor = f"#{fragment}" if fragment else ""
        if target.startswith("/"):
            return self.site_url + path.lstrip("/") + anchor
        if not path:
            return self.site_url + self.pages.get(src_uri, _html_name(src_uri)) + anchor
        if unquote(path).endswith(".md"):
            src = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(path)))
            return self.site_url + self.pages.get(src, _html_name(src)) + anchor
        page_url = self.pages.get(src_uri, _html_name(src_uri))
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), path))
        return self.site_url + joined + ("/" if path.endswith("/") and not joined.endswith("/") else "") + anchor

    def short_link(self, ident: str) -> str:
        return f"{self.site_url}r/{ident}/"

    def registered(self, ident: str) -> bool:
        return self.registry is not None and ident in self.registry.ids


def _html_name(src_uri: str) -> str:
    return src_uri[:-3] + ".html" if src_uri.endswith(".md") else src_uri


@dataclass
class PageExport:
    markdown: str
    problems: list[Problem]
    title: str
    description: str


# --- front matter ------------------------------------------------------------------------------------

def split_front_matter(source: str) -> tuple[dict, list[str], int]:
    """(meta, body lines, number of file lines before the body). A broken block is reported by the
    front-matter hook; here it simply yields no meta."""
    lines = source.split("\n")
    if lines and re.match(r"^---[ \t]*$", lines[0]):
        end = next((k for k in range(1, len(lines)) if re.match(r"^(?:---|\.\.\.)[ \t]*$", lines[k])), None)
        if end is not None:
            try:
                meta = yaml.safe_load("\n".join(lines[1:end])) or {}
            except yaml.YAMLError:
                meta = {}
            return (meta if isinstance(meta, dict) else {}), lines[end + 1:], end + 1
    return {}, lines, 0


# --- the page ----------------------------------------------------------------------------------------

_BLOCKS = MarkdownIt("commonmark")
_BLOCKS.disable("inline")  # block structure only: fences and code blocks, at a third of a full parse's cost


def block_structure(text: str, path: str, offset: int = 0) -> tuple[list[bool], list[fences.Fence]]:
    """(for each line: inside a fence or indented code block, the closed fences) from one block-level
    CommonMark parse, with Python-Markdown containers flattened as fences.parse does. Validation is the
    fence hook's job; here a broken fence is simply not a fence."""
    lines = text.split("\n")
    mask = [False] * len(lines)
    found: list[fences.Fence] = []
    for token in _BLOCKS.parse(fences.flatten_containers(text)):
        if token.type not in ("fence", "code_block") or not token.map:
            continue
        first, after = token.map
        for k in range(first, min(after, len(lines))):
            mask[k] = True
        if token.type != "fence":
            continue
        marker = token.markup
        closing = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        if not (after - 1 > first and closing.match(lines[after - 1])):
            continue
        opening = fences.OPENING.match(lines[first])
        body = token.content.split("\n")
        if body and body[-1] == "":
            body.pop()
        language, attributes, options = fences.split_info(token.info)
        found.append(fences.Fence(path, first + 1 + offset, after + offset, opening.group("indent") if opening else "",
                                  marker, language, attributes, options, body))
    return mask, found


def export_page(source: str, src_uri: str, site: Site, nav_title: str | None = None) -> PageExport:
    """The Markdown copy of one page, and the constructs it could not copy (as [export] problems)."""
    path = f"docs/{src_uri}"
    meta, body_lines, offset = split_front_matter(source)
    problems: list[Problem] = []
    text = "\n".join(body_lines)
    code, fence_list = block_structure(text, path, offset)
    text = _render_citations(text, path, offset, site, code)
    if site.docsrs_index is not None:
        text, _ = docsrs.link_page(text, path, site.docsrs_index, meta, offset, fenced=code)
    lines = text.split("\n")
    layout = _containers(lines)
    fence_at = {f.start - 1 - offset: f for f in fence_list}
    out: list[tuple[str, bool]] = []  # (line, is code)
    k = 0
    in_comment: int | None = None  # line where an unclosed HTML comment started
    while k < len(lines):
        number = k + 1 + offset
        prefix, shift, replacement = layout[k]
        if k in fence_at:
            fence = fence_at[k]
            indent = _dedent(fence.indent, shift)
            for line, is_code in _export_fence(fence, site, problems):
                out.append((_prefixed(prefix, indent + line if line else line), is_code))
            k = fence.end - offset
            continue
        line = lines[k]
        if code[k]:  # an indented code block (CommonMark): copied as it is
            out.append((_prefixed(prefix, _dedent(line, shift)), True))
            k += 1
            continue
        if in_comment is not None:
            if "-->" in line:
                in_comment = None
            k += 1
            continue
        if replacement is not None:
            out.extend((_prefixed(prefix, x), False) for x in replacement)
            k += 1
            continue
        line = _dedent(line, shift)
        directive = COMMENT_LINE.match(line)
        if directive:
            expanded = _directive(directive, number, path, src_uri, site, problems)
            out.extend((_prefixed(prefix, x), False) for x in expanded)
            k += 1
            continue
        if "<!--" in _mask_code(line):
            start = _mask_code(line).index("<!--")
            problems.append(Problem(path, number, "export",
                                    "HTML comment in prose: the Markdown copy has no rule for it; remove it, or use a "
                                    f"known directive on a line of its own ({', '.join(DIRECTIVES)})"))
            if "-->" not in line[start:]:
                in_comment = number
            k += 1
            continue
        out.extend((_prefixed(prefix, x), False) for x in _prose_line(line, number, path, src_uri, site, problems))
        k += 1
    if in_comment is not None:
        problems.append(Problem(path, in_comment, "export", "HTML comment is never closed (no -->)"))
    markdown = _tidy(out)
    title = nav_title or first_h1(markdown) or src_uri[:-3]
    description = " ".join(str(meta.get("description") or "").split())
    return PageExport(markdown, problems, title, description)


def _prefixed(prefix: str, line: str) -> str:
    return (prefix + line).rstrip() if prefix else line


def _dedent(line: str, shift: int) -> str:
    return line[shift:] if line[:shift].strip() == "" else line.lstrip(" ")


def _tidy(lines: list[tuple[str, bool]]) -> str:
    """At most one blank line in a row outside code, and one newline at the end."""
    out: list[str] = []
    for line, is_code in ((x, c) for entry, c in lines for x in entry.split("\n")):
        if not is_code and not line.strip() and out and not out[-1].strip():
            continue
        out.append(line if is_code else line.rstrip())
    while out and not out[0].strip():
        out.pop(0)
    return "\n".join(out).rstrip("\n") + "\n"


def first_h1(markdown: str) -> str | None:
    m = re.search(r"^# (.+)$", markdown, re.M)
    return m.group(1).strip() if m else None


def _mask_code(line: str) -> str:
    return CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def _containers(lines: list[str]) -> list[tuple[str, int, list[str] | None]]:
    """For each line: (prefix for the copy, columns of container indentation to remove, replacement for
    a container's opening line). Admonitions (`!!!`, `???`) become block quotes with a bold title, tabs
    (`===`) a bold label followed by their content."""
    if not any(CONTAINER.match(line) for line in lines if "!!!" in line or "???" in line or "===" in line):
        return [("", 0, None)] * len(lines)
    out: list[tuple[str, int, list[str] | None]] = []
    stack: list[tuple[int, str]] = []  # (content indent, prefix) of each open container
    for line in lines:
        width = len(line) - len(line.lstrip(" "))
        if line.strip():
            while stack and width < stack[-1][0]:
                stack.pop()
        prefix = "".join(p for _, p in stack)
        shift = stack[-1][0] if stack else 0
        m = CONTAINER.match(line)
        if m:
            kind, rest = m.group("kind"), m.group("rest").strip()
            if kind == "===":
                label = rest.strip('"')
                out.append((prefix, shift, [f"**{label}**", ""]))
                stack.append((len(m.group("indent").expandtabs(4)) + 4, ""))
            else:
                kind_word, _, title = rest.partition(" ")
                title = title.strip().strip('"') or kind_word.split(".")[0].capitalize()
                out.append((prefix, shift, [f"> **{title}**", ">"]))
                stack.append((len(m.group("indent").expandtabs(4)) + 4, "> "))
            continue
        out.append((prefix, shift, None))
    # A blank line takes the prefix of the next line that is not blank: the blank line that ends an
    # admonition then ends its block quote too.
    following = ""
    for k in range(len(lines) - 1, -1, -1):
        if lines[k].strip():
            following = out[k][0]
        elif len(following) < len(out[k][0]):
            out[k] = (following, out[k][1], out[k][2])
    return out


# --- prose -------------------------------------------------------------------------------------------

def _inline_html(line: str) -> str:
    """The inline HTML elements the copy has a plain-text rule for: `0.95<sup>20</sup>` -> `0.95^20`,
    `<sub>` -> `_`, `<kbd>Ctrl</kbd>` -> `` `Ctrl` ``. Code spans are left alone."""
    spans = [(s.start(), s.end()) for s in CODE_SPAN.finditer(line)]

    def replace(m: re.Match) -> str:
        if any(a <= m.start() < b for a, b in spans):
            return m.group(0)
        tag, inner = m.group(1).lower(), m.group(2)
        return {"sup": f"^{inner}" if re.fullmatch(r"[\w.-]+", inner) else f"^({inner})",
                "sub": f"_{inner}" if re.fullmatch(r"[\w.-]+", inner) else f"_({inner})",
                "kbd": escape.code_span(inner)}[tag]

    return INLINE_HTML.sub(replace, line)


def _prose_line(line: str, number: int, path: str, src_uri: str, site: Site, problems: list[Problem]) -> list[str]:
    if "<" in line:
        line = _inline_html(line)
    # An unresolved citation keeps its raw quote (the citation hook reports it), so it is not checked here.
    if "<" in line and not CITATION_SOURCE.match(line):
        masked = INLINE_TARGET.sub(lambda t: " " * len(t.group(0)), _mask_code(line))
        for m in HTML_TAG.finditer(AUTOLINK.sub(lambda a: " " * len(a.group(0)), masked)):
            problems.append(Problem(path, number, "export",
                                    f"raw HTML {m.group(0)[:40]!r} in prose: the Markdown copy has no rule for it; write "
                                    "it in Markdown (a tag in prose is also invisible on the page)"))
            break
    heading = HEADING.match(line) if line.lstrip(" ").startswith("#") else None
    ident = None
    if heading:
        text = heading.group("text")
        attrs = ATTR_LIST.search(text)
        if attrs:
            found = ATTR_ID.search(attrs.group("attrs"))
            ident = found.group(1) if found else None
            text = text[:attrs.start()].rstrip()
        text = re.sub(r"[ \t]+#+$", "", text)  # closing hashes of an ATX heading
        line = f"{heading.group('indent')}{heading.group('hashes')} {_links(text, src_uri, site)}"
        out = [line]
        if ident and site.registered(ident):
            out += ["", f"Review link: <{site.short_link(ident)}>", ""]
        return out
    attrs = ATTR_LIST.search(line) if "{" in line else None
    if attrs and "{" in _mask_code(line)[attrs.start():]:  # a trailing attribute list, not code
        line = line[:attrs.start()].rstrip()
    return [_links(line, src_uri, site)]


def _links(line: str, src_uri: str, site: Site) -> str:
    """Every link target on the line made absolute (code spans left alone)."""
    if "](" not in line and "]:" not in line:
        return line
    m = REFERENCE_DEF.match(line)
    if m:
        target = m.group("target")
        bare = target[1:-1] if target.startswith("<") else target
        return m.group("head") + _wrap(site.absolute(bare, src_uri), target) + line[m.end():]
    spans = [(s.start(), s.end()) for s in CODE_SPAN.finditer(line)]

    def in_code(pos: int) -> bool:
        return any(a <= pos < b for a, b in spans)

    def replace(m: re.Match) -> str:
        if in_code(m.start()):
            return m.group(0)
        target = m.group("target")
        bare = target[1:-1] if target.startswith("<") else target
        return f"]({_wrap(site.absolute(bare, src_uri), target)}{m.group('rest')})"

    return INLINE_TARGET.sub(replace, line)


def _wrap(url: str, original: str) -> str:
    return f"<{url}>" if original.startswith("<") or " " in url else url


# --- citations ---------------------------------------------------------------------------------------

def _render_citations(text: str, path: str, offset: int, site: Site, fenced: list[bool]) -> str:
    """Citations as the page shows them (the citation hook's renderer). One the data file does not know
    yet (the citation hook fails the build for it) is still written as text, with its quote as code."""
    found, _ = citations.scan(text, path, offset, fenced)
    resolved = {}
    lines = text.split("\n")
    for c in found:
        r = citations.lookup(c, site.recorded_citations, site.locked)
        if isinstance(r, citations.Resolved):
            resolved[c.line] = r
        else:
            note = f" ({c.note})" if c.note else ""
            lines[c.line - 1 - offset] = (f"[^{c.label}]: Source: {c.crate} {escape.code_span(c.file)}: "
                                          f"{escape.code_span(c.quote)}{note}")
    return citations.rewrite("\n".join(lines), found, resolved, offset)


# --- fences ------------------------------------------------------------------------------------------

def badges(fence: fences.Fence) -> list[str]:
    """What the checker proved about a Rust block, in words (the page shows the same as coloured badges)."""
    if fence.language != "rust":
        return []
    out = []
    if fence.has("compile_fail"):
        what = fence.error_code or fence.expected_message
        out.append(f"does not compile: {what}" if what else "does not compile")
    if fence.lint:
        out.append(f"lint: {fence.lint}")
    if fence.has("ignore"):
        out.append("not compiled")
    if fence.has("should_panic"):
        out.append("panics when run")
    return out


def _export_fence(fence: fences.Fence, site: Site, problems: list[Problem]) -> list[tuple[str, bool]]:
    """The block as (line, is code) pairs: the badge and title lines, then the fence."""
    if fence.language not in EXPORT_LANGUAGES:
        problems.append(Problem(fence.path, fence.start, "export",
                                f"fence language {fence.language!r} has no rule in the Markdown copy; add it to "
                                "export.EXPORT_LANGUAGES (hooks/fieldguide/export.py) or use a known language"))
        return []
    out: list[str] = []
    labels = badges(fence)
    if labels:
        out += [f"*{'; '.join(labels)}*", ""]
    if fences.is_output_block(fence):
        out += ["Output:", ""]
    elif fence.title:
        out += [f"{escape.code_span(fence.title)}:", ""]
    if fence.is_included:
        body = _included(fence, site, problems)
    else:
        body = fences.displayed_lines(fence)
    longest = max((len(m.group(0)) for line in body if (m := re.match(r"^\s*(`{3,}|~{3,})", line))), default=0)
    marker = "`" * max(3, longest + 1)
    return [(x, False) for x in out] + [(f"{marker}{fence.language}", True)] + [(x, True) for x in body] + [(marker, True)]


def _included(fence: fences.Fence, site: Site, problems: list[Problem]) -> list[str]:
    """The code a `--8<-- "file[:section]"` block shows, read from examples/ as pymdownx.snippets does:
    the named section (or line range, or whole file) with every section marker line removed."""
    out: list[str] = []
    for line in fence.body:
        m = fences.SNIPPET_LINE.match(line.strip())
        if not m:
            if line.strip():
                out.append(line)
            continue
        name, _, section = m.group(1).partition(":")
        file = next((b / name for b in site.snippet_bases if (b / name).is_file()), None)
        if file is None:
            continue  # reported by the fence hook ([missing-snippet])
        source = file.read_text(encoding="utf-8").split("\n")
        if source and source[-1] == "":
            source.pop()
        if section and re.fullmatch(r"\d*(?::\d*)?", section):
            start, _, end = section.partition(":")
            chosen = source[max(0, int(start or 1) - 1): int(end) if end else None]
        elif section:
            chosen = _section(source, section)
            if chosen is None:
                continue  # reported by the fence hook
        else:
            chosen = source
        out.extend(line for line in chosen if not SNIPPET_MARKER.search(line))
    return out


def _section(lines: list[str], name: str) -> list[str] | None:
    start = re.compile(rf"-{{1,}}8<-{{1,}}[ \t]+\[[ \t]*start[ \t]*:[ \t]*{re.escape(name)}[ \t]*\]", re.I)
    end = re.compile(rf"-{{1,}}8<-{{1,}}[ \t]+\[[ \t]*end[ \t]*:[ \t]*{re.escape(name)}[ \t]*\]", re.I)
    out, inside, found = [], False, False
    for line in lines:
        if not inside and start.search(line):
            inside = found = True
            continue
        if inside and end.search(line):
            break
        if inside:
            out.append(line)
    return out if found else None


# --- directives --------------------------------------------------------------------------------------

def _directive(m: re.Match, number: int, path: str, src_uri: str, site: Site, problems: list[Problem]) -> list[str]:
    indent, body = m.group("indent"), m.group("body")
    d = DIRECTIVE_BODY.match(body)
    name = d.group("name") if d else None
    if name == "decision-tree" and d.group("arg"):
        tree = site.trees.get(d.group("arg").strip())
        if tree is None:
            problems.append(Problem(path, number, "export",
                                    f"decision tree {d.group('arg')!r} is unknown, so the Markdown copy cannot show it"))
            return []
        return [indent + x if x else x for x in decision_tree_markdown(tree, src_uri, site)]
    if name == "cancel-safety-table" and not d.group("arg"):
        return [indent + x if x else x for x in cancel_table_markdown(site.cancel_entries or [])]
    if name == "review-id-catalogue" and not d.group("arg"):
        return [indent + x if x else x for x in catalogue_markdown(site)]
    if name == "api-index" and not d.group("arg"):
        # Generated from every page at build time (hooks/findability_hook.py): links only, which the copies
        # already hold where each item is explained; the copy points at the generated index instead.
        url = site.absolute("", src_uri)
        return [indent + f"The index itself is generated from every page when the site is built; it is on the "
                         f"site at <{url}>. In these Markdown copies, search for the item's path instead: the "
                         "section that explains it links it to docs.rs."]
    problems.append(Problem(path, number, "export",
                            f"unknown directive <!-- {body[:60]} -->: the Markdown copy has no rule for it; known "
                            f"directives: {', '.join(DIRECTIVES)}"))
    return []


def _api(api: str, site: Site) -> str:
    span = escape.code_span(api)
    if site.docsrs_index is not None:
        url, _ = docsrs.resolve_span(api, site.docsrs_index, {})
        if url:
            return f"[{span}]({url})"
    return span


def decision_tree_markdown(tree: decisions.Tree, src_uri: str, site: Site, heading_level: int = 4) -> list[str]:
    """A tree as a nested list (question -> options -> next question or answer), then one section per
    answer, as on the page (same headings, so the answers keep their review links)."""
    md = escape.markdown_inline
    out: list[str] = []
    if tree.intro:
        out += [md(tree.intro), ""]
    out += [f"Decision tree: {md(tree.title)}", ""]
    out += decision_markdown.nested_list(
        tree, "    ", ":",
        lambda a: (f"**{md(a.title)}** ([answer]({site.absolute('#' + a.id, src_uri)}), "
                   f"explained in [{md(decisions._see_text(a.see))}]({site.absolute(a.see, src_uri)}))"))
    out.append("")
    hashes = "#" * heading_level
    for a in tree.answers.values():
        out += [f"{hashes} {md(a.title)}", ""]
        if site.registered(a.id):
            out += [f"Review link: <{site.short_link(a.id)}>", ""]
        out += [f"**Use:** {', '.join(_api(api, site) for api in a.apis)}", "", md(a.why), "",
                f"**Wrong choice when:** {md(a.wrong_when)}", "",
                f"**Read more:** [{md(decisions._see_text(a.see))}]({site.absolute(a.see, src_uri)})", ""]
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def cancel_table_markdown(entries: list[cancel_table.Entry]) -> list[str]:
    out = ["| Crate | Method | Class | What a drop keeps or loses |", "|---|---|---|---|"]
    for e in cancel_table.sorted_entries(entries):
        method = f"[{escape.code_span(e.path)}]({e.docs_url})"
        out.append(f"| {_cell(escape.markdown_inline(e.crate))} | {_cell(method)} | {_cell(escape.markdown_inline(e.label))} "
                   f"| {_cell(escape.markdown_inline(e.note))} |")
    return out + [""]


def catalogue_markdown(site: Site) -> list[str]:
    """The rules catalogue: every registered id with its kind, page and short link."""
    if site.registry is None:
        return []
    kinds = review_ids.KINDS
    out = ["| Rule | Kind | Page | Short link |", "|---|---|---|---|"]
    for e in sorted(site.registry.ids.values(), key=lambda e: (kinds.index(e.kind) if e.kind in kinds else 99,
                                                               e.page, e.title.lower())):
        page = site.absolute(f"{e.page}.md", "index.md")
        out.append(f"| [{_cell(escape.markdown_inline(e.title))}]({page}#{e.id}) | {e.kind} | [{e.page}]({page}) "
                   f"| <{site.short_link(e.id)}> |")
    return out + [""]


# --- reading copies back (tests, llms.txt checks) ----------------------------------------------------

LINK_TARGETS = re.compile(r"\]\([ \t]*(<[^<>\n]*>|[^()\s]+)")
AUTOLINK_URL = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")


def link_targets(markdown: str) -> list[tuple[int, str]]:
    """(line, target) of every link outside code in a Markdown text: inline links and images, reference
    definitions and autolinks."""
    out: list[tuple[int, str]] = []
    mask = fences.code_lines(markdown)
    for index, line in enumerate(markdown.split("\n")):
        if mask[index]:
            continue
        masked = _mask_code(line)
        m = REFERENCE_DEF.match(masked)
        if m:
            out.append((index + 1, m.group("target").strip("<>")))
            continue
        for m in LINK_TARGETS.finditer(masked):
            out.append((index + 1, m.group(1).strip("<>")))
        for m in AUTOLINK_URL.finditer(masked):
            out.append((index + 1, m.group(1)))
    return out


def prose_lines(markdown: str) -> list[tuple[int, str]]:
    """(line, text) of every line outside code blocks, with inline code spans blanked."""
    mask = fences.code_lines(markdown)
    return [(i + 1, _mask_code(line)) for i, line in enumerate(markdown.split("\n")) if not mask[i]]


def code_blocks(markdown: str) -> list[tuple[str, list[str], str]]:
    """(language, body lines, the text just before the block) of every fenced block of a Markdown copy."""
    parsed = fences.parse(markdown, "copy")
    lines = markdown.split("\n")
    out = []
    for f in parsed.fences:
        before = "\n".join(lines[max(0, f.start - 6): f.start - 1])
        out.append((f.language, f.body, before))
    return out
