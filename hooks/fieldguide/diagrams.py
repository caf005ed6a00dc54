"""Every mermaid diagram the site draws, with the source line it comes from, and its pre-rendered SVG.

Why collected: a diagram with a syntax error builds fine and only shows an error box in the reader's
browser. mermaid's own parser is the only reliable judge of its syntax, and it runs in a browser, so
the test suite hands it each diagram collected here and reports failures as `docs/<page>.md:<line>`
(or the decision-tree file that generates the diagram). Every page is covered, not a list of pages.

Why described: a drawing says nothing to a screen reader. Each diagram carries mermaid's `accTitle:`
and `accDescr:` (or `accDescr { ... }`), which become the SVG's name and description; a diagram
without both fails the build (`[diagram-undescribed]`).

Why pre-rendered: the mermaid renderer weighs ~760 KB gzip, more than twice the 300 KB page budget
(DESIGN.md section 9). `make diagrams` (scripts/render_diagrams.py) draws every diagram at authoring
time in Chromium with the vendored mermaid, light and dark (merged into one SVG by
fieldguide.diagram_svg), into data/diagrams/<key>.svg, where the key hashes the diagram's source, the
mermaid version and the render settings. A production build inlines those SVGs and loads no mermaid;
`make serve` keeps drawing live with mermaid so an edit shows at once. A diagram whose source changed
since it was drawn fails the build (`[diagram-not-rendered]`) until `make diagrams` is run.
"""

from __future__ import annotations

import hashlib
import html as html_module
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from fieldguide import DATA_DIR, DOCS_DIR, decisions, diagram_svg, encoding, escape, fences
from fieldguide.report import Problem

STORE_DIR = DATA_DIR / "diagrams"
VENDOR_MANIFEST = DOCS_DIR / "assets" / "javascripts" / "vendor" / "vendor.json"
# Bump when scripts/render_diagrams.py or fieldguide.diagram_svg change what a stored SVG looks like.
FORMAT = 2
# What every drawing is rendered with. handDrawnSeed fixes the shape generator's random seed, so the
# light and dark drawings (and two runs) agree point for point.
MERMAID_CONFIG = {"startOnLoad": False, "securityLevel": "strict", "handDrawnSeed": 1}
# The dark theme's edge labels and notes are grey boxes with 4.4:1 contrast; these make them 4.5:1 or
# more (axe checks the labels, which are HTML inside the SVG) and match the card of the slate palette.
THEMES = {
    "light": {"theme": "neutral"},
    "dark": {"theme": "dark", "themeVariables": {
        "edgeLabelBackground": "#33363d", "noteBkgColor": "#3a3d45", "noteTextColor": "#e6e8eb",
        "noteBorderColor": "#8a8f96"}},
}


@dataclass(frozen=True)
class Diagram:
    path: str     # docs/<page>.md or data/decisions/<tree>.yml
    line: int     # the opening fence (or 1 for a generated tree)
    text: str


def in_page(markdown: str, path: str) -> list[Diagram]:
    return [Diagram(path, f.start, "\n".join(f.body)) for f in fences.parse(markdown, path).fences
            if f.language == "mermaid"]


def collect(docs: Path, decisions_dir: Path, root: Path) -> list[Diagram]:
    """All diagrams written in pages and all generated from decision trees."""
    out: list[Diagram] = []
    for md in sorted(docs.rglob("*.md")):
        out += in_page(encoding.read_text(md), md.relative_to(root).as_posix())
    for tree in decisions.load_all(decisions_dir).values():
        if not tree.problems:
            out.append(_in_tree(tree))
    return out


def _in_tree(tree: decisions.Tree) -> Diagram:
    return Diagram(tree.path, 1, decisions.mermaid(tree))


def problems(diagrams: list[Diagram], errors: list[str | None]) -> list[Problem]:
    """Pair each diagram with its parse result (None when it parsed) and report the failures."""
    out = []
    for diagram, error in zip(diagrams, errors, strict=True):
        if error:
            first = " ".join(error.split())[:300]
            out.append(Problem(diagram.path, diagram.line, "diagram-syntax",
                               f"mermaid cannot parse this diagram: {first}; fix the syntax (try it at "
                               "mermaid.live or with `make serve`)"))
    return out


# --- descriptions ------------------------------------------------------------------------------------

