"""No version in examples/Cargo.lock is yanked on crates.io (hooks/fieldguide/yanked.py).

The site shows the locked versions as the ones it teaches; a yanked one is a release its author asks
nobody to use. This reads crates.io's sparse index, so it needs the network: locally without one it is
skipped with the reason; with CI=true (where the network is available) it fails instead.
"""

from __future__ import annotations

import pytest
from conftest import IN_CI
from fieldguide import yanked


def require_crates_io() -> None:
    """Skip (locally) or fail (CI=true) when index.crates.io cannot be reached at all."""
    try:
        yanked.fetch_index("tokio", timeout=10)
    except yanked.FetchError as e:
        message = f"index.crates.io is not reachable ({e}): the yanked-version check needs the network"
        if IN_CI:
            pytest.fail(f"{message} (CI=true: nothing may be skipped)")
        pytest.skip(message)


@pytest.mark.network
def test_no_locked_version_is_yanked():
    require_crates_io()
    outcome = yanked.check()
    assert not outcome.errors, "could not read the index entry of: " + ", ".join(
        f"{name} ({error})" for name, error in sorted(outcome.errors.items()))
    assert not outcome.yanked, "\n".join(map(str, outcome.yanked))
    assert outcome.checked > 100  # every crate the examples build, not a handful
