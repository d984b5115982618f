/* Wide content that scrolls sideways (the concept map on a phone, a wide
   table) gets a line above it saying so, shown only while it is wider than
   its box; reading.css adds shadows at the edges with more to see. */
(function () {
  "use strict";
  var SCROLLERS = "article figure.concept-map-figure, article .reader-table-wrap";

  function update() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      var hint = box.previousElementSibling;
      if (!hint || !hint.classList.contains("reader-scroll-hint")) {
        hint = document.createElement("p");
        hint.className = "reader-scroll-hint";
        hint.textContent = box.matches("figure")
          ? "The map is wider than the screen: scroll sideways to see all of it; the A–Z list below has every concept as text."
          : "The table is wider than the screen: scroll sideways to see all of it.";
        box.parentElement.insertBefore(hint, box);
      }
      hint.hidden = box.scrollWidth <= box.clientWidth + 1;
    });
  }

  if (!document.documentElement.dataset.readerScrollHints) {
    document.documentElement.dataset.readerScrollHints = "1";
    window.addEventListener("resize", update);
    window.addEventListener("load", update);  // once the map has its size
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(update);
  } else {
    document.addEventListener("DOMContentLoaded", update);
  }
})();
