"""MkDocs adapter for the cross-link check (logic: hooks/fieldguide/links.py).

Runs last: it collects every page's source links (with line and column) and every built file's ids,
then, in on_post_build when the whole site exists, reports `docs/<page>.md:<line>:<col>:
[broken-link|broken-anchor] <target>` for Markdown links and `site/<file>.html:<line>: ...` for links
that templates or other hooks generated. Warnings go to a `mkdocs.plugins.*` logger, so --strict fails.
"""

from pathlib import Path
from urllib.parse import urlsplit

from fieldguide import encoding, links
from fieldguide.report import content_logger, emit
from mkdocs.plugins import event_priority

log = content_logger("links")
_source_links: dict[str, list] = {}
_src_to_dest: dict[str, str] = {}


@event_priority(-100)
def on_pre_build(config):
    _source_links.clear()


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    source = encoding.read_text(page.file.abs_src_path)
    _source_links[page.file.src_uri] = links.scan(source, f"docs/{page.file.src_uri}")
    return markdown


@event_priority(-100)
def on_post_build(config):
    site_dir = Path(config.site_dir)
    files: dict[str, set[str]] = {}
    hrefs: dict[str, list] = {}
    for path in site_dir.rglob("*"):
        if path.is_file():
            rel = path.relative_to(site_dir).as_posix()
            if path.suffix == ".html":
                files[rel], hrefs[rel] = links.parse_html(path.read_text(encoding="utf-8"))
            else:
                files[rel] = set()
    site = links.SiteIndex(files, dict(_src_to_dest))
    findings = []
    for src_uri, page_links in sorted(_source_links.items()):
        for link in page_links:
            finding = links.resolve_source_link(link, src_uri, site)
            if finding:
                findings.append(finding)
    reported_targets = {(f.target) for f in findings}
    base = urlsplit(config.site_url or "").path.rstrip("/")
    built: list = []
    for dest, page_hrefs in sorted(hrefs.items()):
        for finding in links.check_built_file(dest, page_hrefs, site, base):
            if finding.target not in reported_targets:
                built.append(finding)
    # A broken link in a template or generated HTML repeats on every page: report each cause once.
    emit(log, findings + links.one_per_cause(built))


def on_files(files, config):
    _src_to_dest.clear()
    _src_to_dest.update({f.src_uri: f.dest_uri for f in files.documentation_pages()})
    return files
