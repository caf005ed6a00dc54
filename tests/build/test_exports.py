"""The guide for coding agents and for print, as the real site builds it: a Markdown copy of every page,
llms.txt and llms-full.txt, the Agent Skill zip, and the print view. Every link they hold resolves to a
built page and anchor, nothing the copies should not hold leaks into them, and the skill validates."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import IN_CI, REPO
from fieldguide import bundles, encoding, export, fences, links, print_view, review_ids

SITE_URL = re.search(r"(?m)^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text()).group(1).rstrip("/") + "/"
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
AUTOLINK = re.compile(r"<(?:https?|mailto):[^<>\s]+>")


def nav_pages() -> list[str]:
    """docs/<page>.md files in mkdocs.yml's nav, in order."""
    return re.findall(r"(?m)^\s+- (?:[^:\n]+: )?([\w/-]+\.md)\s*$", (REPO / "mkdocs.yml").read_text())


@cache
def site_files(site: Path) -> links.SiteIndex:
    files: dict[str, set[str]] = {}
    for path in site.rglob("*"):
        if path.is_file():
            rel = path.relative_to(site).as_posix()
            files[rel] = links.ids_in_html(path.read_text(encoding="utf-8")) if path.suffix == ".html" else set()
    return links.SiteIndex(files, {})


def unresolved(url: str, site: Path) -> str | None:
    """Why an absolute link into the site does not resolve (None when it does, or when it leaves the site)."""
    if not url.startswith(SITE_URL):
        return None
    parts = urlsplit(url[len(SITE_URL):])
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    index = site_files(site)
    candidates = [path] if path and not path.endswith("/") else []
    candidates.append(f"{path.rstrip('/')}/index.html" if path.rstrip("/") else "index.html")
    dest = next((c for c in candidates if c in index.files), None)
    if dest is None:
        return "no such file in the built site"
    if fragment and fragment not in index.files[dest]:
        return f"{dest} has no element with id {fragment!r}"
    return None


