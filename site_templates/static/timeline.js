/* The timeline page's controls: filters by source and tag, full-text search (Pagefind), and
 * the order switch.  Without this script the page shows every event, oldest first, and the
 * controls stay hidden.  Search needs the Pagefind index and an http(s) page: opened from
 * disk, the browser refuses to load it, so the search field stays hidden there.
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
  var pagefind = null;

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

  function eventIdOf(url) {
    var m = /(?:^|\/)events\/([^\/?#]+)\.html/.exec(url || "");
    return m ? "e-" + decodeURIComponent(m[1]) : null;
  }

  function search(text) {
    var seq = ++searchSeq;
    text = text.trim();
    if (!text) {
      found = null;
      apply();
      return;
    }
    status.textContent = "Searching…";
    pagefind.debouncedSearch(text, {}, 200).then(function (result) {
      if (result === null || seq !== searchSeq) return null; // a newer search replaced it
      return Promise.all(result.results.map(function (r) { return r.data(); }));
    }).then(function (pages) {
      if (!pages || seq !== searchSeq) return;
      found = new Set();
      pages.forEach(function (page) {
        var id = eventIdOf(page.url);
        if (id) found.add(id);
      });
      apply();
    }).catch(function () {
      status.textContent = "Search is not available here.";
    });
  }

  var searchBox = form.querySelector("[data-search]");
  var loaded = null;
  function startSearch() {
    if (!loaded) {
      loaded = import(new URL(searchBox.getAttribute("data-search"), document.baseURI).href)
        .then(function (module) {
          pagefind = module;
          return pagefind.init ? pagefind.init() : null;
        });
    }
    loaded.then(function () { search(query.value); }, function () {
      status.textContent = "Search is not available here.";
    });
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
