"""Every citation on the site is found, verbatim, in cargo's copy of the locked crate version, and
data/citations.json is what `make citations` writes (so the build's line numbers are right)."""

import os
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, require
from fieldguide import citations_cli


@pytest.mark.cargo
def test_every_citation_quote_is_in_the_pinned_source(capsys):
    cargo = require("cargo", "citations are checked against cargo's registry copy of the pinned crates")
    subprocess.run([cargo, "fetch", "--quiet", "--manifest-path", str(REPO / "examples" / "Cargo.toml")], check=True)
    cargo_home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    code = citations_cli.run(REPO / "docs", REPO / "examples" / "Cargo.lock", cargo_home, citations_cli.DATA_FILE, check=True)
    captured = capsys.readouterr()
    assert code == 0, captured.err
