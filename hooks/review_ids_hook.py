"""MkDocs adapter for permanent review ids (logic: hooks/fieldguide/review_ids.py).

on_config loads data/review-ids.yml; on_files adds a redirect page at r/<id>/ for every current and
retired id; on_page_markdown records each page's explicit heading ids (after the decision-tree hook
expanded its directives) and renders the rules catalogue; on_env, once every page is read, reports
registry problems (failing --strict); on_page_content adds the "copy review link" buttons and the
page's alias map.
"""

from pathlib import Path

from fieldguide import encoding, escape, fences, review_ids
from fieldguide.report import content_logger, emit
from mkdocs.structure.files import File

log = content_logger("review_ids")
state: dict = {}
CATALOGUE_DIRECTIVE = "<!-- review-id-catalogue -->"


def on_config(config):
    local = Path(config.config_file_path).parent / "data" / "review-ids.yml"
    state["registry"] = review_ids.load(local) if local.exists() else review_ids.load()
    state["pages"] = {}
    return config


def on_files(files, config):
    registry = state["registry"]
    for ident in list(registry.ids) + list(registry.retired):
        target = registry.resolve(ident)
        if target is None:
            continue  # reported by the registry check
        title = registry.ids[ident].title if ident in registry.ids else ident
        content = review_ids.redirect_html(ident, target, title, config.site_url or "")
        files.append(File.generated(config, f"r/{ident}/index.html", content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    source = encoding.read_text(page.file.abs_src_path)
    offset = fences.front_matter_lines(source, markdown)
    slug = page.file.src_uri[:-3]
    found = review_ids.explicit_heading_ids(markdown, page.file.src_uri, offset)
    # Directives expanded by earlier hooks shift lines, so take each written heading's line from the
    # file itself; generated headings already carry their directive's line (data-fg-line).
    in_source = {h.id: h.line for h in review_ids.explicit_heading_ids(source, page.file.src_uri)}
    state["pages"][slug] = [review_ids.HeadingId(h.id, h.title, in_source.get(h.id, h.line)) for h in found]
    if CATALOGUE_DIRECTIVE in markdown:
        markdown = markdown.replace(CATALOGUE_DIRECTIVE, review_ids.catalogue_markdown(state["registry"]))
    return markdown


def on_env(env, config, files):
    emit(log, review_ids.check(state["registry"], state["pages"]))
    return env


def on_page_content(html, page, config, files):
    slug = page.file.src_uri[:-3]
    registry = state["registry"]
    comments = review_ids.review_comments(html, registry, slug, config.site_url or "")
    if comments:
        html += f'\n<script type="application/json" id="fg-review-links">{_json(comments)}</script>\n'
    aliases = review_ids.aliases_for_page(registry, slug)
    if aliases:
        html += f'\n<script type="application/json" id="fg-aliases">{_json(aliases)}</script>\n'
    return html


def _json(data) -> str:
    """JSON safe to embed in a <script> element (no closing tag can appear in it)."""
    return escape.script_json(data)
