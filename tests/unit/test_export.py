"""The Markdown copy of a page (fieldguide.export): what it keeps, what it turns into words, and what it
refuses to copy (an [export] problem with the page's line)."""

from __future__ import annotations

import textwrap
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from fieldguide import bundles, cancel_table, decisions, docsrs, export, print_view, review_ids

SITE_URL = "https://example.org/guide/"
REGISTRY = textwrap.dedent("""\
    ids:
      lock-across-await:
        page: footguns
        title: Holding a lock across .await
        kind: footgun
        why: A std guard held across .await blocks the thread.
      channel-mpsc:
        page: index
        title: mpsc
        kind: decision
    published: [channel-mpsc, lock-across-await]
    """)
TREE = textwrap.dedent("""\
    title: Which channel?
    intro: Pick by receivers.
    start: q-receivers
    questions:
      q-receivers:
        text: How many receivers?
        options:
          - {label: One, next: q-reply}
          - {label: All of them, next: channel-broadcast}
      q-reply:
        text: One reply only?
        options:
          - {label: Yes, next: channel-oneshot}
          - {label: "No, a stream", next: channel-mpsc}
    answers:
      channel-mpsc:
        title: "mpsc: many producers, one consumer"
        apis: [tokio::sync::mpsc::channel]
        why: One receiver.
        wrong_when: Several workers share the jobs.
        see: footguns.md#lock-across-await
      channel-oneshot:
        title: oneshot
        apis: [tokio::sync::oneshot::channel]
        why: One value.
        wrong_when: More than one value.
        see: footguns.md
      channel-broadcast:
        title: broadcast
        apis: [tokio::sync::broadcast::channel]
        why: Every receiver.
        wrong_when: Slow receivers lag.
        see: footguns.md
    """)


@pytest.fixture
def site(tmp_path) -> export.Site:
    (tmp_path / "review-ids.yml").write_text(REGISTRY)
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "channel.yml").write_text(TREE)
    crate = tmp_path / "examples" / "crates" / "demo" / "src"
    crate.mkdir(parents=True)
    (crate / "lib.rs").write_text("use std::io;\n// --8<-- [start:serve]\npub fn serve() {\n    // body\n}\n"
                                  "// --8<-- [end:serve]\npub fn other() {}\n")
    return export.Site(
        site_url=SITE_URL,
        pages={"index.md": "index.html", "footguns.md": "footguns.html", "sub/page.md": "sub/page.html"},
        registry=review_ids.load(tmp_path / "review-ids.yml"),
        trees=decisions.load_all(tmp_path / "decisions"),
        cancel_entries=[],
        docsrs_index=docsrs.cached_index(),
        snippet_bases=[tmp_path / "examples"],
    )


def copy(site: export.Site, text: str, src: str = "footguns.md") -> export.PageExport:
    return export.export_page(textwrap.dedent(text), src, site)


def test_hidden_lines_go_and_the_info_string_is_only_the_language(site):
    result = copy(site, """\
        # Page

        ```rust,run,edition2021 title="src/main.rs"
        # use std::sync::Mutex;
        fn main() {
            let shown = 1;
            ##[derive(Debug)]
        }
        ```
        """)
    assert not result.problems
    assert "use std::sync::Mutex" not in result.markdown
    assert "```rust\nfn main() {\n    let shown = 1;\n    #[derive(Debug)]\n}\n```" in result.markdown
    assert "`src/main.rs`:" in result.markdown and "title=" not in result.markdown


@pytest.mark.parametrize(("info", "badge"), [
    ("rust,compile_fail,E0277", "*does not compile: E0277*"),
    ('rust,compile_fail expect="future cannot be sent between threads safely"',
     "*does not compile: future cannot be sent between threads safely*"),
    ("rust,lint=await_holding_lock", "*lint: await_holding_lock*"),
    ("rust,run,should_panic", "*panics when run*"),
    ("rust,ignore", "*not compiled*"),
    ("rust,lint=await_holding_refcell_ref,run,should_panic", "*lint: await_holding_refcell_ref; panics when run*"),
])
def test_badges_are_written_as_words_before_the_block(site, info, badge):
    result = copy(site, f"# Page\n\n```{info}\nfn main() {{}}\n```\n")
    assert f"{badge}\n\n```rust\nfn main() {{}}\n```" in result.markdown


