"""Turn mermaid's drawings of one diagram (light and dark theme) into the one SVG the site inlines.

Why: the mermaid renderer is ~760 KB gzip, and loading it on every page with a diagram made those
pages three to nine times heavier than the others (DESIGN.md section 9 budgets 300 KB gzip after
every diagram rendered). `scripts/render_diagrams.py` draws each diagram once at authoring time, in
Chromium with the vendored mermaid, in a light and a dark theme; this module (pure string work, no
browser) merges the two drawings into one SVG whose colours are CSS custom properties, so the drawing
follows the reader's palette when they toggle it, without a second copy and without script.

The two drawings are identical except for colours (mermaid's layout does not depend on the theme,
and the seed of its hand-drawn shape generator is fixed), so they are split at every colour literal;
where light and dark differ, the colour becomes `var(--fgd-cN)`, defined for the light palette on
the SVG and for Material's dark palette (`[data-md-color-scheme=slate]`). A presentation attribute
(`fill="#eee"`) cannot hold `var()`, so it keeps the light colour, the element is marked
(`data-fgd-fill="c3"`) and a zero-specificity rule (`:where(#id [data-fgd-fill="c3"])`) repaints it;
that rule loses to every rule mermaid wrote, exactly as the attribute did.

Then the drawing is made small and safe to inline next to others: coordinates rounded to 0.1 px,
ids nothing refers to dropped (mermaid numbers some without a prefix, which would clash between two
diagrams on a page), mermaid's own names in its CSS renamed, and `role="img"` with the title and
description written from the diagram's own `accTitle`/`accDescr`.
"""

from __future__ import annotations

import re

from fieldguide import escape

COLOR = re.compile(r"#[0-9a-fA-F]{3,8}\b|(?:rgb|hsl)a?\([^)]*\)|\b(?:white|black|transparent|grey|gray|lightgrey|"
                   r"lightgray|darkgrey|darkgray|red|green|blue|yellow|orange|purple|currentColor)\b")
STYLE_ELEMENT = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
TAG = re.compile(r"<[a-zA-Z][^<>]*>")
TAG_NAME = re.compile(r"<[a-zA-Z][-\w:]*")
PRESENTATION = {"fill", "stroke", "stop-color", "flood-color", "lighting-color", "color"}
NUMBER = re.compile(r"(?<![\w#.-])-?\d+\.\d{2,}")
ROOT = re.compile(r"<svg\b[^>]*>")
ROLE_DESCRIPTIONS = {"flowchart-v2": "flowchart", "flowchart": "flowchart", "sequence": "sequence diagram",
                     "stateDiagram": "state diagram", "classDiagram": "class diagram", "er": "entity relationship diagram"}


class ThemeMismatch(ValueError):
    """The light and dark drawings differ in more than colour (so they cannot share one SVG)."""


def _split(svg: str) -> tuple[list[str], list[str]]:
    return COLOR.split(svg), COLOR.findall(svg)


def _context(svg: str, position: int) -> str:
    """Where a colour at `position` sits: 'css' (a <style> element or a style attribute), an attribute
    name, or 'text'."""
    tag_start = svg.rfind("<", 0, position)
    tag_end = svg.rfind(">", 0, position)
    style_open = svg.rfind("<style", 0, position)
    if style_open > svg.rfind("</style>", 0, position) and style_open != -1 and svg.find(">", style_open) < position:
        return "css"
    if tag_start > tag_end:  # inside a tag: which attribute?
        inside = svg[tag_start:position]
        m = re.search(r'([a-zA-Z_:][-\w:.]*)="[^"]*$', inside)
        if m:
            return "css" if m.group(1) == "style" else m.group(1)
    return "text"


def merge_themes(light: str, dark: str, root_id: str) -> str:
    """One SVG drawn in the light colours, repainted in the dark ones under Material's slate scheme."""
    texts, light_colors = _split(light)
    dark_texts, dark_colors = _split(dark)
    if texts != dark_texts:
        first = next((i for i, (a, b) in enumerate(zip(texts, dark_texts, strict=False)) if a != b), len(texts))
        raise ThemeMismatch(f"the light and dark drawings differ beyond colours near: {texts[first][:120]!r}")
    names: dict[tuple[str, str], str] = {}
    repainted: set[tuple[str, str]] = set()
    edits: list[tuple[int, int, str]] = []  # (position in `light`, characters replaced, new text)
    position = len(texts[0])
    for i, (lc, dc) in enumerate(zip(light_colors, dark_colors, strict=True)):
        context = _context(light, position)
        if lc != dc and context != "text":
            name = names.setdefault((lc.lower(), dc.lower()), f"--fgd-c{len(names)}")
            if context == "css":
                edits.append((position, len(lc), f"var({name})"))
            elif context in PRESENTATION:
                # The attribute keeps the light colour; the element is marked so a rule can repaint it.
                tag = TAG_NAME.match(light, light.rfind("<", 0, position))
                edits.append((tag.end(), 0, f' data-fgd-{context}="{name[6:]}"'))
                repainted.add((context, name))
            else:
                raise ThemeMismatch(f"a colour in attribute {context!r} differs between the themes")
        position += len(lc) + len(texts[i + 1])
    out, cursor = [], 0
    for at, length, text in sorted(edits, key=lambda e: (e[0], -e[1])):
        out += [light[cursor:at], text]
        cursor = at + length
    merged = "".join(out) + light[cursor:]
    light_vars = ";".join(f"{n}:{lc}" for (lc, _), n in names.items())
    dark_vars = ";".join(f"{n}:{dc}" for (_, dc), n in names.items())
    rules = [f"#{root_id}{{{light_vars}}}", f"[data-md-color-scheme=slate] #{root_id}{{{dark_vars}}}"] if names else []
    rules += [f':where(#{root_id} [data-fgd-{attr}="{name[6:]}"]){{{attr}:var({name})}}'
              for attr, name in sorted(repainted)]
    css = "".join(rules)
    if "<style>" in merged:
        return merged.replace("<style>", f"<style>{css}", 1)
    return ROOT.sub(lambda m: m.group(0) + f"<style>{css}</style>", merged, count=1)