def exported_texts(site: Path, tmp_path: Path) -> dict[str, str]:
    """Every text the exports consist of: the copies, llms.txt, llms-full.txt and the skill's files."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(site.glob("*.md"))}
    texts["llms.txt"] = (site / "llms.txt").read_text(encoding="utf-8")
    texts["llms-full.txt"] = (site / "llms-full.txt").read_text(encoding="utf-8")
    with zipfile.ZipFile(site / bundles.SKILL_ZIP) as archive:
        for name in archive.namelist():
            texts[f"skill:{name}"] = archive.read(name).decode("utf-8")
    return texts


def test_every_page_has_a_markdown_copy_linked_from_its_head(built_site):
    pages = sorted(p.name for p in (REPO / "docs").glob("*.md"))
    missing = [p for p in pages if not (built_site / p).is_file()]
    assert not missing, f"no Markdown copy for: {missing}"
    unlinked = []
    for page in pages:
        html = (built_site / page.replace(".md", ".html")).read_text(encoding="utf-8")
        head = html[: html.find("</head>")]
        tags = re.findall(r"<link\b[^>]*>", head)
        if not any('type="text/markdown"' in t and f'href="{page}"' in t and 'rel="alternate"' in t for t in tags):
            unlinked.append(page)
        if f'data-fg-markdown="{page}"' not in html:
            unlinked.append(f"{page} (copy button)")
    assert not unlinked, f"pages without <link rel=alternate type=text/markdown> to their copy: {unlinked}"


def test_every_link_in_the_exports_resolves_to_a_built_page_and_anchor(built_site, tmp_path):
    bad = []
    skill_files = {n.removeprefix("skill:") for n in exported_texts(built_site, tmp_path) if n.startswith("skill:")}
    for name, text in exported_texts(built_site, tmp_path).items():
        for line, target in export.link_targets(text):
            if target.startswith("mailto:"):
                continue
            if name.startswith("skill:") and not urlsplit(target).scheme:
                # A link between the skill's own files (SKILL.md -> references/x.md).
                inside = f"{Path(name.removeprefix('skill:')).parent.as_posix()}/{target.split('#')[0]}"
                if inside not in skill_files:
                    bad.append(f"{name}:{line}: {target} (no such file in the skill)")
                continue
            if not urlsplit(target).scheme:
                bad.append(f"{name}:{line}: {target} is relative; the exports link absolutely (to {SITE_URL})")
                continue
            why = unresolved(target, built_site)
            if why:
                bad.append(f"{name}:{line}: {target}: {why}")
    assert not bad, f"{len(bad)} broken links in the exports:\n" + "\n".join(bad[:40])


def _escaped_hidden_lines() -> set[str]:
    """Displayed lines that look hidden only because the page escaped a literal `#` as `##`."""
    out = set()
    for page in (REPO / "docs").glob("*.md"):
        for fence in fences.parse(encoding.read_text(page), f"docs/{page.name}").fences:
            out |= {line for line in fences.displayed_lines(fence) if fence.language == "rust" and fences.is_hidden(line)}
    return out


def test_nothing_leaks_into_the_copies(built_site, tmp_path):
    allowed_hidden = _escaped_hidden_lines()
    bad = []
    for name, text in exported_texts(built_site, tmp_path).items():
        if name.endswith(".zip"):
            continue
        for line, prose in export.prose_lines(text):
            masked = AUTOLINK.sub("", prose)
            for what, found in (("attribute list", "{ #" in masked or "{:" in masked),
                                ("HTML comment or directive", "<!--" in masked),
                                ("HTML tag", HTML_TAG.search(masked) is not None)):
                if found:
                    bad.append(f"{name}:{line}: {what}: {prose.strip()[:100]}")
        for language, body, _ in export.code_blocks(text):
            for code_line in body:
                if language == "rust" and fences.is_hidden(code_line) and code_line not in allowed_hidden:
                    bad.append(f"{name}: hidden Rust line in a block: {code_line.strip()[:100]}")
    assert not bad, f"{len(bad)} leaks:\n" + "\n".join(bad[:40])


def test_every_badge_of_the_source_is_in_the_copy(built_site):
    """A page's copy says, in words before each block, what the page's badges say: a `compile_fail`
    block still does not compile in the copy."""
    checked = 0
    for page in sorted((REPO / "docs").glob("*.md")):
        copy = (built_site / page.name).read_text(encoding="utf-8")
        for fence in fences.parse(encoding.read_text(page), f"docs/{page.name}").fences:
            labels = export.badges(fence)
            if labels:
                line = f"*{'; '.join(labels)}*"
                assert copy.count(line) >= 1, f"docs/{page.name}:{fence.start}: {line} is not in {page.name}'s copy"
                checked += 1
    assert checked, "no badged block found on any page"
    example = (built_site / "footguns-and-pitfalls.md").read_text(encoding="utf-8")
    assert re.search(r"^\*does not compile: (E\d{4}|[a-z].*)\*\n\n```rust\n", example, re.M)


def test_llms_txt_lists_every_page_copy(built_site):
    text = (built_site / "llms.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0].startswith("# ") and lines[2].startswith("> "), "llms.txt: H1, then a summary block quote"
    assert "\n## Optional\n" in text
    for page in nav_pages():
        assert f"]({SITE_URL}{page}): " in text, f"llms.txt does not list {page}"
    full = (built_site / "llms-full.txt").read_text(encoding="utf-8")
    positions = [full.find(f"(Markdown: <{SITE_URL}{page}>)") for page in nav_pages()]
    assert -1 not in positions and positions == sorted(positions), "llms-full.txt holds every page in nav order"


def test_the_skill_round_trips_and_validates(built_site, tmp_path, capsys):
    with zipfile.ZipFile(built_site / bundles.SKILL_ZIP) as archive:
        archive.extractall(tmp_path)
    skill = tmp_path / bundles.SKILL_NAME
    references = sorted(p.name for p in (skill / "references").glob("*.md"))
    copies = sorted(p.name for p in built_site.glob("*.md"))
    assert references == sorted([*copies, "review-ids.md"]), "the skill holds every page's copy and review-ids.md"
    for name in copies:
        assert (skill / "references" / name).read_text() == (built_site / name).read_text(), name
    registry = review_ids.load(REPO / "data" / "review-ids.yml")
    listing = (skill / "references" / "review-ids.md").read_text()
    missing = [i for i in registry.ids if f"`{i}`" not in listing or f"<{SITE_URL}r/{i}/>" not in listing]
    assert not missing, f"review-ids.md lacks: {missing[:10]}"

    cli = shutil.which("agentskills") or str(Path(sys.executable).parent / "agentskills")
    if not Path(cli).exists():
        if IN_CI:
            pytest.fail("agentskills (PyPI skills-ref) is not installed; it is in requirements.lock")
        pytest.skip("agentskills (PyPI skills-ref) is not installed")
    proc = subprocess.run([cli, "validate", str(skill)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    body = bundles.skill_body((skill / "SKILL.md").read_text())
    tokens = bundles.estimate_tokens(body)
    with capsys.disabled():
        print(f"\n{proc.stdout.strip()}; SKILL.md body ~{tokens} tokens (characters / 4; agentskills gives no "
              f"estimate), {len(references)} reference files")
    assert tokens <= 5000, f"SKILL.md's body is ~{tokens} tokens; keep it under 5,000 (see fieldguide/bundles.py)"


def test_the_print_view_holds_every_page_in_nav_order(built_site):
    html = (built_site / print_view.PRINT_PAGE).read_text(encoding="utf-8")
    starts = [html.find(f'<section class="fg-print-chapter" id="print-{page[:-3]}"') for page in nav_pages()]
    assert -1 not in starts and starts == sorted(starts), "a chapter per nav page, in nav order"
    ids = re.findall(r' id="([^"]*)"', html)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"ids used twice in the print view: {duplicates[:10]}"
    known = set(ids)
    dangling = sorted({h for h in re.findall(r' href="#([^"]+)"', html) if unquote(h) not in known})
    assert not dangling, f"in-page links without a target in the print view: {dangling[:10]}"
    assert "r/" not in " ".join(re.findall(r'<a [^>]*href="(r/[^"]*)"', html)), "short links point inside the page"
