"""Shared test helpers.

Tools a test needs (cargo, chromium, actionlint) are looked up by `require()`: locally a missing tool
skips the test and says why; with CI=true a missing tool is a failure, so nothing is silently skipped
in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(tool: str, why: str) -> str:
    """Return the path of `tool`, or skip (locally) / fail (CI=true) with the reason."""
    path = shutil.which(tool)
    if path:
        return path
    message = f"{tool} not found: {why}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: nothing may be skipped; .ci/run installs it)")
    pytest.skip(message)


def mkdocs_build(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` on a config and return the finished process (never raises)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO / "hooks"))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=config.parent,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session with --strict."""
    site = tmp_path_factory.mktemp("site")
    proc = mkdocs_build(REPO / "mkdocs.yml", site)
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stderr[-6000:]}")
    return site


def pytest_terminal_summary(terminalreporter):
    """List every `ignore` Rust block in each run's summary: each is a claim nobody compiled."""
    from fieldguide import rust_check

    _, ignored, _ = rust_check.collect(rust_check.markdown_files())
    terminalreporter.write_sep("-", f"{len(ignored)} Rust block(s) marked ignore (not compiled)")
    for fence in ignored:
        terminalreporter.write_line(f"  {fence.id}")
