"""The fence parser: structure, attribute vocabulary, hidden lines and the display rewrite."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO
from fieldguide import fences


def findings(text: str) -> list[str]:
    return [str(f) for f in fences.parse(text, "docs/p.md").findings]


def test_unknown_attribute_is_reported_with_line_and_suggestion():
    text = "intro\n\n```rust,compile_fial\nfn x() {}\n```\n"
    assert findings(text) == [
        "docs/p.md:3: [unknown-attribute] unknown rust fence attribute 'compile_fial' (did you mean "
        "'compile_fail'?); allowed: compile_fail, E0xxx, lint=<lint>, run, should_panic, ignore, edition2021, "
        "compiler_output"]


def test_unclosed_fence_names_its_opening_line():
    assert findings("a\n\n```rust\nfn x() {}\n") == [
        "docs/p.md:3: [unclosed-fence] fence ``` opened here is never closed; add a closing ``` line"]


def test_unlabelled_fence_is_an_error():
    out = findings("text\n```\nplain\n```\n")
    assert len(out) == 1 and out[0].startswith("docs/p.md:2: [unlabelled-fence]")


def test_unknown_language_is_an_error():
    assert findings("```rs\nfn x() {}\n```\n")[0].startswith("docs/p.md:1: [unknown-language] unknown fence language 'rs'")


def test_toml_must_parse_and_error_points_into_the_block():
    out = findings("x\n\n```toml\n[dependencies]\ntokio = \nbytes = \"1\"\n```\n")
    assert len(out) == 1 and out[0].startswith("docs/p.md:5: [toml-parse]")


def test_attribute_combinations_are_checked():
    assert "E0277 only makes sense with compile_fail" in findings("```rust,E0277\nx\n```\n")[0]
    assert "should_panic needs run" in findings("```rust,should_panic\nx\n```\n")[0]
    assert any("cannot be combined with run" in f for f in findings("```rust,compile_fail,E0308,run\nx\n```\n"))


def test_front_matter_offset_shifts_reported_lines():
    page = fences.parse("```rust,bogus\nx\n```\n", "docs/p.md", line_offset=4)
    assert page.findings[0].line == 5


def test_nested_fences_inside_a_longer_fence_are_content():
    page = fences.parse("````text\n```rust,bogus\n```\n````\n", "docs/p.md")
    assert not page.findings and len(page.fences) == 1 and page.fences[0].language == "text"


def test_hidden_lines_are_compiled_but_not_displayed():
    page = fences.parse("```rust\n# use std::fmt;\n#\nlet x = 1;\n## not hidden\n#[derive(Debug)]\nstruct S;\n```\n", "d.md")
    fence = page.fences[0]
    assert fences.displayed_lines(fence) == ["let x = 1;", "# not hidden", "#[derive(Debug)]", "struct S;"]
    assert [line for _, line in fences.compiled_source(fence)] == [
        "use std::fmt;", "", "let x = 1;", "# not hidden", "#[derive(Debug)]", "struct S;"]
    assert [n for n, _ in fences.compiled_source(fence)] == [2, 3, 4, 5, 6, 7]


def test_render_strips_attributes_adds_badge_and_keeps_material_options():
    text = 'p\n\n```rust,compile_fail,E0277 title="bad.rs"\n# hidden\nshown\n```\n'
    out = fences.render(text, fences.parse(text, "d.md"))
    assert '<span class="fg-badge fg-badge--compile-fail">does not compile: E0277</span>' in out
    assert '```rust title="bad.rs"\nshown\n```' in out
    assert "hidden" not in out


def test_render_adds_playground_link_only_for_blocks_the_playground_can_build():
    ok = "```rust\nlet v = tokio::runtime::Runtime::new();\n```\n"
    assert "play.rust-lang.org" in fences.render(ok, fences.parse(ok, "d.md"))
    axum = "```rust\nlet r: axum::Router = axum::Router::new();\n```\n"
    assert "play.rust-lang.org" not in fences.render(axum, fences.parse(axum, "d.md"))
    bad = "```rust,compile_fail\nlet x: u8 = 1u32;\n```\n"
    assert "play.rust-lang.org" not in fences.render(bad, fences.parse(bad, "d.md"))


def test_playground_code_includes_hidden_lines_and_main_wrapper():
    page = fences.parse("```rust\n# let hidden = 1;\nlet shown = hidden;\n```\n", "d.md")
    assert fences.program_text(page.fences[0]) == "fn main() {\n    let hidden = 1;\n    let shown = hidden;\n}\n"


def test_indented_fence_inside_admonition_is_rendered_with_its_indent():
    text = '!!! note\n\n    ```rust,ignore\n    pseudo\n    ```\n'
    out = fences.render(text, fences.parse(text, "d.md"))
    assert '    <span class="fg-badge fg-badge--ignore">not compiled</span>' in out
    assert "    ```rust\n    pseudo\n    ```" in out


def test_snippet_include_blocks_are_not_compiled_by_the_block_checker():
    page = fences.parse('```rust\n--8<-- "crates/x/src/main.rs:serve"\n```\n', "d.md")
    fence = page.fences[0]
    assert fence.is_included and not fence.expects_to_compile
    assert fence.included_from == ["crates/x/src/main.rs:serve"]


def test_rendered_code_blocks_are_keyboard_focusable_before_the_theme_mounts_them():
    html = ('<div class="language-rust highlight"><pre><span></span><code><span class="k">fn</span></code></pre></div>'
            '<p>inline <code>x</code></p>')
    out = fences.focusable_code_blocks(html)
    assert '<pre><span></span><code tabindex="0">' in out
    assert "<p>inline <code>x</code></p>" in out, "inline code must not become a tab stop"


def test_unstyled_tokens_are_unwrapped_but_their_text_is_kept():
    html = ('<pre><code><span class="k">let</span><span class="w"> </span><span class="n">x</span>'
            '<span class="w">\n    </span><span class="nf">f</span></code></pre>')
    out = fences.unwrap_unstyled_tokens(html)
    assert out == '<pre><code><span class="k">let</span> x\n    <span class="nf">f</span></code></pre>'
    # Only whitespace inside "w", only plain text inside "n"; styled tokens (nf, k, ...) stay.
    assert fences.unwrap_unstyled_tokens('<span class="w">x</span>') == '<span class="w">x</span>'
    assert fences.unwrap_unstyled_tokens('<pre><span class="n"><a href="#">x</a></span></pre>') == (
        '<pre><span class="n"><a href="#">x</a></span></pre>')


def test_inline_code_keeps_its_name_spans():
    """Inline code in a link takes the link colour; its names keep the code colour only via the span."""
    html = '<a href="#"><code class="highlight"><span class="n">spawn</span><span class="p">()</span></code></a>'
    assert fences.unwrap_unstyled_tokens(html) == html


def test_theme_draws_plain_names_in_the_code_text_colour():
    """unwrap_unstyled_tokens relies on this: if a Material upgrade or our stylesheet gives names their
    own colour, or sets the code colour below <body> (where the name colour is resolved), dropping the
    `n` spans would change how code looks."""
    import material
    css_dir = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    theme = "".join(p.read_text() for p in css_dir.glob("*.min.css"))
    assert ".highlight .kc,.highlight .n{color:var(--md-code-hl-name-color)}" in theme
    assert len(re.findall(r"\.n(?![\w-])", theme)) == 1, "another theme rule styles .n"
    names = set(re.findall(r"--md-code-hl-name-color:([^;}]*)", theme))
    assert names == {"var(--md-code-fg-color)"}, names
    ours = re.sub(r"/\*.*?\*/", "", (REPO / "docs" / "assets" / "stylesheets" / "field-guide.css").read_text(), flags=re.S)
    assert not re.search(r"\.n(?![\w-])", ours), "field-guide.css styles .n"
    assert "--md-code-hl-name-color" not in ours
    for selector in re.findall(r"([^{}]*)\{[^}]*--md-code-fg-color\s*:", ours):
        assert re.fullmatch(r'\s*\[data-md-color-scheme="?\w+"?\]\s*', selector), selector


def test_code_block_placeholders_are_sized_from_their_line_count():
    three = '<div class="language-rust highlight" data-search-exclude=""><pre><span></span><code>a\nb\nc\n</code></pre></div>'
    titled = ('<div class="language-text highlight"><span class="filename">Output</span>'
              '<pre><span></span><code>x\n</code></pre></div>')
    out = fences.size_placeholders(three + titled)
    em = [float(v) for v in re.findall(r"contain-intrinsic-size: auto ([\d.]+)em", out)]
    assert len(em) == 2
    assert abs(em[0] - (3 * fences.LINE_HEIGHT_EM + fences.PADDING_EM)) < 0.05
    assert abs(em[1] - (fences.LINE_HEIGHT_EM + fences.PADDING_EM + fences.TITLE_EM)) < 0.05
    assert fences.size_placeholders(out) == out, "sizing twice must not add a second style"
