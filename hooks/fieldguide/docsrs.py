"""Link Rust paths in prose to docs.rs at the pinned version, and reject paths that do not exist.

Why: readers expect every API named on the page to be one click from its documentation, at the version
the site teaches, the way rustdoc's intra-doc links work. The item index (data/docsrs-index.json) is
generated from `cargo doc` of the pinned crates (`python -m fieldguide.docsrs --generate`), so a path
that is misspelt, private, or gone in the pinned version fails the build with the closest known item.

What is linked: inline code that is a whole path into a taught crate, e.g. `tokio::sync::mpsc::channel`,
`tokio::select!`, `tokio::task::JoinSet::join_next`, `#[tokio::main]`, `axum::serve()`,
`tokio::sync::Mutex<T>`. Code blocks, headings and code that is already a link are left alone. Code
that is an expression rather than a path (`tokio::spawn(fut)`) is not linked and not checked.

Short names: a page may map short names to full paths in its front matter,

    rust_links:
      JoinSet: tokio::task::JoinSet

and then `JoinSet` and `JoinSet::join_next` are linked (and checked) on that page too.

Hand-written docs.rs links to a taught crate are checked: the version must be the pinned one (never
`latest`), and the item page and its `#method.x` style anchor must exist.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from fieldguide import DATA_DIR, EXAMPLES_DIR, fences
from fieldguide.report import Problem

INDEX_FILE = DATA_DIR / "docsrs-index.json"
DOCS_RS = "https://docs.rs"

# Crates whose paths are linked and validated (underscore names, as written in Rust paths), with
# their package names. Other documented crates (http, http-body) are only used to resolve re-exports.
TAUGHT = {
    "tokio": "tokio", "tokio_util": "tokio-util", "tokio_stream": "tokio-stream", "futures": "futures",
    "bytes": "bytes", "tracing": "tracing", "tracing_subscriber": "tracing-subscriber", "hyper": "hyper",
    "hyper_util": "hyper-util", "http_body_util": "http-body-util", "tower": "tower", "tower_http": "tower-http",
    "axum": "axum", "tonic": "tonic", "tonic_prost": "tonic-prost", "prost": "prost",
    "pin_project": "pin-project", "pin_project_lite": "pin-project-lite",
}
SUPPORT = {"http": "http", "http_body": "http-body"}
MEMBER_KINDS = ("method", "tymethod", "variant", "associatedtype", "associatedconstant")
ITEM_FILE = re.compile(r"^(struct|enum|trait|fn|macro|type|constant|static|attr|derive|union|traitalias)\.(\w+)\.html$")
MEMBER_ID = re.compile(r'id="(method|tymethod|variant|associatedtype|associatedconstant)\.([A-Za-z0-9_]+)"')
REEXPORT = re.compile(r'id="reexport\.(\w+)"><code>(.*?)</code>', re.S)
PATH = re.compile(r"^(?:#\[)?(?P<path>[a-z_][a-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)+)(?P<bang>!)?"
                  r"(?:<[^`]*>)?(?:\(\))?(?:\])?$")
CODE_SPAN = re.compile(r"(?<![`\\])`([^`\n]+)`(?!`)")
DOCS_RS_LINK = re.compile(r"https://docs\.rs/(?P<crate>[a-z0-9_-]+)/(?P<version>[^/\s)\"'<>]+)/"
                          r"(?P<file>[^\s)#\"'?<>]*)(?:#(?P<anchor>[^\s)\"'<>]*))?")




# --- the index ----------------------------------------------------------------------------------

@dataclass
class Index:
    versions: dict[str, str]             # package name -> version
    items: dict[str, str]                # path -> rustdoc item kind (mod, struct, fn, method, ...)
    reexports: dict[str, str]            # alias path -> target path

    def relative_url(self, path: str) -> str:
        """rustdoc's file layout: the URL follows from the path and kind alone."""
        kind = self.items[path]
        parts = path.split("::")
        if kind == "mod":
            return "/".join(parts) + "/index.html"
        if kind in MEMBER_KINDS:
            return f"{self.relative_url('::'.join(parts[:-1]))}#{kind}.{parts[-1]}"
        return "/".join(parts[:-1]) + f"/{kind}.{parts[-1]}.html"

    @cached_property
    def anchors(self) -> dict[str, set[str]]:
        """Item page -> member anchors on it (every page of the index is a key)."""
        out: dict[str, set[str]] = {}
        for path in self.items:
            file, _, anchor = self.relative_url(path).partition("#")
            out.setdefault(file, set())
            if anchor:
                out[file].add(anchor)
        return out

    def canonical(self, path: str) -> str | None:
        """The path rustdoc documents the item under, following re-exports (`tokio::spawn` ->
        `tokio::task::spawn`, `axum::http::StatusCode` -> `http::StatusCode`); None if unknown."""
        seen = set()
        while path not in self.items and path not in seen:
            seen.add(path)
            parts = path.split("::")
            for cut in range(len(parts), 0, -1):
                prefix = "::".join(parts[:cut])
                if prefix in self.reexports:
                    path = "::".join([self.reexports[prefix], *parts[cut:]])
                    break
            else:
                return None
        return path if path in self.items else None

    def lookup(self, path: str) -> tuple[str, str] | None:
        """(kind, docs.rs URL) for a path, following re-exports (`axum::http::StatusCode`)."""
        path = self.canonical(path)
        if path is None:
            return None
        kind, rel = self.items[path], self.relative_url(path)
        crate = rel.split("/")[0]
        package = {**TAUGHT, **SUPPORT}.get(crate, crate)
        return kind, f"{DOCS_RS}/{package}/{self.versions[package]}/{rel}"

    def suggest(self, path: str) -> str | None:
        crate = path.split("::")[0]
        last = path.split("::")[-1]
        candidates = [p for p in self.items if p.startswith(crate + "::")]
        same_name = [p for p in candidates if p.split("::")[-1] == last]
        if same_name:
            return min(same_name, key=len)
        match = difflib.get_close_matches(path, candidates, n=1, cutoff=0.6)
        return match[0] if match else None


