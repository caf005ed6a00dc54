"""MkDocs adapter for docs.rs autolinks (logic: hooks/fieldguide/docsrs.py).

on_page_markdown links inline code that names a taught crate's item to docs.rs at the pinned
version, and reports unknown paths and hand-written docs.rs links to the wrong version or a missing
item as `docs/<page>.md:<line>: [unknown-rust-path|docs-rs-link] ...` (failing --strict).
"""


from dataclasses import replace

from fieldguide import docsrs, encoding, fences
from fieldguide.report import content_logger, emit, source_line_map

log = content_logger("docsrs")


def on_page_markdown(markdown, page, config, files):
    source = encoding.read_text(page.file.abs_src_path)
    offset = fences.front_matter_lines(source, markdown)
    linked, problems = docsrs.link_page(markdown, f"docs/{page.file.src_uri}", docsrs.cached_index(),
                                        page.meta, offset)
    if offset == 0 and not source.endswith(markdown):
        # Earlier hooks rewrote the page (hidden lines dropped, directives expanded): report file lines.
        lines = source_line_map(source, markdown)
        problems = [replace(p, line=lines[min(p.line, len(lines)) - 1]) for p in problems]
    emit(log, problems)
    return linked
