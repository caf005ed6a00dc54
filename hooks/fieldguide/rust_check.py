"""Compile every Rust block on the site against the pinned crates, like rustdoc's doctests.

Why: a reader who finds one example that does not compile stops trusting the site. Each block becomes
one binary target of a scratch cargo package outside the source tree (so nothing generated lands in
the repo), built with the dependency list and Cargo.lock of examples/. One `cargo clippy` run checks
all of them (`--keep-going`, JSON diagnostics); each diagnostic is mapped back to the Markdown line it
came from, and each block's expectation (DESIGN.md section 4) is enforced:

  (none)        no errors, no warnings (unused-code warnings allowed)
  compile_fail  at least one error; with E0xxx, an error with that code
  lint=<name>   no errors, and that lint (clippy or rustc, enabled for this block) fires
  run           builds, runs within 10 s, exits 0; stdout equals a following ```text title="Output"
  should_panic  with run: the program panics
  compiler_output  with run: the Output depends on the compiler version (future sizes, layout); a
                mismatch says to run `make bless-compiler-output` after a toolchain move
  ignore        not compiled; counted and listed

Usage: python -m fieldguide.rust_check [--bless-compiler-output] [--json REPORT] [docs/page.md ...]
(default: every page under docs/). `--bless-compiler-output` rewrites the Output block of every
`compiler_output` block whose program ran fine but printed something else, with what it printed (and
nothing else: other failures still fail). `--json` also writes the failures as JSON (for
scripts/check_latest.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fieldguide import DOCS_DIR, EXAMPLES_DIR, REPO_ROOT, encoding, fences, run_cache
from fieldguide import messages as printed

CACHE_DIR = Path(os.environ.get("FIELD_GUIDE_CACHE", Path.home() / ".cache" / "async-rust-field-guide"))
RUN_TIMEOUT_S = 10
# Unused code is normal in short examples; everything else clippy or rustc warns about is a failure.
ALLOWED_BY_DEFAULT = ["dead_code", "unused_imports", "unused_variables"]
TEST_ATTRIBUTE = re.compile(r"#\[(?:tokio::)?test\b")


@dataclass
class Block:
    """A Rust fence plus everything needed to compile it and map diagnostics back."""

    fence: fences.Fence
    name: str                                   # cargo target name
    source: str = ""
    line_map: dict[int, int] = field(default_factory=dict)   # generated line -> markdown line
    expected_output: str | None = None
    output_line: int | None = None              # opening fence line of the Output block
    output_end: int | None = None               # its closing fence line
    file: Path | None = None                    # the Markdown file on disk
    section: str = ""                           # what search finds in the block's section (messages.py)

    @property
    def id(self) -> str:
        return self.fence.id


@dataclass
class Result:
    block: Block
    problems: list[str] = field(default_factory=list)
    diagnostics: list[dict] = field(default_factory=list)
    stdout: str | None = None                   # what the program printed (run blocks that ran)
    output_differs: bool = False                # ran fine, but stdout is not the Output block

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Report:
    results: list[Result]
    ignored: list[fences.Fence]
    fence_findings: list[fences.Finding]
    seconds: float

    @property
    def failures(self) -> list[Result]:
        return [r for r in self.results if not r.ok]


# --- collecting blocks --------------------------------------------------------------------------

def markdown_files(paths: list[Path] | None = None) -> list[Path]:
    if paths:
        return [p.resolve() for p in paths]
    return sorted(DOCS_DIR.rglob("*.md"))


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def collect(paths: list[Path]) -> tuple[list[Block], list[fences.Fence], list[fences.Finding]]:
    """Parse the pages; return the blocks to compile, the `ignore` blocks, and fence errors."""
    blocks: list[Block] = []
    ignored: list[fences.Fence] = []
    findings: list[fences.Finding] = []
    for path in paths:
        rel = display_path(path)
        data = path.read_bytes()
        findings.extend(encoding.check(data, rel))
        text = encoding.decode(data)
        parsed = fences.parse(text, rel)
        findings.extend(parsed.findings)
        for index, fence in enumerate(parsed.fences):
            if fence.language != "rust" or fence.is_included:
                continue
            if fence.has("ignore"):
                ignored.append(fence)
                continue
            block = Block(fence, target_name(rel, fence.start), file=path,
                          section=printed.section_text(text, parsed, fence.start))
            following = parsed.fences[index + 1] if index + 1 < len(parsed.fences) else None
            if following and fences.is_output_block(following) and _only_blank_between(text, fence, following):
                block.expected_output = "\n".join(following.body)
                block.output_line = following.start
                block.output_end = following.end
            build_source(block)
            blocks.append(block)
    return blocks, ignored, findings


def _only_blank_between(text: str, fence: fences.Fence, following: fences.Fence) -> bool:
    """Only blank lines separate a block from the Output block after it (fences.parse reports an Output
    block anywhere else as detached)."""
    between = text.split("\n")[fence.end: following.start - 1]
    return all(not line.strip() for line in between)


def target_name(rel_path: str, line: int) -> str:
    stem = re.sub(r"[^a-z0-9]+", "_", Path(rel_path).stem.lower()).strip("_")
    return f"{stem}_l{line}"


@cache
def rustc_lints() -> frozenset[str]:
    """Names of rustc's own lints (for `lint=` on a lint that is not clippy's, e.g. unused_must_use)."""
    out = subprocess.run(["rustc", "-W", "help"], cwd=REPO_ROOT, capture_output=True, text=True)
    names = re.findall(r"^\s+([a-z0-9-]+)\s+(?:allow|warn|deny|forbid|force-warn)\s", out.stdout, re.M)
    return frozenset(n.replace("-", "_") for n in names)


def lint_path(lint: str) -> str:
    return lint if lint in rustc_lints() else f"clippy::{lint}"


def build_source(block: Block) -> None:
    """Generate the target's source and the generated-line -> markdown-line map."""
    fence = block.fence
    lines: list[tuple[int | None, str]] = []
    header = [f"#![allow({', '.join(ALLOWED_BY_DEFAULT)})]"]
    if fence.lint:
        header.append(f"#![warn({lint_path(fence.lint)})]")
    if fence.has("compile_fail"):
        header = ["#![allow(warnings)]"]
    for h in header:
        lines.append((None, h))
    compiled = fences.compiled_source(fence)
    if fences.needs_main_wrapper(fence):
        inner = [(n, s) for n, s in compiled if s.lstrip().startswith("#![")]
        rest = [(n, s) for n, s in compiled if not s.lstrip().startswith("#![")]
        lines.extend(inner)
        lines.append((None, "fn main() {"))
        lines.extend(rest)
        lines.append((None, "}"))
    else:
        lines.extend(compiled)
    block.source = "\n".join(s for _, s in lines) + "\n"
    block.line_map = {k + 1: n for k, (n, _) in enumerate(lines) if n is not None}