def test_output_blocks_are_labelled(site):
    result = copy(site, '# Page\n\n```rust,run\nfn main() { println!("hi"); }\n```\n\n```text title="Output"\nhi\n```\n')
    assert "Output:\n\n```text\nhi\n```" in result.markdown


def test_included_snippets_are_expanded_without_their_markers(site):
    result = copy(site, '# Page\n\n```rust title="examples/crates/demo/src/lib.rs"\n--8<-- "crates/demo/src/lib.rs:serve"\n```\n')
    assert "```rust\npub fn serve() {\n    // body\n}\n```" in result.markdown
    assert "--8<--" not in result.markdown and "other" not in result.markdown


def test_heading_ids_become_short_links_and_attribute_lists_go(site):
    result = copy(site, "# Page\n\n## Holding a lock across `.await` { #lock-across-await }\n\n## Plain { #not-registered }\n")
    assert (f"## Holding a lock across `.await`\n\nReview link: <{SITE_URL}r/lock-across-await/>"
            in result.markdown)
    assert "## Plain\n" in result.markdown
    assert "{ #" not in result.markdown and "r/not-registered" not in result.markdown


def test_links_become_absolute_to_the_html_pages(site):
    result = copy(site, """\
        # Page

        See [the index](index.md#channel-mpsc), [above](#part), [a
        wrapped one](sub/page.md), [short](r/lock-across-await/), ![chart](assets/x.svg)
        and [outside](https://docs.rs/tokio/1.0.0/tokio/).

        [ref]: index.md
        """)
    md = result.markdown
    assert f"]({SITE_URL}index.html#channel-mpsc)" in md
    assert f"]({SITE_URL}footguns.html#part)" in md
    assert f"]({SITE_URL}sub/page.html)" in md
    assert f"]({SITE_URL}r/lock-across-await/)" in md
    assert f"]({SITE_URL}assets/x.svg)" in md
    assert "](https://docs.rs/tokio/1.0.0/tokio/)" in md
    assert f"[ref]: {SITE_URL}index.html" in md


def test_links_in_a_page_under_a_folder_resolve_from_that_folder(site):
    result = copy(site, "# Sub\n\n[back](../index.md) and [img](../assets/x.svg)\n", src="sub/page.md")
    assert f"]({SITE_URL}index.html)" in result.markdown and f"]({SITE_URL}assets/x.svg)" in result.markdown


def test_rust_paths_link_to_docs_rs_and_code_stays_code(site):
    result = copy(site, "# Page\n\nUse `tokio::sync::Mutex` here.\n\n```rust\nlet m = `tokio::sync::Mutex`;\n```\n")
    assert "[`tokio::sync::Mutex`](https://docs.rs/tokio/" in result.markdown
    assert "let m = `tokio::sync::Mutex`;" in result.markdown


def test_citations_render_as_links_to_the_pinned_source(site):
    site.recorded_citations = {"tokio src/task/spawn.rs will not synchronously poll": __import__(
        "fieldguide.citations", fromlist=["Resolved"]).Resolved("tokio", "1.2.3", "src/task/spawn.rs",
                                                                 "will not synchronously poll", 23)}
    site.locked = {"tokio": ["1.2.3"]}
    result = copy(site, '# Page\n\nA claim.[^c]\n\n[^c]: src: tokio src/task/spawn.rs "will not synchronously poll"\n')
    assert ("[^c]: Source: [tokio 1.2.3, `src/task/spawn.rs` line 23]"
            "(https://docs.rs/crate/tokio/1.2.3/source/src/task/spawn.rs#23): `will not synchronously poll`"
            in result.markdown)


