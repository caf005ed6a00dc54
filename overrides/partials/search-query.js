/* Site search: how a query is read and how results are ranked (the index side is
   hooks/fieldguide/search_index.py; CONTRIBUTING.md "Making a section findable" is the author's view).
   Why: Material's search matches ANY of the words typed, each as a prefix, and lists results page by
   page. A pasted message ("future cannot be sent between threads safely") or two API names
   ("read_exact select") then matched nearly every section of every page; a page with one strong and
   five weak sections hid the next page's best one; and a prefix scored a rarer longer word above the
   word itself (`poll` found "Polling" before "Poll").
   What changes:
   - every word typed is required, as a prefix of a word in the section (`+word*`), English words by
     their stem; the exact word ranks higher (`word^8`); stop words are dropped; words that say how
     something goes wrong ("lost", "hangs") and the reader's own names in a pasted message only rank
     (see parse()); a Rust path requires its last segment (`tokio::task::JoinSet` is JoinSet);
   - when no section holds every word, any of them will do;
   - results are re-ranked (see deliver()) and listed section by section in score order.
   How: Material talks to its search worker with postMessage (SETUP, READY, QUERY, RESULT), on file://
   through the iframe-worker shim, installed as window.Worker before this runs. This wraps that one
   channel; the theme's bundle is not changed. A query in lunr's own syntax is passed on unchanged.
   scripts/search_quality.py measures the result (success at 1 and 3 over tests/search_queries.yml). */
