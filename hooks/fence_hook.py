"""MkDocs adapter for fence validation and display (logic: hooks/fieldguide/fences.py).

on_config loads the "examples verified with" stamp; on_page_markdown validates every fence on the
page, reports problems as `docs/<page>.md:<line>: [<code>] <message>` (failing --strict), and hands
Python-Markdown the display form: hidden lines removed, badges and Run links added.
"""


import json
from pathlib import Path

from fieldguide import encoding, fences, headings, versions
from fieldguide.report import content_logger, emit

log = content_logger("fences")
_expected: dict[str, dict[str, int]] = {}


def on_config(config):
    local = Path(config.config_file_path).parent / "data" / "versions.json"
    config.extra["fg_versions"] = json.loads(local.read_text()) if local.exists() else versions.load()
    return config


def on_page_markdown(markdown, page, config, files):
    path = f"docs/{page.file.src_uri}"
    source = encoding.read_text(page.file.abs_src_path)
    offset = fences.front_matter_lines(source, markdown)
    parsed = fences.parse(markdown, path, line_offset=offset)
    root = Path(config.config_file_path).parent
    bases = [root / b for b in config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])]
    missing = [f for fence in parsed.fences if fence.is_included for f in fences.snippet_problems(fence, bases)]
    emit(log, parsed.findings + missing + headings.problems(markdown, path, offset))
    if missing:
        markdown = fences.drop_lines(markdown, {f.line for f in missing}, offset)
        parsed = fences.parse(markdown, path, line_offset=offset)
    _expected[page.file.src_uri] = fences.block_counts(parsed)
    return fences.render(markdown, parsed, offset=offset)


def on_page_content(html, page, config, files):
    expected = _expected.pop(page.file.src_uri, None)
    if expected is not None:
        emit(log, fences.missing_blocks(expected, html, f"docs/{page.file.src_uri}"))
    html = fences.exclude_code_from_search(html)
    html = fences.unwrap_unstyled_tokens(fences.focusable_code_blocks(html))
    return fences.size_placeholders(html)
