"""Permanent review ids: the registry in data/review-ids.yml, its checks, short links and catalogue.

Why: reviewers paste links to one rule into code reviews, and those links must work for years. Every
explicit heading id on a content page (`## Title { #some-id }`) is registered with its page, title and
kind. The build fails when a registered id disappears from its page, when an explicit id is not
registered, when an id that was ever published is deleted from the registry, or when a retired id has
no valid target. Each id gets a static redirect page at `r/<id>/` and a "copy review link" button.

Registry format (data/review-ids.yml):

    ids:
      lock-across-await:
        page: footguns-and-pitfalls
        title: Holding a std MutexGuard across .await
        kind: footgun            # footgun | pattern | recipe | decision | section
        why: optional one-line reason for the review comment (default: first sentence of the section)
        aliases: [old-fragment]  # fragments the heading used to have; they still land here
    retired:
      old-id: {target: lock-across-await}      # or page#anchor
    published: [every id ever registered, sorted]   # append-only
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from fieldguide import DATA_DIR, DOCS_DIR, REPO_ROOT, escape, fences
from fieldguide.report import Problem

h = escape.html_text  # every registry string reaches HTML through this

REGISTRY_FILE = DATA_DIR / "review-ids.yml"
KINDS = ("footgun", "pattern", "recipe", "decision", "section")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*\{([^}]*)\}\s*$")
ATTR_ID = re.compile(r"(?:^|\s)#([A-Za-z0-9_:.-]+)")
GENERATED_LINE = re.compile(r'data-fg-line="(\d+)"')  # set by hooks that generate headings
ENTRY_KEYS = {"page", "title", "kind", "why", "aliases"}
# Guess used only by --register-new; a human can change the kind afterwards.
KIND_BY_PAGE = {"footguns-and-pitfalls": "footgun", "pattern-catalog": "pattern",
                "graceful-shutdown": "recipe", "cancellation-safety": "recipe"}




@dataclass
class Entry:
    id: str
    page: str
    title: str
    kind: str
    line: int
    why: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Registry:
    ids: dict[str, Entry]
    retired: dict[str, tuple[str, int]]        # id -> (target, line)
    published: list[str]
    problems: list[Problem]
    path: str

    def resolve(self, ident: str) -> str | None:
        """`page#anchor` for a current or retired id (retired chains are followed)."""
        seen = set()
        while ident in self.retired and ident not in seen:
            seen.add(ident)
            ident = self.retired[ident][0]
        if "#" in ident:
            return ident
        entry = self.ids.get(ident)
        return f"{entry.page}#{entry.id}" if entry else None


# --- loading with line numbers -------------------------------------------------------------------

def _mapping(node, path: str, problems: list[Problem]) -> dict[str, tuple[object, int]]:
    """A YAML mapping node as {key: (node, line)}, reporting duplicate keys (PyYAML keeps the last)."""
    out: dict[str, tuple[object, int]] = {}
    if node is None:
        return out
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(path, node.start_mark.line + 1, "registry-format", "expected a mapping"))
        return out
    for key_node, value_node in node.value:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key in out:
            problems.append(Problem(path, line, "duplicate-id",
                                    f"{key!r} is listed twice (first at line {out[key][1]}); keep one entry"))
        out[key] = (value_node, line)
    return out


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _value(node) -> object:
    """A composed YAML node as plain Python data. Why not serialize and re-load each node: that was
    a third of the registry's load time (368 entries), paid on every build and every `mkdocs serve`
    reload."""
    if node is None:
        return None
    return yaml.constructor.SafeConstructor().construct_document(node)


def load(path: Path = REGISTRY_FILE) -> Registry:
    rel = _rel(path)
    problems: list[Problem] = []
    # The C loader (libyaml, shipped in PyYAML's wheels) composes the same nodes with line marks.
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) if path.exists() else None
    top = _mapping(root, rel, problems)
    for key, (_, line) in top.items():
        if key not in ("ids", "retired", "published"):
            problems.append(Problem(rel, line, "registry-format", f"unknown top-level key {key!r}"))
    ids: dict[str, Entry] = {}
    for ident, (node, line) in _mapping(top.get("ids", (None, 0))[0], rel, problems).items():
        data = _value(node) or {}
        unknown = set(data) - ENTRY_KEYS
        if unknown:
            problems.append(Problem(rel, line, "registry-format", f"{ident}: unknown keys {sorted(unknown)}"))
        missing = {"page", "title", "kind"} - set(data)
        if missing:
            problems.append(Problem(rel, line, "registry-format", f"{ident}: missing {sorted(missing)}"))
            continue
        if not ID_RE.match(ident):
            problems.append(Problem(rel, line, "bad-id", f"{ident!r} is not lowercase kebab-case"))
        if data["kind"] not in KINDS:
            problems.append(Problem(rel, line, "registry-format",
                                    f"{ident}: kind {data['kind']!r} is not one of {', '.join(KINDS)}"))
        ids[ident] = Entry(ident, data["page"], str(data["title"]), data["kind"], line, data.get("why"),
                           list(data.get("aliases") or []))
    retired: dict[str, tuple[str, int]] = {}
    for ident, (node, line) in _mapping(top.get("retired", (None, 0))[0], rel, problems).items():
        data = _value(node) or {}
        target = data.get("target") if isinstance(data, dict) else None
        if not target:
            problems.append(Problem(rel, line, "retired-without-target",
                                    f"retired id {ident!r} needs `target: <id or page#anchor>`"))
            continue
        if ident in ids:
            problems.append(Problem(rel, line, "duplicate-id", f"{ident!r} is both current and retired"))
        retired[ident] = (str(target), line)
    published_node = top.get("published", (None, 0))[0]
    published = [str(v) for v in (_value(published_node) or [])] if published_node else []
    return Registry(ids, retired, published, problems, rel)


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


# --- ids on pages --------------------------------------------------------------------------------

@dataclass(frozen=True)
class HeadingId:
    id: str
    title: str
    line: int
    level: int = 2


def explicit_heading_ids(markdown: str, path: str = "", line_offset: int = 0) -> list[HeadingId]:
    """Headings with an explicit `{ #id }` attribute, outside code fences."""
    lines = markdown.split("\n")
    in_fence = fences.fenced_lines(markdown, path)
    out = []
    for index, line in enumerate(lines):
        if in_fence[index]:
            continue
        m = HEADING.match(line)
        if m:
            ident = ATTR_ID.search(m.group(3))
            if ident:
                generated = GENERATED_LINE.search(m.group(3))
                line = int(generated.group(1)) if generated else index + 1 + line_offset
                out.append(HeadingId(ident.group(1), m.group(2).strip(), line, len(m.group(1))))
    return out


def check(registry: Registry, page_ids: dict[str, list[HeadingId]]) -> list[Problem]:
    """All registry problems. `page_ids` maps page slug (e.g. "footguns-and-pitfalls") to the explicit
    heading ids found on it (after other hooks expanded their directives)."""
    problems = list(registry.problems)
    where: dict[str, tuple[str, int]] = {}
    # The registered page's heading is the original; any other heading with the same id is the duplicate
    # (not a move), whichever page sorts first.
    def registered_first(item):
        page, h = item
        entry = registry.ids.get(h.id)
        return (0 if entry is not None and entry.page == page else 1, page, h.line)

    occurrences = sorted(((page, h) for page, headings in page_ids.items() for h in headings), key=registered_first)
    for page, h in occurrences:
        if h.id in where:
            first_page, first_line = where[h.id]
            problems.append(Problem(f"docs/{page}.md", h.line, "duplicate-id",
                                    f"#{h.id} is already used at docs/{first_page}.md:{first_line}; ids are "
                                    "site-wide (they become /r/<id>/), pick another"))
            continue
        where[h.id] = (page, h.line)
        entry = registry.ids.get(h.id)
        if entry is None:
            problems.append(Problem(f"docs/{page}.md", h.line, "unregistered-id",
                                    f"heading id #{h.id} is not in {registry.path}; register it "
                                    "(run `make register-ids`, then check the kind it guessed) or remove the id"))
        elif entry.page != page:
            problems.append(Problem(registry.path, entry.line, "moved-id",
                                    f"{h.id} is registered on page {entry.page!r} but the heading is on "
                                    f"docs/{page}.md:{h.line}; update `page:`"))
    for ident, entry in registry.ids.items():
        if ident not in where:
            problems.append(Problem(registry.path, entry.line, "missing-heading",
                                    f"{ident} is registered for docs/{entry.page}.md but no heading there has "
                                    f"{{ #{ident} }}; restore it, or retire the id with a target"))
        if not ID_RE.match(ident):
            continue
    current = set(registry.ids) | set(registry.retired)
    for ident in registry.published:
        if ident not in current:
            problems.append(Problem(registry.path, 1, "deleted-id",
                                    f"{ident} was published and must never disappear; add it back under "
                                    "`ids:` or under `retired:` with a target"))
    for ident in sorted(current - set(registry.published)):
        line = registry.ids[ident].line if ident in registry.ids else registry.retired[ident][1]
        problems.append(Problem(registry.path, line, "unpublished-id",
                                f"{ident} is missing from `published:` (the append-only list); add it"))
    for ident, (target, line) in registry.retired.items():
        base = target.split("#")[0]
        if "#" in target:
            page, anchor = target.split("#", 1)
            if page not in page_ids or not any(h.id == anchor for h in page_ids[page]):
                problems.append(Problem(registry.path, line, "retired-without-target",
                                        f"retired id {ident} points at {target}, which does not exist"))
        elif base not in registry.ids and base not in registry.retired:
            problems.append(Problem(registry.path, line, "retired-without-target",
                                    f"retired id {ident} points at {target!r}, which is not a registered id"))
    return problems


# --- rendering -------------------------------------------------------------------------------------

def page_url(page: str) -> str:
    return f"{page}.html"


def redirect_html(ident: str, target: str, title: str, site_url: str) -> str:
    """The static page served at r/<id>/index.html: canonical link, meta refresh, JS replace, and a
    plain link, so it works from file://, without JS, and for crawlers."""
    page, _, anchor = target.partition("#")
    relative = f"../../{page_url(page)}#{anchor}"
    canonical = f"{site_url.rstrip('/')}/{page_url(page)}#{anchor}" if site_url else relative
    t = h(title)
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{t} · Async Rust Field Guide</title>\n"
        f"<link rel=\"canonical\" href=\"{h(canonical)}\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={h(relative)}\">\n"
        f"<script>location.replace({escape.script_json(relative)});</script>\n"
        "</head>\n<body>\n"
        f"<p>Review link <code>{h(ident)}</code>: <a href=\"{h(relative)}\">{t}</a></p>\n"
        "</body>\n</html>\n"
    )


