"""The `compiler_output` fence attribute: a `run` block whose Output depends on the compiler version
(future sizes, layout); `make bless-compiler-output` rewrites those Output blocks after a toolchain move."""

from __future__ import annotations

from fieldguide import fences


def findings(text: str) -> list[str]:
    return [str(f) for f in fences.parse(text, "docs/p.md").findings]


def test_compiler_output_with_run_is_accepted():
    text = ('```rust,run,compiler_output\nprintln!("{}", std::mem::size_of_val(&async {}));\n```\n\n'
            '```text title="Output"\n1\n```\n')
    assert findings(text) == []
    assert fences.parse(text, "docs/p.md").fences[0].has("compiler_output")


def test_compiler_output_without_run_is_an_error():
    assert findings("```rust,compiler_output\nfn main() {}\n```\n") == [
        "docs/p.md:1: [bad-attributes] compiler_output says a run block's Output depends on the compiler; add run"]


def test_a_typo_suggests_compiler_output():
    [message] = findings("```rust,run,compiler_outptu\nfn main() {}\n```\n")
    assert "(did you mean 'compiler_output'?)" in message
