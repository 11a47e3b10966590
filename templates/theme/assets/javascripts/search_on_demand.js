/* Material's search asks for the language's whole search index as soon as a page has loaded,
   and its worker then builds the index in the reader's browser: at 2,000 deals 24 MB of
   entries and about 6 s of processor time on every page a reader opens, whether they
   search or not (benchmarks/README.md, "Search on demand"). Here the request for the
   index waits until the reader opens the search (clicks or focuses the box, or presses its
   key, which does the same; a pointer over it starts it a moment early), or until a page
   opened from a search result highlights the words searched for (?h=). Material shows
   "Initialising search" meanwhile. Nothing else changes: the request, when sent, is
   Material's own. */
(function () {
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var index = /\/search\/search_index\.json$/;
  var held = [];
  var wanted = /[?&]h=/.test(location.search);

  function start() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (request) {
      try {
        send.apply(request[0], request[1]);
      } catch (error) {
        /* aborted before it was sent: Material no longer wants it */
      }
    });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndex = index.test(String(url).split(/[?#]/)[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.searchIndex && !wanted) {
      held.push([this, arguments]);
      return;
    }
    return send.apply(this, arguments);
  };

  /* A pointer on its way to the search starts the request a moment early. */
  function inSearch(target) {
    return target.closest && target.closest('.md-search, label[for="__search"]');
  }
  document.addEventListener("focusin", function (event) {
    if (inSearch(event.target)) start();
  });
  document.addEventListener("pointerover", function (event) {
    if (inSearch(event.target)) start();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) start();
  });
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.getElementById("__search");
    if (toggle && toggle.checked) start();  /* opened before: a restored page */
  });
})();