def test_decision_trees_become_nested_lists_with_answer_sections(site):
    result = copy(site, "# Home\n\n### Which channel? { #channel-mpsc-x }\n\n<!-- decision-tree: channel -->\n",
                  src="index.md")
    md = result.markdown
    assert not result.problems
    assert "- How many receivers?\n    - One:\n        - One reply only?\n" in md
    assert (f"            - No, a stream: **mpsc: many producers, one consumer** ([answer]({SITE_URL}index.html"
            "#channel-mpsc), explained in [footguns: lock across await]"
            f"({SITE_URL}footguns.html#lock-across-await))") in md
    assert f"#### mpsc: many producers, one consumer\n\nReview link: <{SITE_URL}r/channel-mpsc/>" in md
    assert "[`tokio::sync::mpsc::channel`](https://docs.rs/tokio/" in md
    assert "<!--" not in md


def test_cancel_table_and_catalogue_become_tables(site):
    site.cancel_entries = [cancel_table.Entry("tokio", "tokio::sync::Mutex::lock", "loses-queue-place", "a | note",
                                              "https://docs.rs/tokio/1.0.0/tokio/sync/struct.Mutex.html#method.lock", 1)]
    md = copy(site, "# Page\n\n<!-- cancel-safety-table -->\n\n<!-- review-id-catalogue -->\n").markdown
    assert ("| tokio | [`tokio::sync::Mutex::lock`](https://docs.rs/tokio/1.0.0/tokio/sync/struct.Mutex.html"
            "#method.lock) | loses queue place | a \\| note |") in md
    assert (f"| [Holding a lock across .await]({SITE_URL}footguns.html#lock-across-await) | footgun | "
            f"[footguns]({SITE_URL}footguns.html) | <{SITE_URL}r/lock-across-await/> |") in md


def test_admonitions_become_block_quotes_with_their_fences(site):
    md = copy(site, '# Page\n\n!!! note "Careful"\n    Body text.\n\n    ```rust,ignore\n    # hidden();\n    shown();\n'
                    "    ```\n\nAfter.\n").markdown
    assert "> **Careful**\n>\n> Body text.\n>\n> *not compiled*\n>\n> ```rust\n> shown();\n> ```\n\nAfter." in md


@pytest.mark.parametrize(("text", "line", "what"), [
    ("# P\n\nText.\n\n<!-- something: x -->\n", 5, "unknown directive <!-- something: x -->"),
    ("---\ndescription: d\n---\n# P\n\n<!-- review-id-catalog -->\n", 6, "unknown directive"),
    ("# P\n\n```rsut\nfn main() {}\n```\n", 3, "fence language 'rsut' has no rule in the Markdown copy"),
    ("# P\n\nSome <span class=x>html</span> here.\n", 3, "raw HTML '<span class=x>'"),
    ("# P\n\n<div>\nblock\n</div>\n", 3, "raw HTML '<div>'"),
    ("# P\n\nA note <!-- for later --> here.\n", 3, "HTML comment in prose"),
    ("# P\n\n<!-- decision-tree: nope -->\n", 3, "decision tree 'nope' is unknown"),
])
def test_unknown_constructs_are_export_problems_at_their_line(site, text, line, what):
    problems = copy(site, text).problems
    assert problems, "expected an [export] problem"
    assert problems[0].line == line and problems[0].code == "export" and what in problems[0].message, problems
    assert str(problems[0]).startswith(f"docs/footguns.md:{line}: [export] ")


def test_known_inline_html_has_a_plain_text_rule(site):
    result = copy(site, "# P\n\nThe odds are 0.95<sup>20</sup>, press <kbd>Ctrl</kbd>; `<sup>x</sup>` stays.\n")
    assert not result.problems
    assert "0.95^20, press `Ctrl`; `<sup>x</sup>` stays." in result.markdown


def test_code_is_copied_as_it_is(site):
    result = copy(site, "# P\n\n```html\n<div>{ #x }</div>\n<!-- c -->\n```\n\n    indented <b>code</b>\n")
    assert not result.problems
    assert "```html\n<div>{ #x }</div>\n<!-- c -->\n```" in result.markdown


