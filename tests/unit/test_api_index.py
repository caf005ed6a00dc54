"""The API index (hooks/fieldguide/api_index.py): which sections explain an item, in which order."""

from __future__ import annotations

from fieldguide import api_index, docsrs

INDEX = docsrs.Index(
    versions={"tokio": "1.2.3"},
    items={
        "tokio": "mod", "tokio::task": "mod", "tokio::sync": "mod",
        "tokio::task::JoinSet": "struct", "tokio::task::JoinSet::join_next": "method",
        "tokio::task::JoinSet::spawn": "method", "tokio::task::spawn": "fn",
        "tokio::sync::Barrier": "struct", "tokio::sync::Barrier::wait": "method",
        "tokio::sync::Mutex": "struct",
    },
    reexports={"tokio::spawn": "tokio::task::spawn"},
)


def build(*pages: tuple[str, str]):
    return api_index.build(list(pages), INDEX)


def ranked(entries, path):
    return [s.location for s in entries[path].ranked()]


def test_a_heading_that_names_it_outranks_an_example_which_outranks_a_mention():
    entries, _ = build(("a", "# A\n\n## Passing { #passing }\n\nSee `tokio::task::JoinSet` some time.\n"),
                       ("b", "# B\n\n## Example { #example }\n\nA block:\n\n```rust\nuse tokio::task::JoinSet;\n"
                             "let set = JoinSet::new();\n```\n\nAnd `tokio::sync::Mutex`.\n"),
                       ("c", "# C\n\n## Dynamic fan-out: `tokio::task::JoinSet` { #joinset }\n\nText.\n"))
    assert ranked(entries, "tokio::task::JoinSet") == ["c.html#joinset", "b.html#example", "a.html#passing"]


def test_anchors_are_explicit_ids_or_toc_slugs_with_duplicates_numbered():
    page = api_index.read_page("p", "# P\n\n## Same `thing`\n\n## Same thing\n\n### Other { #given }\n", 0)
    assert [s.anchor for s in page.sections] == ["", "same-thing", "same-thing_1", "given"]
    assert page.by_anchor["given"].parent == "same-thing_1"


def test_code_in_fences_is_not_prose_and_headings_in_fences_are_not_sections():
    entries, _ = build(("p", "# P\n\n## S { #s }\n\n```text\n## not a heading\n`tokio::sync::Mutex`\n```\n"))
    assert entries == {}


def test_bare_names_resolve_through_the_items_a_section_names():
    entries, _ = build(("p", "# P\n\n## S { #s }\n\n`tokio::task::JoinSet` has `join_next`; `JoinSet::spawn` too.\n"))
    assert "tokio::task::JoinSet::join_next" in entries and "tokio::task::JoinSet::spawn" in entries


def test_re_exports_are_one_item_and_remember_the_spelling_used():
    entries, _ = build(("p", "# P\n\n## S { #s }\n\n`tokio::spawn` and `tokio::task::spawn`.\n"))
    assert list(entries) == ["tokio::task::spawn"]
    assert entries["tokio::task::spawn"].written == {"tokio::spawn"}


def test_docs_rs_links_and_suffix_paths_name_items():
    entries, _ = build(("p", "# P\n\n## S { #s }\n\n[`Barrier`](https://docs.rs/tokio/1.2.3/tokio/sync/struct.Barrier.html) "
                             "and `Barrier::wait`.\n"))
    assert {"tokio::sync::Barrier", "tokio::sync::Barrier::wait"} <= set(entries)


def test_a_citation_names_the_items_its_quote_names_where_it_is_referenced():
    source = ('# P\n\n## S { #s }\n\nA claim.[^c]\n\n## T { #t }\n\nNothing.\n\n'
              '[^c]: src: tokio src/task/join_set.rs "When the `JoinSet` is dropped, all tasks"\n')
    entries, _ = build(("p", source))
    assert ranked(entries, "tokio::task::JoinSet") == ["p.html#s"]


def test_a_counterexample_explains_less_and_a_footgun_loses_ties():
    block = "```rust{}\nuse tokio::sync::Mutex;\nlet m = Mutex::new(1);\n```\n"
    entries, _ = build(
        ("footguns-and-pitfalls", "# F\n\n## `tokio::sync::Mutex` misused { #misuse }\n\n" + block.format(",lint=x")
         + "\n" + block.format("")),
        ("pattern-catalog", "# P\n\n## `tokio::sync::Mutex` { #mutex }\n\n" + block.format("")),
        ("other", "# O\n\n## Only bad { #bad }\n\n`tokio::sync::Mutex`\n\n" + block.format(",compile_fail,E0277")))
    scores = {s.location: v for s, v in entries["tokio::sync::Mutex"].scores.items()}
    assert scores["footguns-and-pitfalls.html#misuse"] == scores["pattern-catalog.html#mutex"]
    assert scores["other.html#bad"] == api_index.SCORE_PROSE + api_index.SCORE_COUNTEREXAMPLE
    assert ranked(entries, "tokio::sync::Mutex")[0] == "pattern-catalog.html#mutex"


def test_render_groups_by_crate_and_module_and_links_docs_rs_and_sections():
    entries, titles = build(("p", "# Page\n\n## Fan-out: `tokio::task::JoinSet` { #fan-out }\n\nText.\n"))
    md = api_index.render(entries, titles)
    assert "## tokio" in md and "### `tokio::task`" in md
    assert ("- [`JoinSet`](https://docs.rs/tokio/1.2.3/tokio/task/struct.JoinSet.html) struct: "
            "[Fan-out: `tokio::task::JoinSet` (Page)](p.md#fan-out)") in md


def test_search_keys_name_the_items_a_section_explains():
    entries, _ = build(("p", "# P\n\n## Fan-out: `tokio::task::JoinSet` { #fan-out }\n\n`tokio::spawn` once.\n"))
    keys = api_index.search_keys(entries)
    assert keys["p.html#fan-out"] == ["tokio::task::JoinSet", "tokio::task::spawn", "tokio::spawn"]
