"""The summary of `make check-latest`: what the newest crate releases would change on the site.

Why: the guide teaches exact versions (examples/Cargo.lock). New releases arrive every week; some are
plain upgrades, some change an Output, deprecate an API a block uses, move the code a citation quotes,
or drop an item a page links to docs.rs. `scripts/check_latest.py` runs the site's checks in a scratch
copy of the repo after `cargo update`, and this module turns what those checks printed into one
Markdown summary (also the body of the weekly "Freshness" issue) and the exit code:

- non-zero when something the site teaches broke: a Rust block, an example crate, a citation, a
  docs.rs item (or a step could not run at all);
- zero when the only news is that newer releases are out (they are listed, nothing is broken).

Everything here is pure (text in, text out), so tests feed it recorded cargo output.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from fieldguide import docsrs, yanked
from fieldguide.report import Problem

MAX_ITEMS = 60          # per section; the summary is also an issue body (GitHub allows 65,536 characters)
MAX_DETAIL_LINES = 14


# --- cargo update ---------------------------------------------------------------------------------

UPDATE_LINE = re.compile(
    r"^\s*(?P<verb>Updating|Upgrading|Downgrading|Adding|Removing|Unchanged)\s+(?P<name>[A-Za-z0-9_-]+)"
    r" v(?P<version>\S+)(?: -> v(?P<new>\S+))?(?: \((?P<note>[^)]*)\))?\s*$")
AVAILABLE = re.compile(r"available: v(?P<version>[^,\s)]+)")


@dataclass(frozen=True)
class Move:
    """A package `cargo update` changed: old -> new (old is None when added, new is None when removed)."""

    name: str
    old: str | None
    new: str | None

    @property
    def verb(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "downgraded" if yanked.sort_key(self.new) < yanked.sort_key(self.old) else "updated"


@dataclass(frozen=True)
class Behind:
    """A package whose newest release `cargo update` cannot reach (a breaking release, or held back by
    the requirement of a crate that depends on it, or by the toolchain)."""

    name: str
    locked: str
    available: str
    note: str = ""      # what cargo said besides the version (e.g. "requires Rust 1.96")

    @property
    def breaking(self) -> bool:
        try:
            return not yanked.compatible(self.locked, self.available)
        except ValueError:
            return True


def parse_cargo_update(text: str) -> tuple[list[Move], list[Behind]]:
    """The moves and the held-back packages in `cargo update [--dry-run] --verbose` output."""
    moves: list[Move] = []
    behind: list[Behind] = []
    for line in text.splitlines():
        m = UPDATE_LINE.match(line)
        if not m:
            continue
        verb, name, version, new, note = m.group("verb", "name", "version", "new", "note")
        if verb in ("Updating", "Upgrading", "Downgrading") and new:
            moves.append(Move(name, version, new))
        elif verb == "Adding":
            moves.append(Move(name, None, version))
        elif verb == "Removing":
            moves.append(Move(name, version, None))
        available = AVAILABLE.search(note or "")
        if available:
            rest = AVAILABLE.sub("", note).strip(" ,")
            behind.append(Behind(name, new or version, available.group("version"), rest))
    return moves, behind


@dataclass
class Dependencies:
    """What examples/Cargo.toml asks for: the crates blocks compile against (taught) and the other
    workspace dependencies (tools of the example crates), each with its version requirement."""

    taught: dict[str, str] = field(default_factory=dict)
    tools: dict[str, str] = field(default_factory=dict)

    def kind(self, name: str) -> str:
        return "taught" if name in self.taught else "examples" if name in self.tools else "transitive"

    def requirement(self, name: str) -> str | None:
        return self.taught.get(name) or self.tools.get(name)


def dependencies(workspace_toml: str, pinned_toml: str) -> Dependencies:
    workspace = tomllib.loads(workspace_toml).get("workspace", {}).get("dependencies", {})
    pinned = set(tomllib.loads(pinned_toml).get("dependencies", {}))

    def req(spec) -> str:
        return spec if isinstance(spec, str) else str(spec.get("version", "?"))

    deps = Dependencies()
    for name, spec in workspace.items():
        (deps.taught if name in pinned else deps.tools)[name] = req(spec)
    return deps


# --- what the checks printed ----------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One broken thing: a headline (`docs/<page>.md:<line>: ...`) and optional detail lines."""

    headline: str
    detail: tuple[str, ...] = ()