(function () {
  var Worker = window.Worker;
  if (typeof Worker !== "function" || Worker.prototype.__fgSearchQuery) return;
  var proto = Worker.prototype, post = proto.postMessage, listen = proto.addEventListener,
      unlisten = proto.removeEventListener;
  var SETUP = 0, QUERY = 2, RESULT = 3, EXACT_BOOST = 8;
  /* lunr's English stop words (lunr.stopWordFilter): never in the index, so they cannot be required. */
  var STOP = {};
  ("a able about across after all almost also am among an and any are as at be because been but by can " +
   "cannot could dear did do does either else ever every for from get got had has have he her hers him " +
   "his how however i if in into is it its just least let like likely may me might most must my neither " +
   "no nor not of off often on only or other our own rather said say says she should since so some than " +
   "that the their them then there these they this tis to too twas us wants was we were what when where " +
   "which while who whom why will with would yet you your").split(" ").forEach(function (w) { STOP[w] = 1; });
  var separator = /[\s\-,:!=\[\]()<>"`\/&;{}|]+|\.(?!\d)/;   /* replaced by the index's own at SETUP */
  var LUNR_SYNTAX = /(^|\s)[+\-]\w|\w[~^]\d|\w\*|\b(title|text|tags):\w/;   /* +w -w w~1 w^2 w* title:w */

  function words(query, seen) {
    var out = [];
    query.toLowerCase().split(separator).forEach(function (w) {
      w = w.replace(/[+*~^\\]/g, "");
      if (w && !STOP[w] && !seen[w]) { seen[w] = 1; out.push(w); }
    });
    return out;
  }
  /* Words that say how something goes wrong, which the guide says in many ways ("lost": loses, is
     dropped, is gone): they rank a result but do not exclude one that says it differently. */
  var SOFT = {};
  ("lost lose loses losing hang hangs hanging hung stuck freeze freezes frozen fail fails failing failed " +
   "broken break breaks wrong early late immediately suddenly silently still why problem issue vs versus " +
   "without until instead storm doesn't won't can't isn't").split(" ").forEach(function (w) { SOFT[w] = 1; });
  var PHRASES = [[/\bquestion marks?\b/gi, "?"]];
  /* A query as { need: words every result must hold, may: words that only rank, name: the API name it
     is, if it is one }. A pasted compiler or panic message loses what belongs to the reader's program:
     the `thread 'main' panicked at src/main.rs:4:9:` prefix, and the names in backticks (`ids` does not
     live long enough), which only rank; an `error[E0597]:` code only ranks too (not every section that
     explains one names it). */
  function parse(query) {
    var seen = {}, may = [];
    PHRASES.forEach(function (p) { query = query.replace(p[0], p[1]); });
    query = query.replace(/^\s*thread '[^']*'(?: \(\d+\))? panicked at \S+?:\d+:\d+:\s*/, "");
    query = query.replace(/^\s*(?:error|warning)\[(E\d{4})\]:?\s*/i, function (_, code) {
      may.push(code.toLowerCase()); seen[code.toLowerCase()] = 1; return "";
    });
    var spans = query.match(/`[^`]+`/g), rest = query.replace(/`[^`]+`/g, " ");
    if (spans && words(rest, {}).length >= 2) {
      query = rest;
      may = may.concat(words(spans.join(" "), seen));
    }
    /* A Rust path names its item by the last segment; the crate and modules only rank
       (`tokio::task::JoinSet` is JoinSet, preferably where tokio::task is named too). */
    var path = /^\s*(?:#\[)?((?:[A-Za-z_]\w*::)*)([A-Za-z_]\w*)!?(?:\(\))?\]?\s*$/.exec(query), name = null;
    if (path && (path[1] || /[A-Z_]|\W\s*$/.test(path[2] + query.trim().slice(-1)))) {
      name = path[1] + path[2];
      may = may.concat(words(path[1], seen));
      query = path[2];
    }
    var need = words(query, seen), hard = need.filter(function (w) { return !SOFT[w]; });
    if (hard.length && hard.length < need.length) {
      may = may.concat(need.filter(function (w) { return SOFT[w]; }));
      need = hard;
    }
    return { need: need, may: may, name: name };
  }
  /* An English word also finds its other forms: "runs" looks for run*, "closes" for clos*, "awaited"
     for await*, "concurrent" for concurre*. Names (with `_` or digits) and short words are left as
     typed. */
  function stem(w) {
    if (!/^[a-z]{4,}$/.test(w)) return w;
    var s = w.replace(/(?:ing|ed|es|ly|s)$/, "");
    if (s.length >= 8) s = s.slice(0, -2);   /* concurrent: concurrency, concurrently */
    return s.length >= 3 ? s : w;
  }
  function allOf(q) {
    return q.need.map(function (w) { return "+" + stem(w) + "*"; }).concat(q.may, exact(q)).join(" ");
  }
  function anyOf(q) { return q.need.map(stem).concat(q.may, exact(q)).join(" "); }
  function exact(q) { return q.need.concat(q.may).map(function (w) { return w + "^" + EXACT_BOOST; }); }

  var sent = new WeakMap(), decided = new WeakMap(), wrapped = new WeakMap();
  var docs = {};   /* the index's entries by location: results carry only the matching part of the text */
  function queue(worker) {
    if (!sent.has(worker)) sent.set(worker, []);
    return sent.get(worker);
  }

  proto.postMessage = function (message) {
    if (message && message.type === SETUP && message.data && message.data.config) {
      try { separator = new RegExp(message.data.config.separator); } catch (e) { /* keep the default */ }
      (message.data.docs || []).forEach(function (doc) { docs[doc.location] = doc; });
    }
    if (message && message.type === QUERY && typeof message.data === "string") {
      var q = LUNR_SYNTAX.test(message.data) ? { need: [], may: [] } : parse(message.data);
      q.raw = message.data;
      queue(this).push(q);
      if (q.need.length) return post.call(this, { type: QUERY, data: allOf(q) });
    }
    return post.apply(this, arguments);
  };

  /* Called once per incoming message (whatever the number of listeners): false swallows an empty
     result of an all-words query and asks again with any of the words, unless a newer query is
     already on its way (its result will replace this one anyway). Otherwise the result is re-ranked:
     one word: a heading that is that word favoured, passing mentions pruned; several: phrases and
     headings that hold the words favoured; an API name: the section that explains it first. */
  function deliver(worker, event) {
    if (decided.has(event)) return decided.get(event);
    var ok = true, data = event.data;
    if (data && data.type === RESULT) {
      var pending = queue(worker), q = pending.shift() || { need: [], may: [] };
      if (q.need.length > 1 && !q.any && pending.length === 0 && data.data && data.data.items && data.data.items.length === 0) {
        pending.push(Object.assign({}, q, { any: true }));
        post.call(worker, { type: QUERY, data: anyOf(q) });
        ok = false;
      } else if (data.data && data.data.items) {
        var items = q.need.length > 1 ? phrase(data.data.items, q) : exactTitle(data.data.items, q);
        data.data.items = bySection(favourKeys(items, q), q.need.length === 1);
        api.answered = q.raw;
      }
    }
    decided.set(event, ok);
    return ok;
  }

  /* Sections that only mention the words in passing are dropped when other sections score far higher
     (a heading that holds the words outweighs any amount of body text by the title boost), after the
     first ten results: otherwise every page that mentions `JoinSet` once is listed. */
  var KEEP_FRACTION = 0.005, KEEP_FIRST = 10;
  function prune(flat) {
    var cutoff = (flat.length ? flat[0].score : 0) * KEEP_FRACTION;
    return flat.filter(function (item, i) { return i < KEEP_FIRST || item.score >= cutoff; });
  }

  /* Several words typed in the order a section writes them rank that section higher: a little for a
     short phrase ("task never runs", where a heading that holds the words is still the better hit),
     decisively for five words or more, which is a pasted message (by 1000: above a heading that holds
     some of its words). A heading that holds every word ranks by 10 more, one that holds some of them
     by a part of that. Checked on the best results only, so typing stays fast. */
  var PHRASE_BOOST = [1, 1, 2, 3, 10, 1000], PHRASE_CHECKED = 50, TITLE_BOOST = 10;
  function tokens(html) {
    return html.replace(/<[^>]+>/g, " ").toLowerCase().split(separator).filter(function (t) { return t && !STOP[t]; });
  }
  function holds(list, stems) {
    return stems.every(function (w) { return list.some(function (t) { return t.indexOf(w) === 0; }); });
  }
  function phrase(groups, q) {
    var stems = q.need.map(stem), items = [];
    groups.forEach(function (g) { g.forEach(function (item) { if (item.location.indexOf("#") >= 0) items.push(item); }); });
    items.sort(function (a, b) { return b.score - a.score; }).slice(0, PHRASE_CHECKED).forEach(function (item) {
      var doc = docs[item.location] || item, title = tokens(doc.title || ""), all = title.concat(tokens(doc.text || ""));
      var held = stems.filter(function (w) { return holds(title, [w]); }).length;
      item.score *= Math.pow(TITLE_BOOST, held / stems.length);   /* what the heading says of it */
      for (var i = 0; i + stems.length <= all.length; i++) {
        var k = 0;
        while (k < stems.length && all[i + k].indexOf(stems[k]) === 0) k++;
        if (k === stems.length) { item.score *= PHRASE_BOOST[Math.min(stems.length, 5)]; break; }
      }
    });
    return groups;
  }

  /* One word that is a whole heading ("Pin", "Layer") names that section's subject. */
  function exactTitle(groups, q) {
    if (q.need.length !== 1) return groups;
    var w = stem(q.need[0]);
    groups.forEach(function (g) {
      g.forEach(function (item) {
        var title = tokens((docs[item.location] || item).title || "");
        if (item.location.indexOf("#") >= 0 && title.length === 1 && title[0].indexOf(w) === 0) item.score *= TITLE_BOOST;
      });
    });
    return groups;
  }

  /* A query that is an API name (`JoinSet`, `tokio::task::JoinSet`, `select!`, `join_next`) puts the
     section that explains the item first: the build lists, in each section's `keys`, the items whose
     explanation it is (hooks/fieldguide/api_index.py). */
  var KEY_BOOST = 10;
  function favourKeys(groups, q) {
    if (!q.name) return groups;
    var name = q.name;   /* case matters: `pin!` is not `Pin` */
    groups.forEach(function (g) {
      g.forEach(function (item) {
        var keys = ((docs[item.location] || item).keys || "").split(" ");
        if (keys.some(function (k) { return k === name || k.slice(-name.length - 2) === "::" + name; }))
          item.score *= KEY_BOOST;
      });
    });
    return groups;
  }

  /* Results in score order, section by section. Material groups results by page, ordered by each page's
     best section, and lists a page's other matching sections under its best one (folded away as "N more
     on this page"), so a page with one strong and five weak sections hid the next page's strong one.
     Here each run of consecutive results from one page becomes a group (a page can come back later in
     the list), headed by the page as Material expects, and every section in it is shown. */
  function bySection(groups, pruned) {
    var articles = {}, flat = [], out = [];
    groups.forEach(function (g) {
      g.forEach(function (item) {
        var page = item.location.split("#")[0];
        if (item.location === page) articles[page] = item;
        if (item.location !== page || item.score > 0) flat.push(item);
      });
    });
    flat.sort(function (a, b) { return b.score - a.score; });
    if (pruned) flat = prune(flat);
    var run = null;
    flat.forEach(function (item) {
      var page = item.location.split("#")[0];
      if (!run || run.page !== page) { run = { page: page, items: [], article: false }; out.push(run); }
      if (item.location === page) run.article = true;
      run.items.push(item);
    });
    return out.map(function (r) {
      var top = r.items[0].score;
      var items = r.items.map(function (item) {
        return item.location === r.page ? item : Object.assign({}, item, { score: top });
      });
      if (!r.article && articles[r.page]) items.push(Object.assign({}, articles[r.page], { score: 0, terms: {} }));
      return items;
    });
  }

  proto.addEventListener = function (type, listener, options) {
    if (type !== "message" || typeof listener !== "function") return listen.apply(this, arguments);
    var worker = this, inner = function (event) {
      if (deliver(worker, event)) return listener.apply(this, arguments);
    };
    wrapped.set(listener, inner);
    return listen.call(this, type, inner, options);
  };
  proto.removeEventListener = function (type, listener, options) {
    return unlisten.call(this, type, (type === "message" && wrapped.get(listener)) || listener, options);
  };
  /* For tests and scripts/search_quality.py: the query functions, and the last query answered. */
  var api = proto.__fgSearchQuery = { parse: parse, allOf: allOf, anyOf: anyOf, answered: null };
})();