ACC_TITLE = re.compile(r"^[ \t]*accTitle[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)
ACC_DESCR = re.compile(r"^[ \t]*accDescr[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)
ACC_DESCR_BLOCK = re.compile(r"^[ \t]*accDescr[ \t]*\{(.*?)\}", re.M | re.S)


def description(text: str) -> tuple[str, str]:
    """(accTitle, accDescr) of a diagram's source, whitespace collapsed; "" where missing."""
    title = ACC_TITLE.search(text)
    descr = ACC_DESCR.search(text) or ACC_DESCR_BLOCK.search(text)
    return (" ".join(title.group(1).split()) if title else "", " ".join(descr.group(1).split()) if descr else "")


def undescribed(found: list[Diagram]) -> list[Problem]:
    """Diagrams without an accTitle or an accDescr."""
    out = []
    for d in found:
        title, descr = description(d.text)
        missing = [name for name, value in (("accTitle", title), ("accDescr", descr)) if not value]
        if missing:
            out.append(Problem(d.path, d.line, "diagram-undescribed",
                               f"this diagram has no {' and no '.join(missing)}; screen readers announce a drawing "
                               "by these two lines: add them right after the diagram type line, `accTitle: <a short "
                               "name>` and `accDescr: <what it shows and the one thing to take from it>`"))
    return out


# --- pre-rendered drawings ---------------------------------------------------------------------------

def mermaid_version(vendor_manifest: Path = VENDOR_MANIFEST) -> str:
    return json.loads(vendor_manifest.read_text())["mermaid.tiny.js"]["version"]


def normalize(text: str) -> str:
    """The source as a key sees it: the same whether it comes from the Markdown fence or the page's HTML
    (common indentation, trailing spaces and blank edge lines do not count)."""
    lines = [line.rstrip() for line in textwrap.dedent(text.replace("\t", "    ")).split("\n")]
    return "\n".join(lines).strip("\n")


def key(text: str, version: str) -> str:
    settings = {"source": normalize(text), "mermaid": version, "config": MERMAID_CONFIG, "themes": THEMES,
                "format": FORMAT}
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]


def root_id(diagram_key: str) -> str:
    return f"fgd-{diagram_key}"


@dataclass
class Store:
    """data/diagrams/: manifest.json (key -> title, size, where first drawn) and <key>.svg per drawing."""

    directory: Path
    version: str
    entries: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path = STORE_DIR, version: str | None = None) -> Store:
        manifest = directory / "manifest.json"
        entries = json.loads(manifest.read_text())["diagrams"] if manifest.exists() else {}
        return cls(directory, version or mermaid_version(), entries)

    def key(self, text: str) -> str:
        return key(text, self.version)

    unsafe: dict[str, list[str]] = field(default_factory=dict)
    _cache: dict[str, str | None] = field(default_factory=dict)

    def svg(self, diagram_key: str) -> str | None:
        """The stored drawing, if there is one and it is safe to inline (escape.svg_problems)."""
        if diagram_key not in self._cache:
            path = self.directory / f"{diagram_key}.svg"
            text = path.read_text(encoding="utf-8") if diagram_key in self.entries and path.exists() else None
            if text is not None and (problems := escape.svg_problems(text)):
                self.unsafe[diagram_key] = problems
                text = None
            self._cache[diagram_key] = text
        return self._cache[diagram_key]

    def write_manifest(self) -> None:
        data = {"mermaid": self.version, "format": FORMAT,
                "diagrams": dict(sorted(self.entries.items()))}
        (self.directory / "manifest.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def not_rendered(found: list[Diagram], store: Store) -> list[Problem]:
    """Diagrams whose current source has no stored drawing (changed, or new, since `make diagrams`)."""
    out = []
    for d in found:
        k = store.key(d.text)
        if store.svg(k) is not None:
            continue
        if k in store.unsafe:
            out.append(Problem(d.path, d.line, "diagram-unsafe",
                               f"data/diagrams/{k}.svg is not inlined: {'; '.join(store.unsafe[k][:3])}; delete it and "
                               "run `make diagrams` to draw it again (never edit a drawing by hand)"))
        else:
            out.append(Problem(d.path, d.line, "diagram-not-rendered",
                               "this diagram changed since it was last drawn; run `make diagrams` (needs chromium) to "
                               "draw it into data/diagrams/ and commit the result (`make serve` shows it live meanwhile)"))
    return out


def orphans(found: list[Diagram], store: Store) -> list[str]:
    """Stored drawings no diagram uses any more (`make diagrams` deletes them)."""
    used = {store.key(d.text) for d in found}
    files = {p.stem for p in store.directory.glob("*.svg")}
    return sorted((set(store.entries) | files) - used)


RENDERED = re.compile(r'<div\s+class="mermaid">(.*?)</div>', re.S)  # mermaid2's fence writes `<div  class=`


DRAWING_START = re.compile(r"(<svg\b[^>]*>(?:<title\b.*?</title>)?(?:<desc\b.*?</desc>)?)", re.S)


def figure(svg: str, title: str) -> str:
    """The inline drawing as the page shows it: a figure the full-screen viewer can open. Search indexes
    its title and description (the accTitle and accDescr) but not the drawing, whose labels are
    fragments of layout and whose stylesheet is not text."""
    width, height = diagram_svg.size(svg)
    svg = DRAWING_START.sub(r"\1\n<g data-search-exclude>", svg, count=1).replace("</title><desc", "</title>\n<desc", 1)
    svg = svg[: svg.rindex("</svg>")] + "</g></svg>"
    return (f'<figure class="fg-diagram" data-fg-title="{escape.html_text(title)}" '
            f'data-fg-em="{height / 16 + 3:.0f}" style="--fgd-width: {width:.0f}px">{svg}</figure>')


def inline(html: str, store: Store) -> tuple[str, int]:
    """Every `<div class="mermaid">` with a stored drawing replaced by that drawing (others stay for
    mermaid to draw in the browser). Returns the page and how many stayed."""
    seen: dict[str, int] = {}
    left = 0

    def replace(match: re.Match) -> str:
        nonlocal left
        source = html_module.unescape(match.group(1))  # what mermaid would read: the div's text
        diagram_key = store.key(source)
        svg = store.svg(diagram_key)
        if svg is None:
            left += 1
            return match.group(0)
        count = seen[diagram_key] = seen.get(diagram_key, 0) + 1
        if count > 1:
            svg = diagram_svg.with_root_id(svg, root_id(diagram_key), f"{root_id(diagram_key)}-{count}")
        return figure(svg, description(source)[0])

    return RENDERED.sub(replace, html), left
