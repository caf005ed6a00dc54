"""The "examples verified with" stamp: toolchain and crate versions, read from the pinned sources.

Why a committed file: `mkdocs build` must not need cargo, yet every page footer names the exact rustc
and crate versions its examples were checked with. The Rust block checker refreshes data/versions.json
after a successful run; `python -m fieldguide.versions --check` fails when the file disagrees with
examples/Cargo.lock (a test runs it).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tomllib
from pathlib import Path

from fieldguide import DATA_DIR, EXAMPLES_DIR, REPO_ROOT

VERSIONS_FILE = DATA_DIR / "versions.json"

# The crates the site teaches, in the order the footer lists them (DESIGN.md section 10).
TAUGHT_CRATES = [
    "tokio", "tokio-util", "tokio-stream", "futures", "bytes", "tracing", "tracing-subscriber",
    "hyper", "hyper-util", "http-body-util", "tower", "tower-http", "axum", "tonic", "tonic-prost",
    "prost", "pin-project", "pin-project-lite",
]


def locked_versions(lock_path: Path = EXAMPLES_DIR / "Cargo.lock") -> dict[str, str]:
    """Return name -> version for every taught crate in Cargo.lock (one version each, or an error)."""
    lock = tomllib.loads(lock_path.read_text())
    found: dict[str, set[str]] = {}
    for package in lock.get("package", []):
        if package["name"] in TAUGHT_CRATES and "source" in package:
            found.setdefault(package["name"], set()).add(package["version"])
    missing = [name for name in TAUGHT_CRATES if name not in found]
    if missing:
        raise ValueError(f"{lock_path}: taught crates missing from the lock file: {', '.join(missing)}")
    doubled = {name: sorted(v) for name, v in found.items() if len(v) > 1}
    if doubled:
        raise ValueError(f"{lock_path}: taught crates locked at more than one version: {doubled}")
    return {name: next(iter(found[name])) for name in TAUGHT_CRATES}


def toolchain_channel() -> str:
    """The pinned channel from rust-toolchain.toml (e.g. "1.95.0")."""
    return tomllib.loads((REPO_ROOT / "rust-toolchain.toml").read_text())["toolchain"]["channel"]


def current(rustc_version: str | None = None) -> dict:
    """Versions as they are now: the pinned toolchain's rustc and the locked crates."""
    if rustc_version is None:
        out = subprocess.run(["rustc", "--version"], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
        rustc_version = out.stdout.strip()
    return {"rustc": rustc_version, "edition": "2024", "crates": locked_versions()}


def load() -> dict | None:
    """The committed versions, or None when the file does not exist yet."""
    if not VERSIONS_FILE.exists():
        return None
    return json.loads(VERSIONS_FILE.read_text())


def stale_reasons(committed: dict | None) -> list[str]:
    """Why data/versions.json does not match the lock file and toolchain pin (empty when it does)."""
    if committed is None:
        return [f"{VERSIONS_FILE.relative_to(REPO_ROOT)} does not exist; run `make versions`"]
    reasons = []
    for name, version in locked_versions().items():
        if committed.get("crates", {}).get(name) != version:
            reasons.append(f"{name}: versions.json says {committed.get('crates', {}).get(name)}, "
                           f"Cargo.lock says {version}")
    channel = toolchain_channel()
    if channel not in committed.get("rustc", ""):
        reasons.append(f"rustc: versions.json says {committed.get('rustc')!r}, rust-toolchain.toml pins {channel}")
    return reasons


def write(data: dict) -> None:
    VERSIONS_FILE.parent.mkdir(parents=True, exist_ok=True)
    VERSIONS_FILE.write_text(json.dumps(data, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Refresh or check data/versions.json")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true", help="rewrite it from rustc and Cargo.lock")
    group.add_argument("--check", action="store_true", help="fail when it is stale")
    args = parser.parse_args(argv)
    if args.write:
        write(current())
        print(f"wrote {VERSIONS_FILE.relative_to(REPO_ROOT)}")
        return 0
    reasons = stale_reasons(load())
    for reason in reasons:
        print(f"data/versions.json is stale: {reason} (run `make versions`)", file=sys.stderr)
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())