def load(path: Path = INDEX_FILE) -> Index:
    data = json.loads(path.read_text())
    return Index(data["versions"], data["items"], data["reexports"])


# --- generation from `cargo doc` -------------------------------------------------------------------

def locked_versions(packages) -> dict[str, str]:
    lock = tomllib.loads((EXAMPLES_DIR / "Cargo.lock").read_text())
    out = {}
    for package in lock["package"]:
        if package["name"] in packages and "source" in package:
            out[package["name"]] = package["version"]
    return out


def generate(doc_dir: Path) -> dict:
    """Walk rustdoc's HTML output for the taught and support crates and build the index."""
    crates = {**TAUGHT, **SUPPORT}
    items: dict[str, str] = {}
    reexports: dict[str, str] = {}
    file_to_path: dict[str, str] = {}
    pending_reexports: list[tuple[str, str, str]] = []
    for crate in sorted(crates):
        root = doc_dir / crate
        if not root.is_dir():
            raise SystemExit(f"{root} missing: run cargo doc for {crates[crate]} first")
        for file in sorted(root.rglob("*.html")):
            rel = file.relative_to(doc_dir).as_posix()
            text = file.read_text(encoding="utf-8", errors="replace")
            if 'http-equiv="refresh"' in text[:600]:
                continue  # rustdoc's redirect stubs for private module paths
            module = "::".join(file.relative_to(doc_dir).parent.parts)
            if file.name == "index.html":
                items.setdefault(module, "mod")
                file_to_path[rel] = module
                for name, code in REEXPORT.findall(text):
                    href = re.search(r'href="([^"]+)"', code)
                    plain = re.sub(r"<[^>]+>", "", code).strip()
                    if href:
                        pending_reexports.append((f"{module}::{name}", rel, href.group(1)))
                    elif plain == f"pub use {name};" and name in crates:
                        reexports[f"{module}::{name}"] = name   # `pub use http;` re-exports a crate
                continue
            m = ITEM_FILE.match(file.name)
            if not m:
                continue
            kind, name = m.groups()
            path = f"{module}::{name}"
            items.setdefault(path, kind)
            file_to_path[rel] = path
            for member_kind, member in MEMBER_ID.findall(text):
                items.setdefault(f"{path}::{member}", member_kind)
    for alias, rel, href in pending_reexports:
        if href.startswith(("http://", "https://")):
            continue
        target_rel = _normalize(Path(rel).parent.as_posix(), href.split("#")[0])
        target = file_to_path.get(target_rel)
        if target and alias not in items:
            reexports[alias] = target
    versions = locked_versions(set(crates.values()))
    return {"versions": dict(sorted(versions.items())), "reexports": dict(sorted(reexports.items())),
            "items": dict(sorted(items.items()))}


