/* What Material's script needs before it starts, loaded from one file that the reader's
   browser keeps, instead of written into every page (templates/theme/main.html loads it
   right before Material's script; a page is about 0.6 KB lighter).

   1. Material's helpers for the reader's settings in localStorage (__md_scope, __md_get,
      __md_set, __md_hash), as Material's own head script defines them, scoped to the
      language's root: two folders above this file (<lang>/assets/javascripts/). Where a
      feature needs them before the page is loaded (a palette toggle, a dismissable
      announcement, linked tabs, a cookie consent, a version warning, a scope of its own),
      the page keeps Material's script in its head (partials/javascripts/base.html) and
      this part steps aside.

   2. Material fetches a sitemap.xml beside every <link rel="alternate">, taking each for a
      language's root (as in Material's own head). Here they are this page's versions and
      feeds, so it would ask for /de/deals/<id>/sitemap.xml and the like: 404s on the public
      site, requests to the public host in a local preview. The language menu links straight
      to the other version and needs none of it, so the links step aside while Material's
      script starts (it reads them when the document is loaded: this listener is added
      before Material's) and come back right after. */
if (typeof __md_scope === "undefined") {
  var __md_scope = new URL("../..", document.currentScript.src),
    __md_hash = e => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0),
    __md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e)),
    __md_set = (e, _, t = localStorage, a = __md_scope) => {
      try {
        t.setItem(a.pathname + "." + e, JSON.stringify(_));
      } catch (e) {
        /* storage full or refused: the setting is not kept, as in Material */
      }
    };
}

document.addEventListener("DOMContentLoaded", function () {
  var links = document.querySelectorAll('link[rel="alternate"]');
  links.forEach(function (link) { link.rel = "alternate-version"; });
  setTimeout(function () {
    links.forEach(function (link) { link.rel = "alternate"; });
  });
}, { once: true });
