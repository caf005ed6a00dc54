/* Palette before first paint, and the page's color-scheme without full-page restyles.
   Runs right after the header (where the palette inputs are), before the content is parsed.

   1. First visit with the automatic palette: Material applies the OS's dark scheme only when its
      bundle runs, after the whole page has been parsed and styled. That flashes the light scheme,
      restyles the entire page a second time, and leaves content the browser skipped
      (content-visibility) with styles of the wrong scheme until it is scrolled to. So apply the
      scheme the OS asks for now, as Material's own script does for a stored palette.
   2. <meta name="color-scheme"> makes the viewport scrollbar and canvas follow the palette (dark for
      Material's "slate", which declares `color-scheme: dark`). Material's bundle inserts that meta
      itself at start-up, and Chromium restyles the whole document for each change to it: two full
      recalculations once the page is parsed. The build detaches the bundle's meta
      (hooks/fieldguide/theme_patches.py); this one is added while only the header exists, and kept in
      step with palette switches. */
(function () {
  var body = document.body, stored = __md_get("__palette");
  if (!(stored && stored.color)) {
    var dark = matchMedia("(prefers-color-scheme: dark)").matches;
    var input = document.querySelector("[data-md-color-media='(prefers-color-scheme: " + (dark ? "dark" : "light") + ")']");
    if (input) {
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        var value = input.getAttribute("data-md-color-" + key);
        if (value) body.setAttribute("data-md-color-" + key, value);
      });
    }
  }
  var meta = document.createElement("meta");
  meta.name = "color-scheme";
  function follow() {
    // Only on a real change: the bundle rewrites the attribute with the same value at start-up, and
    // even an unchanged assignment to the meta makes Chromium restyle the whole page.
    var scheme = body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";
    if (meta.content !== scheme) meta.content = scheme;
  }
  follow();
  document.head.appendChild(meta);
  new MutationObserver(follow).observe(body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
})();
