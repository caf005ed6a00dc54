"""Checked citations: parsing, lookup in a (fixture) cargo registry, and the build-time data-file check."""

import json

from fieldguide import citations, citations_cli
from fieldguide.report import Problem

LOCK = """
version = 4
[[package]]
name = "tokio"
version = "1.2.3"
source = "registry+https://github.com/rust-lang/crates.io-index"
"""

PAGE = """# Budget

Each task gets 128 units.[^budget]

```text
[^example]: src: tokio src/lib.rs "shown as an example, not checked"
```

[^budget]: src: tokio src/task/coop/mod.rs "Budget(Some(128))"
"""


def fake_registry(tmp_path, source: str):
    crate = tmp_path / "registry" / "src" / "index.crates.io-x" / "tokio-1.2.3" / "src" / "task" / "coop"
    crate.mkdir(parents=True)
    (crate / "mod.rs").write_text(source)
    return tmp_path


def test_scan_finds_definitions_outside_fences_with_file_lines():
    from fieldguide.fences import fenced_lines

    found, problems = citations.scan(PAGE, "docs/p.md", line_offset=3, fenced=fenced_lines(PAGE))
    assert problems == []
    assert [(c.line, c.crate, c.file, c.quote) for c in found] == [
        (12, "tokio", "src/task/coop/mod.rs", "Budget(Some(128))")]


def test_malformed_citation_says_how_to_write_one():
    _, problems = citations.scan('[^x]: src: tokio "no path"\n', "docs/p.md")
    assert len(problems) == 1 and str(problems[0]).startswith("docs/p.md:1: [bad-citation] write a citation as")
    _, problems = citations.scan('[^x]: src: tokio ../etc/passwd "something long"\n', "docs/p.md")
    assert "[bad-citation]" in str(problems[0]) and "not a path inside the crate" in str(problems[0])


def test_quote_may_contain_quotes_and_a_note():
    found, _ = citations.scan('[^x]: src: tokio src/a.rs "panic!("boom")" -- paraphrased\n', "docs/p.md")
    assert found[0].quote == 'panic!("boom")' and found[0].note == "paraphrased"
    found, _ = citations.scan('[^x]: src: tokio src/a.rs "is_closed = true;" -- shown as "service closed"\n', "docs/p.md")
    assert found[0].quote == "is_closed = true;" and found[0].note == 'shown as "service closed"'
    found, _ = citations.scan('[^x]: src: tokio src/a.rs "a "quoted" word here"\n', "docs/p.md")
    assert found[0].quote == 'a "quoted" word here' and found[0].note is None


def test_quote_matches_across_whitespace_and_reports_its_first_line():
    source = "fn a() {}\n\nfn initial() -> Budget {\n    Budget(Some(128))\n}\n"
    assert citations.find_quote(source, "Budget(Some(128))") == 4
    assert citations.find_quote(source, "-> Budget {  Budget(Some(128))") == 3
    assert citations.find_quote(source, "Budget(Some(64))") is None


def test_resolve_finds_the_quote_in_the_locked_version(tmp_path):
    home = fake_registry(tmp_path, "x\n  Budget(Some(128))\n")
    found, _ = citations.scan(PAGE, "docs/p.md")
    r = citations.resolve(found[0], citations.locked_crate_versions(LOCK), citations.registry_dirs(home))
    assert isinstance(r, citations.Resolved) and r.line == 2
    assert r.url == "https://docs.rs/crate/tokio/1.2.3/source/src/task/coop/mod.rs#2"


def test_a_quote_gone_from_the_pinned_source_is_a_stale_citation_at_the_footnote_line(tmp_path):
    home = fake_registry(tmp_path, "Budget(Some(64))\n")
    found, _ = citations.scan(PAGE, "docs/p.md", line_offset=3)
    r = citations.resolve(found[0], citations.locked_crate_versions(LOCK), citations.registry_dirs(home))
    assert isinstance(r, Problem)
    assert str(r).startswith('docs/p.md:12: [stale-citation] "Budget(Some(128))" is no longer in tokio 1.2.3')


def test_build_lookup_flags_a_version_bump_until_make_citations_reruns():
    found, _ = citations.scan(PAGE, "docs/p.md")
    recorded = citations.from_data({"citations": [
        {"crate": "tokio", "version": "1.2.2", "path": "src/task/coop/mod.rs", "quote": "Budget(Some(128))", "line": 9}]})
    r = citations.lookup(found[0], recorded, citations.locked_crate_versions(LOCK))
    assert isinstance(r, Problem) and r.code == "stale-citation" and "run `make citations`" in r.message
    r = citations.lookup(found[0], {}, citations.locked_crate_versions(LOCK))
    assert isinstance(r, Problem) and r.code == "unresolved-citation"


def test_rendered_footnote_links_the_docs_rs_source_view_at_the_line():
    found, _ = citations.scan(PAGE, "docs/p.md")
    r = citations.Resolved("tokio", "1.2.3", "src/task/coop/mod.rs", "Budget(Some(128))", 116)
    out = citations.rewrite(PAGE, found, {found[0].line: r})
    assert ("[^budget]: Source: [tokio 1.2.3, `src/task/coop/mod.rs` line 116]"
            "(https://docs.rs/crate/tokio/1.2.3/source/src/task/coop/mod.rs#116): `Budget(Some(128))`") in out
    assert 'src: tokio src/lib.rs "shown as an example' in out  # fenced example untouched


def test_cli_check_fails_on_a_stale_quote_and_on_an_outdated_data_file(tmp_path, capsys):
    home = fake_registry(tmp_path, "Budget(Some(128))\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_text(PAGE)
    lock = tmp_path / "Cargo.lock"
    lock.write_text(LOCK)
    data = tmp_path / "citations.json"
    assert citations_cli.run(docs, lock, home, data, check=True) == 1  # no data file yet
    assert citations_cli.run(docs, lock, home, data, check=False) == 0
    assert json.loads(data.read_text())["citations"][0]["line"] == 1
    assert citations_cli.run(docs, lock, home, data, check=True) == 0
    (home / "registry/src/index.crates.io-x/tokio-1.2.3/src/task/coop/mod.rs").write_text("gone\n")
    assert citations_cli.run(docs, lock, home, data, check=True) == 1
    assert "docs/p.md:9: [stale-citation]" in capsys.readouterr().err


def test_uncited_numbers_next_to_an_api_are_listed():
    text = "A `tokio::sync::mpsc::channel` holds 32 messages.\n\nA `Vec` of 3.[^x]\n\n[^x]: note\n"
    from fieldguide.fences import fenced_lines

    listed = citations.uncited_number_paragraphs(text, "docs/p.md", fenced_lines(text))
    assert [line for line, _ in listed] == [1]
