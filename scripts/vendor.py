"""Refresh the vendored browser scripts from the npm registry and record their checksums.

Why: the site must make zero requests to other origins, so mermaid and the iframe-worker shim
(which lets search run from file://) are committed under docs/assets/javascripts/vendor/.
`make vendor` runs this script; `tests/unit/test_vendor.py` re-hashes the files against
`vendor.json`, so a hand-edited or truncated copy fails the tests.

Usage: python scripts/vendor.py [--mermaid-tiny VERSION] [--iframe-worker VERSION]
       python scripts/vendor.py --check   (exit 1 when npm has a newer release than vendor.json records)

`--check` is what the weekly freshness workflow runs: these files have no package.json, so dependabot
cannot see them; it asks the npm registry (`npm view <package> version`) and changes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
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


def version_key(version: str) -> tuple:
    """Semver order, good enough for npm release versions (a pre-release sorts before its release)."""
    m = re.match(r"^(\d+)\.(\d+)\.(\d+)(?:-(.+))?$", version.strip())
    if not m:
        return (-1,)
    major, minor, patch, pre = m.groups()
    return (int(major), int(minor), int(patch), 0 if pre else 1, pre or "")


def npm_latest(package: str) -> str:
    """The version the npm registry tags `latest` for `package`."""
    out = subprocess.run(["npm", "view", package, "version"], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def outdated(manifest: dict, latest: dict[str, str]) -> list[str]:
    """One line per vendored package with a newer release on npm than vendor.json records."""
    lines = []
    for target, entry in sorted(manifest.items()):
        package, have = entry["package"], entry["version"]
        newest = latest.get(package)
        if newest and version_key(newest) > version_key(have):
            lines.append(f"{package}: vendored {have} ({target}), npm has {newest}; run `make vendor`, then "
                         "`make test` (the browser tests render every diagram in both palettes)")
    return lines


def check(manifest_path: Path = MANIFEST, latest=npm_latest, out=sys.stdout) -> int:
    """Compare vendor.json with the npm registry: 0 when current, 1 when a newer release is out, 2 when
    the registry could not be asked."""
    manifest = json.loads(manifest_path.read_text())
    versions = {}
    for package in sorted({e["package"] for e in manifest.values()}):
        try:
            versions[package] = latest(package)
        except (subprocess.CalledProcessError, FileNotFoundError) as e:
            print(f"could not ask the npm registry about {package}: {e}", file=out)
            return 2
    lines = outdated(manifest, versions)
    for line in lines:
        print(line, file=out)
    if not lines:
        print("vendored scripts are current: " + ", ".join(
            f"{e['package']} {e['version']}" for _, e in sorted(manifest.items())), file=out)
    return 1 if lines else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mermaid-tiny", default="latest")
    parser.add_argument("--iframe-worker", default="latest")
    parser.add_argument("--check", action="store_true",
                        help="only compare vendor.json with the npm registry's latest versions (changes nothing)")
    args = parser.parse_args()
    if args.check:
        sys.exit(check())
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