def _normalize(base: str, href: str) -> str:
    parts = [p for p in base.split("/") if p]
    for piece in href.split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def stale_reasons(index: Index) -> list[str]:
    current = locked_versions(set({**TAUGHT, **SUPPORT}.values()))
    return [f"{name}: index built for {index.versions.get(name)}, Cargo.lock has {version}"
            for name, version in sorted(current.items()) if index.versions.get(name) != version]


# --- linking pages ---------------------------------------------------------------------------------

def _short_names(meta: dict | None) -> dict[str, str]:
    links = (meta or {}).get("rust_links") or {}
    return {str(k): str(v) for k, v in links.items()}


def span_path(code: str, short: dict[str, str]) -> str | None:
    """The Rust path an inline code span names (as written, short names expanded), if it names a path
    into a taught crate; None otherwise. Whether the path exists is `Index.canonical`'s question."""
    m = PATH.match(code.strip())
    if m:
        path = m.group("path")
    else:
        head = re.match(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<rest>(?:::[A-Za-z_][A-Za-z0-9_]*)*)(?P<bang>!)?"
                        r"(?:<[^`]*>)?(?:\(\))?$", code.strip())
        if not head or head.group("name") not in short:
            return None
        path = short[head.group("name")] + head.group("rest")
    return path if path.split("::")[0] in TAUGHT else None


def resolve_span(code: str, index: Index, short: dict[str, str]) -> tuple[str | None, str | None]:
    """For an inline code span: (url, None) to link it, (None, message) for an unknown path, or
    (None, None) when the span is not a path into a taught crate."""
    path = span_path(code, short)
    if path is None:
        return None, None
    found = index.lookup(path)
    if found:
        return found[1], None
    hint = index.suggest(path)
    return None, f"`{path}` is not a public item of the pinned {TAUGHT[path.split('::')[0]]} " \
                 f"{index.versions.get(TAUGHT[path.split('::')[0]])}" + (f" (did you mean `{hint}`?)" if hint else "")


def link_page(markdown: str, path: str, index: Index, meta: dict | None = None,
              line_offset: int = 0, fenced: list[bool] | None = None) -> tuple[str, list[Problem]]:
    """Link every eligible inline code span; report unknown paths and bad docs.rs links. `fenced` marks
    the lines inside code (computed here when not given; the Markdown export passes its own)."""
    short = _short_names(meta)
    problems: list[Problem] = []
    lines = markdown.split("\n")
    in_fence = fenced if fenced is not None else fences.fenced_lines(markdown, path)
    anchors = index.anchors
    for i, line in enumerate(lines):
        if in_fence[i]:
            continue
        number = i + 1 + line_offset
        reported = set()
        for m in ANY_DOCS_RS.finditer(line):
            problem = unversioned_docs_rs_link(m.group(0), index.versions)
            if problem:
                problems.append(Problem(path, number, "docs-rs-link", problem))
                reported.add(m.start())
        for m in DOCS_RS_LINK.finditer(line):
            problem = None if m.start() in reported else check_docs_rs_link(m, index, anchors)
            if problem:
                problems.append(Problem(path, number, "docs-rs-link", problem))
        if re.match(r"^\s{0,3}#{1,6}\s", line):
            # Headings are not linked (a link would swallow the heading's permalink and TOC entry), but a
            # path in one is still checked, so a heading cannot name an item that does not exist.
            for span in CODE_SPAN.finditer(line):
                _, error = resolve_span(span.group(1), index, short)
                if error:
                    problems.append(Problem(path, number, "unknown-rust-path", error + " (in a heading)"))
            continue

        def replace(span: re.Match, line=line, number=number) -> str:
            before = line[: span.start()]
            after = line[span.end():]
            if before.endswith("[") and after.startswith("]("):
                return span.group(0)  # already a link
            url, error = resolve_span(span.group(1), index, short)
            if error:
                problems.append(Problem(path, number, "unknown-rust-path", error))
                return span.group(0)
            if url:
                return f"[{span.group(0)}]({url})"
            return span.group(0)

        lines[i] = _replace_outside_links(line, replace)
    return "\n".join(lines), problems


