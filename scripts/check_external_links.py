"""Check every external link in a built site (run weekly by .github/workflows/links.yml).

Why separate from the build: external sites change without a commit here, and the build must work
offline. Each unique URL is requested once (HEAD, then GET when HEAD is refused); a 4xx/5xx or a
network error is reported with every page that links it. docs.rs links to a taught crate must name
the pinned version, never /latest/.

Usage: python scripts/check_external_links.py site [--timeout 15]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import re
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

HREF = re.compile(r'<a\s[^>]*href="(https?://[^"#]+)', re.I)
SKIP = ("https://play.rust-lang.org/", "https://github.com/async-rust-field-guide/")


def collect(site: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for page in site.rglob("*.html"):
        for url in HREF.findall(page.read_text(encoding="utf-8")):
            url = url.replace("&amp;", "&")
            if not url.startswith(SKIP):
                found[url].add(str(page.relative_to(site)))
    return found


def status(url: str, timeout: float) -> str | None:
    """None when the URL answers 2xx/3xx, else the reason."""
    headers = {"User-Agent": "async-rust-field-guide-link-check/1"}
    for method in ("HEAD", "GET"):
        try:
            req = urllib.request.Request(url, method=method, headers=headers)
            with urllib.request.urlopen(req, timeout=timeout):
                return None
        except urllib.error.HTTPError as e:
            if method == "HEAD" and e.code in (403, 405, 429, 501):
                continue
            return f"HTTP {e.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as e:
            return f"network error: {e}"
    return "refused"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--timeout", type=float, default=15)
    args = parser.parse_args()
    urls = collect(args.site)
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = dict(zip(urls, pool.map(lambda u: status(u, args.timeout), urls), strict=True))
    broken = {u: r for u, r in results.items() if r}
    for url, reason in sorted(broken.items()):
        print(f"{reason}: {url}\n    linked from: {', '.join(sorted(urls[url]))}")
    print(f"{len(urls)} external links checked, {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
