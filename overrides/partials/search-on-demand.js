/* Search index on demand.
   Why: Material's bundle requests search/search_index.json (about 160 KB gzip) on every page as soon as it
   runs, parses it on the main thread and hands it to the search worker, whether or not the reader ever
   searches. On a phone that download and parse compete with the first paint and the first taps. This
   script holds that one request back until the reader shows they want to search: pointing at, tapping or
   focusing the search box (the keyboard shortcuts f, s and / focus it too), or arriving through a shared
   search link (?q=) or a search result (?h=, whose terms Material highlights with the index's help).
   Material sends the query again when its worker reports ready, so a query typed before the index
   arrives is answered once it has loaded.
   Only http(s) is affected: from file:// Material loads search_index.js with a script tag instead. */
(function () {
  if (location.protocol === "file:") return;
  var INDEX = /(^|\/)search\/search_index\.json([?#]|$)/;
  var proto = XMLHttpRequest.prototype, open = proto.open, send = proto.send;
  var wanted = false, held = [];
  proto.open = function (method, url) {
    this.__fgSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (this.__fgSearchIndex && !wanted) { held.push([this, arguments]); return; }
    return send.apply(this, arguments);
  };
  var EVENTS = ["focusin", "pointerover", "pointerdown", "change"];
  function isSearch(target) {
    return target instanceof Element && !!target.closest("[data-md-component=search], label[for=__search], #__search");
  }
  function onIntent(event) { if (isSearch(event.target)) release(); }
  function release() {
    if (wanted) return;
    wanted = true;
    EVENTS.forEach(function (type) { document.removeEventListener(type, onIntent, true); });
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }
  EVENTS.forEach(function (type) { document.addEventListener(type, onIntent, true); });
  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) release();
})();