def test_title_and_description_come_from_front_matter(site):
    result = copy(site, "---\ndescription: >-\n  One line\n  about it.\n---\n\n# The title\n")
    assert result.title == "The title" and result.description == "One line about it."
    assert result.markdown.startswith("# The title\n")


def test_link_targets_reads_every_kind_of_link():
    md = "[a](x.html#y) ![b](img.svg) <https://e.org/r/x/>\n\n[r]: https://e.org/z\n\n```text\n[no](skip)\n```\n"
    assert [t for _, t in export.link_targets(md)] == ["x.html#y", "img.svg", "https://e.org/r/x/", "https://e.org/z"]


# --- llms.txt, the skill -------------------------------------------------------------------------------

def pages() -> list[bundles.Page]:
    return [bundles.Page("index.md", "Overview", "", "The start.", "# Home\n" + "x" * 4000),
            bundles.Page("footguns.md", "Footguns", "Reviewing", "Mistakes.", "# Footguns\n"),
            bundles.Page("rules.md", "Review rules", "", "Every id.", "# Rules\n")]


def test_llms_txt_has_the_llmstxt_org_shape(site):
    text = bundles.llms_txt(site, pages(), "Guide", "A checked guide.", {"crates": {"tokio": "1.0.0"}})
    lines = text.split("\n")
    assert lines[0] == "# Guide" and lines[2] == "> A checked guide."
    assert "## Start here\n\n- [Overview](https://example.org/guide/index.md): The start. (~1k tokens)" in text
    assert "## Reviewing\n\n- [Footguns](https://example.org/guide/footguns.md): Mistakes." in text
    optional = text[text.index("## Optional"):]
    assert "llms-full.txt" in optional and "[Review rules](https://example.org/guide/rules.md)" in optional
    assert "tokio 1.0.0" in text


def test_llms_full_txt_holds_every_page_in_order(site):
    text = bundles.llms_full_txt(site, pages(), "Guide", "A checked guide.")
    assert text.index("# Home") < text.index("# Footguns") < text.index("# Rules")
    assert "Page: <https://example.org/guide/footguns.html> (Markdown: <https://example.org/guide/footguns.md>)" in text


def test_skill_front_matter_and_files(site):
    files = bundles.skill_files(site, pages(), site.trees, site.registry, {"crates": {"tokio": "1.2.3"}})
    skill = files["async-rust/SKILL.md"]
    assert skill.startswith("---\nname: async-rust\ndescription: \"")
    assert len(bundles.skill_description({"crates": {"tokio": "1.2.3"}})) <= 1024
    assert f"- Holding a lock across .await: <{SITE_URL}r/lock-across-await/>" in skill
    assert "- One reply only?" in skill and f"mpsc: many producers, one consumer <{SITE_URL}r/channel-mpsc/>" in skill
    assert set(files) == {"async-rust/SKILL.md", "async-rust/references/index.md", "async-rust/references/footguns.md",
                          "async-rust/references/rules.md", "async-rust/references/review-ids.md"}
    review = files["async-rust/references/review-ids.md"]
    assert (f"- `lock-across-await` (footgun, `references/footguns.md`): A std guard held across .await blocks "
            f"the thread. <{SITE_URL}r/lock-across-await/>") in review
    assert f"- `channel-mpsc` (decision, `references/index.md`): mpsc <{SITE_URL}r/channel-mpsc/>" in review


def test_skill_zip_is_reproducible():
    files = {"a/SKILL.md": "x", "a/references/b.md": "y"}
    first, second = bundles.zip_bytes(files), bundles.zip_bytes(dict(reversed(list(files.items()))))
    assert first == second
    assert zipfile.ZipFile(BytesIO(first)).read("a/references/b.md") == b"y"


def test_the_exporter_is_pure():
    source = "".join(Path(m.__file__).read_text() for m in (export, bundles, print_view))
    assert "import mkdocs" not in source and "from mkdocs" not in source
