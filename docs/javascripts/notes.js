/* Notes: a highlighted quote opens its note; on the annotations page, tag
   and author filters hide the notes that do not match (no server needed). */
(function () {
  "use strict";

  function wireHighlights() {
    document.querySelectorAll("article mark.reader-highlight[data-annotations]").forEach(function (mark) {
      if (mark.dataset.ready) return;
      mark.dataset.ready = "1";
      mark.addEventListener("click", function (event) {
        if (event.target.closest("a")) return;
        var id = mark.getAttribute("data-annotations").split(" ")[0];
        var note = document.getElementById(id);
        if (!note) return;
        note.open = true;
        note.querySelector("summary").focus();
      });
    });
    // A link to a note (#note-…) opens it.
    if (location.hash.indexOf("#note-") === 0) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target && target.tagName === "DETAILS") target.open = true;
    }
  }

  function wireFilters() {
    var form = document.querySelector(".reader-note-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var cards = Array.prototype.slice.call(document.querySelectorAll(".reader-note-card"));
    var count = form.querySelector(".reader-note-count");
    function apply() {
      var tag = form.querySelector('[data-filter="tags"]').value;
      var author = form.querySelector('[data-filter="author"]').value;
      var paper = form.querySelector('[data-filter="paper"]').value;
      var kind = form.querySelector('[data-filter="kind"]').value;
      var shown = 0;
      cards.forEach(function (card) {
        var tags = (card.getAttribute("data-tags") || "").split("|");
        var visible = (!tag || tags.indexOf(tag) >= 0) && (!author || card.getAttribute("data-author") === author) &&
          (!paper || card.getAttribute("data-paper") === paper) && (!kind || card.getAttribute("data-kind") === kind);
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      // Headings of passages with no visible note are hidden too.
      document.querySelectorAll("article h3").forEach(function (heading) {
        var next = heading.nextElementSibling;
        var any = false;
        while (next && next.tagName !== "H3" && next.tagName !== "H2") {
          if (next.classList.contains("reader-note-card") && !next.hidden) any = true;
          next = next.nextElementSibling;
        }
        heading.hidden = !any;
      });
      // A paper's heading goes when none of its notes is shown.
      document.querySelectorAll("article h2[id]").forEach(function (heading) {
        if (heading.id === "works-cited-in-notes") return;
        var next = heading.nextElementSibling;
        var any = false;
        while (next && next.tagName !== "H2") {
          if (next.classList.contains("reader-note-card") && !next.hidden) any = true;
          next = next.nextElementSibling;
        }
        heading.hidden = !any;
      });
      count.textContent = shown + " of " + cards.length + " notes";
    }
    form.addEventListener("change", apply);
    apply();
  }

  function start() { wireHighlights(); wireFilters(); }
  if (typeof document$ !== "undefined") {
    document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
