"""`make check-latest`: would the site still be right with the newest crate releases?

Copies the working tree to a scratch directory (the repository itself is never changed), runs
`cargo update` there, and then every check whose answer depends on the crate versions:

1. `cargo update --dry-run --verbose`, then `cargo update`: the versions that move, and the newer
   releases `cargo update` cannot reach (a new major or 0.x minor, or held back);
2. every Rust block on the site (`python -m fieldguide.rust_check docs`);
3. the example crates: `cargo clippy --workspace --all-targets --keep-going` (compile errors and
   warnings per crate, as `make test` sees them), then `cargo test --workspace --no-fail-fast` on the
   crates that compile;
4. every citation's quote against the source of the new versions (after `cargo fetch`);
5. every docs.rs path the pages use, against an item index regenerated with `cargo doc` (slow; skip it
   with `--skip-docs` for a quick local run).

It prints one Markdown summary (also written to `--summary PATH`, the body of the weekly issue opened by
.github/workflows/freshness.yml) and exits 1 when something the site teaches broke, 0 when the only
news is that newer releases are out. The summary logic is hooks/fieldguide/freshness.py.

Builds go to a persistent target dir (~/.cache/async-rust-field-guide/latest-target, or
$FIELD_GUIDE_CACHE/latest-target), so weekly runs are incremental; the scratch copy and each step's full
log are kept under .../latest/ for a look after the run.

Usage: python scripts/check_latest.py [--summary PATH] [--skip-docs] [--scratch DIR]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from fieldguide import REPO_ROOT, docsrs, freshness  # noqa: E402

CACHE = Path(os.environ.get("FIELD_GUIDE_CACHE", Path.home() / ".cache" / "async-rust-field-guide"))
# Top-level paths of the working tree that are not part of the site's sources.
SKIP_TOP = {".git", ".venv", ".lock-venv", "site", "dist", "test-artifacts", ".pytest_cache", ".ruff_cache",
            "node_modules"}
SKIP_ANYWHERE = {"__pycache__"}
TEST_TIMEOUT_S = 45 * 60


def ignore(root: Path):
    def names_to_skip(directory: str, names: list[str]) -> set[str]:
        rel = Path(directory).resolve().relative_to(root)
        skip = {n for n in names if n in SKIP_ANYWHERE}
        if rel == Path("."):
            skip |= {n for n in names if n in SKIP_TOP}
        if rel == Path("examples"):
            skip |= {"target"} & set(names)
        return skip
    return names_to_skip


def copy_tree(scratch: Path) -> None:
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.parent.mkdir(parents=True, exist_ok=True)
    # copy2 keeps modification times, so cargo's fingerprints of the example crates stay valid between runs.
    shutil.copytree(REPO_ROOT, scratch, ignore=ignore(REPO_ROOT.resolve()), symlinks=True)


class Runner:
    """Runs one step's command, keeps its full output in a log file, and says how long it took."""

    def __init__(self, scratch: Path, target: Path, logs: Path):
        self.scratch, self.target, self.logs = scratch, target, logs
        logs.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ, CARGO_TARGET_DIR=str(target), CARGO_TERM_COLOR="never", RUST_BACKTRACE="0",
                        PYTHONPATH=str(scratch / "hooks"), NO_MKDOCS_2_WARNING="1")

    def run(self, name: str, cmd: list[str], cwd: Path, timeout: float | None = None) -> tuple[int, str]:
        print(f"==> {name}: {' '.join(cmd)}", flush=True)
        started = time.monotonic()
        try:
            proc = subprocess.run(cmd, cwd=cwd, env=self.env, capture_output=True, text=True, timeout=timeout)
            code, output = proc.returncode, proc.stdout + proc.stderr
        except subprocess.TimeoutExpired as e:
            parts = [p.decode(errors="replace") if isinstance(p, bytes) else p for p in (e.stdout, e.stderr) if p]
            code, output = -1, "".join(parts) + f"\n(stopped after {timeout:.0f} s)\n"
        except FileNotFoundError as e:
            code, output = 127, f"{e}\n"
        log = self.logs / f"{name}.log"
        log.write_text(f"$ {' '.join(cmd)}\n{output}")
        print(f"    exit {code} after {time.monotonic() - started:.0f} s (log: {log})", flush=True)
        return code, output


