"""What the search index takes in and leaves out, and how entries are weighted
(hooks/fieldguide/search_index.py)."""

from __future__ import annotations

from fieldguide import search_index

OUTPUT = ('<div class="language-text highlight" data-search-exclude style="x"><span class="filename">Output</span>'
          '<pre><code>mpsc bounded channel requires buffer &gt; 0</code></pre></div>')
RUST = '<div class="language-rust highlight" data-search-exclude><pre><code>fn main() {}</code></pre></div>'


def test_output_blocks_are_indexed_and_other_code_is_not():
    html = search_index.mark_page(OUTPUT + RUST)
    assert html.startswith('<div class="language-text highlight" style="x"><span class="filename">Output')
    assert RUST in html


def test_printed_messages_are_indexed_and_other_text_blocks_are_not():
    panic = ('<div class="language-text highlight" data-search-exclude><span class="filename">Panic message (stderr)'
             '</span><pre><span></span><code>`EnterGuard` values dropped out of order.</code></pre></div>')
    compiler = ('<div class="language-text highlight" data-search-exclude style="x"><pre><span></span><code tabindex="0">'
                'error[E0308]: mismatched types\n</code></pre></div>')
    plain = '<div class="language-text highlight" data-search-exclude><pre><span></span><code>src/\n  main.rs</code></pre></div>'
    html = search_index.mark_page(panic + compiler + plain)
    assert html.count("data-search-exclude") == 1 and plain in html


def test_footnotes_references_run_links_and_the_rules_catalogue_are_left_out():
    html = search_index.mark_page(
        '<p>Claim.<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup></p>'
        '<p><a class="fg-run" href="https://play.rust-lang.org/">Run</a></p>'
        '<form class="fg-rules-filter"></form><table class="fg-rules"></table>'
        '<div class="footnote"><ol></ol></div>')
    assert '<sup data-search-exclude id="fnref:a">' in html
    assert '<p data-search-exclude><a class="fg-run"' in html
    assert '<form class="fg-rules-filter" data-search-exclude>' in html
    assert '<table class="fg-rules" data-search-exclude>' in html
    assert '<div class="footnote" data-search-exclude>' in html


INDEX = {"config": {}, "docs": [
    {"location": "p.html", "title": "Page", "text": "intro"},
    {"location": "p.html#a", "title": "A", "text": "body"},
    {"location": "p.html#p-review-checklist", "title": "Review checklist", "text": "- [ ] all"},
    {"location": "api-index.html", "title": "API index", "text": "intro"},
    {"location": "api-index.html#tokio", "title": "tokio", "text": "everything"},
]}


def test_tune_adds_keys_and_page_titles_demotes_summaries_and_drops_the_api_list():
    tuned = search_index.tune(INDEX, {"p.html#a": ["tokio::task::JoinSet", "tokio::spawn"]})
    by = {d["location"]: d for d in tuned["docs"]}
    assert by["p.html#a"]["keys"] == "tokio::task::JoinSet tokio::spawn"
    assert by["p.html#a"]["page"] == "Page" and "page" not in by["p.html"]
    assert by["p.html#p-review-checklist"]["boost"] == search_index.SUMMARY_BOOST
    assert "api-index.html" in by and "api-index.html#tokio" not in by
    assert "keys" not in INDEX["docs"][1], "the input is not modified"


def test_title_problems():
    ok = {"location": "p.html#a", "title": "Dynamic fan-out: <code>JoinSet</code>"}
    assert search_index.title_problems(ok, "Dynamic fan-out: JoinSet") == []
    assert search_index.title_problems({"title": "A <span>b</span>"}, "A b")
    assert search_index.title_problems({"title": "Holding a lock { #lock }"}, None)
    assert search_index.title_problems({"title": "Flattening Result"}, "Flattening")
    body = "First sentence here. Second sentence here. Third sentence follows. " * 3
    assert search_index.title_problems({"title": body}, None)
    assert search_index.title_problems({"title": ""}, None) == ["empty title"]
