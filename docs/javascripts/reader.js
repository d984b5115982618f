/* Reader popovers: one accessible tooltip for citations, concept terms and
   abbreviations, shown on hover, keyboard focus and tap.

   Triggers:
     a[data-popover="#ref-5 #ref-7"]  content cloned from those elements
     a[data-summary="…"]              content is the text (concept summary)
     abbr[title]                      content is the expansion; the title is
                                      moved aside so the browser's and
                                      Material's own tooltips do not double up.
   Escape closes it; it stays open while the pointer is over it (WCAG 1.4.13).
   Runs on every instant-navigation page change via Material's document$. */
(function () {
  "use strict";
  var popover = null;
  var current = null;
  var hideTimer = null;

  function ensurePopover() {
    if (popover && document.body.contains(popover)) return popover;
    popover = document.createElement("div");
    popover.id = "reader-popover";
    popover.className = "reader-popover";
    popover.setAttribute("role", "tooltip");
    popover.hidden = true;
    popover.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    popover.addEventListener("mouseleave", scheduleHide);
    popover.addEventListener("focusin", function () { clearTimeout(hideTimer); });
    popover.addEventListener("focusout", function (event) {
      if (!popover.contains(event.relatedTarget) && event.relatedTarget !== current) scheduleHide();
    });
    document.body.appendChild(popover);
    return popover;
  }

  function fill(trigger) {
    var box = ensurePopover();
    box.textContent = "";
    var targets = trigger.getAttribute("data-popover");
    if (targets) {
      targets.split(/\s+/).forEach(function (selector) {
        var source = document.getElementById(selector.replace(/^#/, ""));
        if (!source) return;
        var part = document.createElement("div");
        part.className = "reader-popover__item";
        part.innerHTML = source.innerHTML;
        // Ids must stay unique on the page. The entry "as printed" is for
        // the list; its links (same work in another paper, the
        // bibliography) are what a reader wants next, so they stay.
        part.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
        part.querySelectorAll("details.reader-as-printed").forEach(function (el) { el.remove(); });
        box.appendChild(part);
      });
    } else {
      var text = trigger.getAttribute("data-summary") || trigger.getAttribute("data-expansion") || "";
      var label = document.createElement("strong");
      label.textContent = trigger.getAttribute("data-term") || trigger.textContent;
      box.appendChild(label);
      var own = trigger.getAttribute("data-paper-definition");
      if (own) {
        // The paper's own definition first, then the site's (concept pages
        // record where each paper defines its terms).
        addLine(box, "In this paper: ", "“" + own + "”");
        var sense = trigger.getAttribute("data-own-sense");
        if (sense) addLine(box, "A sense of its own: ", sense);
        addLine(box, "On this site: ", text);
      } else {
        box.appendChild(document.createTextNode(": " + text));
      }
    }
    // With links in it (a reference's "In the bibliography"), it is a small
    // dialog the keyboard can enter (popoverKeys), not a tooltip.
    var links = box.querySelector("a[href]");
    box.setAttribute("role", links ? "dialog" : "tooltip");
    if (links) box.setAttribute("aria-label", "Cited work"); else box.removeAttribute("aria-label");
    return box;
  }

  function addLine(box, lead, text) {
    var line = document.createElement("p");
    line.className = "reader-popover__line";
    var em = document.createElement("em");
    em.textContent = lead;
    line.appendChild(em);
    line.appendChild(document.createTextNode(text));
    box.appendChild(line);
  }

  function place(trigger, box) {
    var rect = trigger.getBoundingClientRect();
    box.style.left = "0px";
    box.style.top = "0px";
    var width = box.offsetWidth;
    var left = Math.min(Math.max(8, rect.left + window.scrollX),
                        window.scrollX + document.documentElement.clientWidth - width - 8);
    var below = rect.bottom + window.scrollY + 6;
    var above = rect.top + window.scrollY - box.offsetHeight - 6;
    var fitsBelow = rect.bottom + box.offsetHeight + 12 < window.innerHeight;
    box.style.left = left + "px";
    box.style.top = (fitsBelow || above < window.scrollY ? below : above) + "px";
  }

  function show(trigger) {
    clearTimeout(hideTimer);
    if (current && current !== trigger) hide();
    var box = fill(trigger);
    box.hidden = false;
    place(trigger, box);
    // An abbreviation keeps its own description (the expansion).
    if (trigger.tagName !== "ABBR") trigger.setAttribute("aria-describedby", box.id);
    if (trigger.tagName === "A") trigger.setAttribute("aria-expanded", "true");
    current = trigger;
  }

  function hide() {
    clearTimeout(hideTimer);
    if (popover) popover.hidden = true;
    if (current) {
      current.dataset.tapOpen = "";
      if (current.tagName !== "ABBR") current.removeAttribute("aria-describedby");
      if (current.tagName === "A") current.setAttribute("aria-expanded", "false");
    }
    current = null;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  // An abbreviation is no tab stop (Zou's page had 49 of them): its
  // expansion shows on hover and tap, and screen readers get it as the
  // abbreviation's description, from one hidden element per expansion.
  function describeAbbreviation(abbr, expansion) {
    var store = document.getElementById("reader-abbr-expansions");
    if (!store) {
      store = document.createElement("div");
      store.id = "reader-abbr-expansions";
      store.hidden = true;
      document.querySelector("article").appendChild(store);
    }
    var id = "reader-abbr-" + expansion.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    if (!document.getElementById(id)) {
      var text = document.createElement("span");
      text.id = id;
      text.textContent = expansion;
      store.appendChild(text);
    }
    abbr.setAttribute("aria-describedby", id);
  }

  // From a citation's popover the keyboard can reach the links in it:
  // Tab from the citation enters the popover, Tab past its last link goes
  // on to what follows the citation, Shift+Tab from its first link returns.
  function tabbables(root) {
    return Array.prototype.filter.call(root.querySelectorAll(
      "a[href], button, input, select, textarea, summary, [tabindex]"), function (el) {
      return el.tabIndex >= 0 && !el.disabled && el.offsetParent !== null;
    });
  }

  function popoverKeys(event) {
    if (event.key !== "Tab" || !current || !popover || popover.hidden) return;
    var inside = tabbables(popover);
    if (!inside.length) return;
    var at = inside.indexOf(document.activeElement);
    if (document.activeElement === current && !event.shiftKey) {
      event.preventDefault();
      inside[0].focus();
    } else if (at === 0 && event.shiftKey) {
      event.preventDefault();
      current.focus();
    } else if (at === inside.length - 1 && !event.shiftKey) {
      event.preventDefault();
      var trigger = current;
      var order = tabbables(document).filter(function (el) { return !popover.contains(el); });
      var next = order[order.indexOf(trigger) + 1];
      hide();
      (next || trigger).focus();
    }
  }

  function prepare(root) {
    root.querySelectorAll("article abbr[title]").forEach(function (abbr) {
      abbr.setAttribute("data-expansion", abbr.getAttribute("title"));
      abbr.removeAttribute("title");
      describeAbbreviation(abbr, abbr.getAttribute("data-expansion"));
      abbr.classList.add("reader-abbr");
    });
    var triggers = root.querySelectorAll(
      "article [data-popover], article [data-summary], article abbr[data-expansion]");
    triggers.forEach(function (trigger) {
      if (trigger.dataset.popoverReady) return;
      trigger.dataset.popoverReady = "1";
      // aria-expanded is only allowed on elements with a widget role (links).
      if (trigger.tagName === "A") trigger.setAttribute("aria-expanded", "false");
      // A tap fires touchend, then emulated mouse events and the click (which
      // Material's instant navigation acts on first). Cancelling touchend
      // stops all of those: the first tap previews, a second tap follows.
      trigger.addEventListener("touchend", function (event) {
        if (trigger.dataset.tapOpen === "1" && current === trigger) return;
        event.preventDefault();
        show(trigger);
        trigger.dataset.tapOpen = "1";
      }, { passive: false });
      trigger.addEventListener("mouseenter", function () { show(trigger); });
      trigger.addEventListener("mouseleave", scheduleHide);
      trigger.addEventListener("focus", function () { if (current !== trigger) show(trigger); });
      trigger.addEventListener("blur", function (event) {
        if (!(popover && popover.contains(event.relatedTarget))) scheduleHide();
      });
    });
  }

  document.addEventListener("keydown", popoverKeys);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) {
      var trigger = current;
      hide();
      trigger.focus();
    }
  });
  document.addEventListener("pointerdown", function (event) {
    if (!current) return;
    if (popover && popover.contains(event.target)) return;
    if (current.contains(event.target)) return;
    hide();
  });

  // After an instant page change Material may keep the old scroll position;
  // a permalink must still land on its paragraph.
  function revealTarget() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    var box = target.getBoundingClientRect();
    if (box.bottom < 0 || box.top > window.innerHeight) target.scrollIntoView();
  }

  // "Copy citation" (cite box): shown only where the script runs, since
  // without it the citation text can still be selected and copied.
  function enableCopyButtons(root) {
    root.querySelectorAll("article button.reader-copy[data-copy]").forEach(function (button) {
      var source = document.querySelector(button.getAttribute("data-copy"));
      var status = button.parentElement.querySelector(".reader-copy-status");
      if (!source || !navigator.clipboard) return;
      button.hidden = false;
      button.onclick = function () {
        var text = source.textContent.replace(/\s+/g, " ").trim();
        navigator.clipboard.writeText(text).then(function () {
          if (status) status.textContent = "Citation copied.";
        }, function () {
          if (status) status.textContent = "Copying failed; select the citation and copy it.";
        });
      };
    });
  }

  function start() { hide(); prepare(document); enableCopyButtons(document); revealTarget(); }
  if (typeof document$ !== "undefined") {
    document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
