"""The footer stamp's data/versions.json agrees with examples/Cargo.lock and the toolchain pin."""

from fieldguide import versions


def test_versions_file_matches_cargo_lock_and_toolchain():
    assert versions.stale_reasons(versions.load()) == []


def test_a_changed_crate_version_is_reported():
    data = versions.load()
    data["crates"]["tokio"] = "0.0.1"
    assert any(r.startswith("tokio: versions.json says 0.0.1") for r in versions.stale_reasons(data))