# --- the scratch package ------------------------------------------------------------------------

def scratch_dir(paths: list[Path]) -> Path:
    """One scratch package per clone and set of pages, so checking one page (or another clone of the
    repo sharing the cache) never rewrites another run's package; all of them share the target dir."""
    all_pages = {p.resolve() for p in DOCS_DIR.rglob("*.md")}
    clone = hashlib.sha1(str(REPO_ROOT).encode()).hexdigest()[:8]
    key = "all" if set(paths) == all_pages else hashlib.sha1(
        "\n".join(sorted(map(str, paths))).encode()).hexdigest()[:10]
    return CACHE_DIR / "blocks" / f"{clone}-{key}"


def target_dir() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", CACHE_DIR / "target"))


def pinned_dependencies() -> dict:
    """The dependency table every block compiles against: the crates examples/crates/pinned depends
    on, with their specs from examples/'s [workspace.dependencies] (test-only tools are left out)."""
    workspace = tomllib.loads((EXAMPLES_DIR / "Cargo.toml").read_text())["workspace"]["dependencies"]
    pinned = tomllib.loads((EXAMPLES_DIR / "crates" / "pinned" / "Cargo.toml").read_text())["dependencies"]
    return {name: workspace[name] for name in pinned}


def _toml_value(value) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return str(value)


