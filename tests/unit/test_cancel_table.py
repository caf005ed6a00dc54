"""The cancel-safety table: each bad data file gets its exact message and line; good data renders
sorted, filterable and complete without JavaScript."""

from __future__ import annotations

import textwrap

import markdown
import pytest
from fieldguide import REPO_ROOT, cancel_table, versions

PINNED = {"tokio": "1.54.1", "tokio-util": "0.7.20", "tokio-stream": "0.1.19", "futures": "0.3.34"}
FILE = "data/cancel-safety.yml"


MUTEX_LOCK = "https://docs.rs/tokio/1.54.1/tokio/sync/struct.Mutex.html#method.lock"


def entry(path="tokio::sync::Mutex::lock", crate="tokio", cls="loses-queue-place", url=MUTEX_LOCK,
          note="Gives up its turn.") -> str:
    return (f"- crate: {crate}\n  path: {path}\n  class: {cls}\n  note: {note}\n  docs_url: {url}\n")


def messages(text: str, pinned=PINNED) -> list[str]:
    return [str(f) for f in cancel_table.parse(textwrap.dedent(text), FILE, pinned).findings]


GOOD = entry() + entry(
    "tokio::sync::mpsc::Receiver::recv", cls="safe",
    url="https://docs.rs/tokio/1.54.1/tokio/sync/mpsc/struct.Receiver.html#method.recv", note="Nothing lost.")


# --- one bad fixture, one message ---------------------------------------------------------------------

BAD_FIXTURES = {
    "yaml-syntax": (
        "- crate: tokio\n  path: [unclosed\n  class: safe\n",
        "data/cancel-safety.yml:3: [cancel-table-yaml] YAML does not parse: "),
    "unknown-class": (
        entry(cls="loses-date"),
        "data/cancel-safety.yml:3: [cancel-table-class] unknown class 'loses-date' (did you mean "
        "'loses-data'?); use one of: safe, loses-data, loses-queue-place, inherits"),
    "missing-key": (
        "- crate: tokio\n  path: tokio::sync::Mutex::lock\n  class: safe\n  note: x\n",
        "data/cancel-safety.yml:1: [cancel-table-missing-key] entry 'tokio::sync::Mutex::lock' "
        "is missing 'docs_url'"),
    "missing-two-keys": (
        "- crate: tokio\n  class: safe\n  note: x\n",
        "data/cancel-safety.yml:1: [cancel-table-missing-key] entry is missing 'path', 'docs_url'"),
    "duplicate-path": (
        GOOD + "\n" + entry(note="Listed again."),
        "data/cancel-safety.yml:12: [cancel-table-duplicate] duplicate path 'tokio::sync::Mutex::lock' "
        "(first listed at line 1); keep one entry per method"),
    "unknown-key": (
        entry().replace("  note:", "  nots:"),
        ["data/cancel-safety.yml:4: [cancel-table-unknown-key] unknown key 'nots' (did you mean 'note'?); "
         "allowed: crate, path, class, note, docs_url",
         "data/cancel-safety.yml:1: [cancel-table-missing-key] entry 'tokio::sync::Mutex::lock' "
         "is missing 'note'"]),
    "key-twice": (
        entry() + "  class: safe\n",
        "data/cancel-safety.yml:6: [cancel-table-duplicate-key] key 'class' is given twice in this entry "
        "(first at line 3)"),
    "latest-url": (
        entry(url="https://docs.rs/tokio/latest/tokio/sync/struct.Mutex.html#method.lock"),
        "data/cancel-safety.yml:5: [cancel-table-url] docs_url names version 'latest'; "
        "link the pinned version 1.54.1"),
    "stale-version": (
        entry(url="https://docs.rs/tokio/1.40.0/tokio/sync/struct.Mutex.html#method.lock"),
        "data/cancel-safety.yml:5: [cancel-table-url] docs_url names version '1.40.0'; "
        "link the pinned version 1.54.1"),
    "url-for-another-item": (
        entry(url="https://docs.rs/tokio/1.54.1/tokio/sync/struct.RwLock.html#method.read"),
        "data/cancel-safety.yml:5: [cancel-table-url] docs_url points at tokio::sync::RwLock::read, "
        "not at tokio::sync::Mutex::lock"),
    "url-not-docs-rs": (
        entry(url="https://example.com/mutex"),
        "data/cancel-safety.yml:5: [cancel-table-url] docs_url 'https://example.com/mutex' is not a "
        "docs.rs item link like https://docs.rs/tokio/1.54.1/tokio/sync/struct.Mutex.html#method.lock"),
    "url-other-crate": (
        entry(url="https://docs.rs/tokio-util/0.7.20/tokio_util/sync/struct.Mutex.html#method.lock"),
        "data/cancel-safety.yml:5: [cancel-table-url] docs_url is for crate 'tokio-util' but the entry's "
        "crate is 'tokio'"),
    "crate-not-pinned": (
        entry(crate="async-std", path="async_std::sync::Mutex::lock",
              url="https://docs.rs/async-std/1.13.0/async_std/sync/struct.Mutex.html#method.lock"),
        "data/cancel-safety.yml:1: [cancel-table-crate] crate 'async-std' is not one the site pins; "
        "use one of: futures, tokio, tokio-stream, tokio-util"),
    "path-outside-crate": (
        entry(crate="futures"),
        "data/cancel-safety.yml:2: [cancel-table-path] path 'tokio::sync::Mutex::lock' does not start with "
        "futures:: (crate is 'futures')"),
    "path-not-a-path": (
        entry(path="Mutex.lock()"),
        "data/cancel-safety.yml:2: [cancel-table-path] path 'Mutex.lock()' is not a Rust path like "
        "tokio::sync::Mutex::lock"),
    "value-not-a-string": (
        entry(note="3"),
        "data/cancel-safety.yml:4: [cancel-table-value] 'note' must be a non-empty string"),
    "empty-value": (
        entry().replace("  note: Gives up its turn.", "  note:"),
        "data/cancel-safety.yml:4: [cancel-table-value] 'note' must be a non-empty string"),
    "top-level-mapping": (
        "crate: tokio\npath: tokio::sync::Mutex::lock\n",
        "data/cancel-safety.yml:1: [cancel-table-shape] expected a list of entries at the top level "
        "(- crate: ...)"),
    "entry-not-mapping": (
        "- tokio::sync::Mutex::lock\n",
        "data/cancel-safety.yml:1: [cancel-table-shape] each entry must be a mapping with keys: "
        "crate, path, class, note, docs_url"),
    "note-starting-with-backtick": (
        entry(note="`read_buf` is safe"),
        "data/cancel-safety.yml:4: [cancel-table-yaml] YAML does not parse: found character '`' that cannot "
        "start any token"),
    "empty-file": (
        "# nothing here yet\n",
        "data/cancel-safety.yml:1: [cancel-table-shape] the file is empty; expected a list of entries "
        "(- crate: ...)"),
}


