"""Refresh the vendored browser scripts from the npm registry and record their checksums.

Why: the site must make zero requests to other origins, so mermaid and the iframe-worker shim
(which lets search run from file://) are committed under docs/assets/javascripts/vendor/.
`make vendor` runs this script; `tests/unit/test_vendor.py` re-hashes the files against
`vendor.json`, so a hand-edited or truncated copy fails the tests.

Usage: python scripts/vendor.py [--mermaid-tiny VERSION] [--iframe-worker VERSION]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent.parent / "docs" / "assets" / "javascripts" / "vendor"
MANIFEST = VENDOR_DIR / "vendor.json"

# package name -> (file inside the npm tarball, file name in VENDOR_DIR)
FILES = {
    "@mermaid-js/tiny": ("package/dist/mermaid.tiny.js", "mermaid.tiny.js"),
    "iframe-worker": ("package/shim/index.js", "iframe-worker-shim.js"),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(package: str, version: str, workdir: Path) -> tuple[Path, str]:
    """Download `package@version` with `npm pack`; return the tarball path and the resolved version."""
    out = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--json"],
        cwd=workdir, check=True, capture_output=True, text=True,
    )
    info = json.loads(out.stdout)[0]
    return workdir / info["filename"], info["version"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mermaid-tiny", default="latest")
    parser.add_argument("--iframe-worker", default="latest")
    args = parser.parse_args()
    wanted = {"@mermaid-js/tiny": args.mermaid_tiny, "iframe-worker": args.iframe_worker}
    manifest = {}
    with tempfile.TemporaryDirectory() as tmp:
        for package, version in wanted.items():
            tarball, resolved = fetch(package, version, Path(tmp))
            member, target = FILES[package]
            with tarfile.open(tarball) as tar:
                data = tar.extractfile(member).read()
                licence = tar.extractfile("package/LICENSE").read()
            (VENDOR_DIR / target).write_bytes(data)
            stem = target.split(".")[0].split("-shim")[0]
            (VENDOR_DIR / f"{stem}.LICENSE").write_bytes(licence)
            manifest[target] = {"package": package, "version": resolved, "sha256": sha256(VENDOR_DIR / target)}
            print(f"vendored {package}@{resolved} -> {target}")
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
