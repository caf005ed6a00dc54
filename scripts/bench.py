"""Measure the quality budgets of DESIGN.md section 9 and write bench/report.md + bench/report.json.

Why a script and not timed tests: timings vary with the machine and its load, so they are reported as
numbers (medians over several repetitions, ratios taken within one run), never asserted. The browser
tests assert what is not a timing: zero axe violations and zero external requests.

Measures:
  1. build: `mkdocs build` with the project's hooks vs the same docs without them (ratio), and the
     Rust block check, warm, with one block changed;
  2. page weight: bytes a first visit transfers per page (HTML, CSS, JS, fonts, images), gzip as a
     static host serves them; diagram pages also after every diagram has rendered;
  3. Lighthouse (npm `lighthouse`, Debian chromium, mobile profile, served with gzip) on the home page,
     the heaviest diagram page and the longest text page;
  4. axe-core on every page in both palettes: violations by rule;
  5. search: keystroke to results shown, the first query of a visit (index not yet loaded), the
     index size, and success at 1 and at 3 over tests/search_queries.yml, over http and file://.

Usage: python scripts/bench.py [--reps 5] [--skip-lighthouse] [--skip-rust] [--only-weights]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(REPO))
OUT = REPO / "bench"
CACHE = Path(os.environ.get("FIELD_GUIDE_CACHE", Path.home() / ".cache" / "async-rust-field-guide"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map")
BUDGETS = {
    "build_ratio": 1.3, "first_visit_kb_no_diagrams": 300, "after_diagrams_kb": 300, "search_ms": 100,
    "search_success_at_3": 0.97, "rust_check_s": 60,
    "lighthouse": {"performance": 95, "performance_diagrams": 90, "accessibility": 100,
                   "best-practices": 100, "seo": 100},
}


def median(values):
    return statistics.median(values) if values else None


# --- 1. build time ---------------------------------------------------------------------------------

FENCE_WITH_ATTRIBUTES = re.compile(r"(?m)^(\s*`{3,})(\w+),\S*")


def config_without_hooks(docs_copy: Path) -> Path:
    """A copy of mkdocs.yml without the project's hooks (same theme, plugins and Markdown extensions),
    not strict, building a copy of the docs whose fence info strings are cut back to what stock
    superfences accepts (`rust,run,should_panic` -> `rust`; titles kept).

    Why rewrite the fences: without the fence hook `rust,run` is not a valid fence opener, so every
    example would render as paragraphs and skip syntax highlighting; that baseline would be cheaper
    than any real site with the same examples, and the ratio would charge our hooks for Pygments.
    Why only the `hooks:` list is removed: the pattern is line-anchored, so the Markdown extensions
    that follow it stay (an earlier DOTALL pattern removed them too and made the baseline 3x cheaper)."""
    shutil.rmtree(docs_copy, ignore_errors=True)
    shutil.copytree(REPO / "docs", docs_copy)
    for page in docs_copy.rglob("*.md"):
        page.write_text(FENCE_WITH_ATTRIBUTES.sub(r"\1\2", page.read_text(encoding="utf-8")), encoding="utf-8")
    text = (REPO / "mkdocs.yml").read_text()
    without = re.sub(r"(?m)^hooks:\n(?:  - [^\n]*\n)+", "", text)
    if without == text or "markdown_extensions:" not in without:
        raise SystemExit("bench: could not remove exactly the hooks: list from mkdocs.yml")
    without = without.replace("strict: true", "strict: false")
    path = REPO / ".bench-no-hooks.yml"
    path.write_text(f"docs_dir: {docs_copy}\n" + without)
    return path


def time_build(config: Path, site: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO / "hooks"))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                          cwd=REPO, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0 and "strict: true" in config.read_text():
        raise SystemExit(f"build failed:\n{proc.stderr[-3000:]}")
    return elapsed


def bench_build(reps: int, site: Path) -> dict:
    docs_copy = Path(tempfile.mkdtemp(prefix="bench-docs-"))
    bare = config_without_hooks(docs_copy / "docs")
    try:
        with_hooks, without = [], []
        for _ in range(reps):  # interleave so machine load affects both alike
            with tempfile.TemporaryDirectory() as tmp:
                without.append(time_build(bare, Path(tmp) / "s"))
            with_hooks.append(time_build(REPO / "mkdocs.yml", site))
    finally:
        bare.unlink(missing_ok=True)
        shutil.rmtree(docs_copy, ignore_errors=True)
    return {"with_hooks_s": median(with_hooks), "without_hooks_s": median(without),
            "ratio": median(with_hooks) / median(without), "reps": reps,
            "samples_with": with_hooks, "samples_without": without}


def bench_rust_check() -> dict:
    """Warm check of every block, then the same with one block's source changed (restored after)."""
    from fieldguide import rust_check

    if not shutil.which("cargo"):
        return {"skipped": "cargo not found"}
    rust_check.check()  # warm
    page = REPO / "docs" / "mental-model.md"
    original = page.read_text()
    marker = "\n```rust\n"
    i = original.find(marker)
    changed = original[: i + len(marker)] + f"// bench edit {time.time()}\n" + original[i + len(marker):]
    try:
        page.write_text(changed)
        start = time.perf_counter()
        report = rust_check.check()
        elapsed = time.perf_counter() - start
    finally:
        page.write_text(original)
    return {"one_block_changed_s": elapsed, "blocks": len(report.results), "failures": len(report.failures)}


