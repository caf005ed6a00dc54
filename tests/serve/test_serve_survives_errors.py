"""`make serve` keeps serving when content is broken, lists each problem once, and shows it on the page.

Tried as a new contributor would: start the server with a broken page and a broken decision file, ask
for pages, then break and fix a page while it runs."""

from __future__ import annotations

import html
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import REPO

BROKEN_PAGE = "# Home\n\nSee [the guide](nowhere.md).\n\n```rust, run\nfn main() {}\n```\n"
GOOD_PAGE = "# Home\n\nAll fine here.\n"
BROKEN_TREE = "title: Broken\nstart: q1\nquestions:\n  q1:\n    text: [unclosed\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[float, str]:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=5) as response:
        body = response.read().decode("utf-8")
    return time.monotonic() - started, html.unescape(body)


def wait_for(predicate, timeout: float = 60.0, every: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return None


@pytest.fixture
def served_site(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(BROKEN_PAGE)
    (docs / "other.md").write_text("# Other\n\n<!-- decision-tree: broken -->\n")
    (tmp_path / "data" / "decisions").mkdir(parents=True)
    (tmp_path / "data" / "decisions" / "broken.yml").write_text(BROKEN_TREE)
    hooks = ["dev_banner_hook.py", "encoding_hook.py", "fence_hook.py", "decisions_hook.py", "link_hook.py"]
    (tmp_path / "mkdocs.yml").write_text("\n".join([
        "site_name: Fixture", "strict: true", "use_directory_urls: false",
        "theme: {name: material, font: false}",
        "markdown_extensions: [attr_list, md_in_html, toc, pymdownx.superfences]",
        "plugins: []", "watch: [data]", "hooks:", *[f"  - {REPO / 'hooks' / h}" for h in hooks], ""]))
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO / "hooks"))
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                             "-f", str(tmp_path / "mkdocs.yml")], stdout=log, stderr=subprocess.STDOUT, env=env,
                            cwd=tmp_path)
    try:
        yield tmp_path, f"http://127.0.0.1:{port}", tmp_path / "serve.log"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def test_serve_keeps_serving_a_broken_site_and_shows_each_problem_once(served_site):
    root, url, log = served_site

    def page():
        try:
            return fetch(f"{url}/index.html")
        except OSError:
            return None

    first = wait_for(page)
    assert first is not None, f"the server never answered:\n{log.read_text()}"
    elapsed, body = first
    assert elapsed < 1.0
    assert 'class="fg-dev-problems" role="alert"' in body
    assert "docs/index.md:5: [bad-info-string]" in body
    assert "docs/index.md:3:" in body and "[broken-link] nowhere.md" in body
    assert "data/decisions/broken.yml" in body or "broken.yml:5: [yaml]" in body
    output = log.read_text()
    assert output.count("[bad-info-string]") == 1, output
    assert "Traceback" not in output

    # Break the other page while serving: the server rebuilds, keeps answering, and the banner follows.
    (root / "docs" / "index.md").write_text(GOOD_PAGE)
    (root / "docs" / "other.md").write_text("# Other\n\n```rsut\nx\n```\n")

    def rebuilt():
        got = page()
        return got if got and "[unknown-language]" in got[1] and "[bad-info-string]" not in got[1] else None

    again = wait_for(rebuilt)
    assert again is not None, f"the banner never showed the new problem:\n{log.read_text()}"
    assert again[0] < 1.0
    assert "did you mean 'rust'?" in again[1]
