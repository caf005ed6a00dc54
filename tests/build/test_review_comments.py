"""Every review id's copied comment ends with a one-line statement of the rule, not a label or a
fragment ("What happens.", "Run ▸", a lead-in ending in a colon), for every id in the registry."""

from __future__ import annotations

import json
import re

from fieldguide import review_ids

LABEL = re.compile(r"^[\w ,'-]{1,30}[.:]$")


def test_every_registered_id_has_a_one_line_rule_in_its_copied_comment(built_site):
    comments: dict[str, str] = {}
    for page in built_site.glob("*.html"):
        m = re.search(r'<script[^>]*id="fg-review-links"[^>]*>(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
        if m:
            comments.update(json.loads(m.group(1)))
    registry = review_ids.load()
    bad = []
    for ident in registry.ids:
        comment = comments.get(ident)
        rule = comment.split("/): ", 1)[1] if comment and "/): " in comment else ""
        if len(rule) < 20 or len(rule.split()) < 4 or LABEL.match(rule) or "Run ▸" in rule or rule.endswith(":"):
            bad.append(f"{ident}: {rule!r}")
    assert not bad, f"{len(bad)} of {len(registry.ids)} ids lack a one-line rule (add `why:` to data/review-ids.yml " \
                    "or start the section with a sentence):\n" + "\n".join(bad)


def test_rule_statement_skips_labels_and_keeps_code_whole():
    html = ("<p><strong>What happens.</strong> Inside an async fn, <code>x?</code> returns from the whole future "
            "early. More.</p>")
    assert review_ids.rule_statement(html) == "Inside an async fn, x? returns from the whole future early."
    short = '<p>Rust has no async drop.<sup id="fnref:x"><a>1</a></sup> Cleanup goes into a guard whose Drop runs it.</p>'
    assert review_ids.rule_statement(short) == "Rust has no async drop. Cleanup goes into a guard whose Drop runs it."
    assert review_ids.rule_statement("<p>Short.</p><ul><li>A list item that states the whole rule clearly.</li></ul>") \
        == "A list item that states the whole rule clearly."
