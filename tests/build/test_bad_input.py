"""Every class of bad input fails the build with the exact `file:line: [code] message` a contributor sees.

Each case is one bad edit on an otherwise good fixture site built with the real hooks; the first
assertion is the diagnostic line (CONTRIBUTING.md's "Bad input" table lists the same cases and this
file checks the table and the cases agree)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from conftest import REPO, mkdocs_build

BASE_HOOKS = ["encoding_hook.py", "front_matter_hook.py", "citations_hook.py", "fence_hook.py", "decisions_hook.py",
              "docsrs_hook.py", "link_hook.py"]
REGISTRY = "ids:\n  dup:\n    page: b\n    title: Dup\n    kind: footgun\npublished: [dup]\n"
MAIN_WITH_BROKEN_LINK = '{% extends "base.html" %}\n{% block footer %}<a href="missing.html">x</a>{% endblock %}\n'

# name -> (files relative to the site root, expected diagnostic (regex, matched from the line start), extra)
CASES: dict[str, tuple[dict[str, str | bytes], str, dict]] = {
    "swallowed-fence": ({"docs/index.md": "# Home\n\n```mermaid\ngraph TD; A-->B\n\n```rust,run\nfn main() {}\n```\n"},
                        r"docs/index\.md:6: \[swallowed-fence\] this line opens a new fence, but the ```mermaid fence "
                        r"opened at line 3 is still open", {}),
    "bad-info-string": ({"docs/index.md": "# Home\n\n```rust, run\nfn main() {}\n```\n"},
                        r"docs/index\.md:3: \[bad-info-string\] space after a comma in the info string", {}),
    "detached-output": ({"docs/index.md": "# Home\n\n```rust,run\nfn main() {}\n```\n\nSome prose.\n\n"
                                          "```text title=\"Output\"\nhi\n```\n"},
                        r"docs/index\.md:9: \[detached-output\] this Output block is never compared", {}),
    "front-matter": ({"docs/index.md": "---\ndescription: a: b\n---\n# Home\n"},
                     r"docs/index\.md:2: \[front-matter\] front matter is not valid YAML", {}),
    "bare-compile-fail": ({"docs/index.md": "# Home\n\n```rust,compile_fail\nfn main() { let x: u8 = 1u16; }\n```\n"},
                          r"docs/index\.md:3: \[bad-attributes\] compile_fail must say which error it expects", {}),
    "unversioned-docs-rs": ({"docs/index.md": "# Home\n\nSee [tokio](https://docs.rs/tokio).\n"},
                            r"docs/index\.md:3: \[docs-rs-link\] https://docs\.rs/tokio does not name an exact version", {}),
    "latest-docs-rs": ({"docs/index.md": "# Home\n\nSee [Mutex](https://docs.rs/tokio/latest/tokio/sync/struct.Mutex.html).\n"},
                       r"docs/index\.md:3: \[docs-rs-link\] .* \('latest'\); link the version the site is pinned to", {}),
    "docs-rs-line-after-hidden-lines": ({"docs/index.md": "# Home\n\n```rust\n# fn hidden() {}\nfn main() {}\n```\n\n"
                                                           "See [x](https://docs.rs/tokio/latest/tokio/).\n"},
                                        r"docs/index\.md:8: \[docs-rs-link\]", {}),
    "heading-markup": ({"docs/index.md": "# Home\n\n## Flattening Result<Result<T, E>, JoinError>\n"},
                       r"docs/index\.md:3: \[heading-markup\] heading text .* is read as an HTML tag", {}),
    "path-in-heading": ({"docs/index.md": "# Home\n\n## Using `tokio::sync::Mutx`\n"},
                        r"docs/index\.md:3: \[unknown-rust-path\] `tokio::sync::Mutx` is not a public item", {}),
    "unknown-rust-path": ({"docs/index.md": "# Home\n\nUse `tokio::sync::Mutx`.\n"},
                          r"docs/index\.md:3: \[unknown-rust-path\] `tokio::sync::Mutx` is not a public item .*"
                          r"did you mean `tokio::sync::Mutex`", {}),
    "missing-snippet": ({"docs/index.md": '# Home\n\n```rust\n--8<-- "crates/nope/src/main.rs"\n```\n',
                         "examples/crates/.keep": ""},
                        r"docs/index\.md:4: \[missing-snippet\] included file 'crates/nope/src/main\.rs' does not exist",
                        {"snippets": True}),
    "not-utf8": ({"docs/index.md": b"# Home\n\ncaf\xe9 au lait\n"},
                 r"docs/index\.md:3: \[not-utf8\] byte 0xe9 at column 4 is not UTF-8", {}),
    "decision-yaml": ({"docs/index.md": "# Home\n", "data/decisions/bad.yml": "title: X\nintro oops\nstart: q\n"},
                      r".*data/decisions/bad\.yml:2: \[yaml\] YAML does not parse: while scanning a simple key", {}),
    "duplicate-id": ({"docs/a.md": "# A\n\n## Dup here { #dup }\n", "docs/b.md": "# B\n\n## Dup { #dup }\n",
                      "docs/index.md": "# Home\n", "data/review-ids.yml": REGISTRY},
                     r"docs/a\.md:3: \[duplicate-id\] #dup is already used at docs/b\.md:3", {"review_ids": True}),
    "unregistered-id": ({"docs/index.md": "# Home\n\n## New rule { #new-rule }\n", "docs/b.md": "# B\n\n## Dup { #dup }\n",
                         "data/review-ids.yml": REGISTRY},
                        r"docs/index\.md:3: \[unregistered-id\] heading id #new-rule is not in .*run `make register-ids`",
                        {"review_ids": True}),
    "missing-review-heading": ({"docs/index.md": "# Home\n", "docs/b.md": "# B\n\nNo heading.\n",
                                "data/review-ids.yml": REGISTRY},
                               r".*review-ids\.yml:2: \[missing-heading\] dup is registered for docs/b\.md",
                               {"review_ids": True}),
    "wrapped-broken-link": ({"docs/index.md": "# Home\n\nSee [the\nother page](nowhere.md).\n"},
                            r"docs/index\.md:4:13: \[broken-link\] nowhere\.md .*; no page or file by that name is built; "
                            r"fix the path", {}),
    "broken-anchor": ({"docs/index.md": "# Home\n\nSee [part](other.md#prat).\n", "docs/other.md": "# Other\n\n## Part\n"},
                      r"docs/index\.md:3:\d+: \[broken-anchor\] other\.md#prat \(did you mean '#part'\?\); the target page "
                      r"has no element with that id", {}),
    "template-link-once": ({"docs/index.md": "# Home\n", "docs/a.md": "# A\n", "docs/b.md": "# B\n",
                            "overrides/main.html": MAIN_WITH_BROKEN_LINK},
                           r"site/[a-z0-9]+\.html:\d+:0: \[broken-link\] missing\.html .*; .* \(the same link is in \d+ more "
                           r"built file\(s\)", {"overrides": True, "once": "missing.html"}),
    "unclosed-fence": ({"docs/index.md": "# Home\n\n```rust\nfn main() {}\n"},
                       r"docs/index\.md:3: \[unclosed-fence\] fence ``` opened here is never closed", {}),
    "unknown-attribute": ({"docs/index.md": "# Home\n\n```rust,compile_fial\nfn main() {}\n```\n"},
                          r"docs/index\.md:3: \[unknown-attribute\] unknown rust fence attribute 'compile_fial' "
                          r"\(did you mean 'compile_fail'\?\)", {}),
    "unknown-language": ({"docs/index.md": "# Home\n\n```rsut\nfn main() {}\n```\n"},
                         r"docs/index\.md:3: \[unknown-language\] unknown fence language 'rsut' \(did you mean 'rust'\?\)", {}),
    "hidden-fence": ({"docs/index.md": "# Home\n\n<div>\n```rust\nfn main() {}\n```\n</div>\n"},
                     r"docs/index\.md:4: \[hidden-fence\] this fence is inside an HTML block", {}),
    "bad-toml": ({"docs/index.md": "# Home\n\n```toml\n[dependencies\n```\n"},
                 r"docs/index\.md:4: \[toml-parse\] TOML does not parse", {}),
    "bad-decision-schema": ({"docs/index.md": "# Home\n",
                             "data/decisions/t.yml": "title: X\nstart: q\nquestions:\n  q:\n    text: Q?\n    options:\n"
                                                     "      - {label: A, next: nowhere}\nanswers: {}\n"},
                            r".*data/decisions/t\.yml:7: \[dangling-reference\] option 'A' of q leads to 'nowhere'", {}),
    "diagram-undescribed": ({"docs/index.md": "# Home\n\nText.\n\n```mermaid\nflowchart LR\n    A --> B\n```\n"},
                            r"docs/index\.md:5: \[diagram-undescribed\] this diagram has no accTitle and no accDescr; "
                            r"screen readers announce a drawing by these two lines", {"diagrams": True}),
    "diagram-not-rendered": ({"docs/index.md": "# Home\n\n```mermaid\nflowchart LR\n    accTitle: Two steps\n"
                                               "    accDescr: A leads to B.\n    A --> B\n```\n"},
                             r"docs/index\.md:3: \[diagram-not-rendered\] this diagram changed since it was last drawn; "
                             r"run `make diagrams`", {"diagrams": True}),
    "page-not-in-nav": ({"docs/index.md": "# Home\n", "docs/other.md": "# Other\n"},
                        r"The following pages exist in the docs directory, but are not included in the \"nav\" configuration",
                        {"nav": ["index.md"]}),
}


def build(tmp_path: Path, files: dict[str, str | bytes], extra: dict):
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else textwrap.dedent(content).encode())
    hooks = BASE_HOOKS + (["review_ids_hook.py"] if extra.get("review_ids") else [])
    hooks += ["diagrams_hook.py"] if extra.get("diagrams") else []
    extensions = ["attr_list", "md_in_html", "toc", "pymdownx.superfences"]
    config = ["site_name: Fixture", "site_url: https://example.org/guide/", "strict: true", "use_directory_urls: false",
              "validation:", "  nav: {omitted_files: warn, not_found: warn, absolute_links: warn}",
              "theme:", "  name: material", "  font: false"]
    if extra.get("overrides"):
        config.append(f"  custom_dir: {tmp_path / 'overrides'}")
    if extra.get("nav"):
        config += ["nav:", *[f"  - {page}" for page in extra["nav"]]]
    config += ["markdown_extensions:", *[f"  - {e}" for e in extensions]]
    if extra.get("snippets"):
        config += ["  - pymdownx.snippets:", "      base_path: [examples]", "      check_paths: true"]
    config += ["plugins: []", "hooks:", *[f"  - {REPO / 'hooks' / h}" for h in hooks]]
    (tmp_path / "mkdocs.yml").write_text("\n".join(config) + "\n")
    return mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")


def diagnostics(proc) -> list[str]:
    out = []
    for line in proc.stderr.splitlines():
        if line.startswith(("WARNING", "ERROR")) and "-  " in line:
            out.append(line.split("-  ", 1)[1].strip())
    return out


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_the_build_with_its_diagnostic(tmp_path, case):
    files, expected, extra = CASES[case]
    proc = build(tmp_path, files, extra)
    assert proc.returncode != 0, f"{case}: the build passed\n{proc.stderr[-3000:]}"
    found = diagnostics(proc)
    assert any(re.match(expected, d) for d in found), f"{case}: expected /{expected}/ in\n" + "\n".join(found)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    if extra.get("once"):
        assert sum(extra["once"] in d for d in found) == 1, found


def test_contributing_table_lists_every_case():
    text = (REPO / "CONTRIBUTING.md").read_text()
    table = text[text.index("## Bad input -> what you see"):]
    table = table[: table.find("\n## ", 5)] if "\n## " in table[5:] else table
    missing = [case for case in CASES if f"`{case}`" not in table]
    assert not missing, f"CONTRIBUTING.md's bad-input table has no row for: {missing}"
