"""MkDocs adapter for findability: the API index page and the search index
(logic: hooks/fieldguide/api_index.py and hooks/fieldguide/search_index.py).

on_nav reads every page source once, in nav order, and collects the API index (so the result does
not depend on the order pages are built in); on_page_markdown replaces `<!-- api-index -->` with it,
before the docs.rs and link hooks check what it links; on_page_content marks what the search index
leaves out or takes in (after the fence hook has excluded code blocks); on_post_build adds each
explaining section's item names and the summary boosts to search/search_index.json, before the
offline plugin copies it into search_index.js.
"""

import json
from pathlib import Path

from fieldguide import api_index, docsrs, encoding, search_index
from mkdocs.plugins import event_priority

state: dict = {}


def on_nav(nav, config, files):
    # Reading order: the nav, then any page not (yet) in it.
    in_nav = [page.file for page in nav.pages]
    rest = sorted((f for f in files.documentation_pages() if f not in in_nav), key=lambda f: f.src_uri)
    pages = [(f.src_uri[:-3], encoding.read_text(f.abs_src_path)) for f in in_nav + rest
             if f.src_uri.endswith(".md") and f.abs_src_path]
    state["entries"], state["titles"] = api_index.build(pages, docsrs.cached_index())
    return nav


def on_page_markdown(markdown, page, config, files):
    if api_index.DIRECTIVE in markdown:
        markdown = markdown.replace(api_index.DIRECTIVE, api_index.render(state["entries"], state["titles"]))
    return markdown


@event_priority(-10)
def on_page_content(html, page, config, files):
    return search_index.mark_page(html)


@event_priority(-50)  # after Material's search plugin writes the index, before the offline plugin (-100)
def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists() or "entries" not in state:
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    tuned = search_index.tune(index, api_index.search_keys(state["entries"]))
    path.write_text(json.dumps(tuned, separators=(",", ":")), encoding="utf-8")
