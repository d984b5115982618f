/* Reading layers on paper pages: citations, concept links, abbreviations
   and note highlights can each be turned off, for reading the text plain.
   The choice is kept in localStorage, so it holds on every paper page; the
   control is a group of checkboxes (keyboard-operable) and each change is
   announced through an aria-live status. Built here, so readers without
   script never see a control that cannot work. */
(function () {
  "use strict";
  var KEY = "reader-layers";
  var LAYERS = [
    ["citations", "Citations", "a.reader-citation"],
    ["terms", "Concept links", "a.reader-term"],
    ["abbreviations", "Abbreviations", "abbr"],
    ["notes", "Note highlights", "mark.reader-highlight"],
  ];

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: this page only */ }
  }

  function apply(state) {
    LAYERS.forEach(function (layer) {
      var off = state[layer[0]] === false;
      document.body.classList.toggle("reader-layer-off--" + layer[0], off);
      // A hidden layer leaves the tab order too.
      document.querySelectorAll("article " + layer[2]).forEach(function (el) {
        if (off && !el.hasAttribute("data-layer-tabindex")) {
          el.setAttribute("data-layer-tabindex", el.getAttribute("tabindex") || "");
          el.setAttribute("tabindex", "-1");
        } else if (!off && el.hasAttribute("data-layer-tabindex")) {
          var before = el.getAttribute("data-layer-tabindex");
          if (before) el.setAttribute("tabindex", before); else el.removeAttribute("tabindex");
          el.removeAttribute("data-layer-tabindex");
        }
      });
    });
  }

  function start() {
    var header = document.querySelector("article .reader-paper-header");
    if (!header) {
      LAYERS.forEach(function (l) { document.body.classList.remove("reader-layer-off--" + l[0]); });
      return;
    }
    var state = load();
    if (!document.querySelector("article .reader-layers")) {
      var box = document.createElement("fieldset");
      box.className = "reader-layers";
      var legend = document.createElement("legend");
      legend.textContent = "Show in the text";
      box.appendChild(legend);
      LAYERS.forEach(function (layer) {
        // Offer only the layers this page has (a paper with no notes has no highlights).
        if (!document.querySelector("article " + layer[2])) return;
        var label = document.createElement("label");
        var input = document.createElement("input");
        input.type = "checkbox";
        input.checked = state[layer[0]] !== false;
        input.setAttribute("data-layer", layer[0]);
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + layer[1]));
        box.appendChild(label);
      });
      var status = document.createElement("span");
      status.className = "reader-layers__status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      box.appendChild(status);
      box.addEventListener("change", function (event) {
        var input = event.target;
        var name = input.getAttribute("data-layer");
        state = load();
        state[name] = input.checked;
        save(state);
        apply(state);
        var label = input.parentElement.textContent.trim();
        status.textContent = label + (input.checked ? " shown." : " hidden.");
      });
      var abstract = document.querySelector("article h2#abstract");
      header.parentElement.insertBefore(box, abstract || header.nextSibling);
    }
    apply(state);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