def _round(match: re.Match) -> str:
    text = f"{float(match.group(0)):.1f}"
    text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def referenced_ids(svg: str) -> set[str]:
    refs = set(re.findall(r"url\(#([^)\"']+)\)", svg))
    refs |= set(re.findall(r'href="#([^"]+)"', svg))
    for value in re.findall(r'aria-(?:labelledby|describedby)="([^"]*)"', svg):
        refs |= set(value.split())
    return refs


def drop_unused_ids(svg: str, root_id: str) -> str:
    """No ids nobody refers to (the root id stays: the stylesheet selects by it). mermaid numbers some
    ids with a counter that runs across drawings (`actor3`), which would differ between the light and
    dark drawing and clash between two diagrams on one page."""
    keep = referenced_ids(svg) | {root_id}
    return re.sub(r' id="([^"]*)"', lambda m: m.group(0) if m.group(1) in keep else "", svg)


# mermaid's bookkeeping attributes (edge points as base64 JSON, element kinds); no stylesheet selects by
# them (it does select by data-look, which stays).
BOOKKEEPING = re.compile(r' (?:data-(?:points|edge|et|id|from|to|type)|name)="[^"]*"')


def minify(svg: str, root_id: str) -> str:
    """Smaller: rounded coordinates, no bookkeeping attributes or empty style attributes, no "mermaid"
    in CSS names."""
    svg = svg.replace(' style=""', "")
    svg = TAG.sub(lambda m: BOOKKEEPING.sub("", m.group(0)), svg)

    def tag(match: re.Match) -> str:
        return NUMBER.sub(_round, match.group(0))

    svg = TAG.sub(tag, svg)
    svg = STYLE_ELEMENT.sub(lambda m: m.group(1) + _css(m.group(2), root_id) + m.group(3), svg)
    return svg


def _css(css: str, root_id: str) -> str:
    css = re.sub(rf"#{re.escape(root_id)} div\.mermaidTooltip\{{[^}}]*\}}", "", css)
    css = css.replace("--mermaid-font-family", "--fgd-font")
    return NUMBER.sub(_round, css)


def finish(svg: str, root_id: str, title: str, description: str) -> str:
    """Accessible and inline-ready: `role="img"` named by the diagram's accTitle and described by its
    accDescr (written here from the source, escaped once) and a readable role description."""
    title_id, desc_id = f"{root_id}-title", f"{root_id}-desc"
    svg = re.sub(r"<title\b[^>]*>.*?</title>", "", svg, flags=re.S)
    svg = re.sub(r"<desc\b[^>]*>.*?</desc>", "", svg, flags=re.S)

    def root(match: re.Match) -> str:
        tag = match.group(0)
        kind = re.search(r'aria-roledescription="([^"]*)"', tag)
        tag = re.sub(r'\s(?:role|aria-roledescription|aria-labelledby|aria-describedby)="[^"]*"', "", tag)
        extra = f' role="img" aria-labelledby="{title_id}"'
        if description:
            extra += f' aria-describedby="{desc_id}"'
        readable = ROLE_DESCRIPTIONS.get(kind.group(1)) if kind else None
        if readable:
            extra += f' aria-roledescription="{readable}"'
        inner = f'<title id="{title_id}">{escape.html_text(title)}</title>'
        if description:
            inner += f'<desc id="{desc_id}">{escape.html_text(description)}</desc>'
        return tag[:-1] + extra + ">" + inner

    return ROOT.sub(root, svg, count=1)


def build(light: str, dark: str, root_id: str, title: str, description: str) -> str:
    """The stored SVG of one diagram from its two raw mermaid drawings (both drawn with id `root_id`)."""
    light, dark = drop_unused_ids(light, root_id), drop_unused_ids(dark, root_id)
    return finish(minify(merge_themes(light, dark, root_id), root_id), root_id, title, description)


def size(svg: str) -> tuple[float, float]:
    """(width, height) of the drawing in CSS px at its natural size, from the viewBox."""
    m = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    return (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)


def with_root_id(svg: str, old: str, new: str) -> str:
    """The same drawing under another root id (a diagram shown twice on one page needs two)."""
    return svg.replace(old, new)
