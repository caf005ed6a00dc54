"""Browser fixtures: Debian chromium driven by Playwright, the built site over http and file://.

Every page opened through `open_page` records console errors and every request; tests assert that
no request leaves the site's own origin (http://127.0.0.1:<port> or file://).
"""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ARTIFACTS, IN_CI, require

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-default-browser-check",
]
BASE_PATH = "/field-guide/"   # the path part of site_url, as on GitHub Pages
SCREENSHOTS = ARTIFACTS / "screenshots"


@pytest.fixture(scope="session")
def chromium():
    path = require("chromium", "browser tests drive Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the lock file installs it
        if IN_CI:
            pytest.fail("playwright is not installed")
        pytest.skip("playwright is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        if path.startswith(BASE_PATH):
            path = "/" + path[len(BASE_PATH):]
        return super().translate_path(path)

    def send_error(self, code, message=None, explain=None):
        if code == 404 and (Path(self.directory) / "404.html").exists():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args):
        pass


def serve(directory: Path):
    handler = functools.partial(_Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def http_root(built_site):
    server = serve(built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    server.shutdown()


@pytest.fixture(scope="session")
def file_root(built_site):
    return built_site.as_uri() + "/"


@dataclass
class Recorder:
    origin: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def foreign_requests(self) -> list[str]:
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if self.origin == "file":
                if parts.scheme != "file":
                    out.append(url)
            elif f"{parts.scheme}://{parts.netloc}" != self.origin:
                out.append(url)
        return out


@pytest.fixture
def open_page(chromium):
    """open_page(url, dark=False) -> (page, recorder). Closed automatically."""
    contexts = []

    def _open(url: str, dark: bool = False, wait: str = "load"):
        context = chromium.new_context(color_scheme="dark" if dark else "light", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        parts = urlsplit(url)
        recorder = Recorder("file" if parts.scheme == "file" else f"{parts.scheme}://{parts.netloc}")
        page = context.new_page()
        page.on("console", lambda m: recorder.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: recorder.console_errors.append(str(e)))
        context.on("request", lambda r: recorder.requests.append(r.url))
        page.goto(url, wait_until=wait)
        return page, recorder

    yield _open
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
