"""MkDocs adapter for decision trees (logic: hooks/fieldguide/decisions.py).

on_config loads and validates data/decisions/*.yml (schema problems fail --strict with file:line);
on_page_markdown expands `<!-- decision-tree: <name> -->` into the picker, the flowchart and one
heading per answer, before the review-id hook reads the page's heading ids.
"""

from pathlib import Path

from fieldguide import decisions, encoding, fences
from fieldguide.report import content_logger, emit

log = content_logger("decisions")
state: dict = {}


def on_config(config):
    local = Path(config.config_file_path).parent / "data" / "decisions"
    state["trees"] = decisions.load_all(local) if local.is_dir() else decisions.load_all()
    for tree in state["trees"].values():
        emit(log, tree.problems)
    return config


def on_page_markdown(markdown, page, config, files):
    if "decision-tree:" not in markdown:
        return markdown
    source = encoding.read_text(page.file.abs_src_path)
    offset = fences.front_matter_lines(source, markdown)
    expanded, problems = decisions.expand(markdown, state["trees"], f"docs/{page.file.src_uri}", offset)
    emit(log, problems)
    return expanded
