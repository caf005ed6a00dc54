"""The `make check-latest` summary (hooks/fieldguide/freshness.py), fed recorded cargo output
(tests/fixtures/freshness/) and problem lists: parsing, the Markdown, and the exit code."""

from __future__ import annotations

from conftest import REPO
from fieldguide import docsrs, freshness

FIXTURES = REPO / "tests" / "fixtures" / "freshness"

WORKSPACE_TOML = """
[workspace.dependencies]
tokio = { version = "1.54", features = ["full"] }
hyper = { version = "1", features = ["full"] }
http = "1"
tower-http = { version = "0.6", features = ["full"] }
mockall = "0.13"
pin-project-lite = "0.2"
criterion = { version = "0.7", features = ["async_tokio"] }
rand = "0.9"
"""
PINNED_TOML = """
[dependencies]
tokio.workspace = true
hyper.workspace = true
http.workspace = true
tower-http.workspace = true
mockall.workspace = true
pin-project-lite.workspace = true
"""
DEPS = freshness.dependencies(WORKSPACE_TOML, PINNED_TOML)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


def parsed():
    return freshness.parse_cargo_update(fixture("cargo-update-dry-run.txt"))


# --- cargo update -------------------------------------------------------------------------------------

def test_moves_are_read_from_cargo_update():
    moves, _ = parsed()
    by_name = {m.name: m for m in moves}
    assert by_name["hyper"] == freshness.Move("hyper", "1.12.0", "1.13.0")
    assert by_name["pin-project-lite"] == freshness.Move("pin-project-lite", "0.2.18", "0.2.19")
    assert by_name["zstd-sys"] == freshness.Move("zstd-sys", "2.1.3+zstd.1.5.7", "2.2.0+zstd.1.6.0")
    assert by_name["windows-link"].verb == "added" and by_name["windows-targets"].verb == "removed"
    assert "crates.io" not in by_name   # "Updating crates.io index" is not a package
    assert len(moves) == 25


def test_unchanged_lines_are_the_releases_the_pins_are_behind():
    _, behind = parsed()
    by_name = {b.name: b for b in behind}
    assert set(by_name) == {"criterion", "matchit", "home", "mockall", "rand", "tokio-metrics", "tower-http"}
    assert by_name["tower-http"] == freshness.Behind("tower-http", "0.6.11", "0.7.1")
    assert by_name["tower-http"].breaking                    # 0.6 -> 0.7 is a breaking 0.x minor
    assert not by_name["matchit"].breaking                   # 0.8.6 is compatible: held back by axum's `=0.8.4`
    assert by_name["home"].note == "requires Rust 1.96"


def test_dependencies_split_taught_from_example_tools():
    assert DEPS.kind("tokio") == "taught" and DEPS.kind("criterion") == "examples"
    assert DEPS.kind("zstd") == "transitive"
    assert DEPS.requirement("tower-http") == "0.6" and DEPS.requirement("rand") == "0.9"


# --- what the checks printed ----------------------------------------------------------------------------

RUST_CHECK_REPORT = {
    "checked": 812,
    "failures": [
        {"id": "docs/io-and-streams.md:120", "compiler_output": False, "problems": [
            "docs/io-and-streams.md:120: block does not compile:\n"
            "docs/io-and-streams.md:124: error[E0599]: no method named `split_frame` found\n"
            "    | let (r, w) = framed.split_frame();"]},
        {"id": "docs/performance.md:300", "compiler_output": True, "problems": [
            "docs/performance.md:300: stdout differs from the Output block at docs/performance.md:306\n"
            "  expected:\n    64\n  got:\n    72\n"
            "  this Output depends on the compiler; after a toolchain move run `make bless-compiler-output`"]},
    ],
    "fence_findings": [],
    "blessed": [],
}


def test_block_failures_keep_page_and_line():
    items = freshness.block_failures(RUST_CHECK_REPORT)
    assert [i.headline for i in items] == [
        "docs/io-and-streams.md:120: block does not compile:",
        "docs/performance.md:300: stdout differs from the Output block at docs/performance.md:306",
    ]
    assert items[0].detail[0] == "docs/io-and-streams.md:124: error[E0599]: no method named `split_frame` found"


