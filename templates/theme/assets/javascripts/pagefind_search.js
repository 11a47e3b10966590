/* The site's search box (partials/pagefind.html). Pagefind (pagefind/pagefind.js, written
   with the index by generator/engine/pagefind_search.py) runs in the box's own worker,
   pagefind_worker.js, which answers with the number of results and the excerpts shown,
   nothing more (that file says why). A page view loads nothing of it: the worker, the
   script and the language's index entry are fetched once the reader opens the search (the
   header's button, a click or focus on the box, or the "/" key), and each query then
   fetches only the index chunks for its words and the excerpts of the results shown.
   Pagefind's bundle is the language's own (data-bundle). Results are written as Material
   writes its own, with text nodes only: titles and excerpts never become markup, apart
   from Pagefind's <mark> around the words found. */
(function () {
  var SHOWN = 10;  /* results whose excerpts are fetched: each is a request */
  var box = document.querySelector("[data-briefing-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var input = box.querySelector(".md-search__input");
  var form = box.querySelector(".md-search__form");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var bundle = new URL(box.getAttribute("data-bundle"), location.href);
  var words = function (name) { return box.getAttribute("data-words-" + name) || ""; };
  /* Beside this script; read now: document.currentScript is gone once it has run. */
  var workerUrl = new URL("pagefind_worker.js", document.currentScript.src).href;
  var worker = null;   /* the search's worker, once the search was opened */
  var asked = 0;       /* the latest query: answers to earlier ones are dropped */
  var timer = 0;
  var searching = 0;   /* the query being searched (its number): the next waits for it */
  var waiting = false;  /* a key came meanwhile: search the box's words once it is done */
  var answer = null;   /* the latest query's answer so far: its number of results, excerpts */
  /* A reader types a key every 100-250 ms, so each key is a query of its own. One or two
     letters match most words of a large site (at 10,000 deals "B" matches 11,270 pages:
     0.19 s, and 1.5-2 s with Pagefind 1.5.2), and queries run one after the other in the
     worker: the word the reader finished waited behind them (10 s in a benchmark typing
     150 ms a key). So a query shorter than SHORT is searched only once the reader pauses,
     and only one query is searched at a time: keys that come meanwhile make one query, of
     the box's words when it is done. */
  var SHORT = 3, PAUSE_SHORT = 400, PAUSE = 40;  /* letters; milliseconds */

  function load() {
    if (!worker) {
      meta.textContent = words("initializer");
      worker = new Worker(workerUrl, { type: "module" });
      worker.addEventListener("message", function (event) { heard(event.data); });
      worker.addEventListener("error", function (event) {
        /* Its script did not load: the next query starts a new one. */
        event.preventDefault();
        worker.terminate();
        worker = null;
        heard({ id: searching, error: event.message || "the search's worker did not start" });
      });
      tell({ id: 0 });  /* Pagefind loads its entry while the reader types */
    }
    return worker;
  }

  function tell(message) {
    message.bundle = bundle.href;
    /* Result addresses are relative to the language's site, where the bundle lies. */
    message.base = new URL("..", bundle).pathname;
    message.shown = SHOWN;
    worker.postMessage(message);
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    load();
    if (document.activeElement !== input) input.focus();
  }

  function close() {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    input.blur();
  }

  /* Pagefind's excerpt as nodes: its text, and <mark> around the words found; nothing
     else of it becomes an element. */
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var nodes = [];
    parsed.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    });
    return nodes;
  }

  function sameSite(url) {
    var target = new URL(url, location.href);
    return target.origin === location.origin ? target.href : null;
  }

  function item(data) {
    var href = sameSite(data.url);
    if (!href) return null;
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = href;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = data.title || href;
    var excerpt = document.createElement("p");
    excerptNodes(data.excerpt || "").forEach(function (node) { excerpt.appendChild(node); });
    article.appendChild(title);
    article.appendChild(excerpt);
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function count(number) {
    if (number === 0) return words("none");
    if (number === 1) return words("one");
    return words("other").replace("#", String(number));
  }

  function request() {
    if (searching) {
      waiting = true;
      return;
    }
    run();
  }

  function run() {
    var query = input.value.trim();
    var mine = ++asked;
    answer = null;
    if (!query) {
      list.textContent = "";
      meta.textContent = words("placeholder");
      return;
    }
    searching = mine;
    answer = { id: mine, query: query, count: 0, excerpts: [], next: 0, shown: false };
    load();
    tell({ id: mine, query: query });
  }

  /* What the worker says: the query that was being searched is done once its number of
     results (or its failure) is in, and the excerpts come beside the next query. Only the
     latest query's words reach the list. */
  function heard(said) {
    if (!said.id) {  /* Pagefind loaded, or the worker failed before any query */
      if (!input.value) meta.textContent = words(said.error === undefined ? "placeholder" : "none");
      return;
    }
    var latest = answer && said.id === answer.id ? answer : null;
    if (said.error !== undefined) {
      if (latest) meta.textContent = words("none");
      if (window.console) console.warn("search:", said.error);
    } else if (said.count !== undefined && latest) {
      latest.count = said.count;
      latest.excerpts.length = Math.min(said.count, SHOWN);
      show(latest);
    } else if (said.rank !== undefined && latest) {
      latest.excerpts[said.rank] = said.data || null;
      show(latest);
    }
    if (said.id === searching && (said.count !== undefined || said.error !== undefined)) {
      searching = 0;
      if (waiting) {
        waiting = false;
        run();
      }
    }
  }

  /* The list answers with the first result as soon as its excerpt is there, then each
     next one in rank order: the reader does not wait for the tenth excerpt. */
  function show(latest) {
    if (!latest.shown) {
      latest.shown = true;
      meta.textContent = count(latest.count);
      list.textContent = "";
      list.setAttribute("data-query", latest.query);  /* which query the list answers */
    }
    while (latest.next < latest.excerpts.length && latest.excerpts[latest.next] !== undefined) {
      var li = latest.excerpts[latest.next] && item(latest.excerpts[latest.next]);
      if (li) list.appendChild(li);
      latest.next += 1;
    }
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(request, input.value.trim().length < SHORT ? PAUSE_SHORT : PAUSE);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      load();
      setTimeout(function () { input.focus(); });
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      close();
      return;
    }
    if (toggle.checked || event.metaKey || event.ctrlKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable ||
                            /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      open();
    }
  });
})();
