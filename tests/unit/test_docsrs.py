"""docs.rs autolinking over a small index: each item kind, re-exports, unknown paths, bad links."""

from __future__ import annotations

import pytest
from fieldguide import docsrs

INDEX = docsrs.Index(
    versions={"tokio": "1.54.1", "axum": "0.8.9", "http": "1.5.0"},
    items={
        "tokio::sync": "mod",
        "tokio::sync::Mutex": "struct",
        "tokio::sync::Mutex::lock": "method",
        "tokio::sync::mpsc::channel": "fn",
        "tokio::select": "macro",
        "tokio::main": "attr",
        "tokio::io::AsyncReadExt": "trait",
        "tokio::io::AsyncReadExt::read_exact": "method",
        "tokio::task::JoinSet": "struct",
        "tokio::task::JoinSet::join_next": "method",
        "http::StatusCode": "struct",
    },
    reexports={"axum::http": "http"},
)


def link(md: str, meta=None):
    return docsrs.link_page(md, "docs/p.md", INDEX, meta)


@pytest.mark.parametrize("code, url", [
    ("tokio::sync", "https://docs.rs/tokio/1.54.1/tokio/sync/index.html"),
    ("tokio::sync::Mutex", "https://docs.rs/tokio/1.54.1/tokio/sync/struct.Mutex.html"),
    ("tokio::sync::Mutex<T>", "https://docs.rs/tokio/1.54.1/tokio/sync/struct.Mutex.html"),
    ("tokio::sync::mpsc::channel()", "https://docs.rs/tokio/1.54.1/tokio/sync/mpsc/fn.channel.html"),
    ("tokio::select!", "https://docs.rs/tokio/1.54.1/tokio/macro.select.html"),
    ("#[tokio::main]", "https://docs.rs/tokio/1.54.1/tokio/attr.main.html"),
    ("tokio::sync::Mutex::lock", "https://docs.rs/tokio/1.54.1/tokio/sync/struct.Mutex.html#method.lock"),
    ("tokio::io::AsyncReadExt", "https://docs.rs/tokio/1.54.1/tokio/io/trait.AsyncReadExt.html"),
    ("axum::http::StatusCode", "https://docs.rs/http/1.5.0/http/struct.StatusCode.html"),
])
def test_each_kind_links_to_the_pinned_page(code, url):
    out, problems = link(f"Use `{code}` here.")
    assert problems == []
    assert out == f"Use [`{code}`]({url}) here."


def test_unknown_path_is_an_error_with_suggestion():
    _, problems = link("text\n\nCall `tokio::sync::Mutx::lock` now.")
    assert [str(p) for p in problems] == [
        "docs/p.md:3: [unknown-rust-path] `tokio::sync::Mutx::lock` is not a public item of the pinned tokio "
        "1.54.1 (did you mean `tokio::sync::Mutex::lock`?)"]


def test_expressions_headings_fences_and_existing_links_are_left_alone():
    md = ("# About `tokio::sync::Mutex`\n\n`tokio::spawn(fut)` and [`tokio::select!`](x.md)\n\n"
          "```rust\nlet m = tokio::sync::Mutex::new(1);\n```\n`std::sync::Mutex` and `Vec`")
    out, problems = link(md)
    assert out == md and problems == []


def test_short_names_from_front_matter():
    out, problems = link("`JoinSet::join_next` and `JoinSet`",
                         meta={"rust_links": {"JoinSet": "tokio::task::JoinSet"}})
    assert problems == []
    assert "[`JoinSet::join_next`](https://docs.rs/tokio/1.54.1/tokio/task/struct.JoinSet.html#method.join_next)" in out
    assert "[`JoinSet`](https://docs.rs/tokio/1.54.1/tokio/task/struct.JoinSet.html)" in out


def test_hand_written_links_are_checked_for_version_page_and_anchor():
    md = ("[a](https://docs.rs/tokio/latest/tokio/sync/struct.Mutex.html)\n"
          "[b](https://docs.rs/tokio/1.54.1/tokio/sync/struct.Mutx.html)\n"
          "[c](https://docs.rs/tokio/1.54.1/tokio/sync/struct.Mutex.html#method.lokc)\n"
          "[d](https://docs.rs/tokio/1.54.1/tokio/sync/struct.Mutex.html#method.lock)\n"
          "[e](https://docs.rs/rayon/1.12.0/rayon/)\n")
    _, problems = link(md)
    assert [(p.line, p.code) for p in problems] == [(1, "docs-rs-link"), (2, "docs-rs-link"), (3, "docs-rs-link")]
    assert "does not name an exact version ('latest'); link the version the site is pinned to, e.g. " \
           "https://docs.rs/tokio/1.54.1/tokio/" in problems[0].message
    assert "no such page in tokio 1.54.1 (did you mean tokio/sync/struct.Mutex.html?)" in problems[1].message
    assert "has no #method.lokc" in problems[2].message


def test_committed_index_matches_cargo_lock():
    assert docsrs.stale_reasons(docsrs.load()) == []


def test_docs_rs_links_without_an_exact_version_fail_for_every_crate():
    md = ("[a](https://docs.rs/tokio)\n"
          "[b](https://docs.rs/rayon/latest/rayon/)\n"
          "<https://docs.rs/crate/axum/latest>\n"
          "[c](https://docs.rs/crate/axum/0.8.9/source/CHANGELOG.md)\n")
    _, problems = link(md)
    assert [(p.line, p.code) for p in problems] == [(1, "docs-rs-link"), (2, "docs-rs-link"), (3, "docs-rs-link")]
    assert "(no version)" in problems[0].message and "https://docs.rs/tokio/1.54.1/tokio/" in problems[0].message


def test_a_rust_path_in_a_heading_is_checked_but_not_linked():
    out, problems = link("## Holding `tokio::sync::Mutx` across await\n\n## Using `tokio::sync::Mutex`\n")
    assert [(p.line, p.code) for p in problems] == [(1, "unknown-rust-path")]
    assert "did you mean `tokio::sync::Mutex`?" in problems[0].message and "(in a heading)" in problems[0].message
    assert "](https://docs.rs" not in out
