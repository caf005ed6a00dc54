"""Zip a built site so it works when unzipped and opened from disk (file://).

The site is built with Material's offline plugin (relative .html links, inlined search index,
local iframe-worker shim), so the zip is just the site folder under one top-level directory.

Usage: python scripts/offline_zip.py SITE_DIR OUT.zip
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path


def make_zip(site: Path, out: Path, top: str = "async-rust-field-guide") -> Path:
    if not (site / "index.html").exists():
        raise SystemExit(f"{site}/index.html not found: build the site first (make build)")
    if not (site / "search" / "search_index.js").exists():
        raise SystemExit(f"{site}/search/search_index.js missing: the offline plugin must be enabled")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                zf.write(path, f"{top}/{path.relative_to(site).as_posix()}")
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    result = make_zip(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {result} ({result.stat().st_size // 1024} KiB); unzip it and open async-rust-field-guide/index.html")
