"""The API index: every crate item the guide mentions, like the index at the back of a book.

Why: a reader who knows the name (`JoinSet::join_next`, `Builder::worker_threads`) wants the place that
explains it, not every page that mentions it in passing. The index lists each item under its crate and
module, with its docs.rs link and the sections that deal with it, the explaining section first.

What counts as a mention (all read from the `docs/*.md` sources, so the result does not depend on the
order MkDocs builds pages in):
- an inline code span that is a path into a taught crate, the same spans the docs.rs autolinker links
  (`fieldguide.docsrs`, front-matter `rust_links` short names included), in prose or in a heading; a
  path written from its type on (`TcpStream::into_split`) when only one item ends so; a hand-written
  docs.rs link to the item's page;
- an item named in a citation's quote (`[^x]: src: tokio src/task/join_set.rs "... `JoinSet` ..."`),
  counted where the footnote is referenced;
- once an item is known, its bare name in a code span (`join_next`, `JoinSet::join_next()`) when that
  name belongs to no other indexed item, or to only one that the same section names, or is the only
  member of that name of a type the section (or, for a name with an underscore, the guide) names;
- a Rust block that uses it: the block (hidden lines included) writes it qualified by its parent
  (`mpsc::channel`), imports it, or calls it as a method on a type it names (`set.join_next()` with
  `JoinSet` in the block).

Ranking of the sections for one item, highest first (ties: a section outside the footgun catalogue,
then more mentions, then reading order):
  its heading names it (8, or 6 when it names other items too) > a block in the section, or in one
  of its sub-sections, uses it (3; 1 for a block that must fail to compile or trip a lint, which shows
  the item misused) > its heading names the item's type or module (2) > each mention in prose (1, at
  most 3).
A section is the text under the nearest preceding heading; its anchor is the heading's explicit
`{ #id }` or, without one, the slug the toc extension gives it (the link checker proves either).

The search index uses the same ranking (`search_keys`): the best section for each item carries the
item's name in a boosted field, so a search for the name lands on the explanation.
"""

from __future__ import annotations

import html as htmlmod
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from fieldguide import citations, docsrs, fences

DIRECTIVE = "<!-- api-index -->"
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*(?:\{(?P<attrs>[^}]*)\})?\s*#*\s*$")
ATTR_ID = re.compile(r"(?:^|\s)#([A-Za-z0-9_:.-]+)")
CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A bare name in a code span: `join_next`, `join_next()`, `JoinSet::join_next`, `select!`, `JoinSet`.
BARE = re.compile(r"^(?:(?P<owner>[A-Za-z_][A-Za-z0-9_]*)::)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<bang>!)?(?:\(\))?$")
SCORE_HEADING, SCORE_EXAMPLE, SCORE_PROSE, PROSE_CAP = 8, 3, 1, 3
SCORE_SHARED_HEADING = 6  # a heading that names this item among others
SCORE_PARENT_HEADING = 2  # a heading that names the item's type or module
SCORE_COUNTEREXAMPLE = 1  # a block that must fail to compile or trip a lint uses it
MISUSE_PAGES = {"footguns-and-pitfalls"}   # its entries explain mistakes: they lose ties
# Names too common to identify an item on their own (std prelude, generic words).
COMMON = {"new", "default", "from", "into", "clone", "drop", "fmt", "next", "map", "get", "set", "len",
          "is_empty", "send", "recv", "poll", "call", "run", "read", "write", "close", "lock", "wait",
          "ready", "Ok", "Err", "Some", "None", "Result", "Option", "Error", "Box", "Pin", "Poll", "Self",
          "build", "spawn", "channel", "Sender", "Receiver", "Builder", "Handle", "Service", "Layer",
          "Body", "Request", "Response", "Item", "Output", "Future", "Stream", "Sink", "Context"}
