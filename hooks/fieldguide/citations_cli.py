"""`make citations`: look every citation's quote up in the pinned crate sources and refresh
data/citations.json; `--check` (run by `make test`) fails instead of writing when anything is stale.

Why a separate command from the build: resolving needs cargo's registry copy of each locked crate,
which the deploy job does not have. The build only reads the data file this command writes.
It also lists paragraphs that state a number next to a crate API without any citation, so authors can
find the claims still waiting for one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from fieldguide import DATA_DIR, DOCS_DIR, EXAMPLES_DIR, REPO_ROOT, citations, fences
from fieldguide.report import Problem

DATA_FILE = DATA_DIR / "citations.json"


def page_text(path: Path) -> tuple[str, int]:
    """A page's Markdown without its YAML front matter, and the number of lines the front matter took."""
    text = path.read_text(encoding="utf-8-sig")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            body = text[end + 5:]
            return body, text[: end + 5].count("\n")
    return text, 0


def collect(docs: Path) -> tuple[list[citations.Citation], list[Problem], list[tuple[str, int, str]]]:
    """Every citation in docs/, malformed ones, and the uncited-number listing."""
    found, problems, uncited = [], [], []
    for md in sorted(docs.rglob("*.md")):
        rel = f"docs/{md.relative_to(docs).as_posix()}"
        body, offset = page_text(md)
        mask = fences.fenced_lines(body, rel)
        cs, ps = citations.scan(body, rel, offset, mask)
        found += cs
        problems += ps
        uncited += [(rel, line + offset, text) for line, text in citations.uncited_number_paragraphs(body, rel, mask)]
    return found, problems, uncited


def run(docs: Path, lock: Path, cargo_home: Path, data_file: Path, check: bool, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    cs, problems, uncited = collect(docs)
    locked = citations.locked_crate_versions(lock.read_text())
    registry = citations.registry_dirs(cargo_home)
    resolved = []
    for c in cs:
        r = citations.resolve(c, locked, registry)
        (problems if isinstance(r, Problem) else resolved).append(r)
    data = citations.to_data(resolved)
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    for p in problems:
        print(p, file=err)
    if uncited:
        print(f"{len(uncited)} paragraph(s) state a number next to a crate API without a citation "
              "(cite it or show it in a run block):", file=out)
        for path, line, para in uncited:
            print(f"  {path}:{line}: {para}", file=out)
    print(f"{len(cs)} citation(s), {len(data['citations'])} distinct quote(s), {len(problems)} problem(s)", file=out)
    if check:
        current = data_file.read_text(encoding="utf-8") if data_file.exists() else ""
        if current != text and not problems:
            print(f"{data_file.name} is out of date with the pages; run `make citations` and commit it", file=err)
            return 1
    elif not problems:
        data_file.write_text(text, encoding="utf-8")
        print(f"wrote {data_file.relative_to(REPO_ROOT) if data_file.is_relative_to(REPO_ROOT) else data_file}", file=out)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail instead of writing when the data file is stale")
    parser.add_argument("--docs", type=Path, default=DOCS_DIR)
    parser.add_argument("--lock", type=Path, default=EXAMPLES_DIR / "Cargo.lock")
    parser.add_argument("--data", type=Path, default=DATA_FILE)
    args = parser.parse_args(argv)
    cargo_home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    return run(args.docs, args.lock, cargo_home, args.data, args.check)


if __name__ == "__main__":
    sys.exit(main())
