"""Every Rust block on the site, one test each (ids like `docs/mental-model.md:120`).

The whole site is compiled in one cargo run (module fixture); each test then reports its own block's
verdict, so a failure names the page, the line, the rustc error code and the offending source line.
`ignore` blocks are listed in the terminal summary (tests/conftest.py).
"""

from __future__ import annotations

import pytest
from conftest import require
from fieldguide import rust_check

BLOCKS, IGNORED, FINDINGS = rust_check.collect(rust_check.markdown_files())


@pytest.fixture(scope="module")
def report():
    require("cargo", "every Rust block on the site is compiled with cargo clippy")
    result = rust_check.check()
    return {r.block.id: r for r in result.results}


@pytest.mark.cargo
@pytest.mark.parametrize("block_id", [b.id for b in BLOCKS])
def test_block(report, block_id):
    result = report[block_id]
    assert result.ok, "\n".join(result.problems)


def test_site_has_no_fence_errors():
    assert not FINDINGS, "\n".join(map(str, FINDINGS))
