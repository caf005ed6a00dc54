"""MkDocs adapter for front matter (logic: hooks/fieldguide/front_matter.py): a YAML error fails the
build at its line, and every front-matter string is escaped before any template prints it."""


from fieldguide import encoding, front_matter
from fieldguide.report import content_logger, emit
from mkdocs.plugins import event_priority

log = content_logger("front-matter")


@event_priority(110)
def on_page_markdown(markdown, page, config, files):
    source = encoding.read_text(page.file.abs_src_path)
    problems = front_matter.check(source, f"docs/{page.file.src_uri}")
    emit(log, problems)
    if problems:
        # MkDocs kept the broken block as page text; drop it so the page does not show raw YAML.
        markdown = front_matter.strip_block(markdown)
    page.meta = front_matter.escaped(page.meta)
    return markdown