# --- a static server that gzips like a host ----------------------------------------------------------

class GzipHandler(http.server.SimpleHTTPRequestHandler):
    cache: dict = {}

    def do_GET(self):  # noqa: N802 - http.server API
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().do_GET()
        data = path.read_bytes()
        ctype = self.guess_type(str(path))
        encoding = None
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            key = str(path)
            if key not in self.cache:
                self.cache[key] = gzip.compress(data, 6)
            data, encoding = self.cache[key], "gzip"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def gzip_size(path: Path) -> int:
    data = path.read_bytes()
    return len(gzip.compress(data, 6)) if path.suffix in COMPRESSIBLE else len(data)


# --- 2, 4, 5. browser measurements ---------------------------------------------------------------------

def pages(site: Path) -> list[str]:
    # print.html is every page at once, for printing: measured by its own size below, not as a page.
    return sorted(p.relative_to(site).as_posix() for p in site.glob("*.html") if p.name not in ("404.html", "print.html"))


def export_sizes(site: Path) -> dict:
    """Bytes of the exports for coding agents and print (hooks/export_hook.py): llms.txt, llms-full.txt,
    the Agent Skill zip, the largest Markdown copy of a page and the print view."""
    copies = sorted(site.glob("*.md"), key=lambda p: p.stat().st_size)
    out = {name: (site / name).stat().st_size for name in
           ("llms.txt", "llms-full.txt", "async-rust-field-guide-skill.zip", "print.html") if (site / name).exists()}
    if copies:
        out["largest_md"] = {"page": copies[-1].name, "bytes": copies[-1].stat().st_size, "copies": len(copies)}
    return out


def bench_browser(site: Path, root: str) -> dict:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from scripts.browser_settle import settle

    weights, axe_results, search = {}, {}, {}
    axe = Axe()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, page in _visit_pages(browser, site, root, weights):
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                settle(page)  # draw every section in this scheme before the audit (see browser_settle)
                result = axe.run(page)
                rules = {v["id"]: len(v["nodes"]) for v in result.response["violations"]}
                axe_results[f"{name} ({scheme})"] = rules
        search = _search_latency(browser, root)
        search["quality"] = _search_quality(browser, site, root)
        browser.close()
    index = site / "search" / "search_index.json"
    search["index_bytes"] = index.stat().st_size
    search["index_gzip_bytes"] = gzip_size(index)
    return {"weights": weights, "axe": axe_results, "search": search}


DIAGRAMS = "figure.fg-diagram, div.mermaid"  # pre-rendered drawings; live ones if a drawing is missing
ALL_DRAWN = "n => document.querySelectorAll('figure.fg-diagram > svg, div.mermaid svg').length >= n"


def _visit_pages(browser, site: Path, root: str, weights: dict):
    """Open every built page in a fresh context, record its weights (first visit, after diagrams) into
    `weights`, and yield (name, page) so a caller can audit the loaded page before it is closed."""
    for name in pages(site):
        context = browser.new_context()
        page = context.new_page()
        urls = []
        page.on("request", lambda r, urls=urls: urls.append(r.url))
        page.goto(root + name, wait_until="networkidle")
        weights[name] = _weights_after_diagrams(page, site, root, urls)
        yield name, page
        context.close()


