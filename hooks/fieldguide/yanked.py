"""Report every version in examples/Cargo.lock that its author has yanked from crates.io.

Why: a yanked release is one its author asks nobody to build on (a soundness bug, a broken build), and
the site teaches exactly the locked versions. Cargo keeps using a yanked version that is already in a
lock file without a word, so nobody notices until a reader copies the version from the footer. This
check reads crates.io's sparse index (the files cargo itself reads) for every registry package in the
lock and names, for each yanked one, the version to move to and the cargo command that does it:

    examples/Cargo.lock: [yanked] pin-project-lite 0.2.18 is yanked on crates.io; move to 0.2.19
    (cargo update -p pin-project-lite --precise 0.2.19)

The version to move to is the newest release that is not yanked, not a pre-release, and
semver-compatible with the locked one (same major; for 0.x the same minor), so the move is a plain
`cargo update --precise`; when no such release exists, the newest release that is not yanked.

Usage: python -m fieldguide.yanked [path/to/Cargo.lock]   (exit 1 when a locked version is yanked)
`tests/rust/test_lock_not_yanked.py` runs it in `make test` (it needs the network).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from fieldguide import EXAMPLES_DIR, REPO_ROOT

INDEX_URL = "https://index.crates.io/"
CRATES_IO_SOURCE = "registry+https://github.com/rust-lang/crates.io-index"
USER_AGENT = "async-rust-field-guide yanked-version check (https://github.com/async-rust-field-guide/field-guide)"
TIMEOUT_S = 20
WORKERS = 16
LOCK_FILE = EXAMPLES_DIR / "Cargo.lock"

SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


class FetchError(Exception):
    """The index file of a crate could not be read (network down, HTTP error)."""


# --- versions -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Release:
    version: str
    yanked: bool


def parse_version(version: str) -> tuple[int, int, int, str | None]:
    m = SEMVER.match(version)
    if not m:
        raise ValueError(f"not a semver version: {version!r}")
    return int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4)


def _pre_key(pre: str) -> tuple:
    """Semver pre-release precedence: numeric identifiers compare as numbers, below alphanumeric ones."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))


def sort_key(version: str) -> tuple:
    major, minor, patch, pre = parse_version(version)
    # A release sorts after every pre-release of the same version (1.0.0-rc.1 < 1.0.0).
    return (major, minor, patch, 1 if pre is None else 0, _pre_key(pre) if pre else ())


def compatible(locked: str, candidate: str) -> bool:
    """Cargo's default (caret) compatibility: same major; for 0.x the same minor; for 0.0.x the same patch."""
    a, b = parse_version(locked), parse_version(candidate)
    if a[0] != 0:
        return b[0] == a[0]
    if a[1] != 0:
        return b[0] == 0 and b[1] == a[1]
    return b[:3] == a[:3]


def suggestion(locked: str, releases: Iterable[Release]) -> str | None:
    """The version to move a yanked `locked` to (see the module docstring), or None when every release
    of the crate is yanked."""
    usable = [r.version for r in releases if not r.yanked and SEMVER.match(r.version)]
    stable = [v for v in usable if parse_version(v)[3] is None]
    for pool in ([v for v in stable if compatible(locked, v)], stable, usable):
        if pool:
            return max(pool, key=sort_key)
    return None


# --- inputs -----------------------------------------------------------------------------------------

def locked_packages(lock_text: str) -> list[tuple[str, str]]:
    """(name, version) of every crates.io package in a Cargo.lock, in lock order (path and git
    dependencies, which crates.io knows nothing about, are left out)."""
    lock = tomllib.loads(lock_text)
    return [(p["name"], p["version"]) for p in lock.get("package", []) if p.get("source") == CRATES_IO_SOURCE]


def index_path(name: str) -> str:
    """The crate's file in the crates.io index: 1/a, 2/ab, 3/a/abc, ab/cd/abcdef (lowercase)."""
    name = name.lower()
    if len(name) <= 2:
        return f"{len(name)}/{name}"
    if len(name) == 3:
        return f"3/{name[0]}/{name}"
    return f"{name[:2]}/{name[2:4]}/{name}"