def tail(text: str, lines: int = 25) -> tuple[str, ...]:
    return tuple(text.strip().split("\n")[-lines:])


def describe_source() -> str:
    """The commit the working tree is at, and how many files differ from it (a failure in a page that is
    being edited is not news about the crates)."""
    def git(*args: str) -> str:
        proc = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True)
        return proc.stdout.strip() if proc.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return ""
    changed = len([line for line in git("status", "--porcelain").splitlines() if line.strip()])
    return f"commit {commit}" + (f" plus {changed} uncommitted change(s)" if changed else "")


def check(scratch: Path, target: Path, skip_docs: bool) -> freshness.Findings:
    f = freshness.Findings(date=datetime.date.today().isoformat(), source=describe_source())
    print(f"==> copying the working tree to {scratch}", flush=True)
    copy_tree(scratch)
    examples = scratch / "examples"
    run = Runner(scratch, target, scratch.parent / "logs")
    python = sys.executable

    f.deps = freshness.dependencies((examples / "Cargo.toml").read_text(),
                                    (examples / "crates" / "pinned" / "Cargo.toml").read_text())
    code, out = run.run("rustc-version", ["rustc", "--version"], scratch)
    f.toolchain = out.strip() if code == 0 else ""

    # 1. cargo update
    code, dry = run.run("cargo-update-dry-run", ["cargo", "update", "--dry-run", "--verbose"], examples)
    if code != 0:
        f.errors.append(freshness.Item("`cargo update --dry-run --verbose` failed", tail(dry)))
        return f
    f.moves, f.behind = freshness.parse_cargo_update(dry)
    code, out = run.run("cargo-update", ["cargo", "update", "--verbose"], examples)
    if code != 0:
        f.errors.append(freshness.Item("`cargo update` failed", tail(out)))
        return f

    # 2. every Rust block on the site
    report_file = scratch.parent / "logs" / "rust-blocks.json"
    report_file.unlink(missing_ok=True)
    code, out = run.run("rust-blocks", [python, "-m", "fieldguide.rust_check", "--json", str(report_file), "docs"],
                        scratch)
    report = json.loads(report_file.read_text()) if report_file.exists() else None
    if report is not None:
        f.blocks = freshness.block_failures(report)
        f.checked[freshness.SECTIONS[0][1]] = f"all {report['checked']} checked blocks compile, and every Output matches"
    if code != 0 and not f.blocks:
        f.errors.append(freshness.Item("the Rust block checker could not run (`python -m fieldguide.rust_check docs`)",
                                       tail(out)))

    # 3. the example crates
    # What `make test` runs on the crates (without -D warnings, so every crate is checked to the end):
    # errors and warnings per crate, benches included. The crates that do not compile are left out of
    # `cargo test`, which would otherwise stop at the first one.
    code, out = run.run("example-crates-clippy", ["cargo", "clippy", "--workspace", "--all-targets", "--keep-going",
                                                  "--message-format=short"], examples)
    f.crates, broken = freshness.crate_build_failures(out)
    if code != 0 and not broken:
        f.errors.append(freshness.Item("`cargo clippy --workspace --all-targets` failed before checking the crates",
                                       tail(out)))
    else:
        excluded = [a for crate in sorted(broken) for a in ("--exclude", crate)]
        code, out = run.run("example-crates-test", ["cargo", "test", "--workspace", "--no-fail-fast", *excluded],
                            examples, timeout=TEST_TIMEOUT_S)
        failures = freshness.test_failures(out)
        f.crates += failures
        if code != 0 and not failures:
            f.errors.append(freshness.Item("`cargo test --workspace` failed without a failing test", tail(out)))
        if not f.crates:
            f.checked[freshness.SECTIONS[1][1]] = "every example crate builds warning-free and its tests pass"

    # 4. citations
    code, out = run.run("cargo-fetch", ["cargo", "fetch"], examples)
    if code != 0:
        f.errors.append(freshness.Item("`cargo fetch` failed, so citations could not be checked", tail(out)))
    else:
        code, out = run.run("citations", [python, "-m", "fieldguide.citations_cli", "--check",
                                          "--docs", str(scratch / "docs"), "--lock", str(examples / "Cargo.lock"),
                                          "--data", str(scratch / "data" / "citations.json")], scratch)
        f.citations = freshness.citation_problems(out)
        summary_line = next((line for line in out.splitlines() if " citation(s), " in line), "")
        if code != 0 and not f.citations and "out of date" not in out:
            f.errors.append(freshness.Item("the citation check could not run", tail(out)))
        elif not f.citations and summary_line:
            f.checked[freshness.SECTIONS[2][1]] = summary_line.split(",")[0] + " found in the new versions"

    # 5. docs.rs items
    title = freshness.SECTIONS[3][1]
    if skip_docs:
        f.skipped[title] = "run without `--skip-docs` (it needs `cargo doc` of every taught crate)"
        return f
    packages = sorted(set(docsrs.TAUGHT.values()) | set(docsrs.SUPPORT.values()))
    code, out = run.run("cargo-doc", ["cargo", "doc", "--no-deps", "-p", "pinned",
                                      *[a for p in packages for a in ("-p", p)]], examples)
    if code != 0:
        f.errors.append(freshness.Item("`cargo doc` of the taught crates failed", tail(out)))
        return f
    code, out = run.run("docsrs-index", [python, "-m", "fieldguide.docsrs", "--generate", str(target / "doc")], scratch)
    if code != 0:
        f.errors.append(freshness.Item("regenerating the docs.rs item index failed", tail(out)))
        return f
    index = docsrs.load(scratch / "data" / "docsrs-index.json")
    problems, f.retargeted_links = freshness.docs_rs_problems(scratch / "docs", index, f.moves)
    f.docs_items = [freshness.Item(str(p)) for p in problems]
    f.checked[title] = f"every Rust path and docs.rs link on the pages is in the new index ({len(index.items)} items)"
    return f


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summary", type=Path, help="also write the Markdown summary to this file")
    parser.add_argument("--skip-docs", action="store_true",
                        help="skip the docs.rs check (cargo doc of every taught crate; the slowest step)")
    parser.add_argument("--scratch", type=Path, default=CACHE / "latest" / "tree",
                        help="where to copy the working tree (replaced on every run)")
    parser.add_argument("--target-dir", type=Path, default=CACHE / "latest-target",
                        help="CARGO_TARGET_DIR for every build (kept between runs)")
    args = parser.parse_args(argv)
    if shutil.which("cargo") is None:
        print("check-latest needs cargo (the Rust toolchain in rust-toolchain.toml)", file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        findings = check(args.scratch.resolve(), args.target_dir.resolve(), args.skip_docs)
    except Exception as e:  # the summary (and the issue) must say so rather than vanish with a traceback
        findings = freshness.Findings(date=datetime.date.today().isoformat())
        findings.errors.append(freshness.Item(f"check-latest crashed: {type(e).__name__}: {e}"))
        import traceback

        traceback.print_exc()
    summary = freshness.render(findings)
    print(f"\n==> done in {(time.monotonic() - started) / 60:.1f} min\n", flush=True)
    print(summary)
    if args.summary:
        args.summary.parent.mkdir(parents=True, exist_ok=True)
        args.summary.write_text(summary)
    return freshness.exit_code(findings)


if __name__ == "__main__":
    sys.exit(main())
