/* Lazy mermaid: mermaid2 injects this file as "the mermaid library" on pages that have diagrams, then
   calls mermaid.initialize(config). This stub records the config and loads the real (vendored,
   same-origin) mermaid.tiny.js only when the reader gets near a diagram: a diagram enters the
   viewport, or the reader starts scrolling, pressing keys or touching the
   page. Evaluating mermaid takes seconds of main thread on a phone; a reader who only reads the first
   screen never pays for it, and one who scrolls starts loading it before reaching the first diagram.
   Works from file:// (plain script tag, no modules). */
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
      var intents = ["scroll", "wheel", "keydown", "touchstart", "pointerdown"];
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) start();
      }, { rootMargin: "0px" });
      function start() {
        observer.disconnect();
        intents.forEach(function (name) { window.removeEventListener(name, start, true); });
        load();
      }
      diagrams.forEach(function (d) { observer.observe(d); });
      intents.forEach(function (name) { window.addEventListener(name, start, { capture: true, passive: true }); });
    }
  };
})();