def first_sentence(text: str, limit: int = 220) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = m.group(1) if m else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def review_markdown(entry: Entry, why: str, site_url: str) -> str:
    """The Markdown a reviewer pastes: linked title (short link), then the one-line why."""
    link = f"{site_url.rstrip('/')}/r/{entry.id}/" if site_url else f"r/{entry.id}/"
    return f"[{entry.title}]({link}): {why}" if why else f"[{entry.title}]({link})"


SECTION_AFTER_HEADING = re.compile(r"<h([1-6])[^>]*\bid=\"([^\"]+)\"[^>]*>.*?</h\1>(.*?)(?=<h[1-6][\s>]|$)", re.S)


def review_comments(page_html: str, registry: Registry, page: str, site_url: str) -> dict[str, str]:
    """id -> Markdown review comment for every registered heading in this page's HTML.

    The page's script turns these into "copy review link" buttons next to the headings. They are not
    rendered into the headings server-side, because the search index and the table of contents would
    then carry the button text as part of every heading."""
    out: dict[str, str] = {}
    for m in SECTION_AFTER_HEADING.finditer(page_html):
        ident, rest = m.group(2), m.group(3)
        entry = registry.ids.get(ident)
        if entry is None or entry.page != page:
            continue
        out[ident] = review_markdown(entry, entry.why or rule_statement(rest), site_url)
    return out


