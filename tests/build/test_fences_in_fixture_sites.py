"""A bad fence fails the build with `docs/<page>.md:<line>: [code] message`."""

import re

from sitefactory import build_fixture_site, warnings


def test_unknown_fence_attribute_fails_the_build_with_file_and_line(tmp_path):
    proc = build_fixture_site(tmp_path, {"index.md": "---\ntitle: X\n---\n# Home\n\n```rust,compile_fial\nfn f() {}\n```\n"})
    assert proc.returncode != 0
    assert any(w.startswith("docs/index.md:6: [unknown-attribute] unknown rust fence attribute 'compile_fial'")
               for w in warnings(proc)), proc.stderr


def test_unlabelled_fence_fails_the_build(tmp_path):
    proc = build_fixture_site(tmp_path, {"index.md": "# Home\n\n```\nplain\n```\n"})
    assert proc.returncode != 0
    assert any(w.startswith("docs/index.md:3: [unlabelled-fence]") for w in warnings(proc))


def test_hidden_lines_are_not_in_the_built_page(tmp_path):
    proc = build_fixture_site(tmp_path, {"index.md": "# Home\n\n```rust\n# let secret_hidden = 1;\nlet shown_value = 2;\n```\n"})
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    code = re.search(r"<pre.*?</pre>", html, re.S).group(0)
    assert "shown_value" in code and "secret_hidden" not in code
    # The Run link carries the whole program, hidden lines included.
    assert "secret_hidden" in re.search(r'<a class="fg-run" href="([^"]+)"', html).group(1)
