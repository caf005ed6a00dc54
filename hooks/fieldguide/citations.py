"""Checked citations: a claim about a crate carries a verbatim quote from the pinned source (DESIGN.md 11).

Syntax (a footnote whose body is the citation, so the page reads well as plain Markdown):

    Each task gets a budget of 128 units per poll.[^budget]

    [^budget]: src: tokio src/task/coop/mod.rs "Budget(Some(128))"

`src:`, then the crate name as in `examples/Cargo.lock` (`tokio`, `tokio-util`, `h2`, ...), then a path
inside the crate's published source, then a short quote in double quotes that appears verbatim in that
file (runs of whitespace match any whitespace, so a quote may span a line break). An optional note may
follow the closing quote after ` -- `; it is shown to the reader.

Why a committed data file: `mkdocs build` needs no cargo (the deploy job has only Python), yet the page
links the docs.rs source view at the exact line. `make citations` finds every quote in cargo's registry
copy of the version in `examples/Cargo.lock` and writes `data/citations.json` (crate, version, path,
quote -> line); the build reads it, and fails with `[stale-citation]` when a citation's recorded version
is not the locked one or the quote is no longer in the file. `make test` runs the same resolution, so a
version bump that moves or removes a quote fails loudly instead of leaving a wrong claim on the page.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from fieldguide.report import Problem

# `[^label]: src: crate path "quote"` with an optional ` -- note`. The quote runs to the last `"` before
# the note (or the end of the line), so it may itself contain double quotes.
DEFINITION = re.compile(r"^\[\^(?P<label>[^\]\s]+)\]:[ \t]+src:[ \t]*(?P<rest>.*)$")
# With a note, the quote ends at the first `" -- ` (the note may itself contain quotes); without one,
# at the last `"` of the line (so the quote may contain quotes).
BODY_WITH_NOTE = re.compile(r'^(?P<crate>[A-Za-z0-9_-]+)[ \t]+(?P<path>[^\s"]+)[ \t]+"(?P<quote>.+?)"[ \t]+--[ \t]+(?P<note>.+)$')
BODY = re.compile(r'^(?P<crate>[A-Za-z0-9_-]+)[ \t]+(?P<path>[^\s"]+)[ \t]+"(?P<quote>.+)"(?P<note>)$')
CRATE_PATH = re.compile(r"^[A-Za-z0-9_./-]+$")

DOCS_RS_SOURCE = "https://docs.rs/crate/{crate}/{version}/source/{path}#{line}"


@dataclass(frozen=True)
class Citation:
    """One citation as written on a page. `line` is the 1-based line of the footnote definition."""

    path: str
    line: int
    label: str
    crate: str
    file: str
    quote: str
    note: str | None = None

    @property
    def key(self) -> str:
        """Identity of what is quoted, independent of the page (used as the data-file key)."""
        return f"{self.crate} {self.file} {self.quote}"


@dataclass(frozen=True)
class Resolved:
    """Where a quote was found: the version searched and the 1-based line the quote starts on."""

    crate: str
    version: str
    file: str
    quote: str
    line: int

    @property
    def url(self) -> str:
        return DOCS_RS_SOURCE.format(crate=self.crate, version=self.version, path=self.file, line=self.line)


def scan(markdown: str, path: str, line_offset: int = 0,
         fenced: list[bool] | None = None) -> tuple[list[Citation], list[Problem]]:
    """Every citation footnote on a page, and malformed ones as problems.

    `fenced` marks lines inside code fences (they may show the syntax as an example and are skipped);
    `line_offset` is the number of front-matter lines MkDocs removed before the hook sees the page."""
    from fieldguide.fences import fenced_lines

    if fenced is None:
        fenced = fenced_lines(markdown, path)
    citations: list[Citation] = []
    problems: list[Problem] = []
    for index, text in enumerate(markdown.split("\n")):
        if index < len(fenced) and fenced[index]:
            continue
        m = DEFINITION.match(text)
        if not m:
            continue
        line = index + 1 + line_offset
        rest = m.group("rest").strip()
        body = BODY_WITH_NOTE.match(rest) or BODY.match(rest)
        if not body:
            problems.append(Problem(path, line, "bad-citation",
                                    'write a citation as [^label]: src: <crate> <path/in/crate.rs> "<verbatim quote>" '
                                    '(optionally followed by " -- note")'))
            continue
        file = body.group("path")
        if not CRATE_PATH.match(file) or file.startswith("/") or ".." in file.split("/"):
            problems.append(Problem(path, line, "bad-citation",
                                    f"{file!r} is not a path inside the crate; write it as in the crate's published "
                                    "source, e.g. src/runtime/builder.rs"))
            continue
        quote = body.group("quote")
        if len(quote.strip()) < 8:
            problems.append(Problem(path, line, "bad-citation",
                                    f"quote {quote!r} is too short to identify a place; quote at least 8 characters"))
            continue
        citations.append(Citation(path, line, m.group("label"), body.group("crate"), file, quote, body.group("note") or None))
    return citations, problems


def locked_crate_versions(lock_text: str) -> dict[str, list[str]]:
    """crate name -> every version of it in Cargo.lock (registry packages only), newest last."""
    lock = tomllib.loads(lock_text)
    found: dict[str, set[str]] = {}
    for package in lock.get("package", []):
        if "source" in package:
            found.setdefault(package["name"], set()).add(package["version"])
    return {name: sorted(v, key=_version_key) for name, v in found.items()}


def _version_key(version: str) -> tuple:
    core = version.split("+")[0].split("-")[0]
    return tuple(int(p) if p.isdigit() else 0 for p in core.split("."))


def locked_version(citation: Citation, locked: dict[str, list[str]]) -> str | None:
    """The version a citation is checked against: the crate's (newest) version in Cargo.lock."""
    versions = locked.get(citation.crate)
    return versions[-1] if versions else None


