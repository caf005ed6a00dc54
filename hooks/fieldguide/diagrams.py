"""Every mermaid diagram the site draws, with the source line it comes from.

Why: a diagram with a syntax error builds fine and only shows an error box in the reader's browser.
mermaid's own parser is the only reliable judge of its syntax, and it runs in a browser, so the test
suite hands it each diagram collected here and reports failures as `docs/<page>.md:<line>` (or the
decision-tree file that generates the diagram). Every page is covered, not a list of pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fieldguide import decisions, encoding, fences
from fieldguide.report import Problem


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
            out.append(Diagram(tree.path, 1, decisions.mermaid(tree)))
    return out


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
