/* Notes beside the text. On a wide screen each paragraph's notes
   (aside.reader-notes, right after the paragraph in the page) move into the
   right margin, level with the first passage they quote, in text order, one
   under the other where they would overlap; the right-hand table of
   contents gives way to them (reading.css). On narrower screens, in print
   and without script they stay folded under their paragraph. */
(function () {
  "use strict";
  var WIDE = "(min-width: 76.25em)";  // Material's breakpoint for the right sidebar
  var GAP = 8;
  var wide = window.matchMedia(WIDE);

  function asides() {
    return Array.prototype.slice.call(document.querySelectorAll("article aside.reader-notes[data-paragraph]"));
  }

  // Where the notes of a paragraph line up: the first highlighted quote they
  // belong to, else the paragraph.
  function anchorTop(aside, origin) {
    var paragraph = document.getElementById(aside.getAttribute("data-paragraph"));
    if (!paragraph) return null;
    var target = paragraph;
    var first = aside.querySelector("details.reader-note[id]");
    if (first) {
      paragraph.querySelectorAll("mark.reader-highlight[data-annotations]").forEach(function (mark) {
        if (target === paragraph && mark.getAttribute("data-annotations").split(" ").indexOf(first.id) >= 0) {
          target = mark;
        }
      });
    }
    return target.getBoundingClientRect().top - origin;
  }

  function layout() {
    var notes = asides();
    var on = wide.matches && notes.length > 0;
    document.body.classList.toggle("reader-margin-notes", on);
    var column = document.querySelector("article.md-content__inner");
    if (!on || !column) {
      notes.forEach(function (aside) { aside.style.top = ""; });
      if (column) column.style.removeProperty("--reader-notes-bottom");
      return;
    }
    var origin = column.getBoundingClientRect().top;
    var bottom = -Infinity;
    notes.forEach(function (aside) {
      var top = anchorTop(aside, origin);
      if (top === null) return;
      top = Math.max(top, bottom + GAP);
      aside.style.top = top + "px";
      bottom = top + aside.offsetHeight;
    });
    // The article must be tall enough for the last note (on screen only:
    // reading.css uses this in its screen rule, so print is not lengthened).
    column.style.setProperty("--reader-notes-bottom", Math.max(bottom, 0) + "px");
  }

  var scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; layout(); });
  }

  function start() {
    asides().forEach(function (aside) {
      if (aside.dataset.marginReady) return;
      aside.dataset.marginReady = "1";
      // Opening or closing a note changes its height, and so the notes below.
      aside.addEventListener("toggle", schedule, true);
    });
    layout();
    // Taking the notes out of the text's flow moves the paragraphs up: a
    // permalink's paragraph must still be in view.
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && document.body.classList.contains("reader-margin-notes")) {
      var box = target.getBoundingClientRect();
      if (box.bottom < 0 || box.top > window.innerHeight) target.scrollIntoView();
    }
  }

  if (!document.documentElement.dataset.readerMarginWatch) {
    document.documentElement.dataset.readerMarginWatch = "1";
    window.addEventListener("resize", schedule);
    if (wide.addEventListener) wide.addEventListener("change", schedule);
    window.addEventListener("load", schedule);
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
