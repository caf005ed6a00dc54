/* The guide's one clipboard write, shared by the review-link buttons (review-links.js) and "Copy page as
   Markdown" (overrides/partials/markdown-copy.js): window.fieldGuide.copyText(text) returns a promise.
   The Clipboard API only exists in a secure context (https, localhost), so elsewhere (file://, plain
   http) the text is copied from a hidden textarea with execCommand("copy"). Loaded before the other
   scripts (extra_javascript in mkdocs.yml); callers look it up when they copy, not when they load. */
(function () {
  "use strict";
  var fieldGuide = window.fieldGuide = window.fieldGuide || {};

  fieldGuide.copyText = function (text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy") ? resolve() : reject(new Error("copy refused")); }
      catch (e) { reject(e); }
      finally { area.remove(); }
    });
  };
})();
