"""Success at 1 and at 3 of the site search over the project's query set (tests/search_queries.yml).

Why a script of its own: typing 150+ queries into the search box takes minutes, too slow to tune the
index with. This runs the same thing the reader's browser runs, only without the typing: Material's
own search worker (lunr, the site's separator, the site's query transform in
overrides/partials/search-query.js, which wraps every `Worker` on the page) answers each query in a
built page, over http or from file://, and the results are put in the order the result list shows
them. `make bench` reports these numbers next to the search latency; tests/browser/test_search.py
types every query into the real search box and applies the same `rank`/`success` rules.

Usage: python scripts/search_quality.py [--site site] [--file] [--queries tests/search_queries.yml] [-v]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
QUERIES_FILE = REPO / "tests" / "search_queries.yml"
SUCCESS_BUDGET = 0.97  # DESIGN.md section 9: success at 3 >= 97%, over http and from file://


def load_queries(path: Path = QUERIES_FILE) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def rank(links: list[str], expected: str) -> int | None:
    """1-based rank of `expected` among the result links (in display order), or None.

    A section expectation (`page.html#id`) is ranked among the section links, a page expectation
    (`page.html`) among the distinct pages, as a reader scanning the list would count them."""
    page_part, _, anchor = expected.partition("#")
    parsed = [urlsplit(link) for link in links]
    if anchor:
        sections = [p for p in parsed if p.fragment]
        for i, p in enumerate(sections):
            if p.path.endswith(page_part) and p.fragment == anchor:
                return i + 1
        return None
    pages: list[str] = []
    for p in parsed:
        if p.path not in pages:
            pages.append(p.path)
    for i, path in enumerate(pages):
        if path.endswith(page_part):
            return i + 1
    return None


def summarize(results: list[dict]) -> dict:
    """results: [{query, expect, rank, top}] -> success rates and misses (queries not in the top 3)."""
    n = len(results)
    at1 = sum(1 for r in results if r["rank"] == 1)
    at3 = sum(1 for r in results if r["rank"] is not None and r["rank"] <= 3)
    misses = [r for r in results if r["rank"] is None or r["rank"] > 3]
    return {"queries": n, "success_at_1": at1 / n if n else 0.0, "success_at_3": at3 / n if n else 0.0,
            "misses": misses, "not_first": [r for r in results if r["rank"] != 1]}


def format_miss(r: dict) -> str:
    where = f"rank {r['rank']}" if r["rank"] else "not found"
    return f"{r['query']!r}: expected {r['expect']} ({where}); got {', '.join(r['top'][:4]) or 'no results'}"


# Runs in the page: a second search worker, set up from the same index, answers every query; the
# result groups are flattened the way Material's result list shows them (each page's article first,
# then its sections in score order). The site's query transform wraps Worker.prototype, so it applies.
EVALUATE_JS = """
async ({index, queries}) => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  const worker = new Worker(new URL(config.search, location.href).href);
  const inbox = [];
  let wake = null;
  worker.addEventListener('message', ev => { inbox.push(ev.data); if (wake) { wake(); wake = null; } });
  const next = async type => {
    for (;;) {
      const i = inbox.findIndex(m => m.type === type);
      if (i >= 0) return inbox.splice(i, 1)[0];
      await new Promise(r => { wake = r; });
    }
  };
  worker.postMessage({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  await next(1);
  const out = [];
  for (const q of queries) {
    worker.postMessage({type: 2, data: q});
    const {data} = await next(3);
    const links = [];
    for (const group of data.items) {
      const docs = [...group];
      const a = docs.findIndex(d => !d.location.includes('#'));
      const [article] = docs.splice(a, 1);
      for (const d of [article, ...docs]) links.push(d.location);
    }
    out.push(links);
  }
  worker.terminate();
  return out;
}
"""


def evaluate_in_page(page, site: Path, queries: list[dict]) -> list[dict]:
    """Answer every query with the site's search worker in `page` (a page of the built site, loaded)."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    links = page.evaluate(EVALUATE_JS, {"index": index, "queries": [q["query"] for q in queries]})
    return [{"query": q["query"], "expect": q["expect"], "rank": rank(found, q["expect"]), "top": found[:8]}
            for q, found in zip(queries, links, strict=True)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "site")
    parser.add_argument("--queries", type=Path, default=QUERIES_FILE)
    parser.add_argument("--file", action="store_true", help="open the site from file:// instead of http")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list queries found but not first")
    parser.add_argument("-q", "--query", action="append", help="show the first results of this query instead")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(REPO))
    from scripts.bench import CHROMIUM_ARGS, serve

    queries = [{"query": q, "expect": "?.html"} for q in args.query] if args.query else load_queries(args.queries)
    site = args.site.resolve()
    server = None
    if args.file:
        root = site.as_uri() + "/"
    else:
        server, root = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                        args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(root + "index.html", wait_until="load")
            results = evaluate_in_page(page, site, queries)
            browser.close()
    finally:
        if server:
            server.shutdown()
    if args.query:
        for r in results:
            print(f"{r['query']!r}:", *r["top"], sep="\n  ")
        return 0
    s = summarize(results)
    for r in s["misses"]:
        print("MISS", format_miss(r))
    if args.verbose:
        for r in s["not_first"]:
            if r not in s["misses"]:
                print("NOT FIRST", format_miss(r))
    print(f"{s['queries']} queries: success@1 {s['success_at_1']:.1%}, success@3 {s['success_at_3']:.1%}")
    return 0 if s["success_at_3"] >= SUCCESS_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
