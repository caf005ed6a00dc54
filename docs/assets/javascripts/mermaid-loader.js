/* Lazy mermaid: mermaid2 injects this file as "the mermaid library" on pages that have diagrams, then
   calls mermaid.initialize(config). This stub records the config and loads the real (vendored,
   same-origin) mermaid.tiny.js only when a diagram comes near the viewport, so the 2.9 MB script does
   not block the first paint of long pages. Works from file:// (plain script tag, no modules). */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var libraryUrl = here ? here.replace(/mermaid-loader\.js(\?.*)?$/, "vendor/mermaid.tiny.js") : null;
  var config = { startOnLoad: false };
  var state = "idle";

  function render() {
    var real = window.mermaid;
    real.initialize(Object.assign({}, config, { startOnLoad: false }));
    real.run({ querySelector: "div.mermaid" }).then(function () {
      document.documentElement.setAttribute("data-fg-mermaid", "done");
    }, function (error) {
      document.documentElement.setAttribute("data-fg-mermaid", "error");
      if (window.console) console.error(error);
    });
  }

  function load() {
    if (state !== "idle" || !libraryUrl) return;
    state = "loading";
    var script = document.createElement("script");
    script.src = libraryUrl;
    script.onload = function () { state = "loaded"; render(); };
    document.head.appendChild(script);
  }

  window.mermaid = {
    initialize: function (options) {
      config = Object.assign({}, options || {});
      var diagrams = document.querySelectorAll("div.mermaid");
      if (!diagrams.length) return;
      if (!("IntersectionObserver" in window)) { load(); return; }
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) { observer.disconnect(); load(); }
      }, { rootMargin: "600px 0px" });
      diagrams.forEach(function (d) { observer.observe(d); });
    }
  };
})();
