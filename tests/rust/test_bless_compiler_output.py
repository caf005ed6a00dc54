"""`compiler_output` run blocks: a differing Output names `make bless-compiler-output`, and blessing
rewrites exactly those Output blocks (in a copy of tests/fixtures/rust/compiler_output.md)."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from conftest import REPO, require
from fieldguide import rust_check

FIXTURE = REPO / "tests" / "fixtures" / "rust" / "compiler_output.md"
HINT = "this Output depends on the compiler; after a toolchain move run `make bless-compiler-output`"


def fence_line(text: str, marker: str) -> int:
    """Line of the first fence after the prose line containing `marker`."""
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if marker in line)
    while not lines[i].lstrip().startswith("```"):
        i += 1
    return i + 1


@pytest.fixture
def page():
    """A copy of the fixture at a fixed place per clone (not tmp_path), so the checker's scratch package
    for it, and its compiled blocks, are reused from one test run to the next."""
    require("cargo", "the Rust checker compiles and runs blocks with cargo")
    clone = hashlib.sha1(str(REPO).encode()).hexdigest()[:8]
    copy = rust_check.CACHE_DIR / "bless-test" / clone / "compiler_output.md"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURE, copy)
    yield copy
    copy.unlink(missing_ok=True)


@pytest.mark.cargo
def test_bless_rewrites_only_compiler_output_blocks_that_ran(page, capsys):
    original = page.read_text()
    report = rust_check.check([page])
    failing = {r.block.fence.start: "\n".join(r.problems) for r in report.failures}
    first, plain = fence_line(original, "Blessed (the Output"), fence_line(original, "A plain run block")
    nested, exits = fence_line(original, "Blessed inside"), fence_line(original, "that fails is not")
    assert sorted(failing) == [first, plain, nested, exits]
    assert HINT in failing[first] and HINT in failing[nested]
    assert HINT not in failing[plain]   # a plain run block's Output is never the compiler's business
    assert "exited with code 3" in failing[exits]

    printed = {r.block.fence.start: r.stdout.strip() for r in report.results if r.stdout is not None}
    blessed = rust_check.bless_compiler_output(report)
    assert sorted(r.block.fence.start for r in blessed) == [first, nested]

    text = page.read_text()
    assert "999" not in text and "this line is not printed" not in text
    assert f'```text title="Output"\n{printed[first]}\n```\n\nA plain run block' in text
    size, align = printed[nested].split("\n")
    assert size.startswith("size ") and align.startswith("align ")
    assert f'    ```text title="Output"\n    {size}\n    {align}\n    ```\n' in text
    # Everything else is byte for byte the same: the plain block, the right one, the failing one.
    assert "not what it prints" in text and '```text title="Output"\n8\n```' in text and "wrong\n```" in text
    assert text.endswith(original[original.index("A compiler_output block whose Output is right"):])

    # The same from the command line (`make bless-compiler-output`), on the original page.
    page.write_text(original)
    code = rust_check.main(["--bless-compiler-output", str(page)])
    out, err = capsys.readouterr()
    assert code == 1   # the plain block and the failing block still fail
    assert out.count("blessed ") == 2 and "3 passed, 2 failed" in out
    assert page.read_text() == text

    # Checked again, the blessed blocks pass and nothing else changed.
    assert rust_check.main([str(page)]) == 1
    out, err = capsys.readouterr()
    assert "5 Rust blocks checked" in out and "3 passed, 2 failed" in out
    assert f"{page}:{fence_line(text, 'A plain run block')}: stdout differs" in err
    assert f"{page}:{fence_line(text, 'that fails is not')}: program exited with code 3" in err
    assert HINT not in err
    assert page.read_text() == text
