/* Review links: copy buttons, old-fragment aliases, and the rules catalogue filter.
   Plain script; the buttons copy with window.fieldGuide.copyText (clipboard.js, loaded first). Works
   from file:// and degrades to plain links without JS. */
(function () {
  "use strict";

  /* Buttons are created here from #fg-review-links (id -> Markdown comment), next to each heading. */
  function setupCopyButtons() {
    var data = document.getElementById("fg-review-links");
    if (!data) return;
    var comments = JSON.parse(data.textContent);
    Object.keys(comments).forEach(function (id) {
      var heading = document.getElementById(id);
      if (!heading) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fg-copy-review";
      button.setAttribute("data-review-md", comments[id]);
      button.title = "Copy a Markdown review comment linking this section";
      button.setAttribute("aria-label", "Copy review link: " + heading.textContent.replace("¶", "").trim());
      button.textContent = "review link";
      heading.appendChild(button);
    });
    document.querySelectorAll("button.fg-copy-review").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        window.fieldGuide.copyText(button.getAttribute("data-review-md")).then(function () {
          button.classList.add("fg-copied");
          button.setAttribute("data-state", "copied");
          setTimeout(function () { button.classList.remove("fg-copied"); button.removeAttribute("data-state"); }, 2000);
        }, function () {
          button.setAttribute("data-state", "failed");
        });
      });
    });
  }

  /* A heading that was renamed keeps its old fragment working: data from #fg-aliases. */
  function followAlias() {
    var data = document.getElementById("fg-aliases");
    if (!data || !location.hash) return;
    var aliases = JSON.parse(data.textContent);
    var wanted = decodeURIComponent(location.hash.slice(1));
    var target = aliases[wanted];
    if (!target || document.getElementById(wanted)) return;
    var element = document.getElementById(target);
    if (!element) return;
    history.replaceState(null, "", "#" + target);
    element.scrollIntoView();
  }

  function setupCatalogue() {
    var input = document.getElementById("fg-rules-q");
    var kind = document.getElementById("fg-rules-kind");
    var count = document.getElementById("fg-rules-count");
    if (!input || !kind) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("table.fg-rules tbody tr"));
    var catalogue = document.querySelector(".fg-rules-catalogue");
    var chunks = Array.prototype.slice.call(document.querySelectorAll(".fg-rules-chunk"));
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    kind.value = params.get("kind") || "";
    function apply(updateUrl) {
      var q = input.value.trim().toLowerCase();
      var k = kind.value;
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!k || row.getAttribute("data-kind") === k) && (!q || row.textContent.toLowerCase().indexOf(q) !== -1);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown + " of " + rows.length + " rules";
      /* Hide chunks with no matching row, and lay out every chunk while filtering (no placeholder gaps). */
      if (catalogue) catalogue.classList.toggle("fg-rules-catalogue--filtered", Boolean(q || k));
      chunks.forEach(function (chunk) {
        chunk.hidden = !chunk.querySelector("tbody tr:not([hidden])");
      });
      if (updateUrl) {
        var next = new URLSearchParams();
        if (q) next.set("q", input.value.trim());
        if (k) next.set("kind", k);
        var query = next.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }
    input.addEventListener("input", function () { apply(true); });
    kind.addEventListener("change", function () { apply(true); });
    apply(false);
  }

  function init() {
    setupCopyButtons();
    followAlias();
    setupCatalogue();
  }
  window.addEventListener("hashchange", followAlias);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
