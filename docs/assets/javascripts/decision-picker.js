/* Decision-tree picker: one question at a time, Back and Start over, the answer links to its heading.
   Data comes from the data-picker attribute rendered by hooks/fieldguide/decisions.py. Without JS the
   flowchart and the answer headings that follow the picker carry the same content. */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function setup(root) {
    var tree = JSON.parse(root.getAttribute("data-picker"));
    var history = [];
    root.innerHTML = "";
    root.classList.add("fg-picker--ready");
    var panel = el("div", { "class": "fg-picker__panel", "aria-live": "polite" });
    var controls = el("div", { "class": "fg-picker__controls" });
    var back = el("button", { type: "button", "class": "md-button fg-picker__back" }, "Back");
    var restart = el("button", { type: "button", "class": "md-button fg-picker__restart" }, "Start over");
    controls.appendChild(back);
    controls.appendChild(restart);
    root.appendChild(panel);
    root.appendChild(controls);

    function show(id, focus) {
      panel.innerHTML = "";
      back.disabled = history.length === 0;
      restart.disabled = history.length === 0;
      if (tree.questions[id]) {
        var q = tree.questions[id];
        var prompt = el("p", { "class": "fg-picker__question", tabindex: "-1" }, q.text);
        panel.appendChild(prompt);
        var list = el("div", { "class": "fg-picker__options", role: "group", "aria-label": q.text });
        q.options.forEach(function (option) {
          var button = el("button", { type: "button", "class": "md-button fg-picker__option", "data-next": option.next },
                          option.label);
          button.addEventListener("click", function () { history.push(id); show(option.next, true); });
          list.appendChild(button);
        });
        panel.appendChild(list);
        if (focus) prompt.focus();
      } else {
        var a = tree.answers[id];
        var result = el("p", { "class": "fg-picker__answer", tabindex: "-1" });
        result.appendChild(document.createTextNode("Answer: "));
        var link = el("a", { href: "#" + id, "class": "fg-picker__answer-link" }, a.title);
        result.appendChild(link);
        panel.appendChild(result);
        if (focus) result.focus();
      }
    }
    back.addEventListener("click", function () { if (history.length) show(history.pop(), true); });
    restart.addEventListener("click", function () { history = []; show(tree.start, true); });
    show(tree.start, false);
  }

  function init() { document.querySelectorAll(".fg-picker[data-picker]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
