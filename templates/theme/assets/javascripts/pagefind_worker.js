/* The search box's worker (pagefind_search.js starts it once the reader opens the search):
   Pagefind runs here, off the page's thread, and only what the box shows crosses over.

   Pagefind's own worker hands the page every result of a query, each with a handle that
   the page gives back once it forgets the result: a word on every page of a 10,000-deal
   site is 10,000 results, so 10,000 messages each way per query, and with Chromium slowed
   four times the page stopped taking keys for seconds while a reader typed. Loaded in a
   worker, Pagefind's script finds no page around it and searches right here; the page
   gets the number of results, then the excerpts of the first SHOWN, one message each, in
   whatever order they arrive.

   A message in: {id, bundle, base, query, shown}. Messages out: {id, count}, then
   {id, rank, data: {url, title, excerpt}} per result shown, or {id, error}. */
var engine = null;  /* the promise of Pagefind, from the first query's bundle */

function load(bundle, base) {
  if (!engine) {
    engine = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
      return pagefind.options({ baseUrl: base }).then(function () {
        return pagefind.init();
      }).then(function () {
        /* Resolves once the language's entry, word list and stemmer are loaded: the box
           says "ready" when it is. */
        return pagefind.preload("");
      }).then(function () {
        return pagefind;
      });
    }).catch(function (error) {
      engine = null;  /* not kept: the next query tries again */
      throw error;
    });
  }
  return engine;
}

self.addEventListener("message", function (event) {
  var asked = event.data;
  load(asked.bundle, asked.base).then(function (pagefind) {
    if (!asked.query) return null;  /* only to load Pagefind: said once it is ready */
    return pagefind.search(asked.query);
  }).then(function (search) {
    if (!search) {
      self.postMessage({ id: asked.id });
      return null;
    }
    var found = search.results || [];
    self.postMessage({ id: asked.id, count: found.length });
    return Promise.all(found.slice(0, asked.shown).map(function (result, rank) {
      return result.data().then(function (data) {
        self.postMessage({ id: asked.id, rank: rank, data: data && {
          url: data.url, title: (data.meta && data.meta.title) || "", excerpt: data.excerpt || ""
        } });
      });
    }));
  }).catch(function (error) {
    self.postMessage({ id: asked.id, error: String(error) });
  });
});