def test_crate_build_failures_per_crate_with_errors_and_warnings():
    items, broken = freshness.crate_build_failures(fixture("cargo-build.txt"))
    assert broken == {"line-chat"}
    assert items[0].headline == '`line-chat` (bin "line-chat", bin "line-chat" test) does not compile'
    assert items[0].detail == (
        "crates/line-chat/src/main.rs:41:21: error[E0308]: mismatched types: expected `u32`, found `&str`",
        "crates/line-chat/src/main.rs:58:9: error[E0599]: no method named `split_frame` found for struct `Framed` "
        "in the current scope")
    assert items[1].headline == "`graceful-shutdown` compiles with warnings (`make test` runs clippy with -D warnings)"
    assert "use of deprecated method" in items[1].detail[0]
    assert len(items) == 2


def test_test_failures_name_the_target_the_tests_and_the_panic():
    items = freshness.test_failures(fixture("cargo-test.txt"))
    assert [i.headline for i in items] == [
        "`cargo test -p bench-sync --lib`: 1 test(s) failed: tests::fails",
        "`cargo test -p bench-sync --test smoke`: 1 test(s) failed: smoke_fails",
    ]
    assert items[0].detail == ("tests::fails: panicked at crates/bench-sync/src/lib.rs:6:18: "
                               "assertion `left == right` failed: numbers differ",)


def test_citation_lines_are_kept_and_the_rest_dropped():
    items = freshness.citation_problems(fixture("citations.txt"))
    assert [i.headline.split(" [")[0] for i in items] == ["docs/cancellation-safety.md:88:", "docs/performance.md:12:"]
    assert all("[stale-citation]" in i.headline for i in items)


