"""Decision-tree schema checks (each with a bad fixture and its file:line message) and rendering."""

from __future__ import annotations

import re
import textwrap

import markdown as md
from fieldguide import decisions

GOOD = """\
title: Tiny
start: q-one
questions:
  q-one:
    text: Pick one?
    options:
      - {label: "Left", next: answer-left}
      - {label: "Right", next: q-two}
  q-two:
    text: Sure?
    options:
      - {label: "Yes", next: answer-right}
answers:
  answer-left:
    title: "Left: the first answer"
    apis: [tokio::sync::mpsc::channel]
    why: Because.
    wrong_when: Never.
    see: pattern-catalog.md#mpsc-single-consumer
  answer-right:
    title: "Right answer"
    apis: [tokio::spawn]
    why: Why not.
    wrong_when: Sometimes.
    see: pattern-catalog.md
"""


def load(tmp_path, text: str, name: str = "tiny"):
    path = tmp_path / f"{name}.yml"
    path.write_text(textwrap.dedent(text))
    return decisions.load(path)


def problems(tmp_path, text: str) -> list[str]:
    return [f"{p.line}: [{p.code}] {p.message}" for p in load(tmp_path, text).problems]


def test_good_tree_is_clean(tmp_path):
    assert problems(tmp_path, GOOD) == []


def test_unknown_key(tmp_path):
    assert problems(tmp_path, GOOD.replace("    text: Sure?", "    text: Sure?\n    colour: red")) == [
        "11: [unknown-key] question q-two: unknown key 'colour'; allowed: options, text"]


def test_dangling_reference(tmp_path):
    assert problems(tmp_path, GOOD.replace("next: answer-right", "next: answer-nowhere")) == [
        "12: [dangling-reference] option 'Yes' of q-two leads to 'answer-nowhere', which is neither a question nor an answer",
        "20: [unreachable] answer answer-right is never reached"]


def test_cycle(tmp_path):
    text = GOOD.replace('      - {label: "Yes", next: answer-right}',
                        '      - {label: "Yes", next: answer-right}\n      - {label: "Again", next: q-one}')
    assert problems(tmp_path, text) == ["13: [cycle] questions form a cycle: q-one -> q-two -> q-one"]


def test_missing_answer_fields(tmp_path):
    text = GOOD.replace("    wrong_when: Sometimes.\n", "")
    assert problems(tmp_path, text) == [
        "20: [missing-answer-field] answer answer-right is missing wrong_when (every answer names its APIs, "
        "says why and when it is wrong, and links its section)"]


def test_tree_without_answers(tmp_path):
    text = GOOD.split("answers:")[0] + "answers: {}\n"
    out = problems(tmp_path, text)
    assert "1: [missing-answer] the tree has no answers" in out
    assert any("[dangling-reference]" in p for p in out)


def test_duplicate_ids_within_and_across_trees(tmp_path):
    extra = "  q-two:\n    title: x\n    apis: [a]\n    why: w\n    wrong_when: w\n    see: s.md\n"
    text = GOOD.replace("answers:\n", "answers:\n" + extra)
    assert "14: [duplicate-id] 'q-two' is both a question and an answer" in problems(tmp_path, text)
    dup = GOOD.replace("  answer-right:", "  answer-left:")
    assert any(p.startswith("20: [duplicate-id] answers: 'answer-left' is defined twice (first at line 14)")
               for p in problems(tmp_path, dup))
    load(tmp_path, GOOD, "a")
    (tmp_path / "b.yml").write_text(GOOD)
    trees = decisions.load_all(tmp_path)
    assert any("'answer-left' is also used in" in str(p) for p in trees["b"].problems)


def test_render_to_html_has_picker_flowchart_and_answer_headings(tmp_path):
    tree = load(tmp_path, GOOD)
    text, found = decisions.expand("# Page\n\n<!-- decision-tree: tiny -->\n", {"tiny": tree}, "docs/x.md")
    assert found == []
    html = md.markdown(text, extensions=["attr_list", "md_in_html", "pymdownx.superfences"])
    assert re.search(r'<h4 data-fg-line="3" id="answer-left">Left: the first answer</h4>', html)
    assert '<div class="fg-picker" data-tree="tiny" data-picker="{' in html
    assert "q_one{&quot;Pick one?&quot;}" in html or 'q_one{"Pick one?"}' in html
    assert '<a href="pattern-catalog.md#mpsc-single-consumer">' in html


def test_unknown_tree_directive_is_reported_with_line(tmp_path):
    _, found = decisions.expand("a\n\n<!-- decision-tree: nope -->\n", {}, "docs/x.md", line_offset=2)
    assert [str(p) for p in found] == ["docs/x.md:5: [unknown-tree] no data/decisions/nope.yml; known trees: "]


def test_site_trees_are_valid():
    for tree in decisions.load_all().values():
        assert tree.problems == [], tree.problems