def write_package(directory: Path, blocks: list[Block]) -> None:
    """Write the scratch package; files whose content did not change keep their mtime (so cargo's
    fingerprints stay fresh and a re-run with one block changed rebuilds one target)."""
    src = directory / "src" / "bin"
    src.mkdir(parents=True, exist_ok=True)
    manifest = [
        "# Generated by hooks/fieldguide/rust_check.py; do not edit.",
        "[package]", f'name = "blocks-{directory.name}"', 'version = "0.0.0"', 'edition = "2024"',
        "publish = false", "autobins = false", "", "[workspace]", "", "[dependencies]",
    ]
    manifest += [f"{name} = {_toml_value(spec)}" for name, spec in pinned_dependencies().items()]
    for block in blocks:
        # A block with #[test] / #[tokio::test] functions is also built in test mode: outside it the
        # compiler drops test functions without type-checking them.
        has_tests = "true" if TEST_ATTRIBUTE.search(block.source) else "false"
        manifest += ["", "[[bin]]", f'name = "{block.name}"', f'path = "src/bin/{block.name}.rs"',
                     f"test = {has_tests}", "doctest = false", "bench = false"]
        if block.fence.edition != "2024":
            manifest.append(f'edition = "{block.fence.edition}"')
    _write_if_changed(directory / "Cargo.toml", "\n".join(manifest) + "\n")
    _write_if_changed(directory / "Cargo.lock", (EXAMPLES_DIR / "Cargo.lock").read_text())
    wanted = {f"{b.name}.rs" for b in blocks}
    for stale in src.glob("*.rs"):
        if stale.name not in wanted:
            stale.unlink()
    for block in blocks:
        _write_if_changed(src / f"{block.name}.rs", block.source)


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def cargo(directory: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, CARGO_TARGET_DIR=str(target_dir()), CARGO_TERM_COLOR="never")
    return subprocess.run(["cargo", *args], cwd=directory, env=env, capture_output=True, text=True)


def messages(stdout: str) -> list[dict]:
    out = []
    for line in stdout.splitlines():
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return out


# --- evaluating -----------------------------------------------------------------------------------

def _primary_line(diag: dict) -> int | None:
    for span in diag.get("spans", []):
        if span.get("is_primary"):
            return span.get("line_start")
    return None


def describe(block: Block, diag: dict) -> str:
    """`docs/p.md:42: error[E0277]: message` plus the offending source line."""
    gen_line = _primary_line(diag)
    md_line = block.line_map.get(gen_line) if gen_line else None
    code = (diag.get("code") or {}).get("code")
    head = f"{diag['level']}[{code}]" if code else diag["level"]
    where = f"{block.fence.path}:{md_line or block.fence.start}"
    text = f"{where}: {head}: {diag['message']}"
    if gen_line and md_line:
        source_line = block.source.split("\n")[gen_line - 1]
        text += f"\n    | {source_line.strip()}"
    elif gen_line:
        text += " (in the generated main wrapper)"
    return text


def evaluate(block: Block, diags: list[dict]) -> Result:
    result = Result(block, diagnostics=diags)
    fence = block.fence
    errors = [d for d in diags if d["level"] == "error" and not d["message"].startswith("aborting")]
    errors = [d for d in errors if not re.match(r"could not compile|\d+ previous error", d["message"])]
    warnings = [d for d in diags if d["level"] == "warning" and not re.match(r"\d+ warnings? emitted", d["message"])]
    codes = {(d.get("code") or {}).get("code") for d in errors}
    if fence.has("compile_fail"):
        if not errors:
            result.problems.append(f"{fence.id}: block is marked compile_fail but it compiles; fix the example "
                                   "or drop compile_fail")
        elif fence.error_code and fence.error_code not in codes:
            got = ", ".join(sorted(c for c in codes if c)) or "errors without a code"
            result.problems.append(f"{fence.id}: expected compile error {fence.error_code}, got {got}:\n"
                                   + "\n".join(describe(block, d) for d in errors[:3]))
        elif fence.expected_message and not any(fence.expected_message in d["message"] for d in errors):
            result.problems.append(f"{fence.id}: expected a compile error saying {fence.expected_message!r}, got:\n"
                                   + "\n".join(describe(block, d) for d in errors[:3]))
        else:
            expected = [d for d in errors if (d.get("code") or {}).get("code") == fence.error_code
                        or (fence.expected_message and fence.expected_message in d["message"])]
            _require_quoted(block, result, "rustc prints", (expected or errors)[0]["message"])
        return result
    if errors:
        result.problems.append(f"{fence.id}: block does not compile:\n"
                               + "\n".join(describe(block, d) for d in errors[:5]))
        return result
    if fence.lint:
        fired = [d for d in warnings if (d.get("code") or {}).get("code") in (fence.lint, f"clippy::{fence.lint}")]
        if not fired:
            result.problems.append(f"{fence.id}: expected lint {fence.lint} to fire on this block, but it did not"
                                   + ("; warnings were:\n" + "\n".join(describe(block, d) for d in warnings[:3])
                                      if warnings else ""))
        return result
    if warnings:
        result.problems.append(f"{fence.id}: block compiles with warnings (examples must be warning-free):\n"
                               + "\n".join(describe(block, d) for d in warnings[:5]))
    if fence.has("compiler_output") and block.expected_output is None:
        result.problems.append(f"{fence.id}: block is marked compiler_output but no ```text title=\"Output\" block "
                               "follows it; add the Output block or drop compiler_output")
    return result


