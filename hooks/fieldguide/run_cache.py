"""Remember what an unchanged block program printed, so a warm check runs only the programs that changed.

Why: 388 of the 499 blocks are `run` blocks and many of them wait in real time (timeouts, intervals,
slow bodies). Running all of them again after a one-line edit made a warm `make check-rust` take
81 s against its 60 s budget (DESIGN.md section 9). A binary that cargo did not rebuild (same path,
size, modification time and inode) is the same program as last time, and the site requires every
`run` block to print the same thing on every run (its Output block is compared), so its stored
output stands in for a new run.

Only the raw output (exit code, stdout, stderr) is stored, and only after a run that passed; the
verdict is always worked out again from it, so an edited Output block or edited prose around a block
is checked as usual. `FIELD_GUIDE_RERUN=1` (set by `.ci/run`) runs every program.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def _stamp(binary: Path) -> str:
    st = binary.stat()
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


class RunCache:
    def __init__(self, path: Path, enabled: bool | None = None):
        self.path = path
        self.enabled = (os.environ.get("FIELD_GUIDE_RERUN") != "1") if enabled is None else enabled
        self.entries: dict[str, dict] = {}
        if self.enabled and path.exists():
            try:
                self.entries = json.loads(path.read_text())
            except (OSError, ValueError):
                self.entries = {}   # a damaged cache only costs a re-run
        self.hits = 0

    def get(self, binary: Path) -> Run | None:
        entry = self.entries.get(str(binary)) if self.enabled else None
        if entry is None or entry.get("stamp") != _stamp(binary):
            return None
        self.hits += 1
        return Run(entry["returncode"], entry["stdout"], entry["stderr"])

    def put(self, binary: Path, run: Run) -> None:
        if self.enabled:
            self.entries[str(binary)] = {"stamp": _stamp(binary), "returncode": run.returncode,
                                         "stdout": run.stdout, "stderr": run.stderr}

    def save(self) -> None:
        """Write atomically: several checks may share the cache directory."""
        if not self.enabled:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.entries))
        tmp.replace(self.path)
