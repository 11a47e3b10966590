/* A company's graph is drawn at its own size so that its 12 px labels stay readable; on a
   phone it is wider than the column and scrolls sideways in its figure. The page is about
   one company: scroll its box into view, wherever its column is, and mark the figure as
   scrolling so that the stylesheet shows the cue (a shadow on the hidden side, a hint). */
(function () {
  function place() {
    document.querySelectorAll("figure.chart").forEach(function (figure) {
      var scrolls = figure.scrollWidth > figure.clientWidth + 1;
      figure.classList.toggle("chart--scrolls", scrolls);
      var focus = figure.querySelector(".node.focus rect");
      if (!scrolls || !focus) return;
      var box = focus.getBoundingClientRect();
      var frame = figure.getBoundingClientRect();
      figure.scrollLeft += box.left + box.width / 2 - (frame.left + frame.width / 2);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", place, { once: true });
  } else {
    place();
  }
})();