@pytest.mark.parametrize("name", sorted(BAD_FIXTURES))
def test_bad_data_file_reports_exact_message_and_line(name):
    text, expected = BAD_FIXTURES[name]
    found = messages(text)
    if isinstance(expected, list):
        assert found == expected
    elif expected.endswith(": "):  # the rest of the sentence is PyYAML's wording; pin only ours
        assert len(found) == 1 and found[0].startswith(expected), found
    else:
        assert found == [expected]


def test_bad_entries_are_left_out_and_good_ones_kept():
    bad = entry("tokio::sync::Semaphore::acquire", cls="bogus",
                url="https://docs.rs/tokio/1.54.1/tokio/sync/struct.Semaphore.html#method.acquire")
    table = cancel_table.parse(GOOD + bad, FILE, PINNED)
    assert [e.path for e in table.entries] == [
        "tokio::sync::Mutex::lock", "tokio::sync::mpsc::Receiver::recv"]
    assert len(table.findings) == 1


def test_every_problem_in_a_file_is_reported_not_only_the_first():
    text = entry(cls="nope") + entry("tokio::sync::RwLock::read", url="https://docs.rs/tokio/latest/x")
    assert [f.code for f in cancel_table.parse(text, FILE, PINNED).findings] == [
        "cancel-table-class", "cancel-table-url"]


def test_missing_file_is_reported(tmp_path):
    table = cancel_table.load(tmp_path / "nope.yml", FILE, PINNED)
    assert [str(f) for f in table.findings] == [
        "data/cancel-safety.yml:1: [cancel-table-missing-file] data/cancel-safety.yml does not exist; "
        "the cancel-safety table has no data"]


