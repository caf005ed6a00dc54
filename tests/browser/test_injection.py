"""Strings from data files and front matter never run as script in the built site, in Chromium.

A fixture site is built with the real hooks and theme overrides and data files whose every free-text
field holds an injection payload; each page is opened, the decision picker clicked through, and the
test asserts no dialog fired and no payload element exists in the DOM."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from conftest import REPO, mkdocs_build

PAYLOAD = "<img src=data:x onerror=alert(7)>\"'><svg onload=alert(8)></script><script>alert(9)</script>"
HOOKS = ["encoding_hook.py", "front_matter_hook.py", "fence_hook.py", "cancel_table_hook.py", "decisions_hook.py",
         "export_hook.py",
         "review_ids_hook.py", "link_hook.py"]


def injected_site(tmp_path):
    docs = tmp_path / "docs"
    (docs / "assets" / "javascripts").mkdir(parents=True)
    for script in ("clipboard.js", "decision-picker.js", "review-links.js", "cancel-table-filter.js"):
        shutil.copy(REPO / "docs" / "assets" / "javascripts" / script, docs / "assets" / "javascripts" / script)
    (docs / "index.md").write_text(
        f"---\ntitle: {json.dumps(PAYLOAD)}\ndescription: {json.dumps(PAYLOAD)}\n---\n# Home\n\n"
        "## The answer { #inj-answer }\n\nText.\n\n<!-- decision-tree: injected -->\n\n<!-- cancel-safety-table -->\n")
    data = tmp_path / "data"
    (data / "decisions").mkdir(parents=True)
    tree = {"title": PAYLOAD, "intro": PAYLOAD, "start": "q-inj",
            "questions": {"q-inj": {"text": PAYLOAD, "options": [{"label": PAYLOAD, "next": "inj-tree-answer"}]}},
            "answers": {"inj-tree-answer": {"title": PAYLOAD, "apis": ["tokio::spawn"], "why": PAYLOAD,
                                            "wrong_when": PAYLOAD, "see": "index.md#inj-answer"}}}
    (data / "decisions" / "injected.yml").write_text(yaml.safe_dump(tree))
    (data / "review-ids.yml").write_text(yaml.safe_dump({"ids": {
        "inj-answer": {"page": "index", "title": PAYLOAD, "kind": "footgun", "why": PAYLOAD},
        "inj-tree-answer": {"page": "index", "title": PAYLOAD, "kind": "decision"}},
        "published": ["inj-answer", "inj-tree-answer"]}))
    (data / "cancel-safety.yml").write_text(yaml.safe_dump([{
        "crate": "tokio", "path": "tokio::io::AsyncReadExt::read", "class": "safe", "note": PAYLOAD,
        "docs_url": "https://docs.rs/tokio/1.54.1/tokio/io/trait.AsyncReadExt.html#method.read"}]))
    versions = json.loads((REPO / "data" / "versions.json").read_text())
    versions["rustc"] = PAYLOAD
    (data / "versions.json").write_text(json.dumps(versions))
    (tmp_path / "mkdocs.yml").write_text("\n".join([
        "site_name: Fixture", "site_url: https://example.org/guide/", "strict: true", "use_directory_urls: false",
        "theme:", "  name: material", "  font: false", f"  custom_dir: {REPO / 'overrides'}",
        "extra_javascript: [assets/javascripts/clipboard.js, assets/javascripts/review-links.js,"
        " assets/javascripts/decision-picker.js]",
        "markdown_extensions: [attr_list, md_in_html, tables, toc, pymdownx.superfences]",
        "plugins: []", "hooks:", *[f"  - {REPO / 'hooks' / h}" for h in HOOKS], ""]))
    return tmp_path


@pytest.mark.browser
def test_no_payload_from_data_or_front_matter_runs_in_chromium(tmp_path, chromium):
    root = injected_site(tmp_path)
    proc = mkdocs_build(root / "mkdocs.yml", root / "site")
    assert proc.returncode == 0, proc.stderr[-4000:]
    html = (root / "site" / "index.html").read_text()
    assert "&amp;lt;img" not in html  # escaped once (front matter is escaped by the hook, not again)
    dialogs = []
    page = chromium.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((root / "site" / "index.html").as_uri())
    page.wait_for_load_state("load")
    option = page.locator(".fg-picker button:not([disabled])", has_text="onerror").first
    option.click()  # the option label, then the answer the picker shows (both from the data file)
    page.wait_for_timeout(300)
    # Elements a payload could have created; JSON data scripts are inert and may carry the text.
    injected = page.evaluate("""() => [...document.querySelectorAll('img,svg,script,iframe')]
        .filter(e => e.type !== 'application/json')
        .map(e => e.outerHTML).filter(h => h.includes('alert('))""")
    assert dialogs == [] and injected == [], (dialogs, injected)
    # The payload is shown as text where the data put it: picker, headings, table, footer, <title>.
    body = page.inner_text("body")
    assert body.count("onerror=alert(7)") >= 4
    assert "onerror=alert(7)" in page.title()
    page.close()
