"""Walk every decision tree's picker to every answer with the keyboard, check Back and Start over,
and that each answer links to its heading on the page."""

from __future__ import annotations

import pytest
from fieldguide import decisions
from playwright.sync_api import expect

TREES = decisions.load_all()


def paths_to_answers(tree):
    """Every answer with one list of option labels that reaches it from the start."""
    out = {}

    def walk(node, labels):
        if node in tree.answers:
            out.setdefault(node, labels)
            return
        for option in tree.questions[node].options:
            walk(option.next, labels + [option.label])

    walk(tree.start, [])
    return out


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(TREES))
def test_picker_reaches_every_answer(open_page, http_root, name):
    tree = TREES[name]
    page, rec = open_page(f"{http_root}index.html")
    picker = page.locator(f".fg-picker[data-tree='{name}']")
    # Sections off screen are not rendered (content-visibility), and their text has no layout:
    # bring the picker on screen like a reader would before reading it.
    picker.scroll_into_view_if_needed()
    expect(picker.locator(".fg-picker__question")).to_have_text(tree.questions[tree.start].text)
    for answer, labels in paths_to_answers(tree).items():
        picker.locator(".fg-picker__restart").click() if picker.locator(".fg-picker__restart").is_enabled() else None
        for label in labels:
            button = picker.locator(".fg-picker__option", has_text=label).first
            button.focus()
            page.keyboard.press("Enter")
        link = picker.locator("a.fg-picker__answer-link")
        assert link.inner_text() == tree.answers[answer].title
        assert link.get_attribute("href") == f"#{answer}"
        assert page.locator(f"[id='{answer}']").count() == 1
        if labels:
            picker.locator(".fg-picker__back").click()
            assert picker.locator(".fg-picker__question").is_visible()
    # Start over from an answer returns to the first question.
    first_path = next(iter(paths_to_answers(tree).values()))
    if picker.locator(".fg-picker__restart").is_enabled():
        picker.locator(".fg-picker__restart").click()
    for label in first_path:
        picker.locator(".fg-picker__option", has_text=label).first.click()
    picker.locator(".fg-picker__restart").click()
    assert picker.locator(".fg-picker__question").inner_text() == tree.questions[tree.start].text
    assert picker.locator(".fg-picker__restart").is_disabled()
    assert rec.console_errors == []


@pytest.mark.browser
def test_without_javascript_headings_and_flowcharts_remain(chromium, http_root):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{http_root}index.html")
    for tree in TREES.values():
        for answer in tree.answers:
            assert page.locator(f"h4[id='{answer}']").count() == 1
    assert page.locator(".fg-picker__fallback").count() == len(TREES)
    assert page.locator("figure.fg-diagram svg").count() >= len(TREES)  # drawn at authoring time
    context.close()