LEAD_LABEL = re.compile(r"^\s*<strong>[^<]{1,40}</strong>\s*", re.S)
BLOCK_TEXT = re.compile(r"<(p|li)\b[^>]*>(.*?)</\1>", re.S)
CODE = re.compile(r"<code\b[^>]*>.*?</code>", re.S)


def _first_sentence_of_block(inner: str) -> str:
    """First sentence of one block's HTML, with code spans kept whole (their `.` and `?` are not ends)."""
    codes: list[str] = []

    def keep(code: re.Match) -> str:
        codes.append(html.unescape(re.sub(r"<[^>]+>", "", code.group(0))))
        return f"\x00{len(codes) - 1}\x00"

    inner = re.sub(r'<sup id="fnref[^"]*".*?</sup>', "", inner, flags=re.S)  # footnote markers
    text = html.unescape(re.sub(r"<[^>]+>", "", CODE.sub(keep, inner)))
    sentence = first_sentence(text)
    rest = re.sub(r"\s+", " ", text).strip()[len(sentence):].strip()
    if len(sentence) < 40 and rest:
        # A short opener ("Rust has no async drop.") is a premise, not the rule: keep the next sentence too.
        sentence = f"{sentence} {first_sentence(rest)}"
    return re.sub(r"\x00(\d+)\x00", lambda c: codes[int(c.group(1))], sentence)