def find_quote(source: str, quote: str) -> int | None:
    """1-based line where `quote` starts in `source`, whitespace runs matching any whitespace; else None."""
    parts = quote.split()
    if not parts:
        return None
    pattern = re.compile(r"\s+".join(re.escape(p) for p in parts))
    m = pattern.search(source)
    return source.count("\n", 0, m.start()) + 1 if m else None


def resolve(citation: Citation, locked: dict[str, list[str]], registry: list[Path]) -> Resolved | Problem:
    """Look a citation's quote up in cargo's registry copy of the locked version."""
    version = locked_version(citation, locked)
    if version is None:
        return Problem(citation.path, citation.line, "bad-citation",
                       f"crate {citation.crate!r} is not in examples/Cargo.lock; cite a crate the examples depend on "
                       "(spelled as in Cargo.lock, e.g. tokio-util)")
    crate_dir = next((d / f"{citation.crate}-{version}" for d in registry if (d / f"{citation.crate}-{version}").is_dir()), None)
    if crate_dir is None:
        return Problem(citation.path, citation.line, "citation-source-missing",
                       f"{citation.crate} {version} is not in cargo's registry; run "
                       "`cargo fetch --manifest-path examples/Cargo.toml` and then `make citations`")
    file = crate_dir / citation.file
    if not file.is_file():
        return Problem(citation.path, citation.line, "stale-citation",
                       f"{citation.file} does not exist in {citation.crate} {version}; find where the code moved and "
                       "update the path (and the claim, if the behaviour changed)")
    line = find_quote(file.read_text(encoding="utf-8", errors="replace"), citation.quote)
    if line is None:
        return Problem(citation.path, citation.line, "stale-citation",
                       f'"{citation.quote}" is no longer in {citation.crate} {version} {citation.file}; re-read the '
                       "source, fix the claim if the behaviour changed, and quote the current text")
    return Resolved(citation.crate, version, citation.file, citation.quote, line)


def registry_dirs(cargo_home: Path) -> list[Path]:
    """The unpacked crate sources cargo keeps (one directory per registry)."""
    root = cargo_home / "registry" / "src"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


# --- the committed data file -------------------------------------------------------------------------