def test_trait_method_and_free_function_urls_are_accepted():
    text = (entry("tokio::io::AsyncReadExt::read_exact", cls="loses-data",
                  url="https://docs.rs/tokio/1.54.1/tokio/io/trait.AsyncReadExt.html#method.read_exact")
            + entry("tokio::time::sleep", cls="safe", url="https://docs.rs/tokio/1.54.1/tokio/time/fn.sleep.html")
            + entry("tokio_stream::StreamExt::next", crate="tokio-stream", cls="safe",
                    url="https://docs.rs/tokio-stream/0.1.19/tokio_stream/trait.StreamExt.html#method.next"))
    assert messages(text) == []


# --- the real data file -------------------------------------------------------------------------------

def test_committed_data_is_valid_against_the_pinned_versions():
    pinned = versions.load()["crates"]
    table = cancel_table.load(REPO_ROOT / cancel_table.DATA_FILE, FILE, pinned)
    assert [str(f) for f in table.findings] == []
    assert len(table.entries) >= 40
    crates = {e.crate for e in table.entries}
    assert {"tokio", "tokio-stream", "tokio-util", "futures"} <= crates
    assert {e.cls for e in table.entries} == set(cancel_table.CLASSES)


def test_committed_data_keeps_the_classes_the_page_teaches():
    table = cancel_table.load(REPO_ROOT / cancel_table.DATA_FILE, FILE, versions.load()["crates"])
    cls = {e.path: e.cls for e in table.entries}
    assert cls["tokio::io::AsyncReadExt::read_exact"] == "loses-data"
    assert cls["tokio::io::AsyncBufReadExt::read_line"] == "loses-data"
    assert cls["tokio::io::AsyncWriteExt::write_all"] == "loses-data"
    assert cls["tokio::sync::mpsc::Sender::send"] == "loses-data"
    assert cls["tokio::sync::Mutex::lock"] == "loses-queue-place"
    assert cls["tokio::sync::Semaphore::acquire"] == "loses-queue-place"
    assert cls["tokio::sync::mpsc::Receiver::recv"] == "safe"
    assert cls["tokio::io::Lines::next_line"] == "safe"
    assert cls["tokio::time::timeout"] == "inherits"


# --- rendering ----------------------------------------------------------------------------------------

def rendered_html(text: str, script: str = "../assets/javascripts/cancel-table-filter.js") -> str:
    table = cancel_table.parse(text, FILE, PINNED)
    assert table.ok, table.findings
    md = cancel_table.render(table.entries, script)
    return markdown.markdown(md, extensions=["tables", "md_in_html"])


def test_rows_are_sorted_by_crate_then_path():
    text = (entry("tokio::sync::Semaphore::acquire", url="https://docs.rs/tokio/1.54.1/tokio/sync/struct.Semaphore.html#method.acquire")
            + entry("futures::stream::StreamExt::next", crate="futures", cls="safe",
                    url="https://docs.rs/futures/0.3.34/futures/stream/trait.StreamExt.html#method.next")
            + entry())
    table = cancel_table.parse(text, FILE, PINNED)
    md = cancel_table.render(table.entries, "x.js")
    order = [line.split("[`")[1].split("`]")[0] for line in md.splitlines() if "[`" in line]
    assert order == [
        "futures::stream::StreamExt::next", "tokio::sync::Mutex::lock", "tokio::sync::Semaphore::acquire"]


def test_table_is_complete_without_javascript_and_form_starts_hidden():
    html = rendered_html(GOOD)
    assert html.count("<tr>") == 3  # header + 2 rows
    assert '<div class="fg-cancel-filter" data-fg-cancel-filter hidden>' in html
    assert '<script src="../assets/javascripts/cancel-table-filter.js"></script>' in html
    assert 'data-class="loses-queue-place"' in html and 'data-class="safe"' in html
    assert '<a href="https://docs.rs/tokio/1.54.1/tokio/sync/struct.Mutex.html#method.lock">' in html
    assert '<label for="fg-cancel-filter-text">' in html and 'id="fg-cancel-filter-text"' in html
    assert "2 of 2 methods" in html


def test_pipe_in_a_note_stays_in_its_cell():
    html = rendered_html(entry(note="'`Result<T, E>` | or not'"))
    row = html.split("<tbody>")[1].split("</tr>")[0]
    assert row.count("<td>") == 4 and "| or not" in row


