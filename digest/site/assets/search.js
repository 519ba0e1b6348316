// News Digest: search with Pagefind in Material's search box (digest/theme/partials/digest-search.html).
// Pagefind's index is split by word, so a query loads only the pieces it needs; nothing is
// fetched until the search box is used. Base paths (a site under /REPO/) come from Material's
// own __config block, so the same page works at any depth and under any prefix.
(function () {
  "use strict";
  var PAGE = 10;
  var toggle = document.getElementById("__search");
  var input = document.querySelector('[data-nd-search="query"]');
  var box = document.querySelector('[data-nd-search="result"]');
  if (!toggle || !input || !box) return;
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var more = box.querySelector(".nd-search-more");
  var config = JSON.parse(document.getElementById("__config").textContent);
  var root = new URL(config.base.replace(/\/?$/, "/"), location.href);
  var loading = null;
  var serial = 0;
  var shown = [];
  var sortNewest = false;

  // Pagefind's index: one bundle, or for a large digest several (each made by its own run
  // of Pagefind, to bound its memory), newest articles first, named in bundles.json.
  // Returned as the newest bundle and a promise of the older ones: the newest is loaded
  // first, so a reader who types at once is not kept waiting by the rest.
  function load(folder, base, settings) {
    // Each bundle's own pagefind.js: a module, and so a worker, of its own. Instances of
    // one module share its worker, where Pagefind (1.5, 1.6) mixes up their memory.
    return import(new URL("pagefind.js", new URL(folder, base)).href).then(function (pf) {
      // On focus, not on the first key press: the search code and the bundle's entry
      // files. Not its filters (year, tags): once loaded, every search counts them,
      // which doubles the time of a common word at 100,000 articles.
      return pf.options(settings).then(function () { return pf.init(); })
        .then(function () { return pf; });
    });
  }

  function pagefind() {
    if (!loading) {
      var base = new URL("pagefind/", root);
      var settings = { baseUrl: root.pathname, highlightParam: "h" };
      loading = fetch(new URL("bundles.json", base)).then(function (response) {
        return response.ok ? response.json() : [""];
      }).catch(function () { return [""]; }).then(function (folders) {
        if (!Array.isArray(folders) || folders.length === 0) folders = [""];
        return load(folders[0], base, settings).then(function (newest) {
          var older = Promise.all(folders.slice(1).map(function (folder) {
            return load(folder, base, settings);
          }));
          older.then(function () {
            box.dataset.ndReady = "";  // for bench/search_latency.py: loaded, searches answer
          });
          return { newest: newest, older: older, more: folders.length > 1 };
        });
      });
    }
    return loading;
  }

  // One search over every bundle. The newest bundle is searched first and alone, and its
  // results are shown at once (`early`); then the older bundles, together, and the whole
  // list replaces the first. A common word matches most of the archive, and Pagefind's
  // time grows with the pages it ranks: the newest bundle, a quarter of the size of the
  // others, answers in a fraction of the time of all of them. Best match: by Pagefind's
  // score, as its own mergeIndex orders results. Newest first: the bundles are in date
  // order, each sorted by date, so the early results are already the top of the list.
  function searchAll(index, query, options, early, stale) {
    return index.newest.search(query, options).then(function (first) {
      if (!index.more || !first || stale()) return first;
      if (first.results.length) early(first);
      return index.older.then(function (bundles) {
        if (stale()) return null;
        return Promise.all(bundles.map(function (pf) { return pf.search(query, options); }))
          .then(function (found) {
            var results = first.results;
            found.forEach(function (one) { if (one) results = results.concat(one.results); });
            if (!options.sort) results.sort(function (a, b) { return b.score - a.score; });
            return { results: results };
          });
      });
    });
  }

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;
  }

  // Pagefind's excerpt is the page's text, HTML-escaped, with <mark> around the matches.
  // Each piece between marks is read back to plain text in an inert document (no script
  // runs there), then escaped again: only the marks are ever markup.
  var inert = new DOMParser();
  function plain(html) {
    return inert.parseFromString("<body>" + html, "text/html").body.textContent;
  }
  function excerpt(html) {
    return html.split(/(<\/?mark>)/).reduce(function (out, piece) {
      if (piece === "<mark>" || piece === "</mark>") return out + piece;
      return out + text(plain(piece));
    }, "").replace(/<mark>(?![^]*?<\/mark>)/g, "");
  }

  function day(iso) {
    if (!iso) return "";
    var date = new Date(iso.length === 10 ? iso + "T00:00:00" : iso.slice(0, 19));
    if (isNaN(date)) return iso.slice(0, 10);
    return date.toLocaleDateString(document.documentElement.lang || undefined, {
      year: "numeric", month: "long", day: "numeric",
    });
  }

  // "# matching documents"; "#+" while older bundles are still being searched.
  function count(n, complete) {
    var key = n === 0 ? "langNone" : n === 1 && complete ? "langOne" : "langOther";
    return box.dataset[key].replace("#", n.toLocaleString() + (complete ? "" : "+"));
  }

  function item(data) {
    var info = [day(data.meta.date), data.meta.source].filter(Boolean).map(text).join(" · ");
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    li.innerHTML =
      '<a href="' + text(data.url) + '" class="md-search-result__link" tabindex="-1">' +
      '<article class="md-search-result__article md-typeset">' +
      "<h1>" + text(data.meta.title) + "</h1>" +
      (info ? '<p class="nd-search-meta">' + info + "</p>" : "") +
      '<p class="md-search-result__teaser">' + excerpt(data.excerpt || "") + "</p>" +
      "</article></a>";
    return li;
  }

  function showMore(mine) {
    var next = shown.splice(0, PAGE);
    more.hidden = true;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
      if (mine !== serial) return;
      items.forEach(function (data) { list.appendChild(item(data)); });
      more.hidden = shown.length === 0;
    });
  }

  // Show the top of a result list: the first page, or after early results as many as are
  // on screen (the reader may have asked for more meanwhile). Each list is painted after
  // the one before it (`painted`), so early results never cover the complete list.
  var painted = Promise.resolve();
  function show(found, mine, complete) {
    painted = painted.catch(function () {}).then(function () {
      if (mine !== serial) return;
      var results = found.results.slice();
      var top = results.splice(0, complete ? Math.max(PAGE, list.children.length) : PAGE);
      return Promise.all(top.map(function (r) { return r.data(); })).then(function (items) {
        if (mine !== serial) return;
        shown = results;
        list.innerHTML = "";
        items.forEach(function (data) { list.appendChild(item(data)); });
        more.hidden = shown.length === 0;
        meta.textContent = count(found.results.length, complete);
        meta.appendChild(sorter());
        if (complete) box.dataset.ndComplete = "";  // for tests and bench/search_latency.py
      });
    });
    return painted;
  }

  function search() {
    var query = input.value.trim();
    var mine = ++serial;
    delete box.dataset.ndComplete;
    if (!query) {
      list.innerHTML = "";
      more.hidden = true;
      meta.textContent = box.dataset.langPlaceholder;
      box.dataset.ndComplete = "";
      return;
    }
    var stale = function () { return mine !== serial; };
    pagefind().then(function (index) {
      var options = sortNewest ? { sort: { date: "desc" } } : {};
      return searchAll(index, query, options, function (early) {
        show(early, mine, false);
      }, stale);
    }).then(function (found) {
      if (!stale() && found) return show(found, mine, true);
    }).catch(function (error) {
      if (mine === serial) meta.textContent = "Search is not available: " + error;
    });
  }

  function sorter() {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "nd-search-sort";
    button.textContent = sortNewest ? "Newest first" : "Best match";
    button.title = "Order of the results";
    button.addEventListener("click", function () {
      sortNewest = !sortNewest;
      search();
      input.focus();
    });
    return button;
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.focus();
  }

  // Wait for a pause in typing: a search for every prefix typed on the way ("s", "si",
  // "sin"...) would make Pagefind rank a large share of the archive for each of them.
  var pause = null;
  input.addEventListener("input", function () {
    clearTimeout(pause);
    delete box.dataset.ndComplete;  // what is shown answers the text before this key
    pause = setTimeout(search, 150);
  });
  input.addEventListener("focus", function () {
    pagefind();
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  });
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  input.form.addEventListener("reset", function () {
    clearTimeout(pause);
    delete box.dataset.ndComplete;
    setTimeout(search, 0);
  });
  more.addEventListener("click", function () { showMore(serial); });
  toggle.addEventListener("change", function () {
    if (toggle.checked) input.focus();
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
      input.blur();
    } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
               (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      open();
    }
  });

  // Arriving from a result: mark the words searched for in the article.
  if (new URLSearchParams(location.search).has("h")) {
    import(new URL("pagefind/pagefind-highlight.js", root).href).then(function () {
      if (window.PagefindHighlight) new window.PagefindHighlight({ highlightParam: "h" });
    }).catch(function () {});
  }
})();
