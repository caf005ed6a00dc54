"""Diagrams: described (accTitle/accDescr), drawn ahead of time (data/diagrams/ is fresh and safe), and
merged into one SVG that follows the palette."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO
from fieldguide import decisions, diagram_svg, diagrams, escape

PAGE = """# Page

```mermaid
flowchart LR
    accTitle: Two steps
    accDescr: A leads to B.
    A --> B
```

```mermaid
sequenceDiagram
    accTitle: Only a title
    A->>B: hi
```

```mermaid
stateDiagram-v2
    accTitle: Block description
    accDescr {
        First line,
        second line.
    }
    [*] --> A
```

```mermaid
flowchart TD
    A --> B
```
"""


def test_descriptions_are_read_from_both_forms():
    found = diagrams.in_page(PAGE, "docs/p.md")
    assert [diagrams.description(d.text) for d in found] == [
        ("Two steps", "A leads to B."), ("Only a title", ""),
        ("Block description", "First line, second line."), ("", "")]


def test_undescribed_diagrams_are_reported_at_their_fence():
    problems = diagrams.undescribed(diagrams.in_page(PAGE, "docs/p.md"))
    assert [(p.path, p.line, p.code) for p in problems] == [("docs/p.md", 10, "diagram-undescribed"),
                                                            ("docs/p.md", 26, "diagram-undescribed")]
    assert "has no accDescr;" in problems[0].message
    assert "has no accTitle and no accDescr;" in problems[1].message
    assert "`accTitle: <a short name>`" in problems[1].message


def test_every_diagram_on_the_site_is_described():
    found = diagrams.collect(REPO / "docs", decisions.DECISIONS_DIR, REPO)
    problems = diagrams.undescribed(found)
    assert not problems, "\n".join(map(str, problems))


def test_decision_tree_flowcharts_are_described_from_the_tree():
    tree = decisions.Tree("t", "data/decisions/t.yml", title="Which `channel`?",
                          intro="Decide by [who](x.md) receives\nand **why**.", start="q")
    tree.questions["q"] = decisions.Question("q", "How many?", [decisions.Option("One", "a", 1)], 1)
    tree.answers["a"] = decisions.Answer("a", "mpsc", ["tokio::sync::mpsc"], "w", "w", "x.md", 1)
    text = decisions.mermaid(tree)
    title, description = diagrams.description(text)
    assert title == "Decision flowchart: Which channel?"
    assert description.startswith("Decide by who receives and why. It starts at the question: How many?")
    assert "1 answers: mpsc." in description
    assert text.splitlines()[1:3] == [f"    accTitle: {title}", f"    accDescr: {description}"]


def test_acc_text_is_one_line_without_markdown():
    assert escape.mermaid_acc("a `b`\n c [d](e.md) **f**") == "a b c d f"


def test_keys_ignore_indentation_and_trailing_space_but_not_content_or_version():
    text = "flowchart LR\n    A --> B"
    assert diagrams.key(text, "1.0") == diagrams.key("  flowchart LR  \n      A --> B\n\n", "1.0")
    assert diagrams.key(text, "1.0") != diagrams.key(text.replace("B", "C"), "1.0")
    assert diagrams.key(text, "1.0") != diagrams.key(text, "1.1")


# --- the store is fresh: every diagram drawn, nothing stale kept -------------------------------------

def test_every_diagram_has_a_current_drawing_and_no_drawing_is_unused():
    """Fails when a diagram changed (or mermaid was updated) without `make diagrams`."""
    store = diagrams.Store.load()
    found = diagrams.collect(REPO / "docs", decisions.DECISIONS_DIR, REPO)
    missing = diagrams.not_rendered(found, store)
    unused = diagrams.orphans(found, store)
    advice = "run `make diagrams` and commit data/diagrams/"
    assert not missing, f"{advice}:\n" + "\n".join(map(str, missing))
    assert not unused, f"{advice} (it deletes drawings nothing uses): {unused}"


def test_manifest_records_the_vendored_mermaid_and_every_drawing():
    manifest = json.loads((diagrams.STORE_DIR / "manifest.json").read_text())
    assert manifest["mermaid"] == diagrams.mermaid_version()
    assert manifest["format"] == diagrams.FORMAT
    files = {p.stem for p in diagrams.STORE_DIR.glob("*.svg")}
    assert set(manifest["diagrams"]) == files


@pytest.mark.parametrize("path", sorted(diagrams.STORE_DIR.glob("*.svg")), ids=lambda p: p.stem)
def test_stored_drawings_are_safe_accessible_and_palette_aware(path):
    svg = path.read_text()
    assert escape.svg_problems(svg) == []
    root = re.match(r'<svg id="(fgd-[0-9a-f]{16})"', svg)
    assert root and root.group(1) == diagrams.root_id(path.stem)
    head = svg[: svg.index(">") + 1]
    assert 'role="img"' in head and f'aria-labelledby="{root.group(1)}-title"' in head
    assert re.search(r"<title id=\"[^\"]+\">[^<]+</title>", svg), "empty title"
    assert f"[data-md-color-scheme=slate] #{root.group(1)}{{--fgd-c0:" in svg
    assert "mermaid" not in svg.lower().replace("fgd", "")  # the mermaid2 plugin must leave pages alone
    ids = re.findall(r' id="([^"]+)"', svg)
    assert all(i.startswith(root.group(1)) for i in ids), [i for i in ids if not i.startswith(root.group(1))]


# --- merging the light and dark drawings --------------------------------------------------------------

LIGHT = ('<svg id="fgd-x" viewBox="0 0 10.123456 20"><style>#fgd-x .a{fill:#eee;stroke:#333}#fgd-x .b{fill:#fff}</style>'
         '<rect id="actor3" fill="#000" style="stroke:#111" x="1.23456"></rect><rect fill="#000"></rect>'
         '<g id="fgd-x-marker"></g><path marker-end="url(#fgd-x-marker)" data-points="abc"></path>'
         '<text>#eee is a label</text></svg>')
DARK = ('<svg id="fgd-x" viewBox="0 0 10.123456 20"><style>#fgd-x .a{fill:#222;stroke:#333}#fgd-x .b{fill:#fff}</style>'
        '<rect id="actor7" fill="#fff" style="stroke:#ddd" x="1.23456"></rect><rect fill="#ccc"></rect>'
        '<g id="fgd-x-marker"></g><path marker-end="url(#fgd-x-marker)" data-points="abc"></path>'
        '<text>#eee is a label</text></svg>')


def test_merged_drawing_repaints_only_what_differs_under_the_dark_palette():
    svg = diagram_svg.build(LIGHT, DARK, "fgd-x", "T <b>", "D & more")
    assert "#fgd-x .a{fill:var(--fgd-c0);stroke:#333}#fgd-x .b{fill:#fff}" in svg  # same colour stays literal
    assert "#fgd-x{--fgd-c0:#eee;" in svg and "[data-md-color-scheme=slate] #fgd-x{--fgd-c0:#222;" in svg
    # presentation attributes keep the light colour; a zero-specificity rule repaints each element
    assert '<rect fill="#000" data-fgd-fill="c1"' not in svg
    assert re.search(r'<rect data-fgd-fill="(c\d+)" fill="#000" style="stroke:var\(--fgd-c\d+\)"', svg)
    assert svg.count(":where(#fgd-x [data-fgd-fill=") == 2  # #000 is drawn #fff in one place, #ccc in another
    assert "<text>#eee is a label</text>" in svg  # text is never rewritten
    assert 'id="actor' not in svg and 'id="fgd-x-marker"' in svg  # ids nobody refers to are dropped
    assert 'viewBox="0 0 10.1 20"' in svg and 'x="1.2"' in svg and "data-points" not in svg
    assert '<title id="fgd-x-title">T &lt;b&gt;</title><desc id="fgd-x-desc">D &amp; more</desc>' in svg
    assert 'role="img" aria-labelledby="fgd-x-title" aria-describedby="fgd-x-desc"' in svg


def test_drawings_that_differ_beyond_colour_are_refused():
    with pytest.raises(diagram_svg.ThemeMismatch):
        diagram_svg.merge_themes(LIGHT, DARK.replace('x="1.23456"', 'x="2"'), "fgd-x")


# --- inlining into the page --------------------------------------------------------------------------

def store_with(tmp_path: Path, text: str, svg: str | None = None) -> diagrams.Store:
    store = diagrams.Store(tmp_path, "9.9.9")
    k = store.key(text)
    rid = diagrams.root_id(k)
    (tmp_path / f"{k}.svg").write_text(svg or f'<svg id="{rid}" viewBox="0 0 100 48" role="img"><title>t</title>'
                                              f'<style>#{rid} .a{{fill:#eee}}</style></svg>')
    store.entries[k] = {"title": "t"}
    return store


def test_diagrams_are_replaced_by_their_drawing_and_repeats_get_their_own_id(tmp_path):
    text = "flowchart LR\n  accTitle: A & B\n  accDescr: d\n  A --&gt; B"
    store = store_with(tmp_path, text.replace("&gt;", ">"))
    page = f'<p>x</p><div  class="mermaid">{text}\n</div><div class="mermaid">{text}</div><div class="mermaid">other</div>'
    html, left = diagrams.inline(page, store)
    assert left == 1 and html.count('<figure class="fg-diagram"') == 2
    assert 'data-fg-title="A &amp; B"' in html and 'data-fg-em="6"' in html
    k = store.key(text.replace("&gt;", ">"))
    assert f'id="fgd-{k}"' in html and f'id="fgd-{k}-2"' in html and f"#fgd-{k}-2 .a" in html
    assert '<div class="mermaid">other</div>' in html
    # search indexes the title (and description), not the drawing
    assert html.count("<title>t</title>\n<g data-search-exclude><style>") == 2 and html.count("</g></svg></figure>") == 2


def test_an_unsafe_drawing_is_not_inlined_and_is_reported(tmp_path):
    text = "flowchart LR\n  A --> B"
    store = store_with(tmp_path, text, '<svg id="x"><rect onload="alert(1)"></rect><script>alert(2)</script></svg>')
    html, left = diagrams.inline(f'<div class="mermaid">{text}</div>', store)
    assert left == 1 and "alert" not in html and "<figure" not in html  # left for mermaid, which sanitizes
    (problem,) = diagrams.not_rendered([diagrams.Diagram("docs/p.md", 3, text)], store)
    assert problem.code == "diagram-unsafe" and "event handler attribute onload=" in problem.message


def test_a_diagram_without_a_drawing_is_reported_at_its_line(tmp_path):
    store = diagrams.Store(tmp_path, "9.9.9")
    (problem,) = diagrams.not_rendered(diagrams.in_page(PAGE, "docs/p.md")[:1], store)
    assert str(problem).startswith("docs/p.md:3: [diagram-not-rendered] this diagram changed since it was last drawn; "
                                   "run `make diagrams`")


def test_svg_check_refuses_scripts_handlers_and_outside_references():
    bad = ('<svg><script>x</script><rect onclick="x"></rect><image href="https://x/y.png"></image>'
           '<use href="https://x/#a"></use><style>@import url(https://x/a.css);</style>'
           '<rect style="fill:url(https://x/p)"></rect></svg>')
    problems = escape.svg_problems(bad)
    assert any("<script>" in p for p in problems) and any("onclick" in p for p in problems)
    assert any("<image>" in p for p in problems) and any("href='https://x/#a'" in p for p in problems)
    assert any("stylesheet" in p for p in problems) and any("attribute style=" in p for p in problems)
    assert escape.svg_problems('<svg><g style="fill:url(#grad)"><foreignObject><div><p>ok<br></p></div>'
                               "</foreignObject></g></svg>") == []
