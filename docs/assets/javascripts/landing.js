/* Landing on a section: keep the #fragment's heading where the reader was sent while the page settles.
   Why: long pages draw off-screen sections lazily (content-visibility with estimated placeholder
   heights, see CONTRIBUTING "How long pages stay fast"), and a search result also highlights its
   terms once the index arrives. Both change the page above the target after the browser has scrolled
   to it; scroll anchoring usually holds the heading in place, but on a busy phone it could slip under
   the header. For the first three seconds after arriving (or after following a #link), until the
   reader scrolls, taps or presses a key, the heading is put back at its scroll margin (field-guide.css)
   whenever it moves. tests/browser/test_landing.py checks where it ends up. */
(function () {
  "use strict";
  var SETTLE_MS = 3000, run = 0;
  function pin() {
    var id = decodeURIComponent(location.hash.slice(1));
    var token = ++run, until = Date.now() + SETTLE_MS;
    if (!id) return;
    (function check() {
      if (token !== run || Date.now() > until) return;
      var el = document.getElementById(id);
      if (el) {
        var margin = parseFloat(getComputedStyle(el).scrollMarginTop) || 0;
        if (Math.abs(el.getBoundingClientRect().top - margin) > 2) el.scrollIntoView();
      }
      requestAnimationFrame(check);
    })();
  }
  function release() { run++; }
  ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (type) {
    addEventListener(type, release, { passive: true, capture: true });
  });
  addEventListener("hashchange", pin);
  pin();
})();
