"""Every diagram on every page (and every decision-tree flowchart) parses with the vendored mermaid,
and a broken one is reported with its file and line."""

from __future__ import annotations

import pytest
from conftest import REPO
from fieldguide import diagrams

MERMAID = REPO / "docs" / "assets" / "javascripts" / "vendor" / "mermaid.tiny.js"

PARSE_ALL = """async (texts) => {
  const out = [];
  for (const text of texts) {
    try { await window.mermaid.parse(text); out.push(null); }
    catch (e) { out.push(String((e && e.message) || e)); }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def mermaid_page(chromium):
    page = chromium.new_page()
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(MERMAID))
    page.evaluate("() => window.mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")
    yield page
    page.close()


def parse(page, found):
    return diagrams.problems(found, page.evaluate(PARSE_ALL, [d.text for d in found]))


def test_every_diagram_on_the_site_parses(mermaid_page):
    found = diagrams.collect(REPO / "docs", REPO / "data" / "decisions", REPO)
    assert len(found) >= 20  # every page's diagrams and the four decision trees
    problems = parse(mermaid_page, found)
    assert not problems, "\n".join(map(str, problems))


def test_a_broken_diagram_is_reported_with_its_page_and_line(mermaid_page):
    page = "# Page\n\nText.\n\n```mermaid\ngraph TD; A-->\n```\n\n```mermaid\nflowchart LR\n  A --> B\n```\n"
    problems = parse(mermaid_page, diagrams.in_page(page, "docs/broken.md"))
    assert [(p.path, p.line, p.code) for p in problems] == [("docs/broken.md", 5, "diagram-syntax")]
    assert "mermaid cannot parse this diagram: Parse error on line 2" in str(problems[0])
