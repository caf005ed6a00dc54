/* Accessibility fixes for markup that Material's bundle creates at run time.
   Each code block gets a <nav class="md-code__nav"> for its copy button; several unnamed <nav>
   landmarks on one page fail axe's landmark-unique rule, and they are not navigation, so their
   landmark role is removed (role="none" is one of the roles ARIA allows on <nav>). */
(function () {
  "use strict";
  function fix(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("nav.md-code__nav").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
  }
  function start() {
    fix(document);
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        r.addedNodes.forEach(function (n) {
          if (n.nodeType !== 1) return;
          if (n.matches && n.matches("nav.md-code__nav")) fix(n.parentNode || document); else fix(n);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
