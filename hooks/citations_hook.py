"""MkDocs adapter for checked citations (logic: hooks/fieldguide/citations.py).

Runs first, while the page's lines are still the file's lines: each `[^x]: src: crate path "quote"`
footnote is looked up in data/citations.json (written by `make citations`) and rendered as a link to
the docs.rs source view at the pinned version and line. An unknown or stale citation is reported as
`docs/<page>.md:<line>: [stale-citation|unresolved-citation] ...` and fails --strict.
"""

from pathlib import Path

from fieldguide import DATA_DIR, EXAMPLES_DIR, citations, encoding, fences
from fieldguide.report import content_logger, emit
from mkdocs.plugins import event_priority

log = content_logger("citations")
_state: dict = {}


def on_config(config):
    root = Path(config.config_file_path).parent
    data = root / "data" / "citations.json"
    lock = root / "examples" / "Cargo.lock"
    _state["recorded"] = citations.load_data(data if data.exists() else DATA_DIR / "citations.json")
    _state["locked"] = citations.locked_crate_versions((lock if lock.exists() else EXAMPLES_DIR / "Cargo.lock").read_text())
    return config


@event_priority(100)
def on_page_markdown(markdown, page, config, files):
    path = f"docs/{page.file.src_uri}"
    source = encoding.read_text(page.file.abs_src_path)
    offset = fences.front_matter_lines(source, markdown)
    found, problems = citations.scan(markdown, path, offset, fences.fenced_lines(markdown, path))
    resolved = {}
    for c in found:
        r = citations.lookup(c, _state["recorded"], _state["locked"])
        if isinstance(r, citations.Resolved):
            resolved[c.line] = r
        else:
            problems.append(r)
    emit(log, problems)
    return citations.rewrite(markdown, found, resolved, offset)
