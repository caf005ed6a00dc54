"""The exports in small fixture sites built with the real hooks: a construct the Markdown copy has no
rule for fails the build with `docs/<page>.md:<line>: [export] ...`, and a good site gets a copy of
every page, llms.txt, llms-full.txt, the skill zip and the print view, whose links the link check
accepts."""

from __future__ import annotations

import zipfile

from sitefactory import build_fixture_site, warnings

HOOKS = ["fence_hook.py", "export_hook.py", "link_hook.py"]


def test_an_unknown_directive_fails_the_build_at_its_line(tmp_path):
    proc = build_fixture_site(tmp_path, {"index.md": "---\ndescription: Home.\n---\n# Home\n\nText.\n\n"
                                                     "<!-- something: x -->\n"}, hooks=HOOKS)
    assert proc.returncode != 0
    found = warnings(proc)
    assert any(w.startswith("docs/index.md:8: [export] unknown directive <!-- something: x -->") for w in found), found
    assert "Traceback" not in proc.stderr


def test_raw_html_in_prose_fails_the_build_at_its_line(tmp_path):
    proc = build_fixture_site(tmp_path, {"index.md": "# Home\n\nOne <span>two</span> three.\n"}, hooks=HOOKS)
    assert proc.returncode != 0
    assert any(w.startswith("docs/index.md:3: [export] raw HTML '<span>'") for w in warnings(proc)), warnings(proc)


PAGES = {
    "index.md": ("---\ndescription: The home page.\n---\n# Home\n\nSee [the part](other.md#part). For agents: "
                 "[llms.txt](llms.txt), [everything](llms-full.txt), [the skill](async-rust-field-guide-skill.zip); "
                 "to print: [the whole guide](print.html).\n"),
    "other.md": ("---\ndescription: Another page.\n---\n# Other\n\n## Part { #part }\n\n"
                 "```rust,compile_fail,E0308\n# fn hidden_helper() {}\nfn main() { let x: u8 = 1u16; }\n```\n\n"
                 "Back [home](index.md).\n"),
}


def test_a_good_site_gets_every_export_and_passes_the_link_check(tmp_path):
    proc = build_fixture_site(tmp_path, PAGES, hooks=HOOKS)
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "site"
    other = (site / "other.md").read_text()
    assert "*does not compile: E0308*\n\n```rust\nfn main() { let x: u8 = 1u16; }\n```" in other
    assert "hidden_helper" not in other and "{ #" not in other
    assert "[home](https://example.org/guide/index.html)" in other
    assert "[the part](https://example.org/guide/other.html#part)" in (site / "index.md").read_text()
    llms = (site / "llms.txt").read_text()
    assert "- [Other](https://example.org/guide/other.md): Another page." in llms
    assert "# Other" in (site / "llms-full.txt").read_text()
    with zipfile.ZipFile(site / "async-rust-field-guide-skill.zip") as archive:
        assert {"async-rust/SKILL.md", "async-rust/references/index.md", "async-rust/references/other.md",
                "async-rust/references/review-ids.md"} <= set(archive.namelist())
    printed = (site / "print.html").read_text()
    assert printed.index('id="print-index"') < printed.index('id="print-other"')
    assert 'href="#part"' in printed  # the cross-page link now points inside the print view
    assert '<link rel="alternate" type="text/markdown" href="other.md"' not in printed
