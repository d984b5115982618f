/* Bibliography page: filter by citing paper and by type, sort by author or
   year, all in the browser. The form is hidden in the HTML and shown here,
   so without script the page is simply the full list in author order. The
   count is an <output aria-live>, so screen readers hear each change. */
(function () {
  "use strict";

  function start() {
    var form = document.querySelector("form.reader-bib-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    // Each entry's data-* attributes sit on its first paragraph (.reader-work);
    // the list item around it is what is hidden and moved.
    var entries = document.querySelectorAll("article li > .reader-work");
    if (!entries.length) return;
    var list = entries[0].parentElement.parentElement;
    var items = Array.prototype.map.call(entries, function (entry) {
      var item = entry.parentElement;
      ["data-papers", "data-type", "data-year"].forEach(function (name) {
        item.setAttribute(name, entry.getAttribute(name) || "");
      });
      return item;
    });
    var authorOrder = items.slice();
    var count = form.querySelector(".reader-bib-count");

    function apply() {
      var paper = form.querySelector('[data-filter="paper"]').value;
      var type = form.querySelector('[data-filter="type"]').value;
      var sort = form.querySelector("[data-sort]").value;
      var ordered = authorOrder.slice();
      if (sort === "year") {
        // Works without a year go last; ties keep author order.
        ordered.sort(function (a, b) {
          var ya = a.getAttribute("data-year") || "9999";
          var yb = b.getAttribute("data-year") || "9999";
          return ya === yb ? authorOrder.indexOf(a) - authorOrder.indexOf(b) : (ya < yb ? -1 : 1);
        });
      }
      var shown = 0;
      ordered.forEach(function (item) {
        var papers = (item.getAttribute("data-papers") || "").split(" ");
        var visible = (!paper || papers.indexOf(paper) >= 0) && (!type || item.getAttribute("data-type") === type);
        item.hidden = !visible;
        if (visible) shown += 1;
        list.appendChild(item);
      });
      count.textContent = shown + " of " + items.length + " works, by " + sort;
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
