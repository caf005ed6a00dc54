"""A production build inlines each diagram's stored drawing and loads no mermaid; a live build (what
`make serve` does) leaves diagrams for mermaid to draw in the browser. Built with the real hooks, the
mermaid2 plugin and a decision tree whose drawing is in data/diagrams/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import REPO

PAGE = "# Home\n\nText.\n\n<!-- decision-tree: channel-type -->\n"


def build(tmp_path, live: bool):
    docs = tmp_path / "docs"
    (docs / "assets" / "javascripts").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "docs" / "assets" / "javascripts" / "mermaid-loader.js", docs / "assets" / "javascripts")
    (docs / "index.md").write_text(PAGE)
    (tmp_path / "mkdocs.yml").write_text("\n".join([
        "site_name: Fixture", "site_url: https://example.org/guide/", "strict: true", "use_directory_urls: false",
        "validation:", "  links: {not_found: info, anchors: info}",  # answers link pages this fixture lacks
        "theme:", "  name: material", "  font: false",
        "markdown_extensions:", "  - attr_list", "  - md_in_html", "  - toc", "  - pymdownx.superfences:",
        "      custom_fences:", "        - name: mermaid", "          class: mermaid",
        "          format: !!python/name:mermaid2.fence_mermaid",
        "plugins:", "  - mermaid2:", "      javascript: assets/javascripts/mermaid-loader.js",
        "hooks:", *[f"  - {REPO / 'hooks' / h}" for h in ("decisions_hook.py", "diagrams_hook.py")],
    ]) + "\n")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO / "hooks"))
    env.pop("FIELD_GUIDE_LIVE_DIAGRAMS", None)
    if live:
        env["FIELD_GUIDE_LIVE_DIAGRAMS"] = "1"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return (tmp_path / "site" / "index.html").read_text()


def test_production_pages_inline_the_drawing_and_load_no_mermaid(tmp_path):
    html = build(tmp_path, live=False)
    assert html.count('<figure class="fg-diagram"') == 1
    assert 'role="img"' in html and "Decision flowchart: Which channel?</title>" in html
    assert "mermaid" not in html.lower(), "no mermaid script, class or source text may remain"


def test_live_builds_leave_diagrams_to_mermaid(tmp_path):
    html = build(tmp_path, live=True)
    assert 'class="mermaid"' in html and "mermaid-loader.js" in html
    assert "fg-diagram" not in html
