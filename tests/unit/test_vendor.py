"""Vendored browser scripts match the checksums recorded by scripts/vendor.py (`make vendor`)."""

import hashlib
import json

from conftest import REPO

VENDOR = REPO / "docs" / "assets" / "javascripts" / "vendor"


def test_vendored_files_match_their_recorded_sha256():
    manifest = json.loads((VENDOR / "vendor.json").read_text())
    assert set(manifest) == {"mermaid.tiny.js", "iframe-worker-shim.js"}
    for name, entry in manifest.items():
        digest = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{name} differs from {entry['package']}@{entry['version']}; run make vendor"


def test_mkdocs_points_at_the_vendored_files():
    config = (REPO / "mkdocs.yml").read_text()
    # mermaid2 injects the lazy loader, which loads the vendored mermaid from the same directory tree.
    assert "javascript: assets/javascripts/mermaid-loader.js" in config
    loader = (REPO / "docs" / "assets" / "javascripts" / "mermaid-loader.js").read_text()
    assert '"vendor/mermaid.tiny.js"' in loader
    assert "assets/javascripts/vendor/iframe-worker-shim.js" in config
