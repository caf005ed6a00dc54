"""Regenerate data/docsrs-index.json: `cargo doc --no-deps` of the pinned crates, then index the HTML.

Why a script: the index must be rebuilt whenever examples/Cargo.lock changes (a test fails when it is
stale), and the cargo command needs the exact crate list. Docs go to a target dir in the user cache,
outside the clone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from fieldguide import EXAMPLES_DIR, docsrs  # noqa: E402

CACHE = Path(os.environ.get("FIELD_GUIDE_CACHE", Path.home() / ".cache" / "async-rust-field-guide"))


def main() -> int:
    target = CACHE / "doc-target"
    packages = sorted(set(docsrs.TAUGHT.values()) | set(docsrs.SUPPORT.values()))
    cmd = ["cargo", "doc", "--no-deps", "-p", "pinned"] + [a for p in packages for a in ("-p", p)]
    subprocess.run(cmd, cwd=EXAMPLES_DIR, check=True, env=dict(os.environ, CARGO_TARGET_DIR=str(target)))
    return docsrs.main(["--generate", str(target / "doc")])


if __name__ == "__main__":
    sys.exit(main())