def _weights_after_diagrams(page, site: Path, root: str, urls: list[str]) -> dict:
    """First-visit transfer of a loaded page and, on pages with diagrams, the transfer once every
    diagram has been brought on screen and drawn (a pre-rendered drawing is part of the HTML; a
    diagram without one would load mermaid here)."""
    first = _transfer(site, root, urls)
    diagrams = page.locator(DIAGRAMS).count()
    entry = {"first_visit_bytes": first, "diagrams": diagrams,
             "live_diagrams": page.locator("div.mermaid").count()}
    if diagrams:
        for i in range(diagrams):
            page.locator(DIAGRAMS).nth(i).scroll_into_view_if_needed()
        page.wait_for_function(ALL_DRAWN, arg=diagrams, timeout=30000)
        page.wait_for_load_state("networkidle")
        entry["after_diagrams_bytes"] = _transfer(site, root, urls)
    return entry


def bench_diagram_weights(site: Path, root: str) -> dict:
    """Only the page weights (`--only-weights`): every page, first visit and after its diagrams."""
    from playwright.sync_api import sync_playwright

    weights = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in _visit_pages(browser, site, root, weights):
            pass
        browser.close()
    return weights


def _transfer(site: Path, root: str, urls: list[str]) -> int:
    total, seen = 0, set()
    for url in urls:
        if not url.startswith(root):
            continue
        rel = unquote(urlsplit(url).path)[len(urlsplit(root).path):] or "index.html"
        if rel in seen:
            continue
        seen.add(rel)
        path = site / rel
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            total += gzip_size(path)
    return total


SEARCH_QUERIES = ["tokio::sync::mpsc", "select!", "JoinSet", "spawn_blocking", "cancel safe", "broadcast",
                  "join_next", "Mutex", "graceful shutdown", "backpressure", "waker", "TaskTracker",
                  "task never runs", "future cannot be sent between threads safely"]

# Time from one keystroke to the result list changing. `warm`: the box is focused and cleared first and
# the list given 300 ms to settle, so only the query is timed. Cold (first query of a visit): the clock
# starts at focus, which is also when search-on-demand.js releases the index request.
MEASURE_JS = """
async ({query, warm, timeoutMs}) => {
  const input = document.querySelector('input.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  if (warm) {
    input.focus();
    input.value = '';
    input.dispatchEvent(new KeyboardEvent('keyup', {key: 'Backspace'}));
    await new Promise(r => setTimeout(r, 300));
  }
  const before = list.innerHTML;
  return await new Promise(resolve => {
    const start = performance.now();
    const observer = new MutationObserver(() => {
      if (list.querySelector('.md-search-result__item') && list.innerHTML !== before) {
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - start));
      }
    });
    observer.observe(list, {childList: true, subtree: true});
    input.focus();
    input.value = query;
    input.dispatchEvent(new KeyboardEvent('keyup', {key: query.slice(-1)}));
    setTimeout(() => { observer.disconnect(); resolve(null); }, timeoutMs);
  });
}
"""


def _cold_first_query(browser, root: str, reps: int = 3) -> tuple[list[float], int]:
    """The index is fetched only when the reader turns to search (search-on-demand.js), so the first
    query of a visit pays for download, parse and indexing. Measured from focusing the box with the
    query typed to the first results, on fresh visits. Returns (times, runs without results)."""
    out, unanswered = [], 0
    for _ in range(reps):
        context = browser.new_context()
        page = context.new_page()
        page.goto(root + "index.html", wait_until="networkidle")
        ms = page.evaluate(MEASURE_JS, {"query": "JoinSet", "warm": False, "timeoutMs": 15000})
        if ms is None:
            unanswered += 1
        else:
            out.append(ms)
        context.close()
    return out, unanswered


def _search_latency(browser, root: str) -> dict:
    cold, unanswered = _cold_first_query(browser, root)
    context = browser.new_context()
    page = context.new_page()
    page.goto(root + "index.html", wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").type("warm", delay=10)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    samples = {}
    for _ in range(3):
        for q in SEARCH_QUERIES:
            ms = page.evaluate(MEASURE_JS, {"query": q, "warm": True, "timeoutMs": 5000})
            if ms is not None:
                samples.setdefault(q, []).append(ms)
    context.close()
    flat = [v for vs in samples.values() for v in vs]
    return {"median_ms": median(flat), "p90_ms": sorted(flat)[int(len(flat) * 0.9) - 1] if flat else None,
            "samples": len(flat), "per_query_median_ms": {q: median(v) for q, v in samples.items()},
            "cold_first_query_ms": cold, "cold_first_query_unanswered": unanswered,
            "cold_first_query_median_ms": median(cold) if cold else None}


def _search_quality(browser, site: Path, root: str) -> dict:
    """Success at 1 and at 3 over tests/search_queries.yml, over http and from file:// (the ranking
    rules are scripts/search_quality.py's; the browser test types the same queries)."""
    from scripts import search_quality

    queries = search_quality.load_queries()
    out = {}
    for where, base in (("http", root), ("file", site.as_uri() + "/")):
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "index.html", wait_until="load")
        s = search_quality.summarize(search_quality.evaluate_in_page(page, site, queries))
        out[where] = {"queries": s["queries"], "success_at_1": s["success_at_1"], "success_at_3": s["success_at_3"],
                      "misses": [search_quality.format_miss(r) for r in s["misses"]]}
        context.close()
    return out


