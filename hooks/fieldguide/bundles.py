"""The guide for coding agents: llms.txt, llms-full.txt and an Agent Skill (DESIGN.md section 13).

All three are built from the Markdown copies of the pages (fieldguide.export), so they say the same as
the site: hidden lines removed, badges as words, every link absolute, every review id with its short
link.

- `llms.txt` (https://llmstxt.org): an H1, a one-paragraph summary in a block quote, a few lines on how
  to read the copies, then H2 sections (the site's nav sections) listing each page's Markdown copy with
  its front-matter description and its size in tokens. `## Optional` holds what an agent with little
  context can skip: the whole guide in one file, the review-id catalogue and the reading list.
- `llms-full.txt`: every page's copy in nav order, each preceded by its URLs.
- `async-rust-field-guide-skill.zip`: `async-rust/SKILL.md` (front matter per the Agent Skills spec, a
  body of a few thousand tokens: when to use it, the mental model in brief, the decision trees condensed
  from data/decisions, an index of the footguns with their short links, a map of the references) and
  `async-rust/references/`: every page's copy plus `review-ids.md`, each review id with its one-line
  rule and short link. `tests/build/test_exports.py` validates it with `agentskills validate`.

Pure module: no MkDocs import. The adapter is hooks/export_hook.py.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass

from fieldguide import decision_markdown, decisions, escape, review_ids
from fieldguide.export import Site

SKILL_NAME = "async-rust"
SKILL_ZIP = "async-rust-field-guide-skill.zip"
LLMS_TXT = "llms.txt"
LLMS_FULL_TXT = "llms-full.txt"
# What an agent short of context can skip (llms.txt `## Optional`): the review-id catalogue (a long table
# that references/review-ids.md and every page's own review links repeat) and the external reading list.
OPTIONAL_PAGES = ("rules.md", "resources.md")
DESCRIPTION_LIMIT = 1024  # Agent Skills spec (skills-ref's validator)


@dataclass
class Page:
    src_uri: str          # "mental-model.md"
    title: str            # nav title
    section: str          # nav section ("Foundations"), or "" for a top-level page
    description: str      # front matter description
    markdown: str         # the page's Markdown copy

    @property
    def tokens(self) -> int:
        return estimate_tokens(self.markdown)


def estimate_tokens(text: str) -> int:
    """A rough token count (characters / 4), the estimate the llms.txt sizes and the skill budget use."""
    return len(text) // 4


def _size(tokens: int) -> str:
    return f"~{round(tokens / 1000)}k tokens" if tokens >= 1000 else f"~{tokens} tokens"


def copy_url(site: Site, page: Page) -> str:
    return site.site_url + page.src_uri


def _groups(pages: list[Page]) -> list[tuple[str, list[Page]]]:
    """Pages grouped by nav section, in nav order; top-level pages before the first section are
    "Start here", later ones "More"."""
    groups: list[tuple[str, list[Page]]] = []
    seen_section = False
    for page in pages:
        name = page.section or ("More" if seen_section else "Start here")
        seen_section = seen_section or bool(page.section)
        if groups and groups[-1][0] == name:
            groups[-1][1].append(page)
        else:
            groups.append((name, [page]))
    return groups


def _how_to_read(site: Site, versions: dict | None) -> list[str]:
    crates = ", ".join(f"{name} {v}" for name, v in sorted(((versions or {}).get("crates") or {}).items()))
    pinned = f" ({crates})" if crates else ""
    return [
        f"Every Rust block in these pages is compiled against pinned crate versions{pinned}. A line in italics "
        "before a block says what the checker proved about it: `does not compile: E0277` (or the error "
        "message), `lint: await_holding_lock` (the lint fires on it), `panics when run`, `not compiled`; an "
        "`Output:` block is the program's checked stdout. Hidden setup lines are left out, as on the site.",
        "",
        f"Sections that a code review can cite have a permanent short link, `{site.site_url}r/<id>/`, printed "
        "after their heading as `Review link: <...>`. Links point at the HTML pages of the site; each page's "
        "Markdown copy is the same URL with `.md` instead of `.html`.",
    ]


def llms_txt(site: Site, pages: list[Page], site_name: str, summary: str, versions: dict | None = None) -> str:
    main = [p for p in pages if p.src_uri not in OPTIONAL_PAGES]
    optional = [p for p in pages if p.src_uri in OPTIONAL_PAGES]
    full_tokens = sum(p.tokens for p in pages)
    out = [f"# {site_name}", "", f"> {' '.join(summary.split())}", ""]
    out += _how_to_read(site, versions)
    out += ["", f"The same pages as an Agent Skill (SKILL.md plus references/): [{SKILL_ZIP}]({site.site_url}{SKILL_ZIP}).",
            ""]
    for name, group in _groups(main):
        out += [f"## {name}", ""]
        out += [_entry(site, p) for p in group]
        out.append("")
    out += ["## Optional", ""]
    out.append(f"- [The whole guide in one file]({site.site_url}{LLMS_FULL_TXT}): every page above in nav order "
               f"({_size(full_tokens)})")
    out += [_entry(site, p) for p in optional]
    return "\n".join(out).rstrip() + "\n"


def _entry(site: Site, page: Page) -> str:
    description = page.description or page.title
    return f"- [{page.title}]({copy_url(site, page)}): {description} ({_size(page.tokens)})"


def llms_full_txt(site: Site, pages: list[Page], site_name: str, summary: str, versions: dict | None = None) -> str:
    out = [f"# {site_name}", "", f"> {' '.join(summary.split())}", ""]
    out += _how_to_read(site, versions)
    out.append("")
    for page in pages:
        html = site.absolute(page.src_uri, page.src_uri)
        out += ["---", "", f"Page: <{html}> (Markdown: <{copy_url(site, page)}>)", "", page.markdown.rstrip(), ""]
    return "\n".join(out).rstrip() + "\n"


# --- the Agent Skill ---------------------------------------------------------------------------------

def skill_description(versions: dict | None) -> str:
    crates = ((versions or {}).get("crates") or {})
    taught = [f"{name} {crates[name]}" for name in ("tokio", "axum", "tonic", "tower", "hyper") if name in crates]
    stack = f" ({', '.join(taught)})" if taught else ""
    text = ("Checked field guide to async Rust on Tokio and its ecosystem" + stack + ". Use when writing, "
            "reviewing or debugging async Rust: choosing between spawn, join, select!, JoinSet and channels; "
            "blocking calls in async code; locks held across .await; Send and 'static errors from "
            "tokio::spawn; select! and timeout cancellation safety; backpressure; graceful shutdown; errors "
            "across tasks; testing with paused time; tower middleware for axum and tonic; runtime performance. "
            "Every example was compiled against pinned crates, and every rule has a permanent review link to "
            "cite in code review.")
    return text[:DESCRIPTION_LIMIT]


MENTAL_MODEL = [
    ("An `async fn` call only builds a future, a state machine with one state per `.await`. Nothing runs "
     "until something polls it: `.await`, `tokio::spawn` or `block_on`. A future that is never awaited "
     "does nothing.", "futures-are-lazy"),
    ("`poll` returns `Ready(value)` or `Pending`. Before returning `Pending` a future arranges for its "
     "`Waker` to be called; the wake puts the task back in the run queue and the runtime polls it again.",
     "runtime-tasks-scheduler-drivers"),
    ("Scheduling is cooperative: the code between two `.await`s holds its worker thread. A blocking call or "
     "long CPU work stalls every task queued behind it; move it to `spawn_blocking`, rayon or a dedicated "
     "thread.", "blocking-the-runtime"),
    ("Cancellation is dropping: a future can be dropped at any `.await` (`select!`, `timeout`, `abort`, a "
     "client disconnect). The code after that point never runs, only destructors do, so know what each "
     "`.await` loses when dropped.", "cancellation-is-drop"),
    ("`tokio::spawn` needs `Send + 'static`: the task may move between worker threads and outlive its "
     "caller. A `!Send` value (`Rc`, a std `MutexGuard`, a `RefCell` borrow) alive across an `.await` makes "
     "the whole future `!Send`.", "send-and-static"),
    ("`Pin`: a future that has been polled may point into itself, so it must not move. Pin it (`pin!`, "
     "`Box::pin`) before polling it by reference, as in a `select!` loop.", "pin-self-referential-futures"),
    ("Bound every queue: bounded channels and semaphores make producers wait (backpressure); an unbounded "
     "channel moves overload into memory.", "backpressure"),
    ("Dropping a `JoinHandle` detaches the task, it does not cancel it. Track tasks (`JoinSet`, "
     "`TaskTracker`) and shut them down in phases: stop accepting, drain, then stop.",
     "dropping-joinhandle-does-not-cancel"),
]


def _link(site: Site, ident: str) -> str:
    return f"<{site.short_link(ident)}>"


def skill_md(site: Site, pages: list[Page], trees: dict[str, decisions.Tree], registry: review_ids.Registry | None,
             versions: dict | None = None) -> str:
    md = escape.markdown_inline
    crates = ((versions or {}).get("crates") or {})
    pinned = ", ".join(f"{n} {crates[n]}" for n in ("tokio", "tokio-util", "futures", "axum", "tonic", "tower", "hyper")
                       if n in crates)
    rustc = (versions or {}).get("rustc", "")
    out = ["---", f"name: {SKILL_NAME}", f"description: {json.dumps(skill_description(versions))}", "---", "",
           "# Async Rust field guide (Tokio ecosystem)", "",
           f"Checked reference for async Rust, from {site.site_url}. Every Rust example in `references/` "
           "compiles (or fails with the error it names) against pinned crates"
           + (f": {pinned}" if pinned else "") + (f"; {rustc.split(' (')[0]}, edition 2024" if rustc else "") + ".", "",
           "## When to use this skill", "",
           "- Writing async Rust with tokio, axum, tonic, hyper, tower or tokio-util: pick the primitive, "
           "channel and shutdown scheme from the decision trees below, then read the linked section.",
           "- Reviewing async Rust: check the code against the footgun index; cite the short link of the rule "
           "(`r/<id>/`) in the review comment. `references/review-ids.md` lists every rule with its link.",
           "- Debugging a hang, a lost message, slow tail latency, a shutdown that never ends, or a compile error "
           "about `Send`, `'static` or `Pin` in async code.", "",
           "How to read the references: each file is one page of the site as Markdown. A line in italics before "
           "a block says what the checker proved: `does not compile: E0277`, `lint: await_holding_lock`, "
           "`panics when run`, `not compiled`; the block after a bad example is its fix. `Output:` blocks are "
           "checked stdout. Each section with a review id is followed by `Review link: <...r/<id>/>`; search "
           "for `r/<id>/` to find it.", "",
           "## The mental model in brief", ""]
    for text, ident in MENTAL_MODEL:
        out.append(f"- {text} {_link(site, ident)}")
    out += ["", "## Decisions", ""]
    for tree in trees.values():
        out += [f"**{md(tree.title)}**", ""]
        out += _condensed_tree(tree, site)
        out.append("")
    out += ["## Footgun index", "",
            "Each footgun's section says what happens, why it is bad, shows a checked bad example and the fix, "
            "and how to detect it.", ""]
    footguns: dict[str, list[review_ids.Entry]] = {}
    for e in (registry.ids.values() if registry is not None else []):
        if e.kind == "footgun":
            footguns.setdefault(e.page, []).append(e)
    for page in sorted(footguns):
        out += [f"In `references/{page}.md`:", ""]
        out += [f"- {md(e.title)}: {_link(site, e.id)}" for e in sorted(footguns[page], key=lambda e: e.title.lower())]
        out.append("")
    out += ["## Which reference answers what", ""]
    for page in pages:
        out.append(f"- `references/{page.src_uri}` ({page.title}): {md(_gist(page.description or page.title))}")
    out.append("- `references/review-ids.md`: every review id with its one-line rule and short link.")
    return "\n".join(out).rstrip() + "\n"


def _gist(text: str, limit: int = 120) -> str:
    """A description cut to its first sentence, and to `limit` characters at a word boundary."""
    text = " ".join(text.split())
    m = re.match(r"(.+?[.!?])(?:\s|$)", text)
    text = m.group(1) if m else text
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _condensed_tree(tree: decisions.Tree, site: Site) -> list[str]:
    """The tree's walk as in the Markdown copy (fieldguide.decision_markdown), each answer cut to its
    title and short link."""
    md = escape.markdown_inline
    return decision_markdown.nested_list(tree, "  ", " ->", lambda a: f"{md(a.title)} {_link(site, a.id)}")


def review_ids_md(site: Site, registry: review_ids.Registry | None) -> str:
    """Every review id, its one-line rule (the registry's `why`, else its title) and its short link."""
    md = escape.markdown_inline
    out = ["# Review ids", "",
           "Every permanent review id of the Async Rust Field Guide, by page. Cite the short link in a code "
           "review; it keeps working when the section is renamed or moved. Each line: id (kind, reference "
           "file): rule. Short link.", ""]
    if registry is None:
        return "\n".join(out)
    by_page: dict[str, list[review_ids.Entry]] = {}
    for e in registry.ids.values():
        by_page.setdefault(e.page, []).append(e)
    for page in sorted(by_page):
        out += [f"## {page}", ""]
        for e in sorted(by_page[page], key=lambda e: e.id):
            rule = " ".join(str(e.why or e.title).split())
            out.append(f"- `{e.id}` ({e.kind}, `references/{e.page}.md`): {md(rule)} <{site.short_link(e.id)}>")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def skill_files(site: Site, pages: list[Page], trees: dict[str, decisions.Tree],
                registry: review_ids.Registry | None, versions: dict | None = None) -> dict[str, str]:
    """Path inside the zip -> text."""
    files = {f"{SKILL_NAME}/SKILL.md": skill_md(site, pages, trees, registry, versions)}
    for page in pages:
        files[f"{SKILL_NAME}/references/{page.src_uri}"] = page.markdown
    files[f"{SKILL_NAME}/references/review-ids.md"] = review_ids_md(site, registry)
    return files


def zip_bytes(files: dict[str, str]) -> bytes:
    """A reproducible zip: sorted entries, fixed timestamps and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name].encode("utf-8"))
    return buffer.getvalue()


def skill_body(skill: str) -> str:
    """SKILL.md without its front matter (what the token budget is about)."""
    if skill.startswith("---"):
        end = skill.find("\n---", 3)
        return skill[end + 4:] if end != -1 else skill
    return skill