def block_failures(report: dict) -> list[Item]:
    """Items from the JSON `python -m fieldguide.rust_check --json` writes: one per failing block."""
    items = [Item(finding) for finding in report.get("fence_findings", [])]
    for failure in report.get("failures", []):
        lines = "\n".join(failure["problems"]).split("\n")
        headline = lines[0]
        if not headline.startswith(failure["id"]):
            headline = f"{failure['id']}: {headline}"
        items.append(Item(headline, tuple(lines[1:])))
    return items


BUILD_MESSAGE = re.compile(r"^(?P<loc>[^\s:]+:\d+:\d+): (?P<level>error|warning)(?P<code>\[[^\]]+\])?: (?P<msg>.*)$")
COULD_NOT_COMPILE = re.compile(r"^error: could not compile `(?P<crate>[^`]+)` \((?P<target>[^)]*)\)")
TEST_FAILED = re.compile(r"^test (?P<name>\S+) \.\.\. FAILED$")
RERUN = re.compile(r"^error: test failed, to rerun pass `(?P<args>[^`]+)`")
PANICKED = re.compile(r"^thread '(?P<name>[^']+)'(?: \(\d+\))? panicked at (?P<loc>\S+):$")


def crate_build_failures(output: str) -> tuple[list[Item], set[str]]:
    """From `cargo clippy --workspace --all-targets --keep-going --message-format=short` (or `cargo
    build`): one item per workspace crate that does not compile or has warnings (`make test` runs clippy
    with -D warnings), and the set of crates that do not compile (their tests cannot run)."""
    by_crate: dict[str, list[str]] = {}
    warned: dict[str, list[str]] = {}
    targets: dict[str, list[str]] = {}
    for line in output.splitlines():
        m = COULD_NOT_COMPILE.match(line)
        if m:
            targets.setdefault(m.group("crate"), []).append(m.group("target"))
            continue
        m = BUILD_MESSAGE.match(line)
        if m:
            crate = _crate_of(m.group("loc"))
            text = f"{m.group('loc')}: {m.group('level')}{m.group('code') or ''}: {m.group('msg')}"
            bucket = by_crate if m.group("level") == "error" else warned
            if text not in bucket.setdefault(crate, []):
                bucket[crate].append(text)
    items = []
    for crate in sorted(targets):
        errors = by_crate.get(_dir_name(crate, by_crate), [])
        items.append(Item(f"`{crate}` ({', '.join(dict.fromkeys(targets[crate]))}) does not compile", tuple(errors)))
    broken_dirs = {_dir_name(c, by_crate) for c in targets}
    for crate in sorted(warned):
        if crate not in broken_dirs:
            items.append(Item(f"`{crate}` compiles with warnings (`make test` runs clippy with -D warnings)",
                              tuple(warned[crate])))
    return items, set(targets)


def _crate_of(location: str) -> str:
    """`crates/line-chat/src/main.rs:3:1` -> `line-chat` (the directory name under crates/)."""
    parts = location.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "crates" else parts[0]


def _dir_name(crate: str, known: dict[str, list[str]]) -> str:
    return crate if crate in known else crate.replace("_", "-")


def test_failures(output: str) -> list[Item]:
    """From `cargo test --workspace --no-fail-fast`: one item per test target that failed, naming the
    failed tests and where each panicked."""
    items: list[Item] = []
    failed: list[str] = []
    panics: list[str] = []
    lines = output.splitlines()
    for k, line in enumerate(lines):
        m = TEST_FAILED.match(line)
        if m:
            failed.append(m.group("name"))
            continue
        m = PANICKED.match(line)
        if m:
            message = lines[k + 1].strip() if k + 1 < len(lines) else ""
            panics.append(f"{m.group('name')}: panicked at {m.group('loc')}: {message}")
            continue
        m = RERUN.match(line)
        if m:
            names = ", ".join(failed) if failed else "the test binary failed"
            items.append(Item(f"`cargo test {m.group('args')}`: {len(failed) or 'a'} test(s) failed: {names}",
                              tuple(dict.fromkeys(panics))))
            failed, panics = [], []
    return items


CHECK_LINE = re.compile(r"^(?P<where>docs/\S+?\.md:\d+): \[(?P<code>[a-z-]+)\] (?P<message>.*)$")
CITATION_CODES = {"stale-citation", "citation-source-missing", "bad-citation", "unresolved-citation"}


def citation_problems(output: str) -> list[Item]:
    """`[stale-citation]` (and other citation) lines from `python -m fieldguide.citations_cli --check`.
    Its "data file is out of date" message is left out: the version bump rewrites that file anyway."""
    items = []
    for line in output.splitlines():
        m = CHECK_LINE.match(line.strip())
        if m and m.group("code") in CITATION_CODES:
            items.append(Item(line.strip()))
    return list(dict.fromkeys(items))


