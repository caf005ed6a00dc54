"""The theme patches applied by a real build, including a --dirty rebuild into the same folder."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO
from sitefactory import build_fixture_site


def _theme_files(site):
    css = next((site / "assets" / "stylesheets").glob("palette.*.min.css")).read_text()
    js = next((site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text()
    return css, js


def test_built_theme_files_are_patched_and_a_dirty_rebuild_still_works(tmp_path):
    proc = build_fixture_site(tmp_path, {"index.md": "# Home\n\nText.\n"}, hooks=["theme_patch_hook.py"])
    assert proc.returncode == 0, proc.stderr[-3000:]
    css, js = _theme_files(tmp_path / "site")
    assert "data-md-color-switching" not in css
    assert 'name:"color-scheme"});document.head' not in js
    # --dirty keeps site/ and skips copying theme files whose built copy is newer: the patch must not
    # then find an already patched file and fail.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO / "hooks"))
    command = [sys.executable, "-m", "mkdocs", "build", "--dirty", "--no-strict",   # strict fails on the dirty warning
               "-f", str(tmp_path / "mkdocs.yml"), "-d", str(tmp_path / "site")]
    again = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert again.returncode == 0 and "theme patch" not in again.stderr, again.stderr[-3000:]
    assert _theme_files(tmp_path / "site") == (css, js)
