/* Concept map (concepts index): shared-paragraph lines on request, a filter
   by paper, and the neighbours of the concept under the pointer or the
   keyboard focus highlighted, with its relations written in the status
   line. Without script the map shows every concept
   and the related lines. The status line is announced (aria-live). */
(function () {
  "use strict";

  function start() {
    var map = document.querySelector("svg.concept-map");
    var form = document.querySelector("form.concept-map-controls");
    if (!map || !form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var nodes = Array.prototype.slice.call(map.querySelectorAll(".node"));
    var edges = Array.prototype.slice.call(map.querySelectorAll(".edge"));
    var status = form.querySelector(".concept-map-status");
    var shared = form.querySelector('[data-map="co-occurrence"]');
    var paper = form.querySelector('[data-map="paper"]');

    function focusOn(node) {
      var slug = node.getAttribute("data-slug");
      // Each line's relation, read out for the concept in focus.
      status.textContent = node.getAttribute("aria-label") + ": " + (node.getAttribute("data-relations") || "");
      var near = (node.getAttribute("data-neighbours") || "").split(" ").concat([slug]);
      map.classList.add("is-focusing");
      nodes.forEach(function (n) { n.classList.toggle("is-near", near.indexOf(n.getAttribute("data-slug")) >= 0); });
      edges.forEach(function (e) {
        e.classList.toggle("is-near", e.getAttribute("data-ends").split(" ").indexOf(slug) >= 0);
      });
    }
    function clear() {
      map.classList.remove("is-focusing");
      nodes.concat(edges).forEach(function (el) { el.classList.remove("is-near"); });
      apply();
    }
    nodes.forEach(function (node) {
      node.addEventListener("mouseenter", function () { focusOn(node); });
      node.addEventListener("focus", function () { focusOn(node); });
      node.addEventListener("mouseleave", clear);
      node.addEventListener("blur", clear);
    });

    function apply() {
      map.classList.toggle("show-co-occurrence", shared.checked);
      var shown = 0;
      nodes.forEach(function (node) {
        var used = (node.getAttribute("data-papers") || "").split(" ");
        var out = paper.value && used.indexOf(paper.value) < 0;
        node.classList.toggle("is-filtered-out", !!out);
        if (!out) shown += 1;
      });
      var which = paper.value ? paper.options[paper.selectedIndex].text : "";
      status.textContent = (which ? shown + " of " + nodes.length + " concepts used in " + which
                                  : nodes.length + " concepts") +
        (shared.checked ? "; shared-paragraph lines shown." : "; related lines only.");
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
