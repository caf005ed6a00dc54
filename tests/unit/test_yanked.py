"""The yanked-version check (hooks/fieldguide/yanked.py) against a fixture index: the message, and
which version it tells you to move to."""

from __future__ import annotations

import json

import pytest
from fieldguide import yanked


def index(*releases: tuple[str, bool], name: str = "x") -> str:
    """A crates.io sparse index file: one JSON object per release, oldest first."""
    return "\n".join(json.dumps({"name": name, "vers": v, "deps": [], "cksum": "0", "features": {}, "yanked": y})
                     for v, y in releases) + "\n"


FIXTURE_INDEX = {
    "pin-project-lite": index(("0.2.16", False), ("0.2.17", False), ("0.2.18", True), ("0.2.19", False),
                              ("0.3.0", False), name="pin-project-lite"),
    "tokio": index(("1.54.0", False), ("1.54.1", False), ("1.55.0", False), name="tokio"),
    # 0.x: only the same minor is compatible; the newer 0.5 is not a plain `cargo update` away.
    "tower": index(("0.4.12", False), ("0.4.13", True), ("0.4.14-rc.1", False), ("0.5.0", False), name="tower"),
    # A newer release that is itself yanked is never suggested.
    "bytes": index(("1.10.0", False), ("1.10.1", True), ("1.11.0", False), ("1.11.1", True), name="bytes"),
    # Every compatible release is yanked: fall back to the newest release that is not.
    "solo": index(("0.1.0", True), ("0.1.1", True), ("0.2.0", False), ("0.3.0-alpha.1", False), name="solo"),
    "gone": index(("1.0.0", True), name="gone"),
}

LOCK = """
version = 4

[[package]]
name = "pin-project-lite"
version = "0.2.18"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "tokio"
version = "1.54.1"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "tower"
version = "0.4.13"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "bytes"
version = "1.10.1"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "pinned"
version = "0.1.0"
"""


def test_message_names_crate_version_target_and_command():
    found = yanked.find_yanked(yanked.locked_packages(LOCK), FIXTURE_INDEX)
    assert [str(y) for y in found] == [
        "examples/Cargo.lock: [yanked] pin-project-lite 0.2.18 is yanked on crates.io; move to 0.2.19 "
        "(cargo update -p pin-project-lite --precise 0.2.19)",
        "examples/Cargo.lock: [yanked] tower 0.4.13 is yanked on crates.io; move to 0.4.12 "
        "(cargo update -p tower --precise 0.4.12)",
        "examples/Cargo.lock: [yanked] bytes 1.10.1 is yanked on crates.io; move to 1.11.0 "
        "(cargo update -p bytes --precise 1.11.0)",
    ]


def test_path_packages_are_not_looked_up():
    assert ("pinned", "0.1.0") not in yanked.locked_packages(LOCK)
    assert len(yanked.locked_packages(LOCK)) == 4


def releases(name: str) -> list[yanked.Release]:
    return yanked.parse_index(FIXTURE_INDEX[name])


def test_zero_x_stays_on_the_same_minor():
    assert yanked.suggestion("0.2.18", releases("pin-project-lite")) == "0.2.19"   # not 0.3.0


def test_prerelease_is_skipped():
    assert yanked.suggestion("0.4.13", releases("tower")) == "0.4.12"   # not 0.4.14-rc.1, not 0.5.0


def test_yanked_newer_release_is_skipped():
    assert yanked.suggestion("1.10.1", releases("bytes")) == "1.11.0"   # not the yanked 1.11.1


def test_no_compatible_release_falls_back_to_newest_not_yanked():
    assert yanked.suggestion("0.1.1", releases("solo")) == "0.2.0"   # stable before pre-release


def test_everything_yanked_says_so():
    y = yanked.Yanked("gone", "1.0.0", yanked.suggestion("1.0.0", releases("gone")))
    assert y.move_to is None
    assert str(y) == ("examples/Cargo.lock: [yanked] gone 1.0.0 is yanked on crates.io; every release of gone is "
                      "yanked; replace the dependency that pulls it in")


def test_two_locked_versions_of_one_crate_name_the_version_in_the_command():
    packages = [("pin-project-lite", "0.2.18"), ("pin-project-lite", "0.2.16")]
    [found] = yanked.find_yanked(packages, FIXTURE_INDEX)
    assert str(found).endswith("(cargo update -p pin-project-lite@0.2.18 --precise 0.2.19)")


@pytest.mark.parametrize(("a", "b", "ok"), [
    ("1.54.1", "1.99.0", True), ("1.54.1", "2.0.0", False),
    ("0.2.18", "0.2.0", True), ("0.2.18", "0.3.0", False), ("0.2.18", "1.0.0", False),
    ("0.0.3", "0.0.3", True), ("0.0.3", "0.0.4", False),
])
def test_caret_compatibility(a, b, ok):
    assert yanked.compatible(a, b) is ok


def test_prerelease_sorts_before_its_release():
    versions = ["1.0.0", "1.0.0-rc.10", "1.0.0-rc.2", "1.0.0-alpha", "0.9.9"]
    assert sorted(versions, key=yanked.sort_key) == ["0.9.9", "1.0.0-alpha", "1.0.0-rc.2", "1.0.0-rc.10", "1.0.0"]


@pytest.mark.parametrize(("name", "path"), [
    ("a", "1/a"), ("ab", "2/ab"), ("abc", "3/a/abc"), ("tokio", "to/ki/tokio"),
    ("Pin-Project-Lite", "pi/n-/pin-project-lite"),
])
def test_index_path_follows_the_sparse_index_layout(name, path):
    assert yanked.index_path(name) == path


def test_check_fetches_every_crate_once_and_reports_unreadable_ones(tmp_path):
    lock = tmp_path / "Cargo.lock"
    lock.write_text(LOCK + '\n[[package]]\nname = "tokio"\nversion = "1.54.0"\n'
                    'source = "registry+https://github.com/rust-lang/crates.io-index"\n'
                    '\n[[package]]\nname = "missing"\nversion = "1.0.0"\n'
                    'source = "registry+https://github.com/rust-lang/crates.io-index"\n')
    asked = []

    def fetch(name: str) -> str:
        asked.append(name)
        if name not in FIXTURE_INDEX:
            raise yanked.FetchError(f"{name}: HTTP 404")
        return FIXTURE_INDEX[name]

    outcome = yanked.check(lock, fetch, workers=4)
    assert sorted(asked) == ["bytes", "missing", "pin-project-lite", "tokio", "tower"]
    assert outcome.errors == {"missing": "missing: HTTP 404"}
    assert [y.name for y in outcome.yanked] == ["pin-project-lite", "tower", "bytes"]
    assert outcome.checked == 6
