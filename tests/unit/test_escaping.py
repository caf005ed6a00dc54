"""No string from data/ or front matter can become live markup: an injection corpus is fed through every
data-driven renderer, the result is rendered as the site renders it, and the HTML is searched for
anything the payloads could have created (DESIGN.md section 14)."""

from __future__ import annotations

import json

import lxml.html
import markdown
import pytest
from fieldguide import cancel_table, decisions, dev_banner, escape, front_matter, review_ids

PAYLOADS = [
    "<img src=data:x onerror=alert(7)>",
    '"><svg onload=alert(8)>',
    "</script><script>alert(9)</script>",
    "`</code><img src=x onerror=alert(10)>`",
    "<a href='javascript:alert(11)'>x</a>",
    "&lt;img src=x onerror=alert(12)&gt;",
    "[x](javascript:alert(13))",
    "<!-- --><iframe srcdoc='<script>alert(14)</script>'></iframe>",
]
LIVE_TAGS = {"img", "svg", "iframe", "script", "object", "embed", "a"}


def live_markup(html: str) -> list[str]:
    """Elements or attributes in `html` that a payload created (inert data in JSON scripts excepted)."""
    found = []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        attrs = " ".join(f"{k}={v}" for k, v in el.attrib.items())
        if el.tag == "script" and el.get("type") == "application/json":
            json.loads(el.text or "null")  # must stay valid, inert JSON
            continue
        if any(k.startswith("on") and "alert" in v for k, v in el.attrib.items()):
            found.append(f"<{el.tag} {attrs}>")
        if el.tag in LIVE_TAGS and ("alert" in attrs or "alert" in (el.text or "") and el.tag == "script"):
            found.append(f"<{el.tag} {attrs}>")
        if any(v.strip().lower().startswith("javascript:") for v in el.attrib.values()):
            found.append(f"<{el.tag} {attrs}>")
    return found


def render_markdown(text: str) -> str:
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "toc", "pymdownx.superfences"])
    return md.convert(text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_decision_tree_strings_are_inert(payload):
    tree = decisions.Tree("t", "data/decisions/t.yml")
    tree.intro = payload
    tree.start = "q-one"
    tree.questions["q-one"] = decisions.Question("q-one", payload, [decisions.Option(payload, "a-one", 1)], 1)
    tree.answers["a-one"] = decisions.Answer("a-one", payload, [payload], payload, payload, "other.md#x", 1)
    html = render_markdown(decisions.render(tree))
    assert live_markup(html) == []
    assert "alert" in html  # the text is shown, escaped, not dropped


@pytest.mark.parametrize("payload", PAYLOADS)
def test_cancel_table_strings_are_inert(payload):
    entry = cancel_table.Entry(payload, payload, "safe", payload,
                               "https://docs.rs/tokio/1.54.1/tokio/io/trait.AsyncReadExt.html#method.read", 1)
    html = render_markdown(cancel_table.render([entry], "assets/x.js"))
    assert live_markup(html) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_review_registry_strings_are_inert(payload):
    entry = review_ids.Entry("some-id", "footguns", payload, "footgun", 1, payload)
    registry = review_ids.Registry({"some-id": entry}, {}, set(), [], "data/review-ids.yml")
    assert live_markup(render_markdown(review_ids.catalogue_markdown(registry))) == []
    redirect = review_ids.redirect_html("some-id", "footguns#some-id", payload, "https://example.org/")
    assert live_markup(lxml.html.tostring(lxml.html.document_fromstring(redirect).body, encoding=str)) == []
    comment = review_ids.review_markdown(registry.ids["some-id"], payload, "https://example.org/")
    embedded = f'<script type="application/json">{escape.script_json({"some-id": comment})}</script>'
    assert live_markup(embedded) == []
    assert json.loads(lxml.html.fragment_fromstring(embedded).text)["some-id"] == comment


@pytest.mark.parametrize("payload", PAYLOADS)
def test_front_matter_and_banner_strings_are_inert(payload):
    meta = front_matter.escaped({"title": payload, "description": payload, "tags": [payload]})
    html = f'<p title="{meta["title"]}">{meta["description"]}</p><p>{meta["tags"][0]}</p>'
    assert live_markup(html) == []
    assert live_markup(dev_banner.banner([payload])) == []


def test_mermaid_labels_cannot_end_the_label_or_form_html():
    label = escape.mermaid_label('a"]-->B<img src=x onerror=alert(1)>#')
    assert '"' not in label and "<" not in label and ">" not in label
    assert label.startswith("a#34;]--#62;B#60;img")


def test_markdown_inline_keeps_code_spans_and_formatting():
    assert escape.markdown_inline("Use `Mutex<T>` for *shared* <state>") == "Use `Mutex<T>` for *shared* &lt;state&gt;"
    assert escape.code_span("a`b") == "``a`b``"


def test_markdown_links_with_script_schemes_do_not_form():
    out = render_markdown(escape.markdown_inline("see [docs](https://docs.rs/tokio) or [x](javascript:alert(1))\n\n"
                                                 "[ref]: data:text/html,alert(2)"))
    assert 'href="https://docs.rs/tokio"' in out
    assert "javascript:" not in "".join(lxml.html.fragment_fromstring(out, create_parent="div").xpath("//@href"))
    assert live_markup(out) == []
