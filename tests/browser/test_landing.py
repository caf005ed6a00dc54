"""A reader who follows a search result, a review short link (/r/<id>/) or a #fragment lands with the
heading at the top of the viewport: below the sticky header, not under it, and not covered by
Material's "Back to top" pill (navigation.top).

Why a test: long pages draw off-screen sections lazily (content-visibility placeholders, see
CONTRIBUTING "How long pages stay fast"), so where a deep heading ends up depends on placeholder
heights; and the pill, which Material pins just below the header and shows on the smallest upward
scroll, sat exactly where a just-reached heading stops. The fix: CSS (field-guide.css: a scroll
margin on every heading, the pill at the bottom of the viewport), and landing.js, which holds the
heading at its margin while the page settles (lazily drawn sections, search-term highlighting).
"""

from __future__ import annotations

import pytest

VIEWPORTS = [pytest.param({"width": 1280, "height": 800}, False, id="1280x800"),
             pytest.param({"width": 390, "height": 844}, True, id="390x844")]
# (address below the site root, id of the heading it must land on)
TARGETS = [
    ("pattern-catalog.html#time-deadline-timeout-at", "time-deadline-timeout-at"),           # deep h3, longest page
    ("footguns-and-pitfalls.html#tokio-main-vs-test-flavor", "tokio-main-vs-test-flavor"),   # last entry of a long page
    ("r/interval-missed-tick-burst/", "interval-missed-tick-burst"),                         # review short link
    ("cancellation-safety.html?h=paused#test-cancel-with-paused-time", "test-cancel-with-paused-time"),  # search result
    ("tower-middleware.html#tower-load-shed", "load-shed-fail-fast"),                        # renamed heading's old fragment
]
SLACK_PX = 40

GEOMETRY = """(id) => {
  const rect = el => { const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  const top = document.querySelector('.md-top');
  return {heading: rect(document.getElementById(id)), header: rect(document.querySelector('.md-header')),
          pill: top && !top.hidden && getComputedStyle(top).opacity !== '0' ? rect(top) : null};
}"""


def settled(page, ident: str, timeout_ms: int = 6000) -> dict:
    """Geometry once the heading has not moved for half a second (sections near it are drawn)."""
    last, stable, waited = None, 0, 0
    while waited < timeout_ms:
        geometry = page.evaluate(GEOMETRY, ident)
        top = round(geometry["heading"]["top"])
        stable = stable + 100 if top == last else 0
        if stable >= 500:
            return geometry
        last = top
        page.wait_for_timeout(100)
        waited += 100
    return geometry


def intersects(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.browser
@pytest.mark.parametrize("viewport,mobile", VIEWPORTS)
def test_a_reached_heading_is_at_the_top_below_the_header(chromium, http_root, viewport, mobile):
    context = chromium.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile)
    problems = []
    try:
        page = context.new_page()
        for address, ident in TARGETS:
            page.goto(http_root + address, wait_until="load")
            page.wait_for_function("id => document.getElementById(id) && location.hash", arg=ident)
            geometry = settled(page, ident)
            header = geometry["header"]["bottom"]
            top = geometry["heading"]["top"]
            if not header <= top <= header + SLACK_PX:
                problems.append(f"{address}: heading top at {top:.0f}px, expected within [{header:.0f}, "
                                f"{header + SLACK_PX:.0f}] (just below the {header:.0f}px header)")
            # Material shows the pill on the slightest upward scroll; it must not cover the heading then.
            page.mouse.wheel(0, -1) if not mobile else page.evaluate("window.scrollBy(0, -1)")
            page.wait_for_timeout(400)
            geometry = page.evaluate(GEOMETRY, ident)
            if geometry["pill"] and intersects(geometry["pill"], geometry["heading"]):
                problems.append(f"{address}: the back-to-top button ({geometry['pill']}) covers the heading "
                                f"({geometry['heading']})")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