# --- 3. Lighthouse --------------------------------------------------------------------------------------

def lighthouse_bin() -> str | None:
    local = CACHE / "node" / "node_modules" / ".bin" / "lighthouse"
    return str(local) if local.exists() else shutil.which("lighthouse")


def _lighthouse_once(binary: str, url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "lh.json"
        proc = subprocess.run(
            [binary, url, "--quiet", "--output=json", f"--output-path={report}",
             f"--chrome-path={CHROMIUM}", "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS),
             "--form-factor=mobile", "--only-categories=performance,accessibility,best-practices,seo"],
            capture_output=True, text=True, timeout=300)
        if proc.returncode != 0 or not report.exists():
            return {"error": proc.stderr[-800:]}
        data = json.loads(report.read_text())
    scores = {k: round(v["score"] * 100) for k, v in data["categories"].items() if v["score"] is not None}
    failing = {k: [a for a, r in data["audits"].items()
                   if r.get("score") is not None and r["score"] < 1 and a in _category_audits(data, k)]
               for k in ("accessibility", "best-practices", "seo")}
    metrics = {m: data["audits"][m]["numericValue"] for m in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
               if m in data["audits"]}
    return {"scores": scores, "failing_audits": failing, "metrics": metrics}


def bench_lighthouse(root: str, targets: dict[str, str], reps: int) -> dict:
    """Lighthouse `reps` times per page; the report quotes the run with the median performance score
    (Lighthouse's own guidance: single runs vary by several points) and keeps every sample."""
    binary = lighthouse_bin()
    if not binary:
        return {"skipped": f"lighthouse not installed: npm install --prefix {CACHE / 'node'} lighthouse@13"}
    out = {}
    for label, page in targets.items():
        runs = [_lighthouse_once(binary, root + page) for _ in range(reps)]
        good = [r for r in runs if "scores" in r]
        if not good:
            out[label] = {"page": page, "error": runs[-1].get("error", "no result")}
            continue
        good.sort(key=lambda r: r["scores"].get("performance", 0))
        chosen = dict(good[len(good) // 2])
        chosen["page"] = page
        chosen["performance_samples"] = [r["scores"].get("performance") for r in good]
        out[label] = chosen
    return out


def _category_audits(data: dict, category: str) -> set[str]:
    return {ref["id"] for ref in data["categories"].get(category, {}).get("auditRefs", []) if ref.get("weight", 0) > 0}


# --- report -------------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "chromium": subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()}


def weight_table(weights: dict) -> list[str]:
    """Markdown rows: every page's first-visit transfer and, for pages with diagrams, the transfer after
    every diagram rendered. Diagrams are pre-rendered SVG in the page (`make diagrams`); a diagram
    without a drawing is drawn live by mermaid and counted under "live"."""
    lines = ["| page | diagrams (live) | first visit | after diagrams render |", "|---|---|---|---|"]
    for page, w in sorted(weights.items()):
        after = f"{w['after_diagrams_bytes'] / 1024:.0f} KB" if "after_diagrams_bytes" in w else "–"
        live = f" ({w['live_diagrams']})" if w.get("live_diagrams") else ""
        lines.append(f"| {page} | {w['diagrams']}{live} | {w['first_visit_bytes'] / 1024:.0f} KB | {after} |")
    return lines


def write_report(results: dict) -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / "report.json").write_text(json.dumps(results, indent=2) + "\n")
    b, lines = results, []
    lines += ["# Quality budgets: latest measurement", "",
              f"Measured {b['date']} on {b['machine']['cpu']} ({b['machine']['cores']} cores), "
              f"{b['machine']['chromium']}, load average {b['machine']['load_average_at_start']} at start. "
              f"One run of `make bench`; medians over {b['build']['reps']} repetitions. "
              "Raw numbers: [report.json](report.json).", "",
              "The build baseline is the same docs and the same theme, plugins and Markdown extensions with "
              "the project's hooks removed and fence info strings cut back to what stock superfences accepts "
              "(`rust,run` -> `rust`), so both builds highlight the same examples.", "",
              "| budget | limit | measured | within |", "|---|---|---|---|"]

    def row(name, limit, value, ok):
        lines.append(f"| {name} | {limit} | {value} | {'yes' if ok else '**no**'} |")

    row("build with hooks / without hooks", f"<= {BUDGETS['build_ratio']}x",
        f"{b['build']['ratio']:.2f}x ({b['build']['with_hooks_s']:.1f} s vs {b['build']['without_hooks_s']:.1f} s)",
        b["build"]["ratio"] <= BUDGETS["build_ratio"])
    rust = b.get("rust_check", {})
    if "one_block_changed_s" in rust:
        row("Rust block check, warm, one block changed", f"<= {BUDGETS['rust_check_s']} s",
            f"{rust['one_block_changed_s']:.1f} s ({rust['blocks']} blocks)",
            rust["one_block_changed_s"] <= BUDGETS["rust_check_s"])
    plain = {p: w for p, w in b["browser"]["weights"].items() if not w["diagrams"]}
    heaviest_plain = max(plain.items(), key=lambda kv: kv[1]["first_visit_bytes"]) if plain else None
    if heaviest_plain:
        kb = heaviest_plain[1]["first_visit_bytes"] / 1024
        row("first visit, page without diagrams (heaviest)", f"<= {BUDGETS['first_visit_kb_no_diagrams']} KB gzip",
            f"{kb:.0f} KB ({heaviest_plain[0]})", kb <= BUDGETS["first_visit_kb_no_diagrams"])
    drawn = {p: w for p, w in b["browser"]["weights"].items() if w["diagrams"]}
    heaviest_drawn = max(drawn.items(), key=lambda kv: kv[1].get("after_diagrams_bytes", 0)) if drawn else None
    if heaviest_drawn:
        kb = heaviest_drawn[1].get("after_diagrams_bytes", 0) / 1024
        row("after every diagram rendered, page with diagrams (heaviest)", f"<= {BUDGETS['after_diagrams_kb']} KB gzip",
            f"{kb:.0f} KB ({heaviest_drawn[0]})", kb <= BUDGETS["after_diagrams_kb"])
    s = b["browser"]["search"]
    quality = s.get("quality", {})
    if quality:
        at3 = {w: q["success_at_3"] for w, q in quality.items()}
        row(f"search: success at 3 over the query set ({quality['http']['queries']} queries), http / file://",
            f">= {BUDGETS['search_success_at_3']:.0%}",
            " / ".join(f"{q['success_at_3']:.1%}" for q in quality.values())
            + " (success at 1: " + " / ".join(f"{q['success_at_1']:.1%}" for q in quality.values()) + ")",
            min(at3.values()) >= BUDGETS["search_success_at_3"])
    row("search: keystroke to results (median)", f"<= {BUDGETS['search_ms']} ms",
        f"{s['median_ms']:.0f} ms (p90 {s['p90_ms']:.0f} ms, {s['samples']} samples)", s["median_ms"] <= BUDGETS["search_ms"])
    axe_total = sum(sum(r.values()) for r in b["browser"]["axe"].values())
    row("axe-core violations, every page, both palettes", "0", str(axe_total), axe_total == 0)
    for label, lh in b.get("lighthouse", {}).items():
        if not isinstance(lh, dict) or "scores" not in lh:
            lines.append(f"| Lighthouse {label} | | {lh.get('error', lh) if isinstance(lh, dict) else lh} | **no** |")
            continue
        sc = lh["scores"]
        has_diagrams = b["browser"]["weights"].get(lh["page"], {}).get("diagrams", 0) > 0
        perf_limit = BUDGETS["lighthouse"]["performance_diagrams" if has_diagrams else "performance"]
        ok = sc.get("performance", 0) >= perf_limit and all(
            sc.get(k, 0) >= BUDGETS["lighthouse"][k] for k in ("accessibility", "best-practices", "seo"))
        row(f"Lighthouse mobile, {label} ({lh['page']})",
            f"perf >= {perf_limit}, a11y/BP/SEO 100",
            f"perf {sc.get('performance')} (runs: {', '.join(map(str, lh.get('performance_samples', [])))}), "
            f"a11y {sc.get('accessibility')}, BP {sc.get('best-practices')}, SEO {sc.get('seo')}",
            ok)
    lines += ["", "## Page weight (first visit, gzip)", ""] + weight_table(b["browser"]["weights"])
    lines += ["", f"Search index: {s['index_bytes'] / 1024:.0f} KB ({s['index_gzip_bytes'] / 1024:.0f} KB gzip). "
              "It is not in the first-visit weights above: pages request it only when the reader turns to search "
              "(or arrives from a search result or a shared search link)."]
    cold, failed = s.get("cold_first_query_ms", []), s.get("cold_first_query_unanswered", 0)
    unanswered = f"; {failed} of {len(cold) + failed} runs got no results within 15 s" if failed else ""
    if cold:
        runs = ", ".join(f"{ms:.0f}" for ms in cold)
        lines.append(f"The first query of a visit also waits for the index to download and be indexed: "
                     f"{s['cold_first_query_median_ms']:.0f} ms median from focus to results (runs: {runs} ms"
                     f"{unanswered}). The budget row above is every later keystroke.")
    elif failed:
        lines.append(f"**The first query of a visit got no results within 15 s in any of {failed} runs.**")
    for where, q in quality.items():
        if q["misses"]:
            lines += ["", f"Search queries whose section is not in the first three results ({where}):", ""]
            lines += [f"- {m}" for m in q["misses"]]
    x = b.get("exports") or {}
    if x:
        kb = {k: f"{v / 1024:.0f} KB" for k, v in x.items() if isinstance(v, int)}
        largest = x.get("largest_md", {})
        lines.append(f"Exports: llms.txt {kb.get('llms.txt', '–')}, llms-full.txt {kb.get('llms-full.txt', '–')}, "
                     f"Agent Skill zip {kb.get('async-rust-field-guide-skill.zip', '–')}, largest Markdown copy "
                     f"{largest.get('bytes', 0) / 1024:.0f} KB ({largest.get('page', '–')}, of "
                     f"{largest.get('copies', 0)} copies), print view {kb.get('print.html', '–')}.")
    lines.append("")
    bad = {k: v for k, v in b["browser"]["axe"].items() if v}
    if bad:
        lines += ["## axe-core violations", "", "| page (palette) | rule: nodes |", "|---|---|"]
        lines += [f"| {k} | {', '.join(f'{r}: {n}' for r, n in v.items())} |" for k, v in sorted(bad.items())]
    (OUT / "report.md").write_text("\n".join(lines) + "\n")


def only_weights() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        time_build(REPO / "mkdocs.yml", site)
        server, root = serve(site)
        try:
            weights = bench_diagram_weights(site, root)
        finally:
            server.shutdown()
    print("\n".join(weight_table(weights)))
    worst = max((w.get("after_diagrams_bytes", 0) for w in weights.values()), default=0)
    print(f"\nheaviest page after every diagram rendered: {worst / 1024:.0f} KB gzip "
          f"(budget {BUDGETS['after_diagrams_kb']} KB)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-rust", action="store_true")
    parser.add_argument("--only-weights", action="store_true",
                        help="build once and print only the page weights (first visit, after diagrams); no report")
    args = parser.parse_args()
    if args.only_weights:
        return only_weights()
    results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine(), "budgets": BUDGETS}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        print("build ...", flush=True)
        results["build"] = bench_build(args.reps, site)
        results["exports"] = export_sizes(site)
        if not args.skip_rust:
            print("rust check ...", flush=True)
            results["rust_check"] = bench_rust_check()
        server, root = serve(site)
        try:
            print("browser: page weight, axe, search ...", flush=True)
            results["browser"] = bench_browser(site, root)
            if not args.skip_lighthouse:
                print("lighthouse ...", flush=True)
                weights = results["browser"]["weights"]
                diagram_pages = [p for p, w in weights.items() if w["diagrams"] and p != "index.html"]
                heaviest = max(diagram_pages, key=lambda p: weights[p].get("after_diagrams_bytes", 0), default="index.html")
                longest = max((p for p in weights if not weights[p]["diagrams"]),
                              key=lambda p: (site / p).stat().st_size, default="resources.html")
                results["lighthouse"] = bench_lighthouse(root, {
                    "home": "index.html", "heaviest diagram page": heaviest, "long text page": longest},
                    reps=max(1, min(args.reps, 3)))
        finally:
            server.shutdown()
    write_report(results)
    print((OUT / "report.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
