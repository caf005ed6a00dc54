"""MkDocs adapter for serve-mode problem banners (logic: hooks/fieldguide/dev_banner.py).

Under `mkdocs serve` strict mode is switched off so the server survives content errors; every warning
logged during a build is collected and, after the build, written as a banner into each built page.
`mkdocs build` is untouched: strict, and the first problem fails it."""

import logging
from pathlib import Path

from fieldguide import dev_banner
from mkdocs.plugins import event_priority
from mkdocs.utils import CountHandler

log = logging.getLogger("mkdocs.plugins.fieldguide.serve")
# Kept in the pure module, not here: mkdocs serve reloads hook files for each rebuild but calls
# on_startup only once, so state in this file would forget that it is serving.
_state = dev_banner.SESSION


class _Collector(logging.Handler):
    def emit(self, record):
        _state["messages"].append(record.getMessage())


def on_startup(command, dirty):
    _state["command"] = command
    if command == "serve" and not _state.get("collector"):
        _state["collector"] = _Collector(level=logging.WARNING)
        logging.getLogger("mkdocs").addHandler(_state["collector"])


def serving() -> bool:
    return _state["command"] == "serve"


@event_priority(1000)
def on_config(config):
    if serving():
        # MkDocs attached its strict-mode counter before any hook ran. While serving, problems are shown
        # on the pages instead of aborting the build (which, on the first build, ends the server).
        for handler in logging.getLogger("mkdocs").handlers:
            if isinstance(handler, CountHandler) and handler.level == logging.WARNING:
                handler.setLevel(logging.CRITICAL + 1)
                handler.counts.clear()
    return config


@event_priority(-1000)
def on_post_build(config):
    if not serving():
        return
    messages = dev_banner.unique(_state["messages"])
    _state["messages"] = []
    if not messages:
        return
    for page in Path(config.site_dir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        page.write_text(dev_banner.inject(text, messages), encoding="utf-8")
    log.info(f"{len(messages)} content problem(s) listed above are shown on every page while serving; "
             "`make build` fails until they are fixed")