def parse_index(text: str) -> list[Release]:
    """One JSON object per line, each with `vers` and `yanked`."""
    releases = []
    for line in text.splitlines():
        if line.strip():
            entry = json.loads(line)
            releases.append(Release(entry["vers"], bool(entry.get("yanked"))))
    return releases


def fetch_index(name: str, timeout: float = TIMEOUT_S, retries: int = 1) -> str:
    """The crate's sparse index file from index.crates.io (one retry after a short pause)."""
    url = INDEX_URL + index_path(name)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    for attempt in range(retries + 1):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            if e.code == 404 or attempt == retries:
                raise FetchError(f"{url}: HTTP {e.code}") from e
        except (urllib.error.URLError, TimeoutError, OSError) as e:
            if attempt == retries:
                raise FetchError(f"{url}: {getattr(e, 'reason', e)}") from e
        time.sleep(1)
    raise AssertionError("unreachable")


def fetch_all(names: Iterable[str], fetch: Callable[[str], str] = fetch_index,
              workers: int = WORKERS) -> tuple[dict[str, str], dict[str, str]]:
    """Fetch every crate's index file in parallel: (name -> text, name -> error message)."""
    names = sorted(set(names))
    texts: dict[str, str] = {}
    errors: dict[str, str] = {}

    def one(name: str) -> None:
        try:
            texts[name] = fetch(name)
        except FetchError as e:
            errors[name] = str(e)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, names))
    return texts, errors


# --- the check ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Yanked:
    """A locked version that is yanked, and where to move it."""

    name: str
    version: str
    move_to: str | None
    ambiguous: bool = False   # the lock holds more than one version of this crate
    lock_path: str = "examples/Cargo.lock"

    def __str__(self) -> str:
        head = f"{self.lock_path}: [yanked] {self.name} {self.version} is yanked on crates.io; "
        if self.move_to is None:
            return head + f"every release of {self.name} is yanked; replace the dependency that pulls it in"
        spec = f"{self.name}@{self.version}" if self.ambiguous else self.name
        return head + f"move to {self.move_to} (cargo update -p {spec} --precise {self.move_to})"


def find_yanked(packages: list[tuple[str, str]], indexes: dict[str, str],
                lock_path: str = "examples/Cargo.lock") -> list[Yanked]:
    """Every locked (name, version) whose index entry is yanked. Crates missing from `indexes` are
    skipped (the caller reports fetch errors)."""
    counts: dict[str, int] = {}
    for name, _ in packages:
        counts[name] = counts.get(name, 0) + 1
    found = []
    for name, version in packages:
        if name not in indexes:
            continue
        releases = parse_index(indexes[name])
        entry = next((r for r in releases if r.version == version), None)
        if entry is not None and entry.yanked:
            found.append(Yanked(name, version, suggestion(version, releases), counts[name] > 1, lock_path))
    return found


@dataclass
class Outcome:
    yanked: list[Yanked]
    errors: dict[str, str]       # crate -> why its index could not be read
    checked: int


def check(lock: Path = LOCK_FILE, fetch: Callable[[str], str] = fetch_index, workers: int = WORKERS) -> Outcome:
    packages = locked_packages(lock.read_text())
    texts, errors = fetch_all((n for n, _ in packages), fetch, workers)
    try:
        shown = lock.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        shown = str(lock)
    return Outcome(find_yanked(packages, texts, shown), errors, len(packages))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lock", nargs="?", type=Path, default=LOCK_FILE)
    args = parser.parse_args(argv)
    outcome = check(args.lock)
    for y in outcome.yanked:
        print(y)
    for name, error in sorted(outcome.errors.items()):
        print(f"could not read the crates.io index entry of {name}: {error}", file=sys.stderr)
    print(f"{outcome.checked} locked crates.io package(s) checked: {len(outcome.yanked)} yanked, "
          f"{len(outcome.errors)} not readable")
    return 1 if outcome.yanked or outcome.errors else 0


if __name__ == "__main__":
    sys.exit(main())
