/* Full-screen diagram viewer: every diagram gets an "Enlarge" button (and opens on a click or tap);
   the viewer is a modal <dialog> named by the diagram's title, in which the drawing can be zoomed
   (buttons, + and - keys, pinch, Ctrl+wheel) and panned (drag, scroll, arrow keys); Esc or Close
   returns to the page and to the button that opened it.

   Why: a diagram drawn to fit a phone's column shrinks its 16 px labels to 5 px. The viewer opens it
   at a readable size (labels at 14 px or more) and lets the reader move around it. Works on the
   pre-rendered drawings (figure.fg-diagram) and on diagrams mermaid draws live under `make serve`
   (div.mermaid). No dependencies, no requests; works from file://. */
(function () {
  "use strict";
  var READABLE = 0.875; // mermaid draws text at 16 px: open at 14 px or more
  var MAX_SCALE = 6;
  var viewer = null; // {dialog, stage, canvas, title}
  var open_ = null; // {svg, box, placeholder, opener, style, width, height, scale, fit, w, h}

  function naturalSize(svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    if (box && box.width) return { w: box.width, h: box.height };
    var r = svg.getBoundingClientRect();
    return { w: r.width || 300, h: r.height || 150 };
  }

  function titleOf(box, svg) {
    var t = box.getAttribute("data-fg-title");
    if (t) return t;
    var el = svg.querySelector("title");
    return (el && el.textContent.trim()) || "Diagram";
  }

  function button(label, text, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "fg-viewer__button";
    b.setAttribute("data-action", action);
    if (label) b.setAttribute("aria-label", label);
    b.textContent = text;
    return b;
  }

  function build() {
    if (viewer) return viewer;
    var dialog = document.createElement("dialog");
    dialog.className = "fg-viewer";
    dialog.setAttribute("aria-labelledby", "fg-viewer-title");
    var bar = document.createElement("div");
    bar.className = "fg-viewer__bar";
    var title = document.createElement("h2");
    title.className = "fg-viewer__title";
    title.id = "fg-viewer-title";
    var tools = document.createElement("div");
    tools.className = "fg-viewer__tools";
    tools.appendChild(button("Zoom out", "\u2212", "out"));
    tools.appendChild(button("Fit to screen", "Fit", "fit"));
    tools.appendChild(button("Zoom in", "+", "in"));
    tools.appendChild(button(null, "Close", "close"));
    bar.appendChild(title);
    bar.appendChild(tools);
    var stage = document.createElement("div");
    stage.className = "fg-viewer__stage";
    stage.tabIndex = 0;
    stage.setAttribute("role", "group");
    stage.setAttribute("aria-label", "Diagram: arrow keys pan, plus and minus zoom, Escape closes");
    var canvas = document.createElement("div");
    canvas.className = "fg-viewer__canvas";
    stage.appendChild(canvas);
    dialog.appendChild(bar);
    dialog.appendChild(stage);
    document.body.appendChild(dialog);
    viewer = { dialog: dialog, stage: stage, canvas: canvas, title: title };

    tools.addEventListener("click", function (e) {
      var action = e.target.closest && e.target.closest("[data-action]");
      if (!action || !open_) return;
      var name = action.getAttribute("data-action");
      if (name === "close") dialog.close();
      else if (name === "fit") zoomTo(open_.fit);
      else zoomTo(open_.scale * (name === "in" ? 1.25 : 0.8));
    });
    dialog.addEventListener("keydown", function (e) {
      if (!open_ || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "+" || e.key === "=") zoomTo(open_.scale * 1.25);
      else if (e.key === "-" || e.key === "_") zoomTo(open_.scale * 0.8);
      else if (e.key === "0") zoomTo(open_.fit);
      else return;
      e.preventDefault();
    });
    dialog.addEventListener("close", restore);
    stage.addEventListener("wheel", function (e) {
      if (!open_ || !e.ctrlKey) return; // plain wheel scrolls (pans); Ctrl+wheel and trackpad pinch zoom
      e.preventDefault();
      var r = stage.getBoundingClientRect();
      zoomTo(open_.scale * Math.exp(-e.deltaY / 300), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    pointers(stage);
    return viewer;
  }

  /* Drag with one pointer pans; two touch points pinch-zoom around their midpoint. */
  function pointers(stage) {
    var active = {};
    var last = null;
    function points() { return Object.keys(active).map(function (k) { return active[k]; }); }
    function spread(p) { return Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y); }
    stage.addEventListener("pointerdown", function (e) {
      if (e.pointerType === "mouse" && e.button !== 0) return;
      active[e.pointerId] = { x: e.clientX, y: e.clientY };
      stage.setPointerCapture(e.pointerId);
      last = null;
    });
    stage.addEventListener("pointermove", function (e) {
      if (!active[e.pointerId] || !open_) return;
      var before = active[e.pointerId];
      active[e.pointerId] = { x: e.clientX, y: e.clientY };
      var p = points();
      if (p.length === 1) {
        stage.scrollLeft -= e.clientX - before.x;
        stage.scrollTop -= e.clientY - before.y;
      } else if (p.length === 2) {
        var d = spread(p);
        if (last) {
          var r = stage.getBoundingClientRect();
          zoomTo(open_.scale * d / last, (p[0].x + p[1].x) / 2 - r.left, (p[0].y + p[1].y) / 2 - r.top);
        }
        last = d;
      }
    });
    function end(e) { delete active[e.pointerId]; last = null; }
    stage.addEventListener("pointerup", end);
    stage.addEventListener("pointercancel", end);
  }

  function apply() {
    var s = open_.scale;
    open_.svg.style.width = open_.w * s + "px";
    open_.svg.style.height = open_.h * s + "px";
  }

  /* Zoom to `scale`, keeping the point (x, y) of the stage (default: its centre) where it is. */
  function zoomTo(scale, x, y) {
    var stage = viewer.stage;
    var next = Math.max(Math.min(open_.fit, READABLE) * 0.5, Math.min(MAX_SCALE, scale));
    if (x === undefined) { x = stage.clientWidth / 2; y = stage.clientHeight / 2; }
    var ux = (stage.scrollLeft + x) / open_.scale;
    var uy = (stage.scrollTop + y) / open_.scale;
    open_.scale = next;
    apply();
    stage.scrollLeft = ux * next - x;
    stage.scrollTop = uy * next - y;
  }

  function open(box, opener) {
    var svg = box.querySelector("svg");
    if (!svg || (viewer && viewer.dialog.open)) return;
    var v = build();
    var size = naturalSize(svg);
    var placeholder = document.createElement("div");
    placeholder.className = "fg-diagram__placeholder";
    placeholder.style.height = svg.getBoundingClientRect().height + "px";
    svg.parentNode.insertBefore(placeholder, svg);
    open_ = { svg: svg, box: box, placeholder: placeholder, opener: opener, style: svg.getAttribute("style"),
              w: size.w, h: size.h, scale: 1, fit: 1 };
    v.title.textContent = titleOf(box, svg);
    v.canvas.appendChild(svg);
    svg.style.maxWidth = "none";
    v.dialog.showModal();
    var fit = Math.min(v.stage.clientWidth / size.w, v.stage.clientHeight / size.h) * 0.95;
    open_.fit = fit;
    open_.scale = Math.max(READABLE, Math.min(fit, 2));
    apply();
    var wide = size.w * open_.scale > v.stage.clientWidth;
    var tall = size.h * open_.scale > v.stage.clientHeight;
    // Start where a reader starts: top centre of a tall drawing, left middle of a wide one.
    v.stage.scrollLeft = wide && size.w < size.h ? (v.stage.scrollWidth - v.stage.clientWidth) / 2 : 0;
    v.stage.scrollTop = tall && size.w >= size.h ? (v.stage.scrollHeight - v.stage.clientHeight) / 2 : 0;
    v.stage.focus();
  }

  function restore() {
    if (!open_) return;
    var o = open_;
    open_ = null;
    if (o.style === null) o.svg.removeAttribute("style"); else o.svg.setAttribute("style", o.style);
    o.placeholder.parentNode.insertBefore(o.svg, o.placeholder);
    o.placeholder.remove();
    if (o.opener && o.opener.isConnected) o.opener.focus();
  }

  function enhance(box) {
    var svg = box.querySelector("svg");
    if (!svg || box.querySelector(".fg-diagram__open")) return;
    var b = document.createElement("button");
    b.type = "button";
    b.className = "fg-diagram__open";
    b.setAttribute("aria-label", "Enlarge diagram: " + titleOf(box, svg));
    b.setAttribute("aria-haspopup", "dialog");
    b.textContent = "Enlarge";
    b.addEventListener("click", function () { open(box, b); });
    box.classList.add("fg-diagram--enhanced");
    box.appendChild(b);
    box.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest("svg") && box.contains(e.target)) open(box, b);
    });
  }

  function scan() {
    document.querySelectorAll("figure.fg-diagram, div.mermaid").forEach(enhance);
  }

  function start() {
    scan();
    if (document.querySelector("div.mermaid")) {
      // Live diagrams (make serve): mermaid-loader.js marks the page when it has drawn them.
      new MutationObserver(scan).observe(document.documentElement, { attributes: true, attributeFilter: ["data-fg-mermaid"] });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
