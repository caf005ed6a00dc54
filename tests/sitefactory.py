"""Build small fixture sites that use the project's real hooks, to prove bad input fails the build."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import REPO, mkdocs_build

HOOKS = ["fence_hook.py", "link_hook.py"]


def build_fixture_site(tmp: Path, pages: dict[str, str], *, extra_hooks: dict[str, str] | None = None,
                       templates: dict[str, str] | None = None, hooks: list[str] | None = None):
    """Write docs + mkdocs.yml under `tmp` and run `mkdocs build --strict`. Returns the process."""
    docs = tmp / "docs"
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(textwrap.dedent(text))
    hook_paths = [str(REPO / "hooks" / h) for h in (hooks or HOOKS)]
    for name, code in (extra_hooks or {}).items():
        (tmp / name).write_text(textwrap.dedent(code))
        hook_paths.append(str(tmp / name))
    theme = ["theme:", "  name: material", "  font: false"]
    if templates:
        (tmp / "overrides").mkdir(exist_ok=True)
        for name, text in templates.items():
            (tmp / "overrides" / name).write_text(textwrap.dedent(text))
        theme.append(f"  custom_dir: {tmp / 'overrides'}")
    config = [
        "site_name: Fixture", "site_url: https://example.org/guide/", "strict: true", "use_directory_urls: false",
        "validation:", "  nav: {omitted_files: warn, not_found: warn, absolute_links: warn}",
        "  links: {not_found: warn, absolute_links: warn, unrecognized_links: warn, anchors: warn}",
        *theme,
        "markdown_extensions: [attr_list, md_in_html, admonition, tables, toc, pymdownx.superfences]",
        "plugins: []",
        "hooks:", *[f"  - {p}" for p in hook_paths],
    ]
    (tmp / "mkdocs.yml").write_text("\n".join(config) + "\n")
    return mkdocs_build(tmp / "mkdocs.yml", tmp / "site")


def warnings(proc) -> list[str]:
    """The hook warnings of a build, without the logger prefix."""
    out = []
    for line in proc.stderr.splitlines():
        if line.startswith("WARNING") and "-  " in line:
            out.append(line.split("-  ", 1)[1].strip())
    return out
