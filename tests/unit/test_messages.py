"""Printed messages and the sections that must quote them (fieldguide.messages)."""

from __future__ import annotations

from fieldguide import fences, messages

PAGE = """# Page

Intro.

## Sending a guard

The compiler says `` `MutexGuard<'_, i32>` cannot be sent
between threads safely ``.

```rust,compile_fail,E0277
fn f() {}
```

## Panics

```rust,run,should_panic
fn main() { panic!("boom") }
```

```text title="Panic message (stderr)"
boom: the runtime is gone
```

```text
src/
  main.rs
```

## Next
"""


def section(line: int) -> str:
    return messages.section_text(PAGE, fences.parse(PAGE, "docs/p.md"), line)


def test_a_section_runs_from_its_heading_to_the_next_heading_of_any_level():
    lines = PAGE.split("\n")
    start, end = messages.section_bounds(PAGE, lines.index("```rust,compile_fail,E0277") + 1)
    assert lines[start - 1] == "## Sending a guard" and lines[end] == "## Panics"


def test_a_message_split_over_lines_and_code_spans_counts_as_quoted():
    text = section(PAGE.split("\n").index("```rust,compile_fail,E0277") + 1)
    assert not messages.unquoted("`MutexGuard<'_, i32>` cannot be sent between threads safely", text)
    assert messages.unquoted("`Rc<i32>` cannot be sent between threads safely", text)


def test_printed_blocks_count_and_code_and_other_text_blocks_do_not():
    text = section(PAGE.split("\n").index("```rust,run,should_panic") + 1)
    assert not messages.unquoted("boom: the runtime is gone", text)
    assert messages.unquoted('panic!("boom")', text)
    assert messages.unquoted("main.rs", text)


def test_panic_message_is_the_line_after_panicked_at_with_or_without_a_thread_id():
    new = "\nthread 'main' (20188) panicked at src/bin/x.rs:3:1:\nboom\nnote: run with `RUST_BACKTRACE=1`\n"
    old = "thread 'tokio-runtime-worker' panicked at src/main.rs:9:5:\ncalled `Option::unwrap()` on a `None` value\n"
    assert messages.panic_message(new) == "boom"
    assert messages.panic_message(old) == "called `Option::unwrap()` on a `None` value"
    assert messages.panic_message("error: something else") is None


def test_module_paths_and_anonymous_type_locations_do_not_have_to_match():
    said = "The compiler says `Rc<RefCell<u8>>` cannot be sent; `{async block}` cannot be unpinned."
    assert not messages.unquoted("`std::rc::Rc<std::cell::RefCell<u8>>` cannot be sent", said)
    assert not messages.unquoted("`{async block@src/bin/m_l258.rs:6:51: 6:61}` cannot be unpinned", said)
    assert messages.unquoted("`Arc<u8>` cannot be sent", said)


def test_a_message_quoted_in_a_blockquote_over_several_lines_counts():
    said = "What you see:\n\n> Cannot start a runtime from within a runtime. This happens\n> because a function\n"
    assert not messages.unquoted("Cannot start a runtime from within a runtime. This happens because a function", said)
