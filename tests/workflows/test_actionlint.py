"""The GitHub workflows pass actionlint (which also runs shellcheck-style checks on `run:` steps)."""

import os
import subprocess
from pathlib import Path

from conftest import REPO, require

TOOLS_BIN = Path(os.environ.get("FIELD_GUIDE_CACHE", Path.home() / ".cache" / "async-rust-field-guide")) / "bin"


def test_workflows_pass_actionlint(monkeypatch):
    monkeypatch.setenv("PATH", f"{TOOLS_BIN}:{os.environ['PATH']}")
    actionlint = require("actionlint", "install with `GOBIN=~/.cache/async-rust-field-guide/bin go install "
                         "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12` (.ci/run does this)")
    workflows = sorted((REPO / ".github" / "workflows").glob("*.yml"))
    assert {w.name for w in workflows} >= {"ci.yml", "deploy.yml", "links.yml", "freshness.yml"}
    proc = subprocess.run([actionlint, "-no-color", *map(str, workflows)], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path, monkeypatch):
    """Guard against a vacuous pass: a workflow with an unknown runner key must be rejected."""
    monkeypatch.setenv("PATH", f"{TOOLS_BIN}:{os.environ['PATH']}")
    actionlint = require("actionlint", "see test_workflows_pass_actionlint")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n")
    proc = subprocess.run([actionlint, "-no-color", str(bad)], capture_output=True, text=True)
    assert proc.returncode != 0 and "nope" in proc.stdout
