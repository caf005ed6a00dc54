"""MkDocs adapter for the guide's exports (logic: hooks/fieldguide/export.py, bundles.py, print_view.py).

on_page_markdown makes each page's Markdown copy from its source file (not from the Markdown other hooks
rewrote, and not from the HTML) and reports what the copy has no rule for as `docs/<page>.md:<line>:
[export] ...` (failing --strict). on_post_page keeps each built page for the print view. on_post_build,
before the link check (which then checks the print view's links too), writes next to the pages:

- `<page>.md` for every page, linked from the page's head (`rel="alternate" type="text/markdown"`)
  and from its "Markdown" actions (overrides/partials/actions.html);
- `llms.txt` and `llms-full.txt` at the site root;
- `async-rust-field-guide-skill.zip`, the Agent Skill;
- `print.html`, every page in nav order on one page.
"""

import json
from pathlib import Path

from fieldguide import (
    DATA_DIR,
    EXAMPLES_DIR,
    bundles,
    cancel_table,
    citations,
    decisions,
    docsrs,
    encoding,
    export,
    print_view,
    review_ids,
    versions,
)
from fieldguide.report import content_logger, emit
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

log = content_logger("export")
state: dict = {}


def on_config(config):
    root = Path(config.config_file_path).parent
    data = root / "data"
    registry = review_ids.load(data / "review-ids.yml") if (data / "review-ids.yml").exists() else None
    trees = decisions.load_all(data / "decisions") if (data / "decisions").is_dir() else {}
    cancel = cancel_table.load(data / "cancel-safety.yml") if (data / "cancel-safety.yml").exists() else None
    cites = data / "citations.json"
    lock = root / "examples" / "Cargo.lock"
    bases = [root / b for b in config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])]
    site_url = (config.site_url or "").rstrip("/")
    state.update(
        site=export.Site(
            site_url=site_url + "/" if site_url else "",
            pages={},
            registry=registry,
            trees=trees,
            cancel_entries=cancel.entries if cancel else None,
            docsrs_index=docsrs.cached_index(),
            recorded_citations=citations.load_data(cites if cites.exists() else DATA_DIR / "citations.json"),
            locked=citations.locked_crate_versions((lock if lock.exists() else EXAMPLES_DIR / "Cargo.lock").read_text()),
            snippet_bases=bases,
        ),
        versions=config.extra.get("fg_versions") or _versions(data),
        exports={}, built={}, nav=[],
    )
    return config


def _versions(data: Path):
    local = data / "versions.json"
    return json.loads(local.read_text()) if local.exists() else versions.load()


def on_files(files, config):
    state["site"].pages = {f.src_uri: f.url for f in files.documentation_pages()}
    state["sources"] = {f.src_uri: f.abs_src_path for f in files.documentation_pages() if f.abs_src_path}
    # Announce the files on_post_build writes, so pages may link them (`[llms.txt](llms.txt)`) without
    # MkDocs calling the link unrecognized; they are written empty here and filled after the build.
    for name in (bundles.LLMS_TXT, bundles.LLMS_FULL_TXT, bundles.SKILL_ZIP, print_view.PRINT_PAGE):
        if files.get_file_from_path(name) is None:
            files.append(File.generated(config, name, content=""))
    return files


def on_nav(nav, config, files):
    # A title written in the nav (None for pages MkDocs titles later from their first heading).
    state["nav"] = [(page.file.src_uri, page.title, page.parent.title if page.parent is not None else "")
                    for page in nav.pages]
    return nav


def on_page_markdown(markdown, page, config, files):
    if not page.file.abs_src_path:
        return markdown
    source = encoding.read_text(page.file.abs_src_path)
    result = export.export_page(source, page.file.src_uri, state["site"])
    emit(log, result.problems)
    state["exports"][page.file.src_uri] = result
    return markdown


def on_post_page(output, page, config):
    state["built"][page.file.src_uri] = output
    return output


@event_priority(-50)  # after the other hooks' post-build work, before the link check (-100) reads the site
def on_post_build(config):
    site_dir = Path(config.site_dir)
    site, exports = state["site"], state["exports"]
    for src_uri, result in exports.items():
        target = site_dir / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(result.markdown, encoding="utf-8")
    # `mkdocs build --dirty` / `serve --dirtyreload` skip unchanged pages: take their copy and built page
    # from the previous build, so the bundles and the print view still hold every page.
    for src_uri, url in site.pages.items():
        if src_uri not in exports and (site_dir / src_uri).is_file():
            markdown = (site_dir / src_uri).read_text(encoding="utf-8")
            source = state["sources"].get(src_uri)
            meta = export.split_front_matter(encoding.read_text(source))[0] if source else {}
            exports[src_uri] = export.PageExport(markdown, [], export.first_h1(markdown) or src_uri[:-3],
                                                 " ".join(str(meta.get("description") or "").split()))
        if src_uri not in state["built"] and (site_dir / url).is_file():
            state["built"][src_uri] = (site_dir / url).read_text(encoding="utf-8")
    order = [src for src, _, _ in state["nav"] if src in exports]
    order += sorted(src for src in exports if src not in order)
    titles = {src: (title, section) for src, title, section in state["nav"]}
    pages = [bundles.Page(src, titles.get(src, (None, ""))[0] or exports[src].title, titles.get(src, (None, ""))[1],
                          exports[src].description, exports[src].markdown) for src in order]
    if not pages:
        return
    name, summary = config.site_name, config.site_description or ""
    (site_dir / bundles.LLMS_TXT).write_text(bundles.llms_txt(site, pages, name, summary, state["versions"]),
                                             encoding="utf-8")
    (site_dir / bundles.LLMS_FULL_TXT).write_text(bundles.llms_full_txt(site, pages, name, summary, state["versions"]),
                                                  encoding="utf-8")
    files = bundles.skill_files(site, pages, site.trees, site.registry, state["versions"])
    (site_dir / bundles.SKILL_ZIP).write_bytes(bundles.zip_bytes(files))
    nav_pages = {src for src, _, _ in state["nav"]}
    chapters = [print_view.Chapter(p.src_uri, site.pages.get(p.src_uri, p.src_uri[:-3] + ".html"), p.title,
                                   state["built"][p.src_uri])
                for p in pages if p.src_uri in nav_pages and p.src_uri in state["built"]]
    registry = site.registry
    redirects = {}
    if registry is not None:
        for ident in list(registry.ids) + list(registry.retired):
            target = registry.resolve(ident)
            if target:
                redirects[ident] = target
    printed = print_view.build(chapters, name, redirects)
    if printed:
        (site_dir / print_view.PRINT_PAGE).write_text(printed, encoding="utf-8")
