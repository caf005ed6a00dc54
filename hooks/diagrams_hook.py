"""MkDocs adapter for diagrams (logic: hooks/fieldguide/diagrams.py and fieldguide/diagram_svg.py).

on_config loads the stored drawings (data/diagrams/, written by `make diagrams`) and the decision
trees; on_page_markdown reports, at their line in the page, diagrams without `accTitle`/`accDescr`
and (in production builds) diagrams whose current source has no drawing; on_page_content replaces
each diagram with its inline drawing, so production pages load no mermaid at all (the mermaid2
plugin only adds its script to pages that still hold a `div.mermaid`).

Under `mkdocs serve` (or with FIELD_GUIDE_LIVE_DIAGRAMS=1) diagrams stay for mermaid to draw live in
the browser, so an edit shows at once without `make diagrams`. Serve mode is known from the command
dev_banner_hook.py records at start-up.
"""

import os
from pathlib import Path

from fieldguide import decisions, dev_banner, diagrams, encoding
from fieldguide.report import content_logger, emit

log = content_logger("diagrams")
state: dict = {}


def on_startup(command, dirty):
    dev_banner.SESSION["command"] = command  # also recorded by dev_banner_hook.py; kept across reloads


def live() -> bool:
    return dev_banner.SESSION.get("command") == "serve" or os.environ.get("FIELD_GUIDE_LIVE_DIAGRAMS") == "1"


def on_config(config):
    root = Path(config.config_file_path).parent
    store_dir = root / "data" / "diagrams"
    state["store"] = diagrams.Store.load(store_dir if store_dir.is_dir() else diagrams.STORE_DIR)
    trees_dir = root / "data" / "decisions"
    state["trees"] = decisions.load_all(trees_dir if trees_dir.is_dir() else decisions.DECISIONS_DIR)
    return config


def on_page_markdown(markdown, page, config, files):
    if "mermaid" not in markdown and "decision-tree:" not in markdown:
        return markdown
    path = f"docs/{page.file.src_uri}"
    source = encoding.read_text(page.file.abs_src_path)
    found = diagrams.in_page(source, path)
    problems = diagrams.undescribed(found)
    if not live():
        for m in decisions.DIRECTIVE.finditer(source):
            tree = state["trees"].get(m.group("name"))
            if tree and not tree.problems:
                found.append(diagrams.Diagram(tree.path, 1, decisions.mermaid(tree)))
        problems += diagrams.not_rendered(found, state["store"])
    emit(log, problems)
    return markdown


def on_page_content(html, page, config, files):
    if live() or 'class="mermaid"' not in html:
        return html
    html, _ = diagrams.inline(html, state["store"])
    return html
