"""MkDocs adapter for page encoding (logic: hooks/fieldguide/encoding.py): a page that is not UTF-8
fails the build at the bad byte's line instead of crashing it with a traceback."""

from pathlib import Path

from fieldguide import encoding
from fieldguide.report import content_logger, emit

log = content_logger("encoding")


def on_page_read_source(page, config):
    if not page.file.abs_src_path:
        return None
    data = Path(page.file.abs_src_path).read_bytes()
    emit(log, encoding.check(data, f"docs/{page.file.src_uri}"))
    return encoding.decode(data)
