"""Draw every mermaid diagram of the site into data/diagrams/ (`make diagrams`).

Why: production pages inline these drawings instead of loading the ~760 KB mermaid renderer (see
hooks/fieldguide/diagrams.py). Each diagram (every ```mermaid fence in docs/ and every decision-tree
flowchart) is drawn by the vendored mermaid in Debian's Chromium, once in a light and once in a dark
theme; fieldguide.diagram_svg merges the two into one SVG that follows the reader's palette. Drawings
are keyed by a hash of the source, the mermaid version and the render settings, so only new or
changed diagrams are drawn, and drawings nothing uses any more are deleted. The build itself needs
no browser: it fails with `[diagram-not-rendered]` when a drawing is missing.

Usage: python scripts/render_diagrams.py [--check] [--force]
  --check   draw nothing; exit 1 and list what is missing or unused (what `make test` checks)
  --force   draw every diagram again
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from fieldguide import decisions, diagram_svg, diagrams  # noqa: E402

MERMAID = REPO / "docs" / "assets" / "javascripts" / "vendor" / "mermaid.tiny.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

RENDER_JS = "async ([id, text]) => (await window.mermaid.render(id, text)).svg"


def collect() -> list[diagrams.Diagram]:
    return diagrams.collect(REPO / "docs", decisions.DECISIONS_DIR, REPO)


def stale(found: list[diagrams.Diagram], store: diagrams.Store) -> tuple[list[diagrams.Diagram], list[str]]:
    """(diagrams without a stored drawing, one per key; stored drawings nothing uses)."""
    missing, seen = [], set()
    for d in found:
        k = store.key(d.text)
        if store.svg(k) is None and k not in seen:
            seen.add(k)
            missing.append(d)
    return missing, diagrams.orphans(found, store)


def draw(todo: list[diagrams.Diagram], store: diagrams.Store) -> list[str]:
    """Draw each diagram in both themes and store the merged SVG. Returns error lines."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    errors = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        pages = {}
        for theme, settings in diagrams.THEMES.items():
            page = browser.new_page()
            page.set_content("<!doctype html><html><head><meta charset=utf-8></head><body></body></html>")
            page.add_script_tag(path=str(MERMAID))
            page.evaluate("config => window.mermaid.initialize(config)", {**diagrams.MERMAID_CONFIG, **settings})
            pages[theme] = page
        for d in todo:
            k = store.key(d.text)
            rid = diagrams.root_id(k)
            try:
                drawn = {theme: page.evaluate(RENDER_JS, [rid, diagrams.normalize(d.text)]) for theme, page in pages.items()}
                title, description = diagrams.description(d.text)
                svg = diagram_svg.build(drawn["light"], drawn["dark"], rid, title, description)
            except Exception as e:  # a parse error, or drawings that differ beyond colour
                errors.append(f"{d.path}:{d.line}: [diagram-render] {' '.join(str(e).split())[:400]}")
                continue
            (store.directory / f"{k}.svg").write_text(svg, encoding="utf-8")
            width, height = diagram_svg.size(svg)
            store.entries[k] = {"title": title, "width": round(width), "height": round(height), "first_drawn_for": d.path}
            print(f"drew {d.path}:{d.line} -> data/diagrams/{k}.svg ({len(svg) // 1024} KB)", flush=True)
        browser.close()
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    store = diagrams.Store.load()
    found = collect()
    if args.force:
        store.entries = {}
    missing, unused = stale(found, store)
    if args.check:
        for d in missing:
            print(f"{d.path}:{d.line}: [diagram-not-rendered] no drawing of this diagram's current source; run `make diagrams`")
        for k in unused:
            print(f"data/diagrams/{k}.svg: [diagram-unused] no diagram uses this drawing; run `make diagrams` to delete it")
        return 1 if missing or unused else 0
    store.directory.mkdir(parents=True, exist_ok=True)
    errors = draw(missing, store) if missing else []
    for k in diagrams.orphans(found, store):
        (store.directory / f"{k}.svg").unlink(missing_ok=True)
        store.entries.pop(k, None)
        print(f"deleted data/diagrams/{k}.svg (no diagram uses it)")
    store.write_manifest()
    print(f"{len(found)} diagrams, {len(missing) - len(errors)} drawn, {len(store.entries)} stored", flush=True)
    for line in errors:
        print(line, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