def _replace_outside_links(line: str, replace) -> str:
    """Apply `replace` to code spans that are not already inside `[...](...)` link text."""
    out, pos = [], 0
    for span in CODE_SPAN.finditer(line):
        depth = line[: span.start()].count("[") - line[: span.start()].count("]")
        out.append(line[pos: span.start()])
        out.append(span.group(0) if depth > 0 else replace(span))
        pos = span.end()
    out.append(line[pos:])
    return "".join(out)


ANY_DOCS_RS = re.compile(r"https?://docs\.rs(?:/[^\s)\"'<>]*)?")
EXACT_VERSION = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")


def unversioned_docs_rs_link(url: str, pinned: dict[str, str]) -> str | None:
    """Why a docs.rs link does not name an exact version (None when it does).

    Why: `docs.rs/tokio` and `docs.rs/tokio/latest/...` move with every release, so the page would
    silently start describing a version its examples were never checked against."""
    parts = [p for p in url.split("docs.rs", 1)[1].split("#")[0].split("?")[0].split("/") if p]
    if parts[:1] == ["crate"]:
        parts = parts[1:]
    if not parts:
        return None  # the docs.rs home page
    crate, version = parts[0], (parts[1] if len(parts) > 1 else None)
    if version is not None and EXACT_VERSION.match(version):
        return None
    want = pinned.get(crate)
    example = f"https://docs.rs/{crate}/{want or '<exact version>'}/{crate.replace('-', '_')}/"
    return (f"{url} does not name an exact version ({'no version' if version is None else repr(version)}); "
            f"link the version the site is pinned to, e.g. {example}, or write the item path in backticks "
            "(`tokio::sync::Mutex`) to get a checked link")


def check_docs_rs_link(m: re.Match, index: Index, anchors: dict[str, set[str]]) -> str | None:
    package = m.group("crate")
    crate = package.replace("-", "_")
    if crate not in TAUGHT:
        return None
    pinned = index.versions.get(package)
    if m.group("version") != pinned:
        return (f"{m.group(0)} names version {m.group('version')!r}; link the pinned {package} {pinned} "
                f"(https://docs.rs/{package}/{pinned}/...)")
    file = m.group("file") or f"{crate}/index.html"
    if file.endswith("/"):
        file += "index.html"
    if file.startswith(crate + "/") and file not in anchors:
        hint = difflib.get_close_matches(file, sorted(anchors), n=1, cutoff=0.6)
        return f"{m.group(0)}: no such page in {package} {pinned}" + (f" (did you mean {hint[0]}?)" if hint else "")
    anchor = m.group("anchor")
    if anchor and re.match(r"^(method|tymethod|variant|associatedtype|associatedconstant)\.", anchor) \
            and anchor not in anchors.get(file, set()):
        return f"{m.group(0)}: {file} has no #{anchor} in {package} {pinned}"
    return None


@cache
def cached_index() -> Index:
    return load()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate or check data/docsrs-index.json")
    parser.add_argument("--generate", metavar="DOC_DIR", type=Path,
                        help="rustdoc output dir (target/doc) of `cargo doc --no-deps` for the pinned crates")
    parser.add_argument("--check", action="store_true", help="fail when the index is stale against Cargo.lock")
    args = parser.parse_args(argv)
    if args.generate:
        data = generate(args.generate)
        INDEX_FILE.write_text(json.dumps(data, indent=0, separators=(",", ":")) + "\n")
        print(f"wrote {INDEX_FILE} ({len(data['items'])} items, {len(data['reexports'])} re-exports)")
        return 0
    reasons = stale_reasons(load())
    for r in reasons:
        print(f"data/docsrs-index.json is stale: {r} (run `make docsrs-index`)", file=sys.stderr)
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())
