"""Registry checks for permanent review ids, each with a bad fixture and its exact message."""

from __future__ import annotations

import textwrap

from fieldguide import review_ids

GOOD = """\
ids:
  lock-across-await:
    page: footguns
    title: Holding a lock across .await
    kind: footgun
    aliases: [old-lock-heading]
retired:
  old-lock: {target: lock-across-await}
published: [lock-across-await, old-lock]
"""
PAGE = {"footguns": [review_ids.HeadingId("lock-across-await", "Holding a lock", 12)]}


def registry(tmp_path, text: str):
    path = tmp_path / "review-ids.yml"
    path.write_text(textwrap.dedent(text))
    return review_ids.load(path)


def problems(tmp_path, text: str, pages=None) -> list[str]:
    reg = registry(tmp_path, text)
    return [f"{p.line}: [{p.code}] {p.message}" for p in review_ids.check(reg, PAGE if pages is None else pages)]


def test_good_registry_has_no_problems(tmp_path):
    assert problems(tmp_path, GOOD) == []


def test_registered_id_missing_from_its_page(tmp_path):
    out = problems(tmp_path, GOOD, pages={"footguns": []})
    assert out == ["2: [missing-heading] lock-across-await is registered for docs/footguns.md but no heading "
                   "there has { #lock-across-await }; restore it, or retire the id with a target"]


def test_unregistered_heading_id_names_the_page_line(tmp_path):
    reg = registry(tmp_path, GOOD)
    pages = {"footguns": PAGE["footguns"] + [review_ids.HeadingId("new-rule", "New", 40)]}
    found = [str(p) for p in review_ids.check(reg, pages)]
    assert found == ["docs/footguns.md:40: [unregistered-id] heading id #new-rule is not in "
                     f"{reg.path}; register it (run `make register-ids`, then check the kind it guessed) or remove the id"]


def test_deleted_published_id(tmp_path):
    text = GOOD.replace("published: [lock-across-await, old-lock]", "published: [gone-rule, lock-across-await, old-lock]")
    assert problems(tmp_path, text) == [
        "1: [deleted-id] gone-rule was published and must never disappear; add it back under `ids:` or under "
        "`retired:` with a target"]


def test_retired_id_without_target(tmp_path):
    text = GOOD.replace("  old-lock: {target: lock-across-await}", "  old-lock: {}")
    assert problems(tmp_path, text) == [
        "8: [retired-without-target] retired id 'old-lock' needs `target: <id or page#anchor>`",
        "1: [deleted-id] old-lock was published and must never disappear; add it back under `ids:` or under "
        "`retired:` with a target"]


def test_retired_id_pointing_nowhere(tmp_path):
    text = GOOD.replace("{target: lock-across-await}", "{target: no-such-rule}")
    assert problems(tmp_path, text) == [
        "8: [retired-without-target] retired id old-lock points at 'no-such-rule', which is not a registered id"]


def test_duplicate_id_in_registry(tmp_path):
    text = GOOD.replace("retired:", "  lock-across-await:\n    page: footguns\n    title: again\n    kind: footgun\nretired:")
    assert "7: [duplicate-id] 'lock-across-await' is listed twice (first at line 2); keep one entry" in problems(tmp_path, text)


def test_duplicate_id_across_pages(tmp_path):
    pages = dict(PAGE, other=[review_ids.HeadingId("lock-across-await", "Dup", 3)])
    out = problems(tmp_path, GOOD, pages)
    assert any(p.startswith("3: [duplicate-id] #lock-across-await is already used at docs/footguns.md:12") for p in out)


def test_unknown_kind_and_keys(tmp_path):
    text = GOOD.replace("kind: footgun", "kind: nit\n    colour: red")
    out = problems(tmp_path, text)
    assert "2: [registry-format] lock-across-await: unknown keys ['colour']" in out
    assert "2: [registry-format] lock-across-await: kind 'nit' is not one of footgun, pattern, recipe, decision, section" in out


def test_retired_ids_resolve_through_chains(tmp_path):
    reg = registry(tmp_path, GOOD)
    assert reg.resolve("old-lock") == "footguns#lock-across-await"
    assert reg.resolve("lock-across-await") == "footguns#lock-across-await"


def test_redirect_page_has_canonical_refresh_and_plain_link():
    page = review_ids.redirect_html("x", "footguns#lock-across-await", "Lock <across>", "https://e.org/g/")
    assert '<link rel="canonical" href="https://e.org/g/footguns.html#lock-across-await">' in page
    assert '<meta http-equiv="refresh" content="0; url=../../footguns.html#lock-across-await">' in page
    assert '<a href="../../footguns.html#lock-across-await">Lock &lt;across&gt;</a>' in page


def test_explicit_heading_ids_skip_fences():
    md = "# T\n\n## Rule { #rule-one }\n\n```text\n## Not { #not-a-heading }\n```\n### Two {: #two .cls }\n"
    assert [(h.id, h.line) for h in review_ids.explicit_heading_ids(md)] == [("rule-one", 3), ("two", 8)]


def test_review_comment_uses_first_sentence_of_section():
    reg = review_ids.Registry({"r": review_ids.Entry("r", "p", "The rule", "footgun", 1)}, {}, ["r"], [], "x")
    html = ('<h2 id="r">The rule</h2>\n<p>Holding it <code>blocks</code> every worker of the runtime. More text.</p>'
            '<h2 id="n">N</h2>')
    assert review_ids.review_comments(html, reg, "p", "https://e.org/g/") == {
        "r": "[The rule](https://e.org/g/r/r/): Holding it blocks every worker of the runtime."}


def test_registry_entries_keep_their_yaml_line_and_values(tmp_path):
    reg = registry(tmp_path, GOOD)
    entry = reg.ids["lock-across-await"]
    assert (entry.line, entry.page, entry.kind, entry.aliases) == (2, "footguns", "footgun", ["old-lock-heading"])
    assert reg.retired["old-lock"] == ("lock-across-await", 8)
    assert reg.published == ["lock-across-await", "old-lock"]


def test_catalogue_lists_every_id_once_in_chunks_that_each_keep_a_header_row(tmp_path):
    entries = "".join(f"  rule-{i:03d}:\n    page: footguns\n    title: Rule {i}\n    kind: footgun\n"
                      for i in range(review_ids.CATALOGUE_CHUNK_ROWS * 2 + 1))
    reg = registry(tmp_path, "ids:\n" + entries)
    out = review_ids.catalogue_markdown(reg)
    assert out.count("<tr data-kind=") == len(reg.ids)
    assert all(out.count(f'href="r/rule-{i:03d}/"') == 1 for i in range(len(reg.ids)))
    assert out.count('<div class="fg-rules-chunk">') == 3
    assert out.count("<thead") == 3, "each chunk is a table of its own and needs its header row"
    assert out.count('<thead class="fg-visually-hidden">') == 2, "only the first header row is shown"
