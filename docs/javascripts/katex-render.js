// Renders maths with the vendored KaTeX (javascripts/katex/), offline.
// pymdownx.arithmatex (generic mode) and the paper renderer leave TeX in
// <span class="arithmatex">\(…\)</span> and <div class="arithmatex">\[…\]</div>;
// this replaces each with KaTeX's HTML. KaTeX (about 270 KB with its
// stylesheet) is fetched from the site only by a page that has maths.
// Material's instant navigation swaps the page without a reload, so
// rendering runs on every `document$` emission.
(function () {
  "use strict";

  // This script's own address locates the vendored files at any site depth.
  var here = document.currentScript ? document.currentScript.src : "";
  var base = here.replace(/katex-render\.js(\?.*)?$/, "katex/");
  var loading = null;

  function loadKatex() {
    if (typeof katex !== "undefined") return Promise.resolve();
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = base + "katex.min.css";
      document.head.appendChild(style);
      var script = document.createElement("script");
      script.src = base + "katex.min.js";
      script.onload = function () { resolve(); };
      script.onerror = function () { loading = null; reject(new Error("KaTeX did not load")); };
      document.head.appendChild(script);
    });
    return loading;
  }

  function renderAll(root) {
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

  function render(root) {
    if (!root.querySelector(".arithmatex")) return;
    // If KaTeX cannot load, the TeX stays on the page as text.
    loadKatex().then(function () { renderAll(root); }, function () {});
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { render(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document); });
  }
})();
