"""A citation whose quote was checked against another version than the lock fails the build with its line."""

import json

from sitefactory import build_fixture_site, warnings

LOCK = '[[package]]\nname = "tokio"\nversion = "1.2.3"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n'
PAGE = '---\ntitle: Home\n---\n# Home\n\nBudget is 128.[^b]\n\n[^b]: src: tokio src/task/coop/mod.rs "Budget(Some(128))"\n'


def site_with(tmp_path, recorded_version: str | None):
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "Cargo.lock").write_text(LOCK)
    (tmp_path / "data").mkdir()
    entries = [] if recorded_version is None else [
        {"crate": "tokio", "version": recorded_version, "path": "src/task/coop/mod.rs",
         "quote": "Budget(Some(128))", "line": 116}]
    (tmp_path / "data" / "citations.json").write_text(json.dumps({"citations": entries}))
    return build_fixture_site(tmp_path, {"index.md": PAGE}, hooks=["citations_hook.py", "fence_hook.py"])


def test_citation_renders_as_a_docs_rs_source_link(tmp_path):
    proc = site_with(tmp_path, "1.2.3")
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert 'href="https://docs.rs/crate/tokio/1.2.3/source/src/task/coop/mod.rs#116"' in html


def test_citation_checked_against_an_older_version_fails_with_the_footnote_line(tmp_path):
    proc = site_with(tmp_path, "1.2.2")
    assert proc.returncode != 0
    assert any(w.startswith("docs/index.md:8: [stale-citation] quote was checked against tokio 1.2.2")
               for w in warnings(proc)), proc.stderr


def test_citation_missing_from_the_data_file_says_to_run_make_citations(tmp_path):
    proc = site_with(tmp_path, None)
    assert proc.returncode != 0
    assert any(w.startswith("docs/index.md:8: [unresolved-citation]") and "make citations" in w
               for w in warnings(proc)), proc.stderr
