"""A warm check reuses an unchanged program's output but always judges it again (fieldguide.run_cache)."""

from __future__ import annotations

import os

from fieldguide import fences, run_cache, rust_check

PAGE = '# P\n\n```rust,run\nprintln!("hi");\n```\n\n```text title="Output"\nhi\n```\n'


def block(expected: str = "hi") -> rust_check.Block:
    fence = fences.parse(PAGE, "docs/p.md").fences[0]
    return rust_check.Block(fence, "p_l3", expected_output=expected, output_line=7, output_end=9)


def program(tmp_path, text: str):
    binary = tmp_path / "prog"
    binary.write_text(f"#!/bin/sh\necho {text}\n")
    binary.chmod(0o755)
    return binary


def check(binary, runs, expected="hi") -> rust_check.Result:
    result = rust_check.Result(block(expected))
    rust_check.run_binary(result.block, result, binary, runs)
    return result


def test_an_unchanged_binary_is_not_run_again_but_its_output_is_judged_again(tmp_path):
    binary = program(tmp_path, "hi")
    runs = run_cache.RunCache(tmp_path / "runs.json", enabled=True)
    assert check(binary, runs).ok and runs.hits == 0
    runs.save()
    # Same size, inode and modification time (what cargo leaves when it did not rebuild), other output:
    # a stored result is used, so the program is not run.
    stamp = os.stat(binary)
    binary.write_text("#!/bin/sh\necho HI\n")
    os.utime(binary, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    runs = run_cache.RunCache(tmp_path / "runs.json", enabled=True)
    assert check(binary, runs).ok and runs.hits == 1
    # The Output block was edited: the stored stdout no longer matches, and that is reported.
    result = check(binary, runs, expected="bye")
    assert runs.hits == 2 and "stdout differs from the Output block" in "\n".join(result.problems)


def test_a_rebuilt_binary_runs_again(tmp_path):
    binary = program(tmp_path, "hi")
    runs = run_cache.RunCache(tmp_path / "runs.json", enabled=True)
    check(binary, runs)
    binary = program(tmp_path, "bye")      # rewritten: new size and modification time
    result = check(binary, runs)
    assert runs.hits == 0 and "got:\n    bye" in "\n".join(result.problems)


def test_a_failed_run_is_not_remembered_and_rerun_disables_the_cache(tmp_path, monkeypatch):
    binary = program(tmp_path, "wrong")
    runs = run_cache.RunCache(tmp_path / "runs.json", enabled=True)
    assert not check(binary, runs).ok
    assert runs.get(binary) is None
    monkeypatch.setenv("FIELD_GUIDE_RERUN", "1")
    binary = program(tmp_path, "hi")
    runs = run_cache.RunCache(tmp_path / "runs.json")
    check(binary, runs)
    assert runs.get(binary) is None and runs.hits == 0


def test_a_damaged_cache_file_only_costs_a_rerun(tmp_path):
    (tmp_path / "runs.json").write_text("{not json")
    runs = run_cache.RunCache(tmp_path / "runs.json", enabled=True)
    assert check(program(tmp_path, "hi"), runs).ok
