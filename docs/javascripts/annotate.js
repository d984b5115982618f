/* "Annotate" on every paper paragraph and "Annotate selection" for selected
   text: both open GitHub's new-file page for this repository with a file
   name and a filled-in annotation (paper, quote, prefix/suffix, today's
   date), ready to commit as a pull request. The format is in CONTRIBUTING.md. */
(function () {
  "use strict";
  var CONTEXT = 32;  // characters of prefix/suffix, enough to disambiguate

  function meta(name) {
    var el = document.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute("content") : "";
  }

  function paperSlug() {
    var match = location.pathname.match(/\/papers\/([a-z0-9-]+)\/?/);
    return match ? match[1] : "";
  }

  // The paragraph's words as readers see them, without the ¶ link, the
  // notes below it or the annotate button.
  function paragraphText(paragraph) {
    return plainText(paragraph.cloneNode(true)).trim();
  }

  // Notes anchor to the paper's text as printed, so an editorial correction
  // counts as what the paper printed (data-original), not as the fix.
  function plainText(node) {
    node.querySelectorAll(".reader-permalink, .reader-annotate, .reader-page-start").forEach(function (el) {
      el.remove();
    });
    node.querySelectorAll("ins.reader-editorial").forEach(function (el) {
      el.textContent = el.getAttribute("data-original");
    });
    return node.textContent.replace(/\s+/g, " ");
  }

  function yamlString(text) {
    return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
  }

  function slugify(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "").split("-").slice(0, 6).join("-") || "note";
  }

  function today() {
    var d = new Date();
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function newFileUrl(slug, paragraphId, exact, prefix, suffix) {
    var repo = meta("reader:repo").replace(/\/+$/, "");
    var branch = meta("reader:branch") || "main";
    var date = today();
    var lines = [
      "---",
      "# Paragraph " + paragraphId + " of " + location.origin + location.pathname,
      "exact: " + yamlString(exact),
    ];
    if (prefix) lines.push("prefix: " + yamlString(prefix));
    if (suffix) lines.push("suffix: " + yamlString(suffix));
    lines.push("author: your-github-handle", "created: " + date, "tags: []",
               "motivation: commenting", "---", "",
               "Write your note here. Cite works as [@walt1987origins] and link concepts as",
               "[entrapment](concept:entrapment). See CONTRIBUTING.md.", "");
    var filename = "annotations/" + slug + "/" + date + "-" + slugify(exact) + ".md";
    return repo + "/new/" + encodeURIComponent(branch) + "?filename=" + encodeURIComponent(filename) +
      "&value=" + encodeURIComponent(lines.join("\n"));
  }

  function openEditor(url) {
    window.open(url, "_blank", "noopener");
  }

  function addParagraphButtons(slug) {
    document.querySelectorAll("article .reader-paragraph[id]").forEach(function (paragraph) {
      if (paragraph.querySelector(".reader-annotate")) return;
      var button = document.createElement("a");
      button.className = "reader-annotate";
      button.textContent = "annotate";
      button.setAttribute("aria-label", "Annotate paragraph " + paragraph.id + " (opens GitHub)");
      button.setAttribute("target", "_blank");
      button.setAttribute("rel", "noopener");
      var text = paragraphText(paragraph);
      // Without a selection, quote the paragraph's opening words.
      var exact = text.split(" ").slice(0, 12).join(" ");
      button.href = newFileUrl(slug, paragraph.id, exact, "", text.slice(exact.length, exact.length + CONTEXT));
      paragraph.appendChild(document.createTextNode(" "));
      paragraph.appendChild(button);
    });
  }

  var selectionButton = null;

  // A button floating over the page beside a selection, made once and
  // shown again; "Cite selection" (passages.js) uses it too.
  function floatingButton(button, className, label) {
    if (!button || !document.body.contains(button)) {
      button = document.createElement("button");
      button.type = "button";
      button.className = className;
      button.textContent = label;
      document.body.appendChild(button);
    }
    button.hidden = false;
    return button;
  }
  window.readerFloatingButton = floatingButton;

  function paragraphOf(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    return element && element.closest(".reader-paragraph");
  }

  function selectionInParagraph() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    var range = selection.getRangeAt(0);
    var start = paragraphOf(range.startContainer);
    var end = paragraphOf(range.endContainer);
    if (!start || start !== end) return null;
    var fragment = document.createElement("div");
    fragment.appendChild(range.cloneContents());
    var exact = plainText(fragment).trim();
    if (exact.length < 3) return null;
    var text = paragraphText(start);
    var at = text.indexOf(exact);
    return {
      paragraph: start, exact: exact, rect: range.getBoundingClientRect(),
      prefix: at > 0 ? text.slice(Math.max(0, at - CONTEXT), at) : "",
      suffix: at >= 0 ? text.slice(at + exact.length, at + exact.length + CONTEXT) : "",
    };
  }

  function showSelectionButton(slug) {
    var found = selectionInParagraph();
    if (!found) {
      if (selectionButton) selectionButton.hidden = true;
      return;
    }
    selectionButton = floatingButton(selectionButton, "reader-annotate-selection md-button md-button--primary",
                                     "Annotate selection");
    // Above the selection, like other annotation tools, so it hides text
    // already read rather than the next line; below it when the sticky
    // header would cover it.
    var height = selectionButton.offsetHeight;
    var above = found.rect.top - height - 8;
    var top = above > 64 ? above : found.rect.bottom + 8;
    selectionButton.style.top = (top + window.scrollY) + "px";
    selectionButton.style.left = (found.rect.left + window.scrollX) + "px";
    selectionButton.dataset.url = newFileUrl(slug, found.paragraph.id, found.exact, found.prefix, found.suffix);
    selectionButton.onclick = function () { openEditor(selectionButton.dataset.url); };
  }

  function start() {
    var slug = paperSlug();
    if (!slug || !meta("reader:repo")) return;
    addParagraphButtons(slug);
    document.querySelector("article").addEventListener("mouseup", function () {
      setTimeout(function () { showSelectionButton(slug); }, 0);
    });
    document.querySelector("article").addEventListener("keyup", function (event) {
      if (event.shiftKey) showSelectionButton(slug);
    });
    // Touch screens select text with handles and send no mouseup; the
    // selection itself says when to offer the button. Registered once.
    if (!document.documentElement.dataset.readerSelectionWatch) {
      document.documentElement.dataset.readerSelectionWatch = "1";
      var timer = null;
      document.addEventListener("selectionchange", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { if (paperSlug()) showSelectionButton(paperSlug()); }, 250);
      });
    }
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