# --- docs.rs paths against the regenerated index ------------------------------------------------------

def retarget_docs_rs_links(markdown: str, moves: list[Move]) -> tuple[str, int]:
    """Hand-written docs.rs links name the pinned version; point those of moved crates at the new
    version, so the check asks whether the item still exists rather than whether the link was bumped.
    Returns the text and how many links were rewritten (the version bump must rewrite them too)."""
    count = 0
    for move in moves:
        if move.old and move.new:
            pattern = re.compile(rf"(https://docs\.rs/{re.escape(move.name)}/){re.escape(move.old)}(?=/)")
            markdown, n = pattern.subn(rf"\g<1>{move.new}", markdown)
            count += n
    return markdown, count


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """(meta, body, number of lines the front matter took), as MkDocs splits a page."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            meta = yaml.safe_load(text[4:end]) or {}
            return (meta if isinstance(meta, dict) else {}), text[end + 5:], text[: end + 5].count("\n")
    return {}, text, 0


def docs_rs_problems(docs_dir: Path, index: docsrs.Index, moves: list[Move]) -> tuple[list[Problem], int]:
    """Every `[unknown-rust-path]` and `[docs-rs-link]` problem of the pages against `index` (the
    item index regenerated from `cargo doc` of the updated lock), and the number of hand-written
    docs.rs links that name a version that moved."""
    problems: list[Problem] = []
    retargeted = 0
    for md in sorted(docs_dir.rglob("*.md")):
        rel = f"docs/{md.relative_to(docs_dir).as_posix()}"
        meta, body, offset = split_front_matter(md.read_text(encoding="utf-8-sig"))
        body, n = retarget_docs_rs_links(body, moves)
        retargeted += n
        _, found = docsrs.link_page(body, rel, index, meta, offset)
        problems += [p for p in found if p.code in ("unknown-rust-path", "docs-rs-link")]
    return list(dict.fromkeys(problems)), retargeted


# --- the summary ------------------------------------------------------------------------------------------

@dataclass
class Findings:
    moves: list[Move] = field(default_factory=list)
    behind: list[Behind] = field(default_factory=list)
    deps: Dependencies = field(default_factory=Dependencies)
    blocks: list[Item] = field(default_factory=list)
    crates: list[Item] = field(default_factory=list)
    citations: list[Item] = field(default_factory=list)
    docs_items: list[Item] = field(default_factory=list)
    errors: list[Item] = field(default_factory=list)      # a step that could not run
    skipped: dict[str, str] = field(default_factory=dict)  # section title -> why it was not checked
    checked: dict[str, str] = field(default_factory=dict)  # section title -> what was checked, when all is well
    retargeted_links: int = 0
    toolchain: str = ""
    date: str = ""
    source: str = ""        # which tree was copied, e.g. "commit d631700 plus 3 uncommitted change(s)"

    @property
    def broken(self) -> bool:
        return bool(self.blocks or self.crates or self.citations or self.docs_items or self.errors)


def exit_code(findings: Findings) -> int:
    """1 when something the site teaches broke (or a check could not run); 0 when at most new releases
    are available."""
    return 1 if findings.broken else 0


SECTIONS = (
    ("blocks", "Blocks that stopped compiling or changed output"),
    ("crates", "Example crates that fail"),
    ("citations", "Citations that no longer match"),
    ("docs_items", "docs.rs items that disappeared"),
)


def verdict(f: Findings) -> str:
    if f.broken:
        parts = ", ".join(
            f"{n} {label}" for n, label in
            [(len(f.blocks), "block(s)"), (len(f.crates), "example crate problem(s)"),
             (len(f.citations), "citation(s)"), (len(f.docs_items), "docs.rs item(s)"),
             (len(f.errors), "step(s) that could not run")] if n)
        return (f"**Something the guide teaches broke** with the newest releases: {parts}. Fix the pages or the "
                "example crates (see below) in the same change that moves examples/Cargo.lock.")
    if f.moves or f.behind:
        taught = [m for m in f.moves if f.deps.kind(m.name) == "taught"]
        return (f"**Nothing the guide teaches broke.** {len(f.moves)} package(s) can move with `cargo update` "
                f"({len(taught)} of them taught on the site)"
                + (f"; {len(f.behind)} newer release(s) need a change to examples/Cargo.toml or are held back"
                   if f.behind else "")
                + ". To move the pins: `cd examples && cargo update`, then `make citations docsrs-index check-rust`"
                + (f" and point the {f.retargeted_links} hand-written docs.rs link(s) at the new versions"
                   if f.retargeted_links else "") + ".")
    return "**Nothing to do.** The pins are the newest releases and everything the guide teaches still checks."


def render(f: Findings) -> str:
    out = ["# Freshness: the guide against the newest crate releases", ""]
    stamp = " ".join(s for s in (f.date, f"on {f.toolchain}" if f.toolchain else "") if s)
    if stamp:
        copied = f" ({f.source})" if f.source else ""
        out += [f"Checked {stamp}: a scratch copy of the repository{copied} after `cargo update` in examples/, "
                "with every check the site relies on (nothing in the repository was changed).", ""]
    out += [f"Verdict: {verdict(f)}", ""]
    if f.errors:
        out += ["## Checks that could not run", ""]
        out += _items(f.errors)
    out += ["## Versions that moved", ""]
    out += _moves(f)
    out += ["## New releases the pins are behind", ""]
    out += _behind(f)
    for key, title in SECTIONS:
        out += [f"## {title}", ""]
        if title in f.skipped:
            out += [f"Not checked: {f.skipped[title]}.", ""]
        elif getattr(f, key):
            out += _items(getattr(f, key))
        else:
            out += [f"None{': ' + f.checked[title] if title in f.checked else ''}.", ""]
    return "\n".join(out).rstrip() + "\n"


def _moves(f: Findings) -> list[str]:
    if not f.moves:
        return ["None: `cargo update` changes nothing.", ""]
    direct = [m for m in f.moves if f.deps.kind(m.name) != "transitive"]
    transitive = [m for m in f.moves if f.deps.kind(m.name) == "transitive"]
    out = []
    if direct:
        out += ["| crate | | locked | after `cargo update` |", "|---|---|---|---|"]
        out += [f"| {m.name} | {f.deps.kind(m.name)} | {m.old or '(new)'} | {m.new or '(removed)'} |"
                for m in sorted(direct, key=lambda m: (f.deps.kind(m.name) != "taught", m.name))]
        out.append("")
    else:
        out += ["No crate the guide teaches or the example crates name moved.", ""]
    if transitive:
        out += [f"<details><summary>{len(transitive)} transitive package(s) moved</summary>", ""]
        out += [f"- {m.name} {m.old or '(new)'} -> {m.new or '(removed)'}" for m in transitive[:MAX_ITEMS * 4]]
        out += ["", "</details>", ""]
    return out


def _behind(f: Findings) -> list[str]:
    if not f.behind:
        return ["None: every package is on its newest release.", ""]
    direct = [b for b in f.behind if f.deps.kind(b.name) != "transitive"]
    transitive = [b for b in f.behind if f.deps.kind(b.name) == "transitive"]
    out = []
    if direct:
        out += ["| crate | | locked | newest | examples/Cargo.toml asks for | why `cargo update` does not take it |",
                "|---|---|---|---|---|---|"]
        out += [f"| {b.name} | {f.deps.kind(b.name)} | {b.locked} | {b.available} | `{f.deps.requirement(b.name)}` | "
                f"{_why_behind(b)} |"
                for b in sorted(direct, key=lambda b: (f.deps.kind(b.name) != "taught", b.name))]
        out.append("")
    if transitive:
        out += [f"<details><summary>{len(transitive)} transitive package(s) behind</summary>", ""]
        out += [f"- {b.name} {b.locked} (newest {b.available}): {_why_behind(b)}" for b in transitive[:MAX_ITEMS * 4]]
        out += ["", "</details>", ""]
    return out


def _why_behind(b: Behind) -> str:
    if b.note:
        return b.note
    if b.breaking:
        return "a breaking release (new major, or new 0.x minor): change the requirement in examples/Cargo.toml"
    return "held back by another crate's requirement"


def _items(items: list[Item]) -> list[str]:
    out = []
    for item in items[:MAX_ITEMS]:
        out.append(f"- {item.headline}")
        detail = [line for line in item.detail if line.strip()]
        if detail:
            shown = detail[:MAX_DETAIL_LINES]
            if len(detail) > len(shown):
                shown.append(f"... ({len(detail) - len(shown)} more line(s))")
            out += ["", "  ```text", *[f"  {line}" for line in shown], "  ```", ""]
    if len(items) > MAX_ITEMS:
        out.append(f"- ... and {len(items) - MAX_ITEMS} more (`make check-latest` prints each step's log file)")
    if out[-1] != "":
        out.append("")
    return out
