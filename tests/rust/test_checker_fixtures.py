"""The Rust block checker itself: each fixture block must produce its exact verdict and line."""

from __future__ import annotations

import pytest
from conftest import REPO, require
from fieldguide import rust_check

FIXTURE = REPO / "tests" / "fixtures" / "rust" / "cases.md"
REL = "tests/fixtures/rust/cases.md"


@pytest.fixture(scope="module")
def report():
    require("cargo", "the Rust checker compiles blocks with cargo clippy")
    return rust_check.check([FIXTURE])


def problems_at(report, line: int) -> str:
    matches = [r for r in report.results if r.block.fence.start == line]
    assert matches, f"no block starts at line {line}"
    return "\n".join(matches[0].problems)


def line_of(marker: str, nth: int = 0) -> int:
    """Line of the fence that follows the prose line containing `marker`."""
    lines = FIXTURE.read_text().split("\n")
    hits = [i for i, line in enumerate(lines) if marker in line]
    i = hits[nth]
    while not lines[i].startswith("```"):
        i += 1
    return i + 1


def test_compiling_block_passes(report):
    assert problems_at(report, line_of("A block that compiles")) == ""


def test_block_that_does_not_compile_names_line_code_and_source(report):
    start = line_of("A block that does not compile")
    text = problems_at(report, start)
    assert f"{REL}:{start + 1}: error[E0308]: mismatched types" in text
    assert '| let x: u32 = "text";' in text


def test_compile_fail_that_compiles_is_reported(report):
    start = line_of("compile_fail that compiles")
    assert problems_at(report, start) == (
        f"{REL}:{start}: block is marked compile_fail but it compiles; fix the example or drop compile_fail")


def test_compile_fail_with_wrong_code_names_both_codes(report):
    start = line_of("compile_fail with the wrong code")
    text = problems_at(report, start)
    assert f"{REL}:{start}: expected compile error E0277, got E0308" in text


def test_compile_fail_with_right_code_passes(report):
    assert problems_at(report, line_of("compile_fail with the right code")) == ""


def test_lint_that_does_not_fire_is_reported(report):
    start = line_of("lint that does not fire")
    assert problems_at(report, start).startswith(
        f"{REL}:{start}: expected lint await_holding_lock to fire on this block, but it did not")


def test_lint_that_fires_passes(report):
    assert problems_at(report, line_of("lint that fires")) == ""


def test_hidden_lines_map_to_their_markdown_line(report):
    start = line_of("Hidden lines map")
    text = problems_at(report, start)
    # The error is on the third body line (two hidden lines come first).
    assert f"{REL}:{start + 3}: error[E0308]" in text
    assert "| let z: String = y;" in text


def test_run_with_matching_output_passes(report):
    assert problems_at(report, line_of("run with output")) == ""


def test_run_with_wrong_output_shows_both(report):
    start = line_of("run with wrong output")
    text = problems_at(report, start)
    assert f"{REL}:{start}: stdout differs from the Output block at {REL}:{start + 4}" in text
    assert "expected:\n    hello\n  got:\n    bye" in text


def test_should_panic_passes_when_it_panics(report):
    assert problems_at(report, line_of("should_panic, quoting")) == ""


def test_ignored_blocks_are_counted_not_compiled(report):
    lines = FIXTURE.read_text().split("\n")
    ignore_line = next(i + 1 for i, line in enumerate(lines) if line.startswith("```rust,ignore"))
    assert [f.start for f in report.ignored] == [ignore_line]
    assert all(r.block.fence.start != ignore_line for r in report.results)


def test_test_functions_are_type_checked(report):
    start = line_of("A test function with a type error")
    assert f"{REL}:{start + 3}: error[E0308]: mismatched types" in problems_at(report, start)


def test_compiler_message_missing_from_the_section_is_reported(report):
    start = line_of("A compiler message nobody quotes")
    assert problems_at(report, start) == (
        f"{REL}:{start}: [message-not-quoted] rustc prints 'no method named `no_such_method` found for type `u8` "
        "in the current scope' for this block, but its section does not say it where search can find it (prose "
        'or a ```text title="Output" block; code is not indexed). Quote the message verbatim in the section\'s '
        "prose so a reader who pastes it lands here")


def test_panic_message_missing_from_the_section_is_reported(report):
    text = problems_at(report, line_of("A panic nobody quotes"))
    assert "[message-not-quoted] the program panics with 'an unquoted panic'" in text


def test_panic_message_shown_in_a_printed_block_counts_as_quoted(report):
    assert problems_at(report, line_of("A message quoted in an Output-like block")) == ""