KIND_LABEL = {"fn": "fn", "method": "method", "tymethod": "method", "struct": "struct", "enum": "enum",
              "trait": "trait", "macro": "macro", "type": "type", "constant": "const", "static": "static",
              "attr": "attribute", "derive": "derive", "variant": "variant", "mod": "module",
              "associatedtype": "assoc. type", "associatedconstant": "assoc. const", "union": "union",
              "traitalias": "trait alias"}


@dataclass(frozen=True)
class Section:
    page: str          # slug, e.g. "pattern-catalog"
    anchor: str        # "" for the page's top (before its first titled section)
    title: str         # the heading as written (Markdown), e.g. "`JoinSet`: dynamic fan-out"
    order: int         # position in reading order over the whole guide
    parent: str = ""   # anchor of the enclosing section (one heading level up), "" for the page top

    @property
    def href(self) -> str:
        return f"{self.page}.md" + (f"#{self.anchor}" if self.anchor else "")

    @property
    def location(self) -> str:
        """The search index's location for this section."""
        return f"{self.page}.html" + (f"#{self.anchor}" if self.anchor else "")


@dataclass
class Entry:
    path: str                                    # canonical item path, e.g. tokio::task::JoinSet
    kind: str
    url: str
    written: set[str] = field(default_factory=set)      # other spellings seen (tokio::spawn)
    scores: dict[Section, int] = field(default_factory=dict)
    prose: dict[Section, int] = field(default_factory=dict)
    counted: set[tuple[Section, str]] = field(default_factory=set)

    def add(self, section: Section, how: str) -> None:
        """Count one mention: "heading" and "example" once per section, "prose" up to PROSE_CAP times."""
        if how == "prose":
            self.prose[section] = self.prose.get(section, 0) + 1
            if self.prose[section] > PROSE_CAP:
                return
        elif (section, how) in self.counted or (how == "counterexample" and (section, "example") in self.counted):
            return
        elif how == "example" and (section, "counterexample") in self.counted:
            self.scores[section] -= SCORE_COUNTEREXAMPLE   # a working example replaces the counterexample
        self.counted.add((section, how))
        gain = {"heading": SCORE_HEADING, "example": SCORE_EXAMPLE, "counterexample": SCORE_COUNTEREXAMPLE,
                "parent-heading": SCORE_PARENT_HEADING}.get(how, SCORE_PROSE)
        self.scores[section] = self.scores.get(section, 0) + gain

    def ranked(self) -> list[Section]:
        """Best first; ties go to a section outside the footgun catalogue (an entry there shows the item
        misused), then to the section that mentions the item most, then to reading order."""
        return sorted(self.scores, key=lambda s: (-self.scores[s], s.page in MISUSE_PAGES,
                                                  -self.prose.get(s, 0), s.order))

    @property
    def name(self) -> str:
        """The name under its module: `JoinSet::join_next`, `spawn`, `select!`."""
        return self.path[len(module_of(self.path, self.kind)) + 2:] + ("!" if self.kind == "macro" else "")


def module_of(path: str, kind: str) -> str:
    """The module an item lives in: `tokio::task` for `tokio::task::JoinSet::join_next`."""
    parts = path.split("::")
    cut = len(parts) - 1
    if kind in docsrs.MEMBER_KINDS:
        cut -= 1
    return "::".join(parts[:max(1, cut)])


# --- reading the sources -------------------------------------------------------------------------------

def split_front_matter(source: str) -> tuple[dict, str, int]:
    """(front matter, body, number of front-matter lines)."""
    if source.startswith("---\n"):
        end = source.find("\n---\n", 4)
        if end != -1:
            meta = yaml.safe_load(source[4:end]) or {}
            body = source[end + 5:]
            return (meta if isinstance(meta, dict) else {}), body, source[:end + 5].count("\n")
    return {}, source, 0


