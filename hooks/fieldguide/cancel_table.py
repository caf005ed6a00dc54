"""The cancel-safety table: validate data/cancel-safety.yml and render it into a page.

Why data and not a hand-written table: the same facts (which methods lose data or their queue place
when dropped, and where their docs.rs page is) are sorted, filtered and checked. A typo in a class, a
missing docs link, a link to /latest/ or to a different item than the row names, and two rows for the
same method are all build errors with `data/cancel-safety.yml:<line>`, not a quietly wrong table.

A page asks for the table with a line holding only `<!-- cancel-safety-table -->`. It is replaced by:
a small filter form (hidden until the script runs, so without JavaScript the reader simply gets the
full table), the Markdown table sorted by crate then path, and a `<script src>` with a path relative
to the page, so the built site works from `file://` and makes no external request.

Pure module: no MkDocs import. The adapter is hooks/cancel_table_hook.py.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from fieldguide import escape
from fieldguide.fences import Finding

DIRECTIVE = "<!-- cancel-safety-table -->"
DATA_FILE = Path("data") / "cancel-safety.yml"
SCRIPT = "assets/javascripts/cancel-table-filter.js"

# class -> label shown in the table and the filter.
CLASSES = {
    "safe": "safe",
    "loses-data": "loses data",
    "loses-queue-place": "loses queue place",
    "inherits": "inherits",  # a wrapper (timeout, run_until_cancelled): as safe as what it wraps
}
REQUIRED_KEYS = ("crate", "path", "class", "note", "docs_url")

PATH = re.compile(r"^[a-z_][a-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)+$")
DOCS_URL = re.compile(
    r"^https://docs\.rs/(?P<crate>[A-Za-z0-9_-]+)/(?P<version>[^/]+)/(?P<root>[a-z0-9_]+)/"
    r"(?:(?P<modules>[a-z0-9_]+(?:/[a-z0-9_]+)*)/)?"
    r"(?P<kind>struct|trait|enum|fn|macro|type|union)\.(?P<item>[A-Za-z0-9_]+)\.html"
    r"(?:#(?:method|tymethod)\.(?P<method>[a-z0-9_]+))?$"
)
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")

# Layout for the filter form, shipped with the table so the module is self-contained. `:not([hidden])`
# keeps the form invisible until the script reveals it (a plain `display` rule would override `hidden`).
STYLE = (
    ".fg-cancel-filter:not([hidden]){display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:1em 0}"
    ".fg-cancel-filter input,.fg-cancel-filter select{padding:.3rem .5rem;"
    "border:1px solid var(--md-default-fg-color--lighter);border-radius:.2rem;"
    "background:var(--md-default-bg-color);color:var(--md-default-fg-color);font:inherit}"
    ".fg-cancel-filter output{color:var(--md-default-fg-color--light)}"
    # Long paths (`tokio::io::AsyncReadExt::read_exact`) wrap only between words, never inside one;
    # the table scrolls sideways on a narrow screen instead.
    ".fg-cancel-table td code{word-break:keep-all;overflow-wrap:normal;hyphens:none}"
)


@dataclass(frozen=True)
class Entry:
    crate: str
    path: str
    cls: str
    note: str
    docs_url: str
    line: int  # line of the entry's first key in the YAML file

    @property
    def label(self) -> str:
        return CLASSES[self.cls]


@dataclass
class Table:
    entries: list[Entry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


# --- Loading and validation ------------------------------------------------------------------------

def load(path: Path, display: str | None = None, versions: dict[str, str] | None = None) -> Table:
    """Read and validate the data file. `display` is the path used in findings (e.g.
    `data/cancel-safety.yml`); `versions` maps crate -> pinned version (data/versions.json)."""
    display = display or str(path)
    if not path.exists():
        table = Table()
        table.findings.append(Finding(display, 1, "cancel-table-missing-file",
                                      f"{display} does not exist; the cancel-safety table has no data"))
        return table
    return parse(path.read_text(encoding="utf-8"), display, versions)


def parse(text: str, display: str, versions: dict[str, str] | None = None) -> Table:
    """Validate the YAML text and return its entries (only the valid ones) and every problem found."""
    table = Table()

    def err(line: int, code: str, message: str) -> None:
        table.findings.append(Finding(display, line, code, message))

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        err(line, "cancel-table-yaml", f"YAML does not parse: {problem}")
        return table
    if root is None:
        err(1, "cancel-table-shape", "the file is empty; expected a list of entries (- crate: ...)")
        return table
    if not isinstance(root, yaml.SequenceNode):
        err(_line(root), "cancel-table-shape", "expected a list of entries at the top level (- crate: ...)")
        return table

    first_seen: dict[str, int] = {}
    for node in root.value:
        entry = _entry(node, err, versions)
        if entry is None:
            continue
        if entry.path in first_seen:
            err(entry.line, "cancel-table-duplicate",
                f"duplicate path {entry.path!r} (first listed at line {first_seen[entry.path]}); "
                "keep one entry per method")
            continue
        first_seen[entry.path] = entry.line
        table.entries.append(entry)
    return table


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _entry(node: yaml.Node, err, versions: dict[str, str] | None) -> Entry | None:
    if not isinstance(node, yaml.MappingNode):
        err(_line(node), "cancel-table-shape",
            "each entry must be a mapping with keys: " + ", ".join(REQUIRED_KEYS))
        return None
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    broken = False
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in REQUIRED_KEYS:
            hint = _closest(str(key), list(REQUIRED_KEYS))
            err(_line(key_node), "cancel-table-unknown-key", f"unknown key {key!r}"
                + (f" (did you mean {hint!r}?)" if hint else "") + "; allowed: " + ", ".join(REQUIRED_KEYS))
            broken = True
            continue
        if key in values:
            err(_line(key_node), "cancel-table-duplicate-key",
                f"key {key!r} is given twice in this entry (first at line {lines[key]})")
            broken = True
            continue
        lines[key] = _line(key_node)
        if not isinstance(value_node, yaml.ScalarNode) or value_node.tag != "tag:yaml.org,2002:str" \
                or not value_node.value.strip():
            err(_line(value_node), "cancel-table-value", f"{key!r} must be a non-empty string")
            broken = True
            values[key] = ""
            continue
        values[key] = value_node.value.strip()
    missing = [k for k in REQUIRED_KEYS if k not in values]
    if missing:
        err(_line(node), "cancel-table-missing-key",
            f"entry{_name(values)} is missing {', '.join(repr(k) for k in missing)}")
        return None
    if broken:
        return None

    crate, path, cls, url = values["crate"], values["path"], values["class"], values["docs_url"]
    ok = True
    if cls not in CLASSES:
        hint = _closest(cls, list(CLASSES))
        err(lines["class"], "cancel-table-class", f"unknown class {cls!r}"
            + (f" (did you mean {hint!r}?)" if hint else "") + "; use one of: " + ", ".join(CLASSES))
        ok = False
    if versions is not None and crate not in versions:
        err(lines["crate"], "cancel-table-crate",
            f"crate {crate!r} is not one the site pins; use one of: {', '.join(sorted(versions))}")
        ok = False
    ident = crate.replace("-", "_")
    if not PATH.match(path):
        err(lines["path"], "cancel-table-path",
            f"path {path!r} is not a Rust path like tokio::sync::Mutex::lock")
        ok = False
    elif not path.startswith(ident + "::"):
        err(lines["path"], "cancel-table-path",
            f"path {path!r} does not start with {ident}:: (crate is {crate!r})")
        ok = False
    url_problem = _url_problem(url, crate, path, versions) if ok else None
    if url_problem:
        err(lines["docs_url"], "cancel-table-url", url_problem)
        ok = False
    if not ok:
        return None
    return Entry(crate, path, cls, " ".join(values["note"].split()), url, _line(node))


def _name(values: dict[str, str]) -> str:
    return f" {values['path']!r}" if values.get("path") else ""


def _url_problem(url: str, crate: str, path: str, versions: dict[str, str] | None) -> str | None:
    """Why `url` is not the docs.rs page of `path` at the pinned version (None when it is)."""
    m = DOCS_URL.match(url)
    if not m:
        return (f"docs_url {url!r} is not a docs.rs item link like "
                "https://docs.rs/tokio/1.54.1/tokio/sync/struct.Mutex.html#method.lock")
    if m["crate"] != crate:
        return f"docs_url is for crate {m['crate']!r} but the entry's crate is {crate!r}"
    pinned = versions.get(crate) if versions else None
    if m["version"] == "latest" or (pinned and m["version"] != pinned):
        wanted = pinned or "(see examples/Cargo.lock)"
        return f"docs_url names version {m['version']!r}; link the pinned version {wanted}"
    if not re.match(r"^\d+\.\d+\.\d+", m["version"]):
        return f"docs_url names version {m['version']!r}; use an exact version like 1.54.1"
    parts = [m["root"], *(m["modules"].split("/") if m["modules"] else []), m["item"]]
    if m["method"]:
        parts.append(m["method"])
    target = "::".join(parts)
    if target != path:
        return f"docs_url points at {target}, not at {path}"
    return None


def _closest(word: str, candidates: list[str]) -> str | None:
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return match[0] if match else None


# --- Rendering ---------------------------------------------------------------------------------------

def sorted_entries(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.crate, e.path))


def render(entries: list[Entry], script_src: str) -> str:
    """Markdown (with inline HTML) for the filter form, the table and the script tag."""
    rows = sorted_entries(entries)
    counts = {cls: sum(1 for e in rows if e.cls == cls) for cls in CLASSES}
    options = "\n".join(f'<option value="{cls}">{label} ({counts[cls]})</option>'
                        for cls, label in CLASSES.items())
    out = [
        f"<style>{STYLE}</style>",
        "",
        '<div class="fg-cancel-filter" data-fg-cancel-filter hidden>',
        '<label for="fg-cancel-filter-text">Filter by text</label>',
        '<input type="search" id="fg-cancel-filter-text" autocomplete="off" spellcheck="false" '
        'placeholder="mpsc, read_, Mutex">',
        '<label for="fg-cancel-filter-class">Class</label>',
        '<select id="fg-cancel-filter-class">',
        f'<option value="">all ({len(rows)})</option>',
        options,
        "</select>",
        f'<output for="fg-cancel-filter-text fg-cancel-filter-class" aria-live="polite">'
        f"{len(rows)} of {len(rows)} methods</output>",
        "</div>",
        "",
        '<div class="fg-cancel-table" markdown="1">',
        "",
        "| Crate | Method | Class | What a drop keeps or loses |",
        "|---|---|---|---|",
    ]
    for e in rows:
        # A Markdown code span, not raw <code>: other extensions (emoji turns `::io::` into a
        # flag) leave code spans alone but rewrite text inside inline HTML.
        method = f"[{escape.code_span(e.path)}](<{e.docs_url}>)"
        cls_attr = escape.html_text(e.cls)
        cls = (f'<span class="fg-cancel-class fg-cancel-class--{cls_attr}" data-class="{cls_attr}">'
               f"{escape.html_text(e.label)}</span>")
        out.append(f"| {_cell(escape.markdown_inline(e.crate))} | {_cell(method)} | {cls} | "
                   f"{_cell(escape.markdown_inline(e.note))} |")
    out += [
        "",
        "</div>",
        "",
        f'<script src="{html.escape(script_src)}"></script>',
    ]
    return "\n".join(out)


def _cell(text: str) -> str:
    """Escape what would break a Markdown table cell."""
    return text.replace("|", "\\|")


def _directive_lines(markdown: str) -> list[int]:
    """1-based numbers of the lines that hold only the directive, outside code fences."""
    found: list[int] = []
    fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        stripped = line.strip()
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
        elif fence is not None and stripped.startswith(fence) and set(stripped) == {fence[0]}:
            fence = None
        elif fence is None and stripped == DIRECTIVE:
            found.append(number)
    return found


def directive_findings(source: str, path: str) -> list[Finding]:
    """Problems with the directive in a page's source (the whole file, front matter included, so
    the lines are the file's). Using it twice is an error: the form's element ids must be unique."""
    lines = _directive_lines(source)
    return [Finding(path, n, "cancel-table-directive",
                    f"{DIRECTIVE} is used more than once on this page (first at line {lines[0]}); "
                    "render the table once")
            for n in lines[1:]]


def missing_data_findings(source: str, path: str) -> list[Finding]:
    """The page asks for the table but the site has no data file: report it at the directive."""
    return [Finding(path, n, "cancel-table-missing-file",
                    f"{DIRECTIVE} needs {DATA_FILE.as_posix()}, which does not exist")
            for n in _directive_lines(source)[:1]]


def replace_directive(markdown: str, rendered: str) -> str:
    """Replace the first directive line (outside code fences) with `rendered`; drop any later ones
    (they are reported by `directive_findings`)."""
    targets = _directive_lines(markdown)
    if not targets:
        return markdown
    lines = markdown.split("\n")
    for n in reversed(targets[1:]):
        del lines[n - 1]
    lines[targets[0] - 1] = rendered
    return "\n".join(lines)


def has_directive(markdown: str) -> bool:
    return bool(_directive_lines(markdown))


def main(argv: list[str] | None = None) -> int:
    """`python -m fieldguide.cancel_table`: validate the data file and print the findings."""
    import sys

    from fieldguide import REPO_ROOT, versions

    committed = versions.load()
    table = load(REPO_ROOT / DATA_FILE, str(DATA_FILE), committed["crates"] if committed else None)
    for finding in table.findings:
        print(finding, file=sys.stderr)
    if table.ok:
        print(f"{DATA_FILE}: {len(table.entries)} entries, all valid")
    return 0 if table.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
