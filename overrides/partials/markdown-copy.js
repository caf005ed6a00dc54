/* "Copy page as Markdown": copies the page's Markdown copy (the .md file next to the page) to the
   clipboard. Offline and same-origin only. From file:// a browser will not let a page read another file,
   so there (and whenever reading or copying fails) the button opens the .md file instead, where the
   reader can select and copy it; the button's data-fg-state says which happened ("copied"/"opened").
   Without ClipboardItem the copy goes through window.fieldGuide.copyText (clipboard.js, an extra_javascript
   loaded after this inline script, so it is looked up on click). */
(function () {
  "use strict";
  if (window.__fgMarkdownCopy) return;
  window.__fgMarkdownCopy = true;

  function copy(textPromise) {
    var clip = navigator.clipboard;
    if (clip && window.isSecureContext && window.ClipboardItem && clip.write) {
      /* A promise inside the ClipboardItem keeps the click's user activation while the file loads
         (Safari needs that); Chrome accepts it too. */
      var item = new ClipboardItem({ "text/plain": textPromise.then(function (t) {
        return new Blob([t], { type: "text/plain" });
      }) });
      return clip.write([item]).catch(function () {
        return textPromise.then(function (t) { return clip.writeText(t); });
      });
    }
    return textPromise.then(function (t) { return window.fieldGuide.copyText(t); });
  }

  function open(button, href) {
    button.setAttribute("data-fg-state", "opened");
    window.open(href, "_blank", "noopener");
  }

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest && event.target.closest("button.fg-copy-markdown");
    if (!button) return;
    event.preventDefault();
    var href = button.getAttribute("data-fg-markdown");
    if (location.protocol === "file:" || !window.fetch) { open(button, href); return; }
    var text = fetch(href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    });
    copy(text).then(function () {
      button.setAttribute("data-fg-state", "copied");
      button.title = "Copied to clipboard";
      setTimeout(function () { button.removeAttribute("data-fg-state"); button.title = "Copy page as Markdown"; }, 2000);
    }, function () { open(button, href); });
  });
})();
