"""MkDocs adapter: wrap each section body in a `content-visibility: auto` box
(logic and reasons: hooks/fieldguide/lazy_sections.py). Listed last so it sees the final page HTML."""

from fieldguide import lazy_sections


def on_page_content(html, page, config, files):
    return lazy_sections.wrap_section_bodies(html)
