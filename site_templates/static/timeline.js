/* The timeline page's controls: filters by source and tag, full-text search, and the order
 * switch.  Without this script the page shows every event, oldest first, and the controls
 * stay hidden.  Search reads the index in search/ (made by timeline/search.py, which
 * describes it) and needs an http(s) page: opened from disk, the browser refuses to fetch
 * it, so the search field stays hidden there.
 * The choices are kept in the address (?q=…&source=…&tag=…&order=newest), so a filtered
 * timeline can be bookmarked and shared; sources and tags are named there by their labels. */
(function () {
  "use strict";
  var form = document.getElementById("controls");
  var timeline = document.getElementById("timeline");
  if (!form || !timeline) return;
  var status = document.getElementById("status");
  var noMatch = document.getElementById("no-match");
  var sourceFilter = document.getElementById("source-filter");
  var tagFilter = document.getElementById("tag-filter");
  var order = document.getElementById("order");
  var query = document.getElementById("q");
  var events = Array.prototype.slice.call(timeline.querySelectorAll(".event"));
  var total = events.length;
  var found = null; // null: no search; else the set of matching event element ids
  var searchSeq = 0;

  function facets(el) {
    return (el.getAttribute("data-facets") || "").split(" ");
  }

  function apply() {
    var source = sourceFilter ? sourceFilter.value : "";
    var tag = tagFilter ? tagFilter.value : "";
    var shown = 0;
    events.forEach(function (el) {
      var keys = facets(el);
      var ok = (!source || keys.indexOf(source) >= 0) && (!tag || keys.indexOf(tag) >= 0) &&
        (found === null || found.has(el.id));
      el.hidden = !ok;
      if (ok) shown += 1;
    });
    // A month or a year with nothing left to show goes too.
    timeline.querySelectorAll("section.period, section.year").forEach(function (section) {
      section.hidden = !section.querySelector(".event:not([hidden])");
    });
    // The year list offers only the years that still show something.
    document.querySelectorAll(".year-nav a").forEach(function (a) {
      var year = document.getElementById(a.getAttribute("href").slice(1));
      a.parentNode.hidden = !year || year.parentNode.hidden;
    });
    status.textContent = shown === total ? "Showing all " + total + " events." :
      "Showing " + shown + " of " + total + " events.";
    noMatch.hidden = shown > 0;
  }

  function reverseChildren(parent, selector) {
    var kids = Array.prototype.filter.call(parent.children, function (el) {
      return el.matches(selector);
    });
    kids.reverse().forEach(function (el) { parent.appendChild(el); });
  }

  function setOrder(newest) {
    var isNewest = timeline.getAttribute("data-order") === "newest";
    if (newest === isNewest) return;
    reverseChildren(timeline, "section.year");
    timeline.querySelectorAll("section.year").forEach(function (y) {
      reverseChildren(y, "section.period");
    });
    timeline.querySelectorAll("ol.events").forEach(function (ol) {
      reverseChildren(ol, "li.event");
    });
    var nav = document.querySelector(".year-nav ul");
    if (nav) reverseChildren(nav, "li");
    timeline.setAttribute("data-order", newest ? "newest" : "oldest");
  }

  // -- search: the same words as timeline/search.py's terms() ----------------------------
  var STOP = new Set(("an and are as at be but by for from had has have he her his in is it " +
    "its of on or she that the their they this to was were which who will with").split(" "));
  var searchBox = form.querySelector("[data-search]");
  var shards = {}; // key -> promise of {term: gaps}
  var pages = null; // promise of search/pages.json
  var timer = null;

  function words(text) {
    var plain = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    return (plain.match(/[\p{L}\p{N}]+/gu) || []).filter(function (w) {
      return Array.from(w).length > 1 && !STOP.has(w);
    });
  }

  function stem(word) { // "talks", "talked", "talking": "talk", which starts all of them
    var m = /^(.{3,}?)(?:ing|ed|es|s)$/u.exec(word);
    return m ? m[1] : word;
  }

  function shardKey(word) {
    return Array.from(word).slice(0, 2).map(function (c) {
      return /^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
    }).join("");
  }

  function fetchJson(path) {
    var url = new URL(searchBox.getAttribute("data-search") + path, document.baseURI).href;
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  function numbersFor(prefix, known) { // the events with a term that starts with `prefix`
    var key = shardKey(prefix);
    if (known.indexOf(key) < 0) return Promise.resolve(new Set()); // no term starts so
    if (!shards[key]) shards[key] = fetchJson("t/" + key + ".json");
    return shards[key].then(function (shard) {
      var hits = new Set();
      Object.keys(shard).forEach(function (term) {
        if (term.lastIndexOf(prefix, 0) !== 0) return;
        var n = 0;
        shard[term].forEach(function (gap) { n += gap; hits.add(n); });
      });
      return hits;
    });
  }

  function search(text) {
    var seq = ++searchSeq;
    var wanted = words(text).map(stem);
    if (!wanted.length) {
      found = null;
      apply();
      return;
    }
    status.textContent = "Searching…";
    if (!pages) pages = fetchJson("pages.json");
    pages.then(function (index) {
      return Promise.all([index].concat(wanted.map(function (w) {
        return numbersFor(w, index.shards);
      })));
    }).then(function (results) {
      if (seq !== searchSeq) return; // a newer search replaced it
      var first = results[0].pages[searchBox.getAttribute("data-page")] || 0;
      found = new Set();
      events.forEach(function (el, i) {
        for (var k = 1; k < results.length; k += 1) {
          if (!results[k].has(first + i)) return;
        }
        found.add(el.id);
      });
      apply();
    }).catch(function () {
      pages = null;
      shards = {};
      status.textContent = "Search is not available here.";
    });
  }

  function startSearch() {
    clearTimeout(timer);
    timer = setTimeout(function () { search(query.value); }, 150);
  }
  if (searchBox && !/^https?:$/.test(location.protocol)) {
    searchBox.remove();
    searchBox = null;
  }
  if (searchBox) {
    query.addEventListener("input", function () {
      startSearch();
      writeUrl();
    });
  }

  function named(select) {
    var option = select && select.options[select.selectedIndex];
    return option && option.value ? option.getAttribute("data-name") : "";
  }

  function choose(select, name) {
    if (!select || !name) return;
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.getAttribute("data-name") === name) select.value = option.value;
    });
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    choose(sourceFilter, params.get("source"));
    choose(tagFilter, params.get("tag"));
    if (params.get("order") === "newest") order.value = "newest";
    if (searchBox && params.get("q")) query.value = params.get("q");
  }

  function writeUrl() {
    var params = new URLSearchParams();
    if (searchBox && query.value.trim()) params.set("q", query.value.trim());
    if (named(sourceFilter)) params.set("source", named(sourceFilter));
    if (named(tagFilter)) params.set("tag", named(tagFilter));
    if (order.value === "newest") params.set("order", "newest");
    var text = params.toString();
    history.replaceState(null, "", (text ? "?" + text : location.pathname) + location.hash);
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); });
  [sourceFilter, tagFilter].forEach(function (el) {
    if (el) el.addEventListener("change", function () { apply(); writeUrl(); });
  });
  order.addEventListener("change", function () {
    setOrder(order.value === "newest");
    writeUrl();
  });
  document.getElementById("clear").addEventListener("click", function () {
    form.reset();
    found = null;
    searchSeq += 1;
    setOrder(order.value === "newest");
    apply();
    writeUrl();
  });
  readUrl();
  setOrder(order.value === "newest");
  form.hidden = false;
  apply();
  if (searchBox && query.value.trim()) startSearch();
})();