def test_directive_is_replaced_outside_fences_only():
    page = "# T\n\n```text\n<!-- cancel-safety-table -->\n```\n\n<!-- cancel-safety-table -->\n\nafter\n"
    out = cancel_table.replace_directive(page, "TABLE")
    assert out == "# T\n\n```text\n<!-- cancel-safety-table -->\n```\n\nTABLE\n\nafter\n"
    assert cancel_table.directive_findings(page, "docs/p.md") == []


def test_directive_used_twice_is_reported_with_file_lines():
    page = "---\ndescription: x\n---\n# T\n\n<!-- cancel-safety-table -->\n\n<!-- cancel-safety-table -->\n"
    assert [str(f) for f in cancel_table.directive_findings(page, "docs/p.md")] == [
        "docs/p.md:8: [cancel-table-directive] <!-- cancel-safety-table --> is used more than once on this "
        "page (first at line 6); render the table once"]
    assert cancel_table.replace_directive(page, "TABLE").count("TABLE") == 1


def test_page_without_directive_is_untouched():
    page = "# T\n\ntext <!-- cancel-safety-table --> inline is not a directive\n"
    assert not cancel_table.has_directive(page)
    assert cancel_table.replace_directive(page, "TABLE") == page


def test_module_does_not_import_mkdocs():
    source = (REPO_ROOT / "hooks" / "fieldguide" / "cancel_table.py").read_text()
    assert "import mkdocs" not in source and "from mkdocs" not in source


def test_paths_are_code_spans_so_other_extensions_leave_them_alone():
    # pymdownx.emoji (enabled in mkdocs.yml) turns `:io:` in plain or raw-HTML text into a flag image
    # fetched from a CDN; inside a code span it stays text.
    text = entry("futures::io::AsyncReadExt::read_exact", crate="futures", cls="loses-data",
                 url="https://docs.rs/futures/0.3.34/futures/io/trait.AsyncReadExt.html#method.read_exact")
    table = cancel_table.parse(text, FILE, PINNED)
    md = cancel_table.render(table.entries, "x.js")
    html = markdown.markdown(md, extensions=["tables", "md_in_html", "pymdownx.emoji"])
    assert "<code>futures::io::AsyncReadExt::read_exact</code>" in html
    assert "twemoji" not in html and "<img" not in html


# --- through MkDocs: the adapter fails --strict and renders the page ------------------------------------

SITE_HOOKS = ["fence_hook.py", "cancel_table_hook.py", "link_hook.py"]
PAGE = "---\ndescription: x\n---\n# Home\n\nIntro.\n\n<!-- cancel-safety-table -->\n"


def build(tmp_path, data: str | None, page: str = PAGE):
    from sitefactory import build_fixture_site, warnings

    if data is not None:
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "cancel-safety.yml").write_text(data)
    script = tmp_path / "docs" / "assets" / "javascripts" / "cancel-table-filter.js"
    script.parent.mkdir(parents=True)
    script.write_text((REPO_ROOT / "docs" / cancel_table.SCRIPT).read_text())
    proc = build_fixture_site(tmp_path, {"index.md": page}, hooks=SITE_HOOKS)
    return proc, warnings(proc)


def test_bad_data_fails_the_strict_build_with_file_and_line(tmp_path):
    proc, found = build(tmp_path, entry(cls="loses-date"))
    assert proc.returncode != 0
    assert any(w.startswith("data/cancel-safety.yml:3: [cancel-table-class] unknown class 'loses-date'")
               for w in found), proc.stderr


def test_missing_data_is_reported_at_the_directive(tmp_path):
    proc, found = build(tmp_path, None)
    assert proc.returncode != 0
    assert "docs/index.md:8: [cancel-table-missing-file] <!-- cancel-safety-table --> needs " \
           "data/cancel-safety.yml, which does not exist" in found, proc.stderr


def test_site_without_data_or_directive_builds(tmp_path):
    proc, found = build(tmp_path, None, page="# Home\n\nNo table here.\n")
    assert proc.returncode == 0, proc.stderr


def test_good_data_renders_table_and_relative_script(tmp_path):
    proc, found = build(tmp_path, GOOD)
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert '<script src="assets/javascripts/cancel-table-filter.js"></script>' in html
    assert html.count('data-class="') == 2
    assert "<!-- cancel-safety-table -->" not in html
