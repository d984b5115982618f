// Renders maths with the vendored KaTeX (javascripts/katex/), offline.
// pymdownx.arithmatex (generic mode) and the paper renderer leave TeX in
// <span class="arithmatex">\(…\)</span> and <div class="arithmatex">\[…\]</div>;
// this replaces each with KaTeX's HTML. Material's instant navigation swaps
// the page without a reload, so rendering runs on every `document$` emission.
(function () {
  "use strict";

  function render(root) {
    if (typeof katex === "undefined") return;
    root.querySelectorAll(".arithmatex").forEach(function (element) {
      if (element.dataset.katexRendered) return;
      var tex = element.textContent.trim();
      var display = element.tagName === "DIV" || /^\\\[/.test(tex);
      tex = tex.replace(/^\\[(\[]/, "").replace(/\\[)\]]$/, "");
      try {
        katex.render(tex, element, { displayMode: display, throwOnError: false });
        element.dataset.katexRendered = "true";
      } catch (error) {
        // Leave the TeX visible: a reader can still read it.
        element.title = "Could not render this formula: " + error.message;
      }
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { render(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document); });
  }
})();
