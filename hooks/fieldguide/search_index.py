"""What the site search indexes, and how its entries rank (the build's half of search; the query's half
is overrides/partials/search-query.js, which makes every typed word required).

Why: Material indexes every section's text with the same weight, so the review checklists (which
mention every API of their page), the page's footnotes (all collected into its last section), the
playground links and the rules catalogue matched nearly every query, while the section that explains
an API ranked by how often it repeats the name. The rules here were measured with
`scripts/search_quality.py` against tests/search_queries.yml.

Two steps:
1. `mark_page(html)` (on each page's HTML, before Material indexes it) sets `data-search-exclude`
   on what is not a place to land: footnote lists and the reference numbers in the text (a claim is
   found by its own words), "Run" playground links, the rules catalogue's tables; and removes it from
   blocks that show what was printed (titled `Output` or "... message ...", or untitled and starting
   like a compiler error or a panic), so a pasted message finds them (code blocks stay excluded:
   examples repeat API names and would outrank the prose that explains them).
2. `tune(index, keys)` (on search_index.json after the build): each section that explains an API item
   (`fieldguide.api_index.search_keys`, a heading that names it or an example that uses it) gets the
   item's names in a `keys` field, boosted between title and text in mkdocs.yml, so a search for
   the name lands there first; summary sections (review checklists, the overview's map and the
   footguns summary table) get a low boost, so they come after the sections they summarise; the API
   index page itself is left out (search goes straight to the explanation it would link to).
"""

from __future__ import annotations

import html as htmlmod
import re

from fieldguide import messages

# --- 1. page HTML -------------------------------------------------------------------------------------

FOOTNOTES = re.compile(r'<div class="footnote">')
RUN_LINK = re.compile(r'<p><a class="fg-run"')
FOOTNOTE_REF = re.compile(r'<sup id="fnref')   # the number would run into the word before it
# The rules catalogue repeats every heading of the site in one table per chunk. Each table is marked,
# not the catalogue's div: Material's indexer forgets an exclusion when a nested element with the
# same tag closes (the chunks are divs too).
RULES_CATALOGUE = re.compile(r'<(table class="fg-rules"|form class="fg-rules-filter")')
# A text block that shows what a program or the compiler printed (fieldguide.messages decides, for the
# Rust checker's "quote the message" rule too).
TEXT_BLOCK = re.compile(r'<div class="language-text highlight" data-search-exclude((?:\s[^>]*)?>)(.*?</pre>)', re.S)
TITLE = re.compile(r'^\s*<span class="filename">([^<]*)</span>')
FIRST_CODE_LINE = re.compile(r"<code[^>]*>(.*?)(?:\n|</code>)", re.S)
TAG = re.compile(r"<[^>]+>")


def mark_page(html: str) -> str:
    """Exclude what is not a landing place from the search index; include program Output blocks."""
    html = FOOTNOTES.sub('<div class="footnote" data-search-exclude>', html)
    html = RUN_LINK.sub('<p data-search-exclude><a class="fg-run"', html)
    html = FOOTNOTE_REF.sub('<sup data-search-exclude id="fnref', html)
    html = RULES_CATALOGUE.sub(r"<\1 data-search-exclude", html)
    return TEXT_BLOCK.sub(_include_message, html)


def _include_message(m: re.Match) -> str:
    attrs, body = m.groups()
    title = TITLE.match(body)
    first = FIRST_CODE_LINE.search(body)
    first_line = htmlmod.unescape(TAG.sub("", first.group(1))) if first else ""
    if (title and messages.PRINTED_TITLE.match(htmlmod.unescape(title.group(1)))) or \
            messages.PRINTED_START.match(first_line):
        return f'<div class="language-text highlight"{attrs}{body}'
    return m.group(0)


# --- 2. the index ---------------------------------------------------------------------------------------

SUMMARY_BOOST = 0.05
SUMMARY = re.compile(r"#(?:.*-)?review-checklist$|^index\.html#map-of-the-guide$|#footguns-summary$")
LEFT_OUT_PAGES = ("api-index.html",)


def is_summary(location: str) -> bool:
    return SUMMARY.search(location) is not None


def tune(index: dict, keys: dict[str, list[str]]) -> dict:
    """The search index with section keys, page titles, summary boosts and left-out pages applied (a
    new dict)."""
    docs = []
    titles = {doc["location"]: doc["title"] for doc in index["docs"] if "#" not in doc["location"]}
    for doc in index["docs"]:
        page, _, anchor = doc["location"].partition("#")
        if page in LEFT_OUT_PAGES and anchor:
            continue
        doc = dict(doc)
        if doc["location"] in keys:
            doc["keys"] = " ".join(keys[doc["location"]])
        if anchor and page in titles:
            doc["page"] = titles[page]
        if is_summary(doc["location"]):
            doc["boost"] = SUMMARY_BOOST * doc.get("boost", 1)
        docs.append(doc)
    return {**index, "docs": docs}


# --- checks (tests/build/test_search_index.py) ----------------------------------------------------------

TAG = re.compile(r"<[^>]+>")
ALLOWED_TITLE_TAGS = re.compile(r"</?code>")


def title_problems(entry: dict, heading_text: str | None) -> list[str]:
    """What is wrong with an entry's title: longer than its heading, raw markup, or body text.

    `heading_text` is the text of the heading the entry's location points at on the built page (None
    for a page's top entry, whose title is the page title)."""
    title = entry["title"]
    out = []
    if TAG.sub("", ALLOWED_TITLE_TAGS.sub("", title)) != ALLOWED_TITLE_TAGS.sub("", title):
        out.append(f"markup other than <code> in the title: {title[:80]!r}")
    text = htmlmod.unescape(TAG.sub("", title)).strip()
    if not text:
        out.append("empty title")
    if re.search(r"\{\s*#|\*\*|`|\[[^\]]*\]\(|\\[#*_`]", text):
        out.append(f"raw Markdown in the title: {text[:80]!r}")
    if heading_text is not None and len(text) > len(heading_text.strip()):
        out.append(f"title ({len(text)} chars) longer than its heading ({len(heading_text.strip())}): {text[:80]!r}")
    if len(text) > 160 or text.count(". ") >= 2:
        out.append(f"section body as the title: {text[:80]!r}")
    return out