def to_data(resolved: list[Resolved]) -> dict:
    """The JSON written to data/citations.json: sorted, one entry per distinct quote."""
    entries = {(r.crate, r.file, r.quote): r for r in resolved}
    return {"citations": [
        {"crate": r.crate, "version": r.version, "path": r.file, "quote": r.quote, "line": r.line}
        for _, r in sorted(entries.items())
    ]}


def from_data(data: dict) -> dict[str, Resolved]:
    """Citation key -> where its quote was found when `make citations` last ran."""
    out = {}
    for e in data.get("citations", []):
        r = Resolved(e["crate"], e["version"], e["path"], e["quote"], int(e["line"]))
        out[f"{r.crate} {r.file} {r.quote}"] = r
    return out


def lookup(citation: Citation, recorded: dict[str, Resolved], locked: dict[str, list[str]]) -> Resolved | Problem:
    """What the build does (no cargo): find the citation in the data file and check its version is the
    locked one."""
    r = recorded.get(citation.key)
    if r is None:
        return Problem(citation.path, citation.line, "unresolved-citation",
                       f"citation of {citation.crate} {citation.file} is not in data/citations.json; "
                       "run `make citations` to look the quote up in the pinned source")
    version = locked_version(citation, locked)
    if version != r.version:
        return Problem(citation.path, citation.line, "stale-citation",
                       f"quote was checked against {citation.crate} {r.version} but examples/Cargo.lock has "
                       f"{version}; run `make citations` (it fails if the quote is gone from the new version)")
    return r


def render_definition(citation: Citation, resolved: Resolved) -> str:
    """The footnote body a reader sees: a link to the docs.rs source view at the pinned version and line."""
    ticks = "``" if "`" in citation.quote else "`"
    pad = " " if citation.quote.startswith("`") or citation.quote.endswith("`") else ""
    text = (f"[^{citation.label}]: Source: [{resolved.crate} {resolved.version}, "
            f"`{resolved.file}` line {resolved.line}]({resolved.url}): "
            f"{ticks}{pad}{citation.quote}{pad}{ticks}")
    if citation.note:
        text += f" ({citation.note})"
    return text


def rewrite(markdown: str, citations: list[Citation], resolved: dict[int, Resolved], line_offset: int = 0) -> str:
    """Replace each resolved citation's footnote body with its rendered form."""
    lines = markdown.split("\n")
    for c in citations:
        r = resolved.get(c.line)
        if r is not None:
            lines[c.line - 1 - line_offset] = render_definition(c, r)
    return "\n".join(lines)


def load_data(path: Path) -> dict[str, Resolved]:
    return from_data(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else {}


# --- the uncited-number listing ----------------------------------------------------------------------

NUMBER = re.compile(r"(?<![\w.`/#-])\d[\d_,.]*(?:\s?(?:ms|s|µs|ns|KiB|MiB|KB|MB|bytes?|units?|threads?|tasks?|%))?(?![\w`])")
CRATE_CODE = re.compile(r"`(?:tokio|futures|bytes|tracing|hyper|tower|axum|tonic|prost|pin_project)\w*(?:::[\w!]+)*[^`]*`|"
                        r"`[A-Za-z_]+(?:::[A-Za-z_]+)+[^`]*`|`\w+\(\)`")


def uncited_number_paragraphs(markdown: str, path: str, fenced: list[bool]) -> list[tuple[int, str]]:
    """Paragraphs that state a number next to a crate API and carry no citation or footnote.

    A heuristic listing for authors (`make citations` prints it); it does not fail the build, since
    many numbers are the page's own (line counts, example values) or are shown by a `run` block."""
    out: list[tuple[int, str]] = []
    lines = markdown.split("\n")
    start = None
    for i in range(len(lines) + 1):
        blank = i == len(lines) or fenced[i] or not lines[i].strip() or lines[i].lstrip().startswith(("#", "[^", "|", "<"))
        if not blank and start is None:
            start = i
        if blank and start is not None:
            para = " ".join(lines[start:i])
            prose = re.sub(r"`[^`]*`", "`x`", para)
            if "[^" not in para and CRATE_CODE.search(para) and NUMBER.search(prose):
                out.append((start + 1, para[:140]))
            start = None
    return out