def test_docs_rs_check_follows_moved_versions_and_reports_missing_items(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_text(
        "---\nrust_links:\n  JoinSet: tokio::task::JoinSet\n---\n"
        "# Page\n\n"
        "Use `tokio::sync::Mutex` and `JoinSet::join_next`, see "
        "[docs](https://docs.rs/tokio/1.54.1/tokio/sync/struct.Mutex.html#method.lock).\n"
        "Gone: `tokio::sync::Mutex::lock_owned_old` and "
        "[this](https://docs.rs/tokio/1.54.1/tokio/sync/struct.Mutex.html#method.try_lock_old).\n")
    index = docsrs.Index(
        versions={"tokio": "1.55.0"},
        items={"tokio": "mod", "tokio::sync": "mod", "tokio::sync::Mutex": "struct", "tokio::sync::Mutex::lock": "method",
               "tokio::task": "mod", "tokio::task::JoinSet": "struct", "tokio::task::JoinSet::join_next": "method"},
        reexports={})
    moves = [freshness.Move("tokio", "1.54.1", "1.55.0")]
    problems, retargeted = freshness.docs_rs_problems(docs, index, moves)
    assert retargeted == 2
    assert [(p.line, p.code) for p in problems] == [(8, "docs-rs-link"), (8, "unknown-rust-path")]
    assert "#method.try_lock_old in tokio 1.55.0" in problems[0].message
    assert "`tokio::sync::Mutex::lock_owned_old` is not a public item of the pinned tokio 1.55.0" in problems[1].message
    # Without following the move, every hand-written link would be reported for its old version.
    unfollowed, _ = freshness.docs_rs_problems(docs, index, [])
    assert sum("names version '1.54.1'" in p.message for p in unfollowed) == 2


# --- the summary and the exit code -------------------------------------------------------------------

def findings(**broken) -> freshness.Findings:
    moves, behind = parsed()
    f = freshness.Findings(moves=moves, behind=behind, deps=DEPS, date="2026-12-07", toolchain="rustc 1.95.0",
                           source="commit d631700", retargeted_links=3, **broken)
    return f


def test_only_new_releases_exit_zero_and_say_what_to_do():
    f = findings()
    f.checked["Blocks that stopped compiling or changed output"] = "all 812 checked blocks compile"
    text = freshness.render(f)
    assert freshness.exit_code(f) == 0
    assert "Verdict: **Nothing the guide teaches broke.** 25 package(s) can move with `cargo update` (3 of them " \
           "taught on the site)" in text
    assert "point the 3 hand-written docs.rs link(s) at the new versions" in text
    assert "| hyper | taught | 1.12.0 | 1.13.0 |" in text
    assert "<details><summary>22 transitive package(s) moved</summary>" in text
    assert "- windows-targets 0.52.6 -> (removed)" in text
    assert ("| tower-http | taught | 0.6.11 | 0.7.1 | `0.6` | a breaking release (new major, or new 0.x minor): "
            "change the requirement in examples/Cargo.toml |") in text
    assert "| criterion | examples | 0.7.0 | 0.8.2 | `0.7` |" in text
    assert "- matchit 0.8.4 (newest 0.8.6): held back by another crate's requirement" in text
    assert "- home 0.5.11 (newest 0.5.12): requires Rust 1.96" in text
    assert "## Blocks that stopped compiling or changed output\n\nNone: all 812 checked blocks compile.\n" in text
    assert "## Citations that no longer match\n\nNone.\n" in text


def test_sections_come_in_order():
    text = freshness.render(findings())
    order = ["Versions that moved", "New releases the pins are behind", "Blocks that stopped compiling or changed output",
             "Example crates that fail", "Citations that no longer match", "docs.rs items that disappeared"]
    positions = [text.index(f"## {title}\n") for title in order]
    assert positions == sorted(positions)
    assert text.startswith("# Freshness: the guide against the newest crate releases\n\nChecked 2026-12-07 on rustc 1.95.0: "
                           "a scratch copy of the repository (commit d631700) after `cargo update`")


def test_anything_broken_exits_non_zero_and_lists_page_lines():
    crates, _ = freshness.crate_build_failures(fixture("cargo-build.txt"))
    f = findings(blocks=freshness.block_failures(RUST_CHECK_REPORT), crates=crates,
                 citations=freshness.citation_problems(fixture("citations.txt")),
                 docs_items=[freshness.Item("docs/p.md:8: [unknown-rust-path] `tokio::x` is not a public item")])
    text = freshness.render(f)
    assert freshness.exit_code(f) == 1
    assert text.count("Verdict: **Something the guide teaches broke**") == 1
    assert "2 block(s), 2 example crate problem(s), 2 citation(s), 1 docs.rs item(s)" in text
    assert "- docs/io-and-streams.md:120: block does not compile:\n\n  ```text\n  docs/io-and-streams.md:124: " in text
    assert "- docs/cancellation-safety.md:88: [stale-citation]" in text
    assert "- docs/p.md:8: [unknown-rust-path] `tokio::x` is not a public item" in text


def test_each_kind_of_breakage_alone_fails():
    item = [freshness.Item("x")]
    for key in ("blocks", "crates", "citations", "docs_items", "errors"):
        assert freshness.exit_code(findings(**{key: item})) == 1, key


def test_a_step_that_could_not_run_is_a_failure_and_shown_first():
    f = freshness.Findings(errors=[freshness.Item("`cargo update` failed", ("error: failed to select a version",))])
    text = freshness.render(f)
    assert freshness.exit_code(f) == 1
    assert text.index("## Checks that could not run") < text.index("## Versions that moved")
    assert "1 step(s) that could not run" in text


def test_skipped_docs_check_says_so():
    f = findings()
    f.skipped["docs.rs items that disappeared"] = "run without `--skip-docs`"
    assert "## docs.rs items that disappeared\n\nNot checked: run without `--skip-docs`.\n" in freshness.render(f)


def test_nothing_new_says_nothing_to_do():
    text = freshness.render(freshness.Findings())
    assert "Verdict: **Nothing to do.**" in text
    assert "None: `cargo update` changes nothing." in text


def test_long_sections_are_capped_for_the_issue_body():
    many = [freshness.Item(f"docs/p.md:{n}: block does not compile:", ("x",) * 40) for n in range(200)]
    text = freshness.render(findings(blocks=many))
    assert len(text) < 60_000
    assert f"... and {200 - freshness.MAX_ITEMS} more" in text
    assert "... (26 more line(s))" in text


def test_scratch_copy_leaves_out_build_output_and_tools(tmp_path):
    """scripts/check_latest.py copies the working tree without .git, .venv, site/, examples/target, ..."""
    import shutil

    from scripts import check_latest

    root = tmp_path / "repo"
    for rel in ["docs/p.md", "examples/Cargo.toml", "examples/target/debug/x", "examples/crates/a/target/keep.rs",
                ".git/HEAD", ".venv/bin/python", "site/index.html", "dist/z.zip", "test-artifacts/s.png",
                "hooks/fieldguide/__pycache__/x.pyc", "hooks/fieldguide/x.py", "data/target/keep.json"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, ignore=check_latest.ignore(root.resolve()))
    kept = sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file())
    assert kept == ["data/target/keep.json", "docs/p.md", "examples/Cargo.toml", "examples/crates/a/target/keep.rs",
                    "hooks/fieldguide/x.py"]