def _require_quoted(block: Block, result: Result, what: str, message: str) -> None:
    """A reader who pastes the message must find this section (fieldguide.messages)."""
    if printed.unquoted(message, block.section):
        result.problems.append(
            f"{block.id}: [message-not-quoted] {what} {message!r} for this block, but its section does not "
            "say it where search can find it (prose or a ```text title=\"Output\" block; code is not "
            "indexed). Quote the message verbatim in the section's prose so a reader who pastes it lands here")


def run_binary(block: Block, result: Result, binary: Path, runs: run_cache.RunCache | None = None) -> None:
    """Run the block's program (or take its unchanged binary's stored output) and judge what it did."""
    proc = runs.get(binary) if runs else None
    if proc is None:
        started = time.monotonic()
        try:
            done = subprocess.run([str(binary)], capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
                                  env=dict(os.environ, RUST_BACKTRACE="0"))
        except subprocess.TimeoutExpired:
            result.problems.append(f"{block.id}: program did not finish within {RUN_TIMEOUT_S} s")
            return
        proc = run_cache.Run(done.returncode, done.stdout, done.stderr)
        judge_run(block, result, proc, time.monotonic() - started)
        if runs and result.ok:
            runs.put(binary, proc)
    else:
        judge_run(block, result, proc, 0.0)


def judge_run(block: Block, result: Result, proc: run_cache.Run, elapsed: float) -> None:
    fence = block.fence
    panicked = proc.returncode == 101 and "panicked" in proc.stderr
    if fence.has("should_panic"):
        if not panicked:
            result.problems.append(f"{fence.id}: block is marked should_panic but exited with code "
                                   f"{proc.returncode} without panicking")
        elif message := printed.panic_message(proc.stderr):
            _require_quoted(block, result, "the program panics with", message)
    elif proc.returncode != 0:
        result.problems.append(f"{fence.id}: program exited with code {proc.returncode} after {elapsed:.1f} s:\n"
                               + _indent(proc.stderr.strip()[-1500:]))
        return
    result.stdout = proc.stdout
    if block.expected_output is not None and proc.stdout.rstrip() != block.expected_output.rstrip():
        result.output_differs = True
        result.problems.append(
            f"{fence.id}: stdout differs from the Output block at {fence.path}:{block.output_line}\n"
            f"  expected:\n{_indent(block.expected_output.rstrip())}\n  got:\n{_indent(proc.stdout.rstrip())}"
            + ("\n  this Output depends on the compiler; after a toolchain move run `make bless-compiler-output`"
               if fence.has("compiler_output") else ""))


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.split("\n"))


def check(paths: list[Path] | None = None) -> Report:
    """Check every Rust block in `paths` (default: all pages). Needs cargo on PATH."""
    started = time.monotonic()
    files = markdown_files(paths)
    blocks, ignored, findings = collect(files)
    directory = scratch_dir(files)
    write_package(directory, blocks)
    by_name = {b.name: b for b in blocks}
    diags: dict[str, list[dict]] = {b.name: [] for b in blocks}
    if blocks:
        proc = cargo(directory, "clippy", "--bins", "--tests", "--keep-going", "--message-format=json", "--quiet")
        seen: set[tuple] = set()
        for msg in messages(proc.stdout):
            if msg.get("reason") == "compiler-message" and msg.get("target", {}).get("name") in by_name:
                m = msg["message"]
                key = (msg["target"]["name"], m["level"], m["message"], _primary_line(m))
                if key not in seen:  # the normal and the test build report the same problem twice
                    seen.add(key)
                    diags[msg["target"]["name"]].append(m)
        if proc.returncode != 0 and not any(diags.values()):
            raise RuntimeError(f"cargo clippy failed before compiling any block:\n{proc.stderr[-3000:]}")
    results = {b.name: evaluate(b, diags[b.name]) for b in blocks}
    runnable = [b for b in blocks if b.fence.has("run") and results[b.name].ok]
    if runnable:
        args = ["build", "--keep-going", "--message-format=json", "--quiet"]
        for b in runnable:
            args += ["--bin", b.name]
        proc = cargo(directory, *args)
        built = {m["target"]["name"]: m.get("executable") for m in messages(proc.stdout)
                 if m.get("reason") == "compiler-artifact" and m.get("executable")}
        runs = run_cache.RunCache(CACHE_DIR / "runs.json")
        for b in runnable:
            if b.name not in built:
                results[b.name].problems.append(f"{b.id}: cargo build did not produce a binary:\n"
                                                + _indent(proc.stderr.strip()[-1500:]))
                continue
            run_binary(b, results[b.name], Path(built[b.name]), runs)
        runs.save()
    return Report([results[b.name] for b in blocks], ignored, findings, time.monotonic() - started)


