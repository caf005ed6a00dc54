"""Find, validate and rewrite the fenced code blocks of a Markdown page (DESIGN.md section 4).

Why a parser of our own: the page is checked before Python-Markdown sees it, so a typo in a fence
attribute (`compile_fial`) is reported with its file and line instead of silently rendering as a
plain block that nobody compiles. The same parse feeds the Rust checker (`rust_check`), so what the
page shows and what cargo compiles can never drift apart.

The info string is rustdoc's: ```` ```rust,compile_fail,E0277 title="src/main.rs" ````: the language
and comma-separated attributes, then, after a space, Material/pymdownx options passed through as is.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from markdown_it import MarkdownIt

from fieldguide.report import Problem

# Languages a fence may name. Rust, TOML and JSON are checked; the rest pass through unchanged.
CHECKED_LANGUAGES = {"rust", "toml", "json"}
PASSTHROUGH_LANGUAGES = {"text", "console", "mermaid", "python", "yaml", "proto", "diff", "html", "javascript"}
KNOWN_LANGUAGES = CHECKED_LANGUAGES | PASSTHROUGH_LANGUAGES

FLAG_ATTRIBUTES = {"compile_fail", "run", "should_panic", "ignore", "edition2021", "compiler_output"}
ERROR_CODE = re.compile(r"^E\d{4}$")
LINT_ATTRIBUTE = re.compile(r"^lint=([a-z][a-z0-9_]*)$")

SNIPPET_LINE = re.compile(r'^-{1,}8<-{1,}\s+"([^"]+)"$')
OPENING = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")

# Crates the Rust Playground cannot build; a block that uses one gets no "Run" link.
NOT_ON_PLAYGROUND = re.compile(
    r"\b(axum|tonic|tonic_prost|prost|hyper|hyper_util|http_body_util|tower|tower_http|"
    r"async_channel|tokio_test)::"
)
PLAYGROUND_URL = "https://play.rust-lang.org/?version=stable&mode=debug&edition={edition}&code={code}"


# A fence problem; the same `path:line: [code] message` record every hook reports.
Finding = Problem


@dataclass
class Fence:
    """A fenced block. Line numbers are 1-based lines of the Markdown file."""

    path: str
    start: int                 # line of the opening fence
    end: int                   # line of the closing fence
    indent: str
    marker: str                # the ``` or ~~~ run
    language: str
    attributes: list[str]
    options: str               # everything after the first space of the info string
    body: list[str]            # lines between the fences, with the fence's indentation removed

    @property
    def body_start(self) -> int:
        return self.start + 1

    def has(self, attribute: str) -> bool:
        return attribute in self.attributes

    @property
    def error_code(self) -> str | None:
        return next((a for a in self.attributes if ERROR_CODE.match(a)), None)

    @property
    def lint(self) -> str | None:
        for a in self.attributes:
            m = LINT_ATTRIBUTE.match(a)
            if m:
                return m.group(1)
        return None

    @property
    def edition(self) -> str:
        return "2021" if self.has("edition2021") else "2024"

    @property
    def included_from(self) -> list[str]:
        """Files pulled in with pymdownx.snippets (`--8<-- "crate/src/main.rs:section"`). Such a block
        is compiled and tested as part of its crate under examples/, not by the block checker."""
        return [m.group(1) for line in self.body if (m := SNIPPET_LINE.match(line.strip()))]

    @property
    def is_included(self) -> bool:
        return bool(self.body) and all(SNIPPET_LINE.match(line.strip()) or not line.strip() for line in self.body)

    @property
    def expects_to_compile(self) -> bool:
        return (self.language == "rust" and not self.has("compile_fail") and not self.has("ignore")
                and not self.is_included)

    @property
    def title(self) -> str | None:
        m = re.search(r'title="([^"]*)"', self.options)
        return m.group(1) if m else None

    @property
    def expected_message(self) -> str | None:
        """For `compile_fail` errors rustc prints without a code: ```` ```rust,compile_fail expect="..." ````."""
        m = re.search(r'\bexpect="([^"]*)"', self.options)
        return m.group(1) if m else None

    @property
    def display_options(self) -> str:
        """The options handed to pymdownx (ours, like `expect=`, removed)."""
        return re.sub(r'\s*\bexpect="[^"]*"', "", self.options).strip()

    @property
    def id(self) -> str:
        """Stable test id: `docs/page.md:LINE`."""
        return f"{self.path}:{self.start}"


@dataclass
class ParsedPage:
    fences: list[Fence] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def split_info(info: str) -> tuple[str, list[str], str]:
    """`rust,compile_fail,E0277 title="x"` -> ("rust", ["compile_fail", "E0277"], 'title="x"')."""
    info = info.strip()
    head, _, options = info.partition(" ")
    if head.endswith(",") and options:
        options = "," + options  # `rust, run`: keep the tell-tale comma so validation can name the mistake
    parts = [p.strip() for p in head.split(",")]
    return parts[0], [p for p in parts[1:] if p], options.strip()


def parse(text: str, path: str, line_offset: int = 0) -> ParsedPage:
    """Find every fence in `text` with markdown-it-py (CommonMark), validating each as it goes.

    Why a CommonMark tokenizer and not a regex: what counts as a fence (and where it ends) has rules a
    line regex gets subtly wrong, and a wrong answer silently removes an example from the checker.
    On top of the tokenizer, three structural checks catch what CommonMark itself accepts but an author
    never means: a fence that runs to the end of the page (unclosed), a fence whose body holds another
    fence's opening line (a missing closing fence swallowed the next block), and a fence opening inside
    an HTML block or an indented code block (shown as text, never checked).

    `line_offset` is the number of file lines before `text` starts (MkDocs hands hooks the page
    without its YAML front matter), so reported lines are lines of the file on disk."""
    page = ParsedPage()
    lines = text.split("\n")
    for token in _TOKENIZER.parse(flatten_containers(text)):
        if token.map is None:
            continue
        first, after = token.map
        if token.type in ("html_block", "code_block"):
            for k in range(first, after):
                if k < len(lines) and _OPENING_WITH_INFO.match(lines[k].strip()):
                    where = "an HTML block" if token.type == "html_block" else "an indented code block"
                    page.findings.append(Finding(
                        path, k + 1 + line_offset, "hidden-fence",
                        f"this fence is inside {where} (opened at line {first + 1 + line_offset}), so it is shown "
                        "as text and never checked; put a blank line before it and do not indent it"))
            continue
        if token.type != "fence":
            continue
        opening = lines[first]
        m = OPENING.match(opening)
        indent = m.group("indent") if m else ""
        marker = token.markup
        start = first + 1 + line_offset
        closing = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        closed = after - 1 > first and closing.match(lines[after - 1]) is not None
        if not closed:
            page.findings.append(Finding(
                path, start, "unclosed-fence",
                f"fence {marker} opened here is never closed; add a closing {marker} line"))
            continue
        body = token.content.split("\n")
        if body and body[-1] == "":
            body.pop()
        swallowed = _swallowed_opening(body, marker)
        if swallowed is not None:
            page.findings.append(Finding(
                path, first + 2 + swallowed + line_offset, "swallowed-fence",
                f"this line opens a new fence, but the {marker}{token.info.split(' ')[0]} fence opened at line "
                f"{start} is still open, so this block would be hidden inside it and never checked; add the "
                f"missing closing {marker} line before it"))
            continue
        language, attributes, options = split_info(token.info)
        fence = Fence(path, start, after + line_offset, indent, marker, language, attributes, options, body)
        page.findings.extend(validate(fence))
        page.fences.append(fence)
    page.findings.extend(detached_output_blocks(page.fences, lines, line_offset))
    return page


_TOKENIZER = MarkdownIt("commonmark")
CONTAINER = re.compile(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?|===)[ \t]")


def flatten_containers(text: str) -> str:
    """The page with the bodies of Python-Markdown containers (`!!! note`, `??? note`, `=== "Tab"`)
    dedented to their opener's level, one output line per input line.

    Why: those containers are not CommonMark; their 4-space-indented bodies would read as indented code
    to a CommonMark tokenizer, hiding the fences inside them. Dedenting keeps every line number."""
    out: list[str] = []
    stack: list[int] = []  # content indent of each open container, outermost first
    for line in text.split("\n"):
        width = len(line) - len(line.lstrip(" "))
        if line.strip():
            while stack and width < stack[-1]:
                stack.pop()
        shift = stack[-1] if stack else 0
        out.append(line[shift:] if line[:shift].strip() == "" else line.lstrip(" "))
        m = CONTAINER.match(line)
        if m:
            stack.append(len(m.group("indent").expandtabs(4)) + 4)
    return "\n".join(out)


def code_lines(markdown: str) -> list[bool]:
    """For each line, whether it is inside a fence or an indented code block (CommonMark's view, with
    Python-Markdown containers flattened first)."""
    count = markdown.count("\n") + 1
    mask = [False] * count
    for token in _TOKENIZER.parse(flatten_containers(markdown)):
        if token.type in ("fence", "code_block") and token.map:
            for k in range(token.map[0], min(token.map[1], count)):
                mask[k] = True
    return mask
_OPENING_WITH_INFO = re.compile(r"^(`{3,}|~{3,})[ \t]*[A-Za-z{]")


def _swallowed_opening(body: list[str], marker: str) -> int | None:
    """Index of a body line that opens a fence which could have closed this one had it no info string:
    the tell-tale of a missing closing fence. A longer outer marker (```` around ```) is deliberate."""
    for k, line in enumerate(body):
        m = _OPENING_WITH_INFO.match(line.strip())
        if m and m.group(1)[0] == marker[0] and len(m.group(1)) >= len(marker):
            return k
    return None


def is_output_block(fence: Fence) -> bool:
    return fence.language == "text" and fence.title == "Output"


def detached_output_blocks(fences_: list[Fence], lines: list[str], line_offset: int) -> list[Finding]:
    """An Output block must directly follow (blank lines only) the `run` block whose stdout it shows;
    anywhere else it would silently never be compared."""
    out = []
    for prev, fence in zip([None, *fences_], fences_, strict=False):
        if not is_output_block(fence):
            continue
        between = [] if prev is None else lines[prev.end - line_offset:fence.start - 1 - line_offset]
        attached = prev is not None and prev.language == "rust" and prev.has("run") and not any(x.strip() for x in between)
        if not attached:
            reason = ("it does not follow a rust,run block" if prev is None or prev.language != "rust" or not prev.has("run")
                      else "there is text between it and the rust,run block above")
            out.append(Finding(fence.path, fence.start, "detached-output",
                               f"this Output block is never compared with a program's stdout: {reason}; put it "
                               "directly after its rust,run block (blank lines only), or retitle it"))
    return out


def _dedent(line: str, indent: str) -> str:
    return line[len(indent):] if line.startswith(indent) else line.lstrip(" \t")


def validate(fence: Fence) -> list[Finding]:
    """Check one fence's language, attributes and (for TOML/JSON) content."""
    out: list[Finding] = []

    def err(code: str, message: str, line: int | None = None) -> None:
        out.append(Finding(fence.path, line or fence.start, code, message))

    if fence.language == "":
        err("unlabelled-fence", "code fence has no language; write ```text for plain output or ```rust "
            "for Rust (every block must say what it is so it can be checked)")
        return out
    if fence.language.startswith("{"):
        err("unknown-language", "use the ```rust,attr form, not the {.rust} brace form")
        return out
    if fence.language not in KNOWN_LANGUAGES:
        hint = _closest(fence.language.lower(), sorted(KNOWN_LANGUAGES))
        err("unknown-language", f"unknown fence language {fence.language!r}"
            + (f" (did you mean {hint!r}?)" if hint else "")
            + f"; use one of: {', '.join(sorted(KNOWN_LANGUAGES))}")
        return out
    problem = info_string_problem(fence)
    if problem:
        err("bad-info-string", problem)
        return out
    if fence.language != "rust":
        if fence.attributes:
            err("unknown-attribute", f"attributes {fence.attributes} are only allowed on rust fences")
        if fence.language == "toml":
            try:
                tomllib.loads("\n".join(fence.body))
            except tomllib.TOMLDecodeError as e:
                err("toml-parse", f"TOML does not parse: {e}", fence.body_start + _toml_line(e) - 1)
        elif fence.language == "json":
            try:
                json.loads("\n".join(fence.body))
            except json.JSONDecodeError as e:
                err("json-parse", f"JSON does not parse: {e.msg}", fence.body_start + e.lineno - 1)
        return out

    seen: set[str] = set()
    for attr in fence.attributes:
        if attr in seen:
            err("unknown-attribute", f"attribute {attr!r} is given twice")
        seen.add(attr)
        if attr in FLAG_ATTRIBUTES or ERROR_CODE.match(attr) or LINT_ATTRIBUTE.match(attr):
            continue
        hint = _closest(attr, sorted(FLAG_ATTRIBUTES) + ["E0277", "lint=<clippy_lint>"])
        err("unknown-attribute", f"unknown rust fence attribute {attr!r}"
            + (f" (did you mean {hint!r}?)" if hint else "")
            + "; allowed: compile_fail, E0xxx, lint=<lint>, run, should_panic, ignore, edition2021, compiler_output")
    has = fence.has
    if fence.error_code and not has("compile_fail"):
        err("bad-attributes", f"{fence.error_code} only makes sense with compile_fail")
    if has("should_panic") and not has("run"):
        err("bad-attributes", "should_panic needs run (the block must be run to panic)")
    if has("compiler_output") and not has("run"):
        err("bad-attributes", "compiler_output says a run block's Output depends on the compiler; add run")
    if has("compile_fail") and not fence.error_code and not fence.expected_message:
        err("bad-attributes", "compile_fail must say which error it expects, or a typo would pass: add the code "
            "(```rust,compile_fail,E0277) or, for errors rustc prints without a code, the message "
            "(```rust,compile_fail expect=\"future cannot be sent between threads safely\")")
    if fence.expected_message is not None and not has("compile_fail"):
        err("bad-attributes", "expect=\"...\" names the error of a compile_fail block; add compile_fail or remove it")
    if has("compile_fail") and (has("run") or fence.lint):
        err("bad-attributes", "compile_fail cannot be combined with run or lint=")
    if has("ignore") and len(fence.attributes) > 1:
        err("bad-attributes", "ignore cannot be combined with other attributes (nothing is compiled)")
    if len([a for a in fence.attributes if ERROR_CODE.match(a)]) > 1:
        err("bad-attributes", "name one expected error code per compile_fail block")
    return out


OPTION = re.compile(r'([A-Za-z_][\w-]*)="[^"]*"|([A-Za-z_][\w-]*)=[^\s"]+')
ALLOWED_OPTIONS = {"title", "hl_lines", "linenums", "expect"}


def info_string_problem(fence: Fence) -> str | None:
    """What is wrong with the text after the language (None when nothing is).

    Why strict: pymdownx silently gives up on an info string it cannot read, and then the block is
    rendered as paragraphs (`#[tokio::main]` becomes a heading) while its attributes are ignored. So
    `rust, run` (space after the comma) or a stray word is an error here, not a quiet non-example."""
    rest = fence.options
    leftover = OPTION.sub(" ", rest).strip()
    if leftover:
        word = leftover.split()[0]
        if word.startswith(",") or rest.startswith(","):
            return (f"space after a comma in the info string; write attributes comma-separated with no spaces "
                    f"(```{fence.language},{word.lstrip(',')})")
        if fence.language == "rust" and (word in FLAG_ATTRIBUTES or ERROR_CODE.match(word) or word.startswith("lint=")):
            return (f"{word!r} is after a space, so it would be ignored; attributes go before the first space, "
                    f"comma-separated with no spaces (```rust,{word})")
        return (f"unexpected {word!r} after the language; after the first space only options such as "
                'title="..." or hl_lines="1 2" may follow')
    for m in OPTION.finditer(rest):
        key = m.group(1) or m.group(2)
        if key not in ALLOWED_OPTIONS:
            return f"unknown fence option {key!r}; allowed: {', '.join(sorted(ALLOWED_OPTIONS))}"
    return None


def _toml_line(error: Exception) -> int:
    m = re.search(r"line (\d+)", str(error))
    return int(m.group(1)) if m else 1


def _closest(word: str, candidates: list[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return match[0] if match else None


def fenced_lines(markdown: str, path: str = "") -> list[bool]:
    """For each line of `markdown`, whether it belongs to a code fence (so link, id and path scanners
    skip code the same way)."""
    return code_lines(markdown)


def front_matter_lines(source: str, markdown: str) -> int:
    """MkDocs strips YAML front matter before hooks see a page; the number of file lines it removed,
    so hooks can report lines of the file on disk."""
    return source.count("\n") - markdown.count("\n") if source.endswith(markdown) else 0


# --- Rust source: hidden lines ------------------------------------------------------------------

def is_hidden(line: str) -> bool:
    """rustdoc's rule: a line whose trimmed text is `#` or starts with `# ` is compiled but not shown."""
    stripped = line.strip()
    return stripped == "#" or stripped.startswith("# ")


def compiled_line(line: str) -> str:
    """The line as the compiler sees it: hidden-line marker removed, `##` unescaped to `#`."""
    stripped = line.lstrip()
    lead = line[: len(line) - len(stripped)]
    if stripped == "#":
        return ""
    if stripped.startswith("# "):
        return lead + stripped[2:]
    if stripped.startswith("##"):
        return lead + stripped[1:]
    return line


def displayed_lines(fence: Fence) -> list[str]:
    """The lines a reader sees: hidden lines dropped, `##` unescaped."""
    if fence.language != "rust" or fence.is_included:
        return list(fence.body)
    return [compiled_line(line) for line in fence.body if not is_hidden(line)]


def compiled_source(fence: Fence) -> list[tuple[int, str]]:
    """(markdown line, source line) for every line the compiler sees, hidden ones included."""
    return [(fence.body_start + k, compiled_line(line)) for k, line in enumerate(fence.body)]


def needs_main_wrapper(fence: Fence) -> bool:
    """rustdoc wraps a block in `fn main() { ... }` unless it defines `fn main` itself."""
    return not any(re.search(r"\bfn\s+main\s*\(", line) for _, line in compiled_source(fence))


def program_text(fence: Fence) -> str:
    """The whole program, as a reader running it elsewhere would need it (used for the Run link)."""
    source = [line for _, line in compiled_source(fence)]
    if not needs_main_wrapper(fence):
        return "\n".join(source) + "\n"
    inner = [line for line in source if line.lstrip().startswith("#![")]
    rest = [line for line in source if not line.lstrip().startswith("#![")]
    return "\n".join(inner + ["fn main() {"] + ["    " + line if line else line for line in rest] + ["}"]) + "\n"


def playground_url(fence: Fence) -> str | None:
    """A play.rust-lang.org link for blocks the playground can build, else None."""
    if not fence.expects_to_compile:
        return None
    code = program_text(fence)
    if NOT_ON_PLAYGROUND.search(code) or re.search(r"^\s*(use|extern crate)\s+(axum|tonic|hyper|tower)", code, re.M):
        return None
    return PLAYGROUND_URL.format(edition=fence.edition, code=quote(code, safe=""))


# --- Rewriting the page for display -----------------------------------------------------------------

def badge(fence: Fence) -> tuple[str, str] | None:
    """(css modifier, label) for the badge shown above a block that is not a plain compiling example."""
    if fence.language != "rust":
        return None
    if fence.has("compile_fail"):
        code = fence.error_code or fence.expected_message
        return "compile-fail", f"does not compile: {code}" if code else "does not compile"
    if fence.lint:
        return "lint", f"lint: {fence.lint}"
    if fence.has("ignore"):
        return "ignore", "not compiled"
    if fence.has("should_panic"):
        return "panic", "panics when run"
    if fence.is_included:
        return "included", "from examples/ (built and tested as a crate)"
    return None


def render(text: str, page: ParsedPage, run_links: bool = True, offset: int = 0) -> str:
    """Return the Markdown that Python-Markdown should see: Rust info strings reduced to `rust` plus
    their Material options, hidden lines removed, a badge before and a Run link after where they apply.
    Line positions of non-Rust content are not preserved (nothing downstream needs them)."""
    lines = text.split("\n")
    out: list[str] = []
    cursor = 0
    for fence in page.fences:
        first, last = fence.start - 1 - offset, fence.end - offset  # slice of `lines` holding the fence
        out.extend(lines[cursor:first])
        cursor = last
        if fence.language != "rust":
            out.extend(lines[first:last])
            continue
        b = badge(fence)
        if b:
            modifier, label = b
            out.append(f'{fence.indent}<span class="fg-badge fg-badge--{modifier}">{html.escape(label)}</span>')
            out.append("")
        info = "rust" + (f" {fence.display_options}" if fence.display_options else "")
        out.append(f"{fence.indent}{fence.marker}{info}")
        shown = fence.body if fence.is_included else displayed_lines(fence)
        out.extend(f"{fence.indent}{line}" if line else "" for line in shown)
        out.append(f"{fence.indent}{fence.marker}")
        url = playground_url(fence) if run_links else None
        if url:
            out.append("")
            out.append(f'{fence.indent}<a class="fg-run" href="{url}" rel="noopener" '
                       f'title="Open this example, hidden lines included, in the Rust Playground">Run ▸</a>')
            out.append("")
    out.extend(lines[cursor:])
    return "\n".join(out)


HIGHLIGHT_DIV = re.compile(r'<div class="((?:language-\w+ )?highlight)"')


def exclude_code_from_search(html: str) -> str:
    """Mark rendered code blocks `data-search-exclude` (honoured by Material's search plugin).

    Why: examples repeat API paths many times, so with code indexed a query such as
    `tokio::sync::mpsc` ranks whichever page has the most examples, not the section that explains
    the API. Prose, headings and inline code stay searchable."""
    return HIGHLIGHT_DIV.sub(r'<div class="\1" data-search-exclude', html)


CODE_IN_PRE = re.compile(r'(<pre[^>]*>(?:<span></span>)?)<code>')


def focusable_code_blocks(html: str) -> str:
    """Give every rendered code block `tabindex="0"` so keyboard users can scroll wide blocks.

    Why at build time: Material sets the tabindex only when it mounts a block and finds it scrollable,
    and with its `content.lazy` feature (which keeps long pages responsive on phones) a block is mounted
    only once it has been on screen. Without this, wide blocks further down the page could not be
    reached with Tab. Once a block is mounted, Material removes the tabindex again if it does not
    scroll."""
    return CODE_IN_PRE.sub(r'\1<code tabindex="0">', html)


WHITESPACE_TOKEN = re.compile(r'<span class="w">([ \t\n]*)</span>')
NAME_TOKEN = re.compile(r'<span class="n">([^<]*)</span>')
PRE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.S)


def unwrap_unstyled_tokens(html: str) -> str:
    """Drop the Pygments spans that change nothing on screen: `w` (whitespace) everywhere, and `n`
    (plain names) in code blocks.

    Why: the theme gives whitespace no style, and in code blocks draws plain names in
    `--md-code-hl-name-color`, which Material defines as `--md-code-fg-color`, the colour of all code
    text (tests/unit/test_fences.py checks the installed theme and our stylesheet still agree). Inline
    code keeps its `n` spans: inside a link it takes the link colour, and names would change colour.
    Together these spans were about half the elements on the longest pages (5,500 of the pattern
    catalogue's 17,000), and every element costs HTML parsing, style and layout in the reader's browser
    and BeautifulSoup passes in the build. The text itself is kept, so what is shown and copied is
    unchanged."""
    html = WHITESPACE_TOKEN.sub(r"\1", html)
    return PRE_BLOCK.sub(lambda block: NAME_TOKEN.sub(r"\1", block.group(0)), html)


HIGHLIGHT_BLOCK = re.compile(r'<div class="((?:language-[\w-]+ )?highlight)"([^>]*)>(.*?</code></pre>)', re.S)
# Rendered height of a block in em of its own font size, measured in Chromium with the theme's CSS
# (identical at 412, 1280 and 2560px wide, because code scrolls instead of wrapping).
LINE_HEIGHT_EM, PADDING_EM, TITLE_EM = 1.19, 1.32, 2.55


def code_block_em(body: str) -> float:
    """Expected rendered height of one code block (the inside of its highlight div), in its own em."""
    code = body[body.find("<code"):]
    lines = max(1, code.count("\n"))
    return lines * LINE_HEIGHT_EM + PADDING_EM + (TITLE_EM if 'class="filename"' in body else 0)


def size_placeholders(html: str) -> str:
    """Give each code block its expected height as `contain-intrinsic-size`.

    Why: blocks are `content-visibility: auto` (see field-guide.css), so the browser lays out blocks
    off screen at their placeholder height. With one guess for every block, a 60-line block counts as
    a few lines until it is drawn, and jumping to a section further down (a review link, a search
    result) lands hundreds of pixels away from it. The line count gives the real height."""
    def sized(match: re.Match) -> str:
        classes, attrs, body = match.groups()
        if "style=" in attrs:
            return match.group(0)
        height = code_block_em(body)
        return f'<div class="{classes}"{attrs} style="contain-intrinsic-size: auto {height:.1f}em">{body}'
    return HIGHLIGHT_BLOCK.sub(sized, html)


# --- Proof that every fence reached the page ----------------------------------------------------------

# With pymdownx.highlight a block is `<div class="language-rust highlight">` (the language class only
# with `pygments_lang_class`); with plain superfences it is `<pre><code class="language-rust">`.
RENDERED_CODE = re.compile(r'<div class="(?:language-([\w-]+) )?highlight"|<pre[^>]*><code class="language-([\w-]+)"')
RENDERED_DIAGRAM = re.compile(r'<(?:div|pre)\s+class="mermaid"')


def block_counts(page: ParsedPage) -> dict[str, int]:
    """How many fences of each language the source holds."""
    counts: dict[str, int] = {}
    for fence in page.fences:
        counts[fence.language] = counts.get(fence.language, 0) + 1
    return counts


def missing_blocks(expected: dict[str, int], html: str, path: str) -> list[Finding]:
    """Compare the fences found in the source with the code blocks in the built page.

    Why: the checker and the page both read the source, but Python-Markdown renders it. If the two
    ever disagree (an extension swallows a fence, a fence is merged into HTML, a hook drops one), an
    example would reach readers unchecked or vanish; this makes that a build error instead. Diagrams
    may outnumber their fences (decision trees add their own), so only a shortfall counts for them."""
    rendered: dict[str, int] = {}
    unlabelled = 0
    for m in RENDERED_CODE.finditer(html):
        language = m.group(1) or m.group(2)
        if language:
            rendered[language] = rendered.get(language, 0) + 1
        else:
            unlabelled += 1
    diagrams = len(RENDERED_DIAGRAM.findall(html))
    out = []
    at_least = {"mermaid"}  # decision trees add diagrams of their own
    if unlabelled:
        # The renderer does not say which language a block is (no pygments_lang_class, as in fixture
        # sites): compare totals, and since generated diagrams may render as code there, only a shortfall.
        expected = {"code": sum(expected.values())}
        rendered = {"code": unlabelled + sum(rendered.values()) + diagrams}
        at_least = {"code"}
    else:
        rendered["mermaid"] = diagrams
    for language in sorted(set(expected) | set(rendered)):
        want, got = expected.get(language, 0), rendered.get(language, 0)
        if want != got and not (language in at_least and got > want):
            out.append(Finding(path, 1, "fence-count",
                               f"the source has {want} {language} fence(s) but the built page shows {got}: a fence was "
                               "swallowed, merged or split on the way to the page; check for a missing closing fence, "
                               "a fence inside HTML, or a fence with an info string the renderer cannot read"))
    return out


# --- Included files (pymdownx.snippets) ----------------------------------------------------------------

def snippet_problems(fence: Fence, bases: list[Path]) -> list[Finding]:
    """A `--8<-- "file[:section]"` line whose file or named section does not exist.

    Why here: pymdownx.snippets raises an exception naming neither the page nor the line, which ends
    the build (and `make serve`) with a traceback. Reported here, the line is dropped before snippets
    sees it, so the build ends with this message instead."""
    out = []
    for k, line in enumerate(fence.body):
        m = SNIPPET_LINE.match(line.strip())
        if not m:
            continue
        name, _, section = m.group(1).partition(":")
        file = next((b / name for b in bases if (b / name).is_file()), None)
        where = fence.body_start + k
        if file is None:
            out.append(Finding(fence.path, where, "missing-snippet",
                               f"included file {name!r} does not exist under {', '.join(str(b) for b in bases)}; fix "
                               "the path (it is relative to examples/, e.g. crates/<crate>/src/main.rs)"))
        elif section and not re.fullmatch(r"[\d:-]+", section) and \
                f"[start:{section}]" not in file.read_text(encoding="utf-8", errors="replace"):
            out.append(Finding(fence.path, where, "missing-snippet",
                               f"{name} has no section {section!r}; mark it in the file with "
                               f"`// --8<-- [start:{section}]` and `// --8<-- [end:{section}]`"))
    return out


def drop_lines(markdown: str, line_numbers: set[int], offset: int = 0) -> str:
    """Blank out the given (file) lines, keeping line numbers, so a reported problem cannot also crash
    a later stage of the build."""
    lines = markdown.split("\n")
    for number in line_numbers:
        index = number - 1 - offset
        if 0 <= index < len(lines):
            lines[index] = ""
    return "\n".join(lines)
