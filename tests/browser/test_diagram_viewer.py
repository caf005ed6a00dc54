"""Diagrams on a phone: each opens full screen (a real button, or a tap on the drawing) in a modal dialog
named by the diagram's title, at a size whose labels are readable, can be zoomed and panned, closes with
Escape and gives focus back; and diagrams follow the palette when the reader toggles it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
# (page, which diagram): a wide left-to-right flowchart, a decision tree, a sequence diagram.
DIAGRAMS = [("tower-middleware", -1), ("index", 2), ("mental-model", -1)]

# The rendered size of the first label of the open diagram: its box height and its font size as drawn
# (the computed font size scaled by how much the SVG is scaled from its viewBox).
LABEL_SIZE = """svg => {
  const label = svg.querySelector('.nodeLabel, text.messageText, text.actor, p, text');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return {height: label.getBoundingClientRect().height, font: parseFloat(getComputedStyle(label).fontSize) * scale,
          text: label.textContent};
}"""


@pytest.fixture
def phone(chromium):
    contexts = []

    def _open(url: str, dark: bool = False):
        context = chromium.new_context(viewport=PHONE, color_scheme="dark" if dark else "light", has_touch=True,
                                       is_mobile=True)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url, wait_until="load")
        return page, errors

    yield _open
    for context in contexts:
        context.close()


def nth_figure(page, index):
    figures = page.locator("figure.fg-diagram")
    figure = figures.nth(index if index >= 0 else figures.count() + index)
    figure.scroll_into_view_if_needed()
    return figure


@pytest.mark.browser
@pytest.mark.parametrize("slug,index", DIAGRAMS, ids=[s for s, _ in DIAGRAMS])
def test_a_diagram_opens_full_screen_and_readable_on_a_phone(phone, http_root, slug, index):
    page, errors = phone(f"{http_root}{slug}.html")
    figure = nth_figure(page, index)
    svg = figure.locator("svg").first
    title = svg.evaluate("s => document.getElementById(s.getAttribute('aria-labelledby')).textContent")
    in_page = svg.evaluate(LABEL_SIZE)
    labelledby = svg.get_attribute("aria-labelledby")
    opener = figure.get_by_role("button", name=f"Enlarge diagram: {title}")
    opener.focus()
    page.keyboard.press("Enter")  # a real <button>: the keyboard opens it

    dialog = page.get_by_role("dialog", name=title, exact=True)  # a modal dialog named by the diagram's accTitle
    expect(dialog).to_be_visible()
    box = dialog.bounding_box()
    assert box["width"] >= PHONE["width"] - 1 and box["height"] >= PHONE["height"] - 1, "not full screen"
    moved = dialog.locator("svg").first
    expect(moved).to_have_attribute("aria-labelledby", labelledby)  # the drawing itself, moved into the dialog
    opened = moved.evaluate(LABEL_SIZE)
    assert opened["font"] >= 12 and opened["height"] >= 12, f"label {opened} is too small to read on a phone"
    assert opened["font"] >= in_page["font"]

    width = moved.bounding_box()["width"]
    dialog.get_by_role("button", name="Zoom in").click()
    assert moved.bounding_box()["width"] > width * 1.2
    page.keyboard.press("-")
    assert moved.bounding_box()["width"] < width * 1.2

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert figure.locator("svg").count() == 1, "the drawing went back into the page"
    assert page.evaluate("document.activeElement.classList.contains('fg-diagram__open')"), "focus did not return"
    assert errors == []


@pytest.mark.browser
def test_tapping_a_diagram_opens_it_and_close_returns(phone, http_root):
    page, errors = phone(f"{http_root}index.html")
    figure = nth_figure(page, 0)
    figure.locator("svg").first.tap()
    dialog = page.locator("dialog.fg-viewer")
    expect(dialog).to_be_visible()
    stage = dialog.locator(".fg-viewer__stage")
    before = stage.evaluate("s => [s.scrollLeft, s.scrollTop]")
    page.keyboard.press("+")
    page.keyboard.press("+")
    stage.evaluate("s => s.scrollBy(40, 40)")  # the stage scrolls: the drawing pans
    assert stage.evaluate("s => [s.scrollLeft, s.scrollTop]") != before
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    assert errors == []


@pytest.mark.browser
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_open_viewer_has_no_axe_violations(phone, http_root, dark):
    from axe_playwright_python.sync_playwright import Axe

    page, _ = phone(f"{http_root}index.html", dark=dark)
    nth_figure(page, 2).get_by_role("button").click()
    expect(page.locator("dialog.fg-viewer")).to_be_visible()
    violations = Axe().run(page, context={"include": [["dialog.fg-viewer"]]}).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


FILL = """svg => {
  const shape = svg.querySelector('.node rect, .node path, .node polygon, rect.actor');
  return getComputedStyle(shape).fill;
}"""


@pytest.mark.browser
def test_diagrams_follow_the_palette_when_the_reader_toggles_it(open_page, http_root):
    page, rec = open_page(f"{http_root}mental-model.html")
    svg = page.locator("figure.fg-diagram svg").first
    svg.scroll_into_view_if_needed()
    toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
    fills = {}
    for _ in range(3):  # automatic (light here) -> light -> dark
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        fills.setdefault(scheme, svg.evaluate(FILL))
        toggle.click()
    assert set(fills) == {"default", "slate"}
    assert fills["default"] != fills["slate"], fills
    light = sum(int(x) for x in fills["default"][4:-1].split(","))
    dark = sum(int(x) for x in fills["slate"][4:-1].split(","))
    assert dark < light, fills
    assert rec.console_errors == []