def have_cargo() -> bool:
    return shutil.which("cargo") is not None


# --- blessing compiler-dependent Output blocks ----------------------------------------------------

def blessable(report: Report) -> list[Result]:
    """`compiler_output` blocks that built and ran fine and whose only problem is a different stdout."""
    return [r for r in report.results
            if r.block.fence.has("compiler_output") and r.output_differs and len(r.problems) == 1
            and r.block.file is not None and r.block.output_line and r.block.output_end]


def bless_compiler_output(report: Report) -> list[Result]:
    """Rewrite the Output block after each blessable block with the program's actual stdout (only those
    blocks; every other line of the file stays as it is). Returns the blessed results, whose problems
    are cleared."""
    blessed = blessable(report)
    by_file: dict[Path, list[Result]] = {}
    for r in blessed:
        by_file.setdefault(r.block.file, []).append(r)
    for file, results in by_file.items():
        lines = file.read_text(encoding="utf-8").split("\n")
        # Bottom-up, so a rewrite that changes the number of lines leaves the earlier positions valid.
        for r in sorted(results, key=lambda r: r.block.output_line, reverse=True):
            opening = lines[r.block.output_line - 1]
            indent = opening[: len(opening) - len(opening.lstrip())]
            body = r.stdout.rstrip().split("\n") if r.stdout.strip() else []
            lines[r.block.output_line: r.block.output_end - 1] = [indent + b if b else b for b in body]
        file.write_text("\n".join(lines), encoding="utf-8")
    for r in blessed:
        r.problems.clear()
        r.output_differs = False
    return blessed


def json_report(report: Report, blessed: list[Result] | None = None) -> dict:
    """The failures as data: one entry per failing block (id = `docs/<page>.md:<line>`)."""
    return {
        "checked": len(report.results),
        "failures": [{"id": r.block.id, "compiler_output": r.block.fence.has("compiler_output"),
                      "problems": r.problems} for r in report.failures],
        "fence_findings": [str(f) for f in report.fence_findings],
        "blessed": [r.block.id for r in blessed or []],
    }


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m fieldguide.rust_check",
                                     description="Compile every Rust block of the given pages (default: docs/)")
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--bless-compiler-output", action="store_true",
                        help="rewrite the Output block of each compiler_output block whose stdout differs")
    parser.add_argument("--json", type=Path, metavar="REPORT", help="also write the failures to this JSON file")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    paths = list(args.paths)
    if paths and all(p.is_dir() for p in paths):
        whole_site = [p.resolve() for p in paths] == [DOCS_DIR]
        paths = [f for p in paths for f in sorted(p.rglob("*.md"))]
    else:
        whole_site = not paths
    report = check(paths or None)
    blessed = bless_compiler_output(report) if args.bless_compiler_output else []
    for r in blessed:
        print(f"blessed {r.block.fence.path}:{r.block.output_line}: Output of the compiler_output block at "
              f"{r.block.id} rewritten with what it prints on this toolchain")
    if args.json:
        args.json.write_text(json.dumps(json_report(report, blessed), indent=1) + "\n")
    for finding in report.fence_findings:
        print(finding, file=sys.stderr)
    for result in report.failures:
        print(*result.problems, sep="\n", file=sys.stderr)
    print(f"{len(report.results)} Rust blocks checked in {report.seconds:.1f} s: "
          f"{len(report.results) - len(report.failures)} passed, {len(report.failures)} failed; "
          f"{len(report.ignored)} ignored (not compiled)")
    for fence in report.ignored:
        print(f"  ignored: {fence.id}")
    failed = bool(report.failures or report.fence_findings)
    if whole_site and not failed:
        # Every block passed with this toolchain and lock file: refresh the footer stamp.
        from fieldguide import versions

        now = versions.current()
        if versions.load() != now:
            versions.write(now)
            print("refreshed data/versions.json (footer stamp)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
