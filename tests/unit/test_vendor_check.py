"""`python scripts/vendor.py --check`: the weekly freshness job's question to the npm registry (the
vendored scripts have no package.json, so dependabot cannot ask it)."""

from __future__ import annotations

import io
import json

from scripts import vendor

MANIFEST = {
    "mermaid.tiny.js": {"package": "@mermaid-js/tiny", "sha256": "0", "version": "12.0.0"},
    "iframe-worker-shim.js": {"package": "iframe-worker", "sha256": "0", "version": "1.0.4"},
}


def run_check(tmp_path, latest: dict[str, str]) -> tuple[int, str]:
    path = tmp_path / "vendor.json"
    path.write_text(json.dumps(MANIFEST))
    out = io.StringIO()
    return vendor.check(path, latest.__getitem__, out), out.getvalue()


def test_a_newer_mermaid_is_reported_with_what_to_run(tmp_path):
    code, out = run_check(tmp_path, {"@mermaid-js/tiny": "12.1.0", "iframe-worker": "1.0.4"})
    assert code == 1
    assert out.splitlines() == [
        "@mermaid-js/tiny: vendored 12.0.0 (mermaid.tiny.js), npm has 12.1.0; run `make vendor`, then `make test` "
        "(the browser tests render every diagram in both palettes)"]


def test_current_versions_pass(tmp_path):
    code, out = run_check(tmp_path, {"@mermaid-js/tiny": "12.0.0", "iframe-worker": "1.0.4"})
    assert code == 0
    assert out == "vendored scripts are current: iframe-worker 1.0.4, @mermaid-js/tiny 12.0.0\n"


def test_an_older_or_prerelease_latest_is_not_newer(tmp_path):
    code, _ = run_check(tmp_path, {"@mermaid-js/tiny": "12.1.0-rc.1", "iframe-worker": "1.0.3"})
    assert code == 1   # 12.1.0-rc.1 is newer than 12.0.0
    code, _ = run_check(tmp_path, {"@mermaid-js/tiny": "12.0.0-rc.1", "iframe-worker": "1.0.3"})
    assert code == 0


def test_registry_unreachable_is_exit_2(tmp_path):
    def latest(package: str) -> str:
        raise FileNotFoundError("npm")

    path = tmp_path / "vendor.json"
    path.write_text(json.dumps(MANIFEST))
    out = io.StringIO()
    assert vendor.check(path, latest, out) == 2
    assert "could not ask the npm registry" in out.getvalue()
