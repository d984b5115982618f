/* "Cite this passage" on paper pages. The ¶ link beside each paragraph
   opens a small menu with the passage's citation ("Zou n.d., 4, ¶ s2-p3":
   the paper as the site cites it, the pages of the original the paragraph
   runs over, or its numbered section where the source has no pages), a
   copy button and the permalink. Selected text gets "Cite selection" beside
   "Annotate selection": the quotation with the page it starts on.
   What the citation needs is in the page: data-cite-as on the paper header,
   data-pages / data-section on each paragraph, and the page markers
   (.reader-page-start[data-page]) where a page of the original begins. */
(function () {
  "use strict";
  var menu = null;
  var opener = null;
  var selectionButton = null;

  function citeAs() {
    var header = document.querySelector("article .reader-paper-header[data-cite-as]");
    return header ? header.getAttribute("data-cite-as") : "";
  }

  function permalink(paragraph) {
    return location.origin + location.pathname + "#" + paragraph.id;
  }

  // The page a point of the text is on: the paragraph's first page, or the
  // last page marker before the point.
  function pageAt(paragraph, container, offset) {
    var pages = (paragraph.getAttribute("data-pages") || "").split("–");
    var page = pages[0];
    var point = document.createRange();
    point.setStart(container, offset);
    paragraph.querySelectorAll(".reader-page-start[data-page]").forEach(function (marker) {
      if (point.comparePoint(marker, 0) <= 0) page = marker.getAttribute("data-page");
    });
    return page;
  }

  function where(paragraph, pages) {
    var section = paragraph.getAttribute("data-section");
    var place = pages || (section ? "§ " + section : "");
    return [citeAs(), place, "¶ " + paragraph.id].filter(Boolean).join(", ");
  }

  function closeMenu(restoreFocus) {
    if (!menu || menu.hidden) return;
    menu.hidden = true;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (restoreFocus) opener.focus();
    }
    opener = null;
  }

  function copyButton(label, text, status) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "reader-passage-menu__button";
    button.textContent = label;
    button.addEventListener("click", function () {
      if (!navigator.clipboard) {
        status.textContent = "Copying is not available here; select the text and copy it.";
        return;
      }
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = label.replace(/^Copy /, "") + " copied.";
      }, function () {
        status.textContent = "Copying failed; select the text and copy it.";
      });
    });
    return button;
  }

  function openMenu(trigger, paragraph, citation) {
    if (!menu || !document.body.contains(menu)) {
      menu = document.createElement("div");
      menu.id = "reader-passage-menu";
      menu.className = "reader-passage-menu";
      menu.setAttribute("role", "dialog");
      menu.setAttribute("aria-label", "Cite this passage");
      document.body.appendChild(menu);
    }
    closeMenu(false);
    menu.textContent = "";
    var title = document.createElement("p");
    title.className = "reader-passage-menu__title";
    title.textContent = "Cite this passage";
    var text = document.createElement("p");
    text.className = "reader-passage-menu__citation";
    text.textContent = citation;
    var link = document.createElement("a");
    link.className = "reader-passage-menu__link";
    link.href = "#" + paragraph.id;
    link.textContent = permalink(paragraph);
    var status = document.createElement("p");
    status.className = "reader-passage-menu__status";
    status.setAttribute("role", "status");
    var actions = document.createElement("p");
    actions.className = "reader-passage-menu__actions";
    actions.appendChild(copyButton("Copy citation", citation, status));
    actions.appendChild(copyButton("Copy link", permalink(paragraph), status));
    [title, text, actions, link, status].forEach(function (el) { menu.appendChild(el); });
    menu.hidden = false;
    var rect = trigger.getBoundingClientRect();
    var width = menu.offsetWidth;
    menu.style.left = Math.max(8, Math.min(rect.left + window.scrollX - width / 2,
      window.scrollX + document.documentElement.clientWidth - width - 8)) + "px";
    menu.style.top = (rect.bottom + window.scrollY + 6) + "px";
    opener = trigger;
    trigger.setAttribute("aria-expanded", "true");
    actions.querySelector("button").focus();
  }

  function wirePermalinks() {
    document.querySelectorAll("article .reader-paragraph[id] > .reader-permalink").forEach(function (link) {
      if (link.dataset.citeReady) return;
      link.dataset.citeReady = "1";
      var paragraph = link.parentElement;
      link.setAttribute("aria-haspopup", "dialog");
      link.setAttribute("aria-expanded", "false");
      link.setAttribute("aria-label", "Cite or link paragraph " + paragraph.id);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        // Material's instant navigation (listening on the body) would load
        // the page again for this same-page link, and the menu with it.
        event.stopPropagation();
        // The address bar shows the permalink, as a plain ¶ link would.
        history.replaceState(history.state, "", "#" + paragraph.id);
        openMenu(link, paragraph, where(paragraph, paragraph.getAttribute("data-pages")));
      });
    });
  }

  function paragraphOf(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    return element && element.closest(".reader-paragraph[id]");
  }

  // The selected words as the page shows them, without page numbers, ¶ or
  // "annotate" (they are the site's, not the author's).
  function selectedText(range) {
    var box = document.createElement("div");
    box.appendChild(range.cloneContents());
    box.querySelectorAll(".reader-page-start, .reader-permalink, .reader-annotate").forEach(function (el) {
      el.remove();
    });
    return box.textContent.replace(/\s+/g, " ").trim();
  }

  function selectionCitation() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    var range = selection.getRangeAt(0);
    var paragraph = paragraphOf(range.startContainer);
    if (!paragraph || paragraph !== paragraphOf(range.endContainer)) return null;
    var quote = selectedText(range);
    if (quote.length < 3) return null;
    var first = pageAt(paragraph, range.startContainer, range.startOffset);
    var last = pageAt(paragraph, range.endContainer, range.endOffset);
    var pages = first && last && first !== last ? first + "–" + last : first;
    return { paragraph: paragraph, rect: range.getBoundingClientRect(),
             citation: "“" + quote + "” (" + where(paragraph, pages) + ")" };
  }

  function showSelectionButton() {
    var found = selectionCitation();
    if (!found) {
      if (selectionButton) selectionButton.hidden = true;
      return;
    }
    selectionButton = window.readerFloatingButton(selectionButton, "reader-cite-selection", "Cite selection");
    var annotate = document.querySelector(".reader-annotate-selection:not([hidden])");
    var top = found.rect.top - selectionButton.offsetHeight - 8;
    var left = found.rect.left;
    if (annotate) {
      var box = annotate.getBoundingClientRect();
      top = box.top;
      left = box.right + 8;
    } else if (top < 64) {
      top = found.rect.bottom + 8;
    }
    selectionButton.style.top = (top + window.scrollY) + "px";
    selectionButton.style.left = (left + window.scrollX) + "px";
    selectionButton.onclick = function () { openMenu(selectionButton, found.paragraph, found.citation); };
  }

  function start() {
    closeMenu(false);
    if (selectionButton) selectionButton.hidden = true;
    if (!citeAs()) return;
    wirePermalinks();
    if (!document.documentElement.dataset.readerCiteWatch) {
      document.documentElement.dataset.readerCiteWatch = "1";
      var timer = null;
      // After annotate.js has placed its button (same events, a little later).
      document.addEventListener("selectionchange", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { if (citeAs()) showSelectionButton(); }, 300);
      });
      document.addEventListener("mouseup", function (event) {
        if (selectionButton && selectionButton.contains(event.target)) return;
        setTimeout(function () { if (citeAs()) showSelectionButton(); }, 20);
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape") closeMenu(true);
      });
      document.addEventListener("pointerdown", function (event) {
        if (!menu || menu.hidden || menu.contains(event.target)) return;
        if (opener && opener.contains(event.target)) return;
        closeMenu(false);
      });
    }
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