def heading_text(markdown_text: str) -> str:
    """A heading's text as the toc extension sees it: code spans kept as text, markup removed."""
    text = CODE_SPAN.sub(lambda m: m.group(2).strip(), markdown_text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    return htmlmod.unescape(text.replace("\\", ""))


def slugify(text: str) -> str:
    """Python-Markdown's toc slug (markdown.extensions.toc.slugify, default separator)."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


@dataclass
class Page:
    slug: str
    title: str
    sections: list[Section]
    line_section: list[Section]   # section of each body line (0-based)
    body: list[str]
    code: list[bool]
    blocks: list[fences.Fence]
    meta: dict
    by_anchor: dict[str, Section]


FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,})(?P<info>[^`]*)$")


def scan_fences(lines: list[str], path: str) -> tuple[list[bool], list[fences.Fence]]:
    """Code lines and fenced blocks, by the fence lines alone.

    Why not `fences.parse` (markdown-it): it parses every inline span of the page too, and doing that
    again for every page would cost seconds per build. The build has already proved each fence opens
    and closes where CommonMark says (`[unclosed-fence]`, `[swallowed-fence]`, `[hidden-fence]`), so the
    fence lines are all it takes to find them here."""
    code = [False] * len(lines)
    found: list[fences.Fence] = []
    i = 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        marker, indent = m.group("marker"), m.group("indent")
        closing = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            j += 1
        for k in range(i, min(j + 1, len(lines))):
            code[k] = True
        language, attributes, options = fences.split_info(m.group("info"))
        body = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines[i + 1:j]]
        found.append(fences.Fence(path, i + 1, j + 1, indent, marker, language, attributes, options, body))
        i = j + 1
    return code, found


def read_page(slug: str, source: str, order_start: int) -> Page:
    meta, body, _ = split_front_matter(source)
    lines = body.split("\n")
    code, blocks = scan_fences(lines, f"docs/{slug}.md")
    headings = [(i, m) for i, line in enumerate(lines) if not code[i] and (m := HEADING.match(line))]
    h1 = next((m.group("text").strip() for _, m in headings if len(m.group("hashes")) == 1), None)
    title = str(meta.get("title") or h1 or slug)
    top = Section(slug, "", title, order_start)
    sections, used, starts = [top], set(), {}
    stack: list[tuple[int, str]] = []   # (level, anchor) of the enclosing headings
    for i, m in headings:
        level = len(m.group("hashes"))
        if level == 1:
            continue
        explicit = ATTR_ID.search(m.group("attrs") or "")
        anchor = explicit.group(1) if explicit else slugify(heading_text(m.group("text")))
        base, n = anchor, 0
        while anchor in used:
            n += 1
            anchor = f"{base}_{n}"
        used.add(anchor)
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else ""
        stack.append((level, anchor))
        starts[i] = Section(slug, anchor, m.group("text").strip(), order_start + len(sections), parent)
        sections.append(starts[i])
    line_section, current = [], top
    for i in range(len(lines)):
        current = starts.get(i, current)
        line_section.append(current)
    by_anchor = {s.anchor: s for s in sections}
    return Page(slug, title, sections, line_section, lines, code, blocks, meta, by_anchor)


# --- collecting -------------------------------------------------------------------------------------

class Collector:
    def __init__(self, index: docsrs.Index) -> None:
        self.index = index
        self.entries: dict[str, Entry] = {}

    def entry(self, written: str) -> Entry | None:
        path = self.index.canonical(written)
        if path is None or "::" not in path:
            return None   # unknown, or a whole crate (`axum::http` is the http crate)
        found = self.entries.get(path)
        if found is None:
            kind, url = self.index.lookup(path)
            found = self.entries[path] = Entry(path, kind, url)
        if written != path:
            found.written.add(written)
        return found

    def add_page(self, page: Page) -> None:
        short = {str(k): str(v) for k, v in (page.meta.get("rust_links") or {}).items()}
        for i, line in enumerate(page.body):
            if page.code[i]:
                continue
            section = page.line_section[i]
            m = HEADING.match(line)
            if m and len(m.group("hashes")) > 1:
                for span in CODE_SPAN.finditer(m.group("text")):
                    path = docsrs.span_path(span.group(2), short)
                    entry = self.entry(path) if path else None
                    if entry:
                        entry.add(section, "heading")
                continue
            if line.lstrip().startswith("[^"):
                continue  # footnote bodies: counted where they are referenced
            counted = set()
            for span in CODE_SPAN.finditer(line):
                path = docsrs.span_path(span.group(2), short) or self.suffix_path(span.group(2))
                entry = self.entry(path) if path else None
                if entry:
                    entry.add(section, "prose")
                    counted.add(entry.path)
            for link in docsrs.DOCS_RS_LINK.finditer(line):
                entry = self.entry(self.link_path(link)) if self.link_path(link) else None
                if entry and entry.path not in counted:
                    entry.add(section, "prose")

    def link_path(self, link: re.Match) -> str | None:
        """The item a hand-written docs.rs link points at (`.../tokio/sync/struct.Barrier.html` is
        tokio::sync::Barrier, `#method.x` adds `::x`), if it is a taught crate's item."""
        if link.group("crate").replace("-", "_") not in docsrs.TAUGHT:
            return None
        parts = [p for p in (link.group("file") or "").split("/") if p]
        if not parts:
            return None
        if parts[-1] == "index.html":
            path = "::".join(parts[:-1])
        else:
            m = docsrs.ITEM_FILE.match(parts[-1])
            if not m:
                return None
            path = "::".join([*parts[:-1], m.group(2)])
        anchor = link.group("anchor") or ""
        member = re.match(r"^(?:method|tymethod|variant|associatedtype|associatedconstant)\.(\w+)$", anchor)
        if member:
            path += "::" + member.group(1)
        return path if path in self.index.items else None

    def suffix_path(self, text: str) -> str | None:
        """A path written from its type or module on (`TcpStream::into_split`,
        `watch::Receiver::borrow_and_update`), when exactly one item of a taught crate ends so."""
        m = re.fullmatch(r"([A-Za-z_]\w*(?:::[A-Za-z_]\w*)+)!?(?:\(\))?", text.strip())
        if not m or m.group(1).split("::")[0] in docsrs.TAUGHT:
            return None
        tail = "::" + m.group(1)
        last = m.group(1).rsplit("::", 1)[1]
        found = {self.index.canonical(p) for crate in docsrs.TAUGHT
                 for p in self._by_last(crate).get(last, []) if p.endswith(tail)}
        found.discard(None)
        return found.pop() if len(found) == 1 else None

    def add_citations(self, page: Page) -> None:
        found, _ = citations.scan("\n".join(page.body), f"docs/{page.slug}.md", 0, page.code)
        named = {c.label: self.cited_items(c) for c in found}
        for i, line in enumerate(page.body):
            if page.code[i] or line.lstrip().startswith("[^"):
                continue
            for ref in FOOTNOTE_REF.finditer(line):
                for entry in named.get(ref.group(1), []):
                    entry.add(page.line_section[i], "prose")

    def cited_items(self, citation: citations.Citation) -> list[Entry]:
        """Items a citation's quote names: a backticked, CamelCase, `fn`-declared or snake_case name that
        is an item of the cited crate, told apart from same-named items by the cited file's path."""
        crate = citation.crate.replace("-", "_")
        if crate not in docsrs.TAUGHT:
            return []
        quote = citation.quote
        names = set(re.findall(r"`([^`]+)`", quote))
        names |= set(re.findall(r"\b(?:fn|struct|enum|trait|type|macro_rules!)\s+([A-Za-z_]\w*)", quote))
        names |= {w for w in IDENT.findall(quote) if re.match(r"^[A-Z][a-z0-9]+[A-Z]\w*$", w)}
        if re.search(r"[;({]", quote):
            names |= {w for w in IDENT.findall(quote) if "_" in w.strip("_") and w.islower()}
        out = []
        hint = set(re.split(r"[/_.]", citation.file))
        for name in names:
            name = name.strip().rstrip("!").removesuffix("()")
            for candidate in self.items_named(crate, name, hint):
                entry = self.entry(candidate)
                if entry:
                    out.append(entry)
        return out

    def items_named(self, crate: str, name: str, hint: set[str]) -> list[str]:
        parts = name.split("::")
        if not all(IDENT.fullmatch(p) for p in parts) or (len(parts) == 1 and parts[0] in COMMON):
            return []
        tail = "::" + name
        found = [p for p in self._by_last(crate).get(parts[-1], []) if p.endswith(tail)]
        if len(found) > 1:
            near = [p for p in found if hint & {s.lower() for s in p.split("::")}]
            found = near or found
        if len(found) > 1:
            found = [p for p in found if self.index.items[p] not in docsrs.MEMBER_KINDS] or found
        return found if len(found) == 1 else []

    def _by_last(self, crate: str) -> dict[str, list[str]]:
        """Items of a crate by their last path segment (modules left out), built once."""
        if not hasattr(self, "_last"):
            self._last: dict[str, dict[str, list[str]]] = {}
            for path, kind in self.index.items.items():
                if kind != "mod":
                    crate, last = path[:path.find("::")], path[path.rfind("::") + 2:]
                    self._last.setdefault(crate, {}).setdefault(last, []).append(path)
        return self._last.get(crate, {})

    def add_examples(self, page: Page) -> None:
        """Second pass, once every item is known: the Rust blocks that use an item."""
        by_name: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            by_name.setdefault(entry.path[entry.path.rfind("::") + 2:], []).append(entry)
        for block in page.blocks:
            if block.language != "rust":
                continue
            facts = BlockFacts.of("\n".join(line for _, line in fences.compiled_source(block)))
            section = page.line_section[block.start - 1]
            # The example counts for its section and the one enclosing it: an h3 that introduces an
            # item is explained by the examples of its h4s too.
            credited = [section] + ([page.by_anchor[section.parent]] if section.parent else [])
            # A block that must fail (compile_fail, lint=) shows the item misused: it explains less.
            how = "counterexample" if block.has("compile_fail") or block.lint else "example"
            for entry in (e for name in facts.idents & by_name.keys() for e in by_name[name]):
                if facts.uses(entry):
                    for target in credited:
                        entry.add(target, how)

    def add_bare_names(self, page: Page, named_in: dict[Section, set[str]]) -> None:
        """Third pass: bare names in prose and headings (`join_next`, `select!`), and plain words in
        headings ("mpsc: many producers, one consumer"), resolved with what each section names."""
        by_name: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            by_name.setdefault(entry.path.rsplit("::", 1)[1], []).append(entry)
        for i, line in enumerate(page.body):
            if page.code[i] or line.lstrip().startswith("[^"):
                continue
            section = page.line_section[i]
            named = named_in.get(section, set())
            heading = HEADING.match(line)
            text = heading.group("text") if heading else line
            for span in CODE_SPAN.finditer(text):
                entry = self.bare_name(span.group(2).strip(), by_name, named)
                if entry:
                    entry.add(section, "heading" if heading else "prose")
            if heading:
                words = set(IDENT.findall(CODE_SPAN.sub(" ", text)))
                for path in {_parent(p) for p in named} | named:
                    if path in self.entries and path.rsplit("::", 1)[1] in words:
                        self.entries[path].add(section, "heading")
                # A heading about the type or module (`JoinSet`, "mpsc") partly names its members.
                everything = set(IDENT.findall(text))
                for path in named:
                    if (section, "heading") in self.entries[path].counted:
                        continue   # the heading names the item itself
                    if "::" in _parent(path) and _parent(path).rsplit("::", 1)[1] in everything:
                        self.entries[path].add(section, "parent-heading")

    def named_in(self) -> dict[Section, set[str]]:
        out: dict[Section, set[str]] = {}
        for entry in self.entries.values():
            for section in entry.scores:
                out.setdefault(section, set()).add(entry.path)
        return out

    def bare_name(self, text: str, by_name: dict[str, list[Entry]], named: set[str]) -> Entry | None:
        """The item a code span such as `join_next`, `JoinSet::join_next()`, `mpsc::channel` or
        `select!` names, when that is clear: the only known item of that name (and not a common word),
        or the only one of that name the section also names by its full path; failing that, the only
        member of that name of a type the section names (`poll_ready` next to `tower::Service`), or,
        for a snake_case name with an underscore, of any type the guide names."""
        m = BARE.match(text)
        if not m or docsrs.span_path(text, {}):
            return None   # not a bare name (full paths were counted in the first pass)
        name, owner = m.group("name"), m.group("owner")
        candidates = [e for e in by_name.get(name, []) if (m.group("bang") is not None) == (e.kind == "macro")]
        if owner:
            candidates = [e for e in candidates if e.path.split("::")[-2] == owner]
        elif name in COMMON:
            candidates = [e for e in candidates if e.path in named]
        if len(candidates) > 1:
            candidates = [e for e in candidates if e.path in named or _parent(e.path) in named]
        if not candidates and not m.group("bang"):
            # A member of a type the section names, else of any type the guide names, if only one.
            for owners in (named, self.entries.keys() if name not in COMMON and "_" in name else ()):
                members = {f"{p}::{name}" for p in owners if not owner or p.rsplit("::", 1)[-1] == owner}
                members = {p for p in members if self.index.items.get(p) in docsrs.MEMBER_KINDS}
                if len(members) > 1:   # implementations of a trait's method: the trait defines it
                    members = {p for p in members if self.index.items[p] == "tymethod"} or members
                if members:
                    return self.entry(members.pop()) if len(members) == 1 else None
        return candidates[0] if len(candidates) == 1 else None


@dataclass
class BlockFacts:
    """What a Rust block (hidden lines included) names, precomputed once per block."""

    idents: set[str]
    paths: set[str]            # every run of two or more `::`-joined segments (`mpsc::channel`, ...)
    methods: set[str]          # names after a `.` (`.join_next()`)
    imports: list[set[str]]    # identifiers of each `use` statement

    @classmethod
    def of(cls, source: str) -> BlockFacts:
        paths = set()
        for chain in re.findall(r"[A-Za-z_]\w*(?:::[A-Za-z_]\w*)+", source):
            parts = chain.split("::")
            for a in range(len(parts)):
                for b in range(a + 2, len(parts) + 1):
                    paths.add("::".join(parts[a:b]))
        return cls(set(IDENT.findall(source)), paths, set(re.findall(r"\.\s*([A-Za-z_]\w*)", source)),
                   [set(IDENT.findall(u)) for u in re.findall(r"\buse\s+([^;]+);", source)])

    def uses(self, entry: Entry) -> bool:
        """The block writes the item qualified by its parent (`mpsc::channel`, `JoinSet::new`,
        `tokio::spawn`), imports it (`use tokio::task::JoinSet;`, `use tokio::sync::{mpsc, Mutex};`), or
        calls it as a method on a type it names (`.join_next()` with `JoinSet` in the block). Modules
        are not counted: importing one says little about what a section explains."""
        if entry.kind == "mod":
            return False
        parts = entry.path.split("::")
        name = parts[-1]
        if name not in self.idents:
            return False
        if {entry.path, *entry.written, f"{parts[-2]}::{name}"} & self.paths:
            return True
        if entry.kind in docsrs.MEMBER_KINDS:
            return name in self.methods and parts[-2] in self.idents
        return any(name in u and parts[-2] in u for u in self.imports)


def _parent(path: str) -> str:
    return path.rsplit("::", 1)[0]


def build(pages: list[tuple[str, str]], index: docsrs.Index) -> tuple[dict[str, Entry], dict[str, str]]:
    """pages: (slug, source) in reading (nav) order -> (canonical path -> Entry, slug -> page title)."""
    read, order = [], 0
    for slug, source in pages:
        page = read_page(slug, source, order)
        order += len(page.sections) + 1
        read.append(page)
    return collect(read, index), {page.slug: page.title for page in read}


def collect(read: list[Page], index: docsrs.Index) -> dict[str, Entry]:
    """Every item the pages (in reading order) mention -> its Entry."""
    collector = Collector(index)
    for page in read:
        collector.add_page(page)
        collector.add_citations(page)
    for page in read:
        collector.add_examples(page)
    named_in = collector.named_in()
    for page in read:
        collector.add_bare_names(page, named_in)
    # A heading that names several items explains each a little less than one about it alone.
    named_by_heading: dict[Section, list[Entry]] = {}
    for entry in collector.entries.values():
        for section, how in entry.counted:
            if how == "heading":
                named_by_heading.setdefault(section, []).append(entry)
    for section, named in named_by_heading.items():
        if len(named) > 1:
            for entry in named:
                entry.scores[section] -= SCORE_HEADING - SCORE_SHARED_HEADING
    return {p: e for p, e in collector.entries.items() if e.scores}


# --- output ---------------------------------------------------------------------------------------------

def render(entries: dict[str, Entry], page_titles: dict[str, str], max_sections: int = 6) -> str:
    """The index as Markdown: a section per crate, a sub-section per module, one line per item."""
    out: list[str] = []
    by_crate: dict[str, dict[str, list[Entry]]] = {}
    for entry in entries.values():
        crate = entry.path.split("::")[0]
        by_crate.setdefault(crate, {}).setdefault(module_of(entry.path, entry.kind), []).append(entry)
    crates = sorted(by_crate, key=lambda c: (c not in docsrs.TAUGHT, list(docsrs.TAUGHT).index(c)
                                             if c in docsrs.TAUGHT else 0, c))
    total = len(entries)
    out.append(f"{total} items in {len(crates)} crates. Each item links its documentation on docs.rs and then the "
               "sections of this guide that deal with it, the one that explains it first.")
    out.append("")
    for crate in crates:
        out.append(f"## {crate.replace('_', '-')}")
        out.append("")
        for module in sorted(by_crate[crate], key=lambda m: (m != crate, m.lower())):
            if module != crate:   # items at the crate root are listed under the crate's own heading
                out.append(f"### `{module}`")
                out.append("")
            for entry in sorted(by_crate[crate][module], key=lambda e: e.name.lower()):
                ranked = entry.ranked()
                links = [_section_link(s, page_titles) for s in ranked[:max_sections]]
                more = len(ranked) - max_sections
                tail = f" and {more} more" if more > 0 else ""
                aka = ""
                if entry.written:
                    aka = " (also " + ", ".join(f"`{w}`" for w in sorted(entry.written)) + ")"
                out.append(f"- [`{entry.name}`]({entry.url}) {KIND_LABEL.get(entry.kind, entry.kind)}{aka}: "
                           + "; ".join(links) + tail)
            out.append("")
    return "\n".join(out)


def _section_link(section: Section, page_titles: dict[str, str]) -> str:
    page = page_titles.get(section.page, section.page)
    title = section.title if section.anchor else page
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)
    label = f"{title} ({page})" if section.anchor else title
    return f"[{label}]({section.href})"


def search_keys(entries: dict[str, Entry]) -> dict[str, list[str]]:
    """Search location -> paths of the items whose explaining (first-ranked) section it is, with the
    other spellings seen (`tokio::spawn` for tokio::task::spawn); the search tokenizer splits them into
    crate, module and item names."""
    out: dict[str, list[str]] = {}
    for entry in entries.values():
        ranked = entry.ranked()
        if ranked:
            names = out.setdefault(ranked[0].location, [])
            for name in (entry.path, *sorted(entry.written)):
                if name not in names:
                    names.append(name)
    return out
