"""MkDocs adapter for the cancel-safety table (logic: hooks/fieldguide/cancel_table.py).

on_config validates data/cancel-safety.yml once per build and reports every problem as
`data/cancel-safety.yml:<line>: [<code>] <message>` (failing --strict). on_page_markdown replaces a
`<!-- cancel-safety-table -->` line with the filter form, the sorted table and a <script src> whose
path is relative to the page (so it works from file:// and with either URL style). A site without
the data file builds normally until a page asks for the table.
"""

from pathlib import Path

from fieldguide import cancel_table, encoding, versions
from fieldguide.report import content_logger, emit
from mkdocs.utils import get_relative_url

log = content_logger("cancel_table")

_table: cancel_table.Table | None = None


def _data_path(config) -> Path:
    return Path(config.config_file_path).parent / cancel_table.DATA_FILE


def on_config(config):
    global _table
    _table = None
    path = _data_path(config)
    if path.exists():
        pinned = (config.extra.get("fg_versions") or versions.load() or {}).get("crates")
        _table = cancel_table.load(path, str(cancel_table.DATA_FILE), pinned)
        emit(log, _table.findings)
    return config


def on_serve(server, config, builder):
    server.watch(str(_data_path(config)))
    return server


def on_page_markdown(markdown, page, config, files):
    if not cancel_table.has_directive(markdown):
        return markdown
    source = encoding.read_text(page.file.abs_src_path)
    page_path = f"docs/{page.file.src_uri}"
    emit(log, cancel_table.directive_findings(source, page_path))
    table = _table
    if table is None:  # no data file: say so where the table was asked for
        emit(log, cancel_table.missing_data_findings(source, page_path))
        table = cancel_table.Table()
    rendered = cancel_table.render(table.entries, get_relative_url(cancel_table.SCRIPT, page.url))
    return cancel_table.replace_directive(markdown, rendered)