def rule_statement(section_html: str) -> str:
    """The first real sentence of a section: the one-line rule a copied review comment ends with.

    Why not just the first paragraph: footgun entries open with a bold label ("**What happens.**"),
    recipes with a lead-in ending in a colon, and some sections with a list, so "first sentence of the
    first <p>" gave "What happens." for 119 of 368 ids. Labels are stripped, lead-ins and fragments
    skipped, and `?` or `.` inside code does not end a sentence."""
    for m in BLOCK_TEXT.finditer(section_html):
        if "fg-badge" in m.group(2) or "fg-run" in m.group(2):
            continue  # a code block's badge or Run link, not prose
        sentence = _first_sentence_of_block(LEAD_LABEL.sub("", m.group(2)))
        if len(sentence) >= 20 and len(sentence.split()) >= 4 and not sentence.endswith(":") \
                and "Run ▸" not in sentence:
            return sentence
    return ""


def aliases_for_page(registry: Registry, page: str) -> dict[str, str]:
    return {alias: e.id for e in registry.ids.values() if e.page == page for alias in e.aliases}


CATALOGUE_CHUNK_ROWS = 24


def catalogue_markdown(registry: Registry) -> str:
    """The rules catalogue: one row per id, filterable by kind and text (filter kept in the URL).

    Why chunks: one 368-row table costs every style and layout pass on the page (about a second of main
    thread on a throttled phone, each time Material touches the palette or measures the header). The rows
    are split into small tables of CATALOGUE_CHUNK_ROWS rows that share fixed column widths, so they read
    as one table; each chunk is `content-visibility: auto`, so chunks off screen cost nothing until the
    reader scrolls to them. Every chunk keeps its header row for screen readers (visually hidden after
    the first)."""
    rows = []
    for e in sorted(registry.ids.values(), key=lambda e: (KINDS.index(e.kind), e.page, e.title.lower())):
        rows.append(
            f'<tr data-kind="{h(e.kind)}"><td><a href="{h(page_url(e.page))}#{h(e.id)}">{h(e.title)}</a></td>'
            f'<td>{h(e.kind)}</td><td><a href="{h(page_url(e.page))}">{h(e.page)}</a></td>'
            f'<td><a href="r/{h(e.id)}/"><code>r/{h(e.id)}/</code></a></td></tr>')
    columns = ('<colgroup><col class="fg-rules__rule"><col class="fg-rules__kind"><col class="fg-rules__page">'
               '<col class="fg-rules__link"></colgroup>')
    chunks = []
    for start in range(0, len(rows), CATALOGUE_CHUNK_ROWS):
        head_class = "" if start == 0 else ' class="fg-visually-hidden"'
        chunks.append(
            f'<div class="fg-rules-chunk"><table class="fg-rules">{columns}\n'
            f'<thead{head_class}><tr><th scope="col">Rule</th><th scope="col">Kind</th><th scope="col">Page</th>'
            '<th scope="col">Short link</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows[start:start + CATALOGUE_CHUNK_ROWS]) + "\n</tbody>\n</table></div>")
    options = "".join(f'<option value="{h(k)}">{h(k)}</option>' for k in KINDS)
    return (
        '<form class="fg-rules-filter" role="search" onsubmit="return false">\n'
        '<label for="fg-rules-q">Filter</label> <input id="fg-rules-q" type="search" name="q" '
        'placeholder="id, title or page">\n'
        f'<label for="fg-rules-kind">Kind</label> <select id="fg-rules-kind" name="kind"><option value="">all</option>'
        f'{options}</select>\n<output id="fg-rules-count" aria-live="polite"></output>\n</form>\n\n'
        '<div class="fg-rules-catalogue">\n' + "\n".join(chunks) + "\n</div>\n"
    )


# --- maintenance CLI -------------------------------------------------------------------------------

def scan_docs(docs: Path = DOCS_DIR) -> dict[str, list[HeadingId]]:
    """Explicit heading ids per page, with decision-tree directives expanded as the build does."""
    from fieldguide import decisions

    trees = decisions.load_all()
    out = {}
    for path in sorted(docs.glob("*.md")):
        text, _ = decisions.expand(path.read_text(encoding="utf-8"), trees, f"docs/{path.name}")
        out[path.stem] = explicit_heading_ids(text, f"docs/{path.name}")
    return out


def decision_answer_ids() -> set[str]:
    from fieldguide import decisions

    return {a for tree in decisions.load_all().values() for a in tree.answers}


def guess_kind(page: str, headings: list[HeadingId], index: int) -> str:
    """Kind for a newly registered heading: an entry of a catalogue page (a heading with no explicit-id
    sub-headings) takes the page's kind; group headings and checklists are sections."""
    h = headings[index]
    if h.id.endswith("review-checklist") or page not in KIND_BY_PAGE:
        return "section"
    following = headings[index + 1] if index + 1 < len(headings) else None
    is_leaf = following is None or following.level <= h.level
    return KIND_BY_PAGE[page] if is_leaf and not h.id.endswith(("-summary", "-lint-setup")) else "section"


def register_new(path: Path = REGISTRY_FILE, docs: Path = DOCS_DIR) -> list[str]:
    """Append every unregistered explicit heading id to the registry (and to `published`)."""
    data = yaml.safe_load(path.read_text()) if path.exists() else {}
    data = data or {}
    ids = data.setdefault("ids", {}) or {}
    data["ids"] = ids
    data.setdefault("retired", {})
    published = set(data.get("published") or [])
    answers = decision_answer_ids()
    added = []
    for page, headings in scan_docs(docs).items():
        for index, h in enumerate(headings):
            if h.id not in ids and h.id not in (data["retired"] or {}):
                title = re.sub(r"`", "", h.title)
                kind = "decision" if h.id in answers else guess_kind(page, headings, index)
                ids[h.id] = {"page": page, "title": title, "kind": kind}
                added.append(h.id)
    data["published"] = sorted(published | set(ids) | set(data["retired"] or {}))
    body = yaml.safe_dump({"ids": ids}, sort_keys=False, allow_unicode=True, width=110)
    body += yaml.safe_dump({"retired": data["retired"] or {}}, sort_keys=False, allow_unicode=True)
    body += yaml.safe_dump({"published": data["published"]}, sort_keys=False, width=110)
    path.write_text(REGISTRY_HEADER + body)
    return added


REGISTRY_HEADER = """\
# Permanent review ids (see hooks/fieldguide/review_ids.py for the rules).
# Every explicit heading id on a page is registered here. Never delete an id: retire it with a target.
# `published` is append-only; the build fails when an id in it disappears.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check or extend data/review-ids.yml")
    parser.add_argument("--register-new", action="store_true", help="add unregistered heading ids")
    args = parser.parse_args(argv)
    if args.register_new:
        for ident in register_new():
            print(f"registered {ident}")
    problems = check(load(), scan_docs())
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
