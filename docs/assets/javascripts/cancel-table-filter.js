/* Filter for the cancel-safety table (rendered by hooks/fieldguide/cancel_table.py).
 *
 * The form is rendered with the `hidden` attribute; this script reveals it and hides table rows
 * that do not match. Without JavaScript the form stays hidden and the full table is shown.
 * No dependencies, no network access: it works from file:// as well as from the hosted site.
 */
(function () {
  "use strict";

  function setUp(form) {
    var wrap = form.nextElementSibling;
    while (wrap && !wrap.querySelector("table")) {
      wrap = wrap.nextElementSibling;
    }
    var table = wrap && wrap.querySelector("table");
    if (!table || !table.tBodies.length) {
      return;
    }
    var text = form.querySelector("input[type=search]");
    var select = form.querySelector("select");
    var output = form.querySelector("output");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var haystacks = rows.map(function (row) {
      return row.textContent.toLowerCase();
    });
    var classes = rows.map(function (row) {
      var cell = row.querySelector("[data-class]");
      return cell ? cell.getAttribute("data-class") : "";
    });

    function apply() {
      var terms = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var wanted = select.value;
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = (!wanted || classes[i] === wanted) &&
          terms.every(function (term) { return haystacks[i].indexOf(term) !== -1; });
        row.hidden = !match;
        row.style.display = match ? "" : "none";
        if (match) {
          shown += 1;
        }
      });
      output.textContent = shown + " of " + rows.length + " methods";
    }

    text.addEventListener("input", apply);
    select.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  function init() {
    var forms = document.querySelectorAll("[data-fg-cancel-filter]");
    Array.prototype.forEach.call(forms, setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
