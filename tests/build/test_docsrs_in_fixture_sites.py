"""An unknown Rust path or a docs.rs link to the wrong version fails the build with file:line."""

from sitefactory import build_fixture_site, warnings

HOOKS = ["fence_hook.py", "docsrs_hook.py", "link_hook.py"]


def test_unknown_rust_path_fails_the_build(tmp_path):
    proc = build_fixture_site(tmp_path, {"index.md": "# Home\n\nUse `tokio::sync::Mutx` here.\n"}, hooks=HOOKS)
    assert proc.returncode != 0
    assert any(w.startswith("docs/index.md:3: [unknown-rust-path] `tokio::sync::Mutx` is not a public item of the "
                            "pinned tokio") and "did you mean `tokio::sync::Mutex`" in w for w in warnings(proc)), proc.stderr


def test_latest_docs_rs_link_fails_the_build(tmp_path):
    page = "# Home\n\nSee [Mutex](https://docs.rs/tokio/latest/tokio/sync/struct.Mutex.html).\n"
    proc = build_fixture_site(tmp_path, {"index.md": page}, hooks=HOOKS)
    assert proc.returncode != 0
    assert any(w.startswith("docs/index.md:3: [docs-rs-link]") and "does not name an exact version ('latest')" in w
               for w in warnings(proc))


def test_known_paths_become_pinned_links(tmp_path):
    proc = build_fixture_site(tmp_path, {"index.md": "# Home\n\nUse `tokio::select!` and `tokio::task::JoinSet::join_next`.\n"},
                              hooks=HOOKS)
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert 'href="https://docs.rs/tokio/1.54.1/tokio/macro.select.html"' in html
    assert 'href="https://docs.rs/tokio/1.54.1/tokio/task/struct.JoinSet.html#method.join_next"' in html
