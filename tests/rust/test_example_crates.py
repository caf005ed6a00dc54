"""The example crates under examples/ build warning-free and their own tests pass.

Pages include parts of these crates with snippet markers, so the code a reader sees is the code these
tests run: a complete server with graceful shutdown, a gRPC service generated from a .proto, a loom
model, a turmoil simulation, a benchmark.
"""

from __future__ import annotations

import os
import subprocess

import pytest
from conftest import REPO, require
from fieldguide import rust_check

EXAMPLES = REPO / "examples"


def cargo(*args: str, extra_env: dict | None = None, target: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, CARGO_TERM_COLOR="never",
               CARGO_TARGET_DIR=str(target or rust_check.target_dir()), **(extra_env or {}))
    return subprocess.run(["cargo", *args], cwd=EXAMPLES, env=env, capture_output=True, text=True)


@pytest.mark.cargo
def test_workspace_is_clippy_clean():
    require("cargo", "the example crates are built with cargo")
    require("protoc", "the tonic example crates generate code from .proto files (apt-get install protobuf-compiler)")
    proc = cargo("clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings")
    assert proc.returncode == 0, proc.stderr[-5000:]


@pytest.mark.cargo
def test_workspace_tests_pass():
    require("cargo", "the example crates are tested with cargo")
    require("protoc", "the tonic example crates generate code from .proto files (apt-get install protobuf-compiler)")
    proc = cargo("test", "--workspace", "--locked")
    assert proc.returncode == 0, (proc.stdout[-3000:] + proc.stderr[-5000:])
    assert "test result: FAILED" not in proc.stdout


@pytest.mark.cargo
def test_loom_model_explores_interleavings():
    """The loom test only exists under --cfg loom (see examples/crates/loom-counter/README)."""
    require("cargo", "the loom model is run with cargo")
    target = rust_check.CACHE_DIR / "loom-target"
    proc = cargo("test", "-p", "loom-counter", "--release", "--locked", extra_env={"RUSTFLAGS": "--cfg loom"},
                 target=str(target))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "loom" in proc.stdout
