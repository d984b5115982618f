"""Stage 5: concept pages are contributed like notes, so their Markdown is
made inert before MkDocs renders it, and their HTML is checked after.

MkDocs renders a concept page with the site's Markdown extensions, raw HTML
and attr_list included, which generated parts of the page need (backlinks,
citations). So the contributor's part is neutralised as Markdown, before
anything is added to it, and the export gets the same text:

- raw HTML is shown as text, as in notes: a word joiner (U+2060, invisible)
  after every `<` that would open a tag, comment or declaration, so no
  parser sees one (`<https://…>` autolinks stay links);
- an attr_list may only give an id (`{ #name }`); any other `{…}` is
  backslash-escaped and shown as text, so `{: onclick=… style=… }` sets
  nothing;
- a snippet line (`--8<-- "file"`) or a link to anything but `http:`,
  `https:`, `mailto:` or a relative URL is an error at its line.

`refuse_active_html` then reads the page's HTML and refuses any markup that
acts (a script, a handler, a style, a form, an unsafe link), so a gap in the
above stops the build instead of reaching readers.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from build_tools.model import ReaderError, SourceLocation
from build_tools.render import escape

WORD_JOINER = "\u2060"
# A `<` that HTML or Markdown would read as the start of markup, or an
# autolink, which stays.
TAG_START = re.compile(r"<(?:https?|mailto):[^\s<>\"'`]*>|<(?=[A-Za-z/!?])")
# `{`, after any backslashes; the one attr_list kept gives only an id.
BRACE = re.compile(r"(\\*)\{")
ID_ONLY_ATTR_LIST = re.compile(r"\{:?[ ]*#[A-Za-z][\w-]{0,99}[ ]*\}")
SNIPPET = re.compile(r"-+8<-+")
# A snippet line, as pymdownx.snippets reads it: `--8<-- "name"` names a
# file; a bare `--8<--` opens (and closes) a block of names, one a line.
SNIPPET_LINE = re.compile(r"^[ \t]*(;*)-{1,}8<-{1,}(?:[ \t]+(.*?))?[ \t]*$")
# A name of a file in includes/: plain path parts, none hidden, no `..`;
# then an optional line range or section (`:3:5`, `:intro`).
INCLUDED_FILE = re.compile(r"([\w-][\w.-]{0,99}(?:/[\w-][\w.-]{0,99}){0,9})(?::[\w,:-]{0,99})?")
# Inline link and image targets, and reference definitions.
LINK_TARGET = re.compile(r"\]\([ \t]*<?([^\s)>]*)")
REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]]{1,999}\]:[ \t]*<?(\S*)")

ALLOWED_SCHEMES_HINT = "links go to http:, https:, mailto: or a relative page (`other-concept.md`)"


def sanitized_concept_markdown(markdown: str, source: Path, first_line: int = 1) -> str:
    """The contributor's Markdown of a concept page, inert (see above)."""
    lines = markdown.split("\n")
    for number, line in enumerate(lines, start=first_line):
        _refuse_snippet_and_unsafe_links(line, SourceLocation(source, number))
    return "\n".join(_escape_braces(TAG_START.sub(_break_tag, line)) for line in lines)


def _refuse_snippet_and_unsafe_links(line: str, where: SourceLocation) -> None:
    if SNIPPET.search(line):
        raise ReaderError(where, "a concept page may not include another file (a `--8<--` snippet line)",
                          "write the text into the page itself")
    targets = [m.group(1) for m in LINK_TARGET.finditer(line)]
    if definition := REFERENCE_DEFINITION.match(line):
        targets.append(definition.group(1))
    for target in targets:
        if escape.safe_url(target) == "" and target.strip():
            raise ReaderError(where, f"a link to {target[:80]!r}, which a concept page may not make",
                              ALLOWED_SCHEMES_HINT)


def _break_tag(match: re.Match[str]) -> str:
    return match.group() if len(match.group()) > 1 else "<" + WORD_JOINER


def _escape_braces(line: str) -> str:
    def escaped(match: re.Match[str]) -> str:
        backslashes = match.group(1)
        if len(backslashes) % 2 or ID_ONLY_ATTR_LIST.match(line, match.end() - 1):
            return match.group()  # already escaped, or an id
        return backslashes + "\\{"

    return BRACE.sub(escaped, line)


def refuse_outside_snippets(markdown: str, source: Path, includes: Path, first_line: int = 1) -> None:
    """A maintainer's page may include files of `includes/` by snippet lines
    (mkdocs.yml gives pymdownx.snippets that folder only); any other name
    (an absolute path, `..`, a hidden file, a missing file or a symlink) is
    an error at its line, not a traceback or a file from elsewhere."""
    in_block = False
    for number, line in enumerate(markdown.split("\n"), start=first_line):
        marker = SNIPPET_LINE.match(line) if "8<-" in line else None
        if marker is not None and marker.group(1):
            continue  # `;--8<--` is shown as written
        if marker is not None and not marker.group(2):
            in_block = not in_block
            continue
        name = marker.group(2) if marker is not None else (line.strip() if in_block else "")
        name = name.strip("\"'")
        if name:
            _check_included_file(name, includes, SourceLocation(source, number))


def _check_included_file(name: str, includes: Path, where: SourceLocation) -> None:
    hint = f"name a file in {includes.name}/ by its path there (`abbreviations.md`)"
    path = INCLUDED_FILE.fullmatch(name)
    if path is None or ".." in path.group(1).split("/"):
        raise ReaderError(where, f"a snippet may only include a file of {includes.name}/, not {name[:80]!r}", hint)
    file = includes / path.group(1)
    if file.is_symlink() or not file.is_file():
        raise ReaderError(where, f"a snippet names {includes.name}/{path.group(1)}, which is not a file there", hint)


# --- the HTML a concept page may end up with --------------------------------------

# What can act in a page: run a script, load or submit to another address,
# restyle or redirect it. Markdown never writes these and the build's own
# parts of a concept page (citations, backlinks, quotations, "Cite this
# entry") use none, so their presence means something got past the above.
ACTIVE_TAGS = frozenset({
    "script", "style", "link", "meta", "base", "iframe", "frame", "frameset", "object", "embed", "applet",
    "form", "input", "textarea", "select", "template", "noscript", "svg", "math", "portal", "dialog"})
ACTIVE_ATTRIBUTES = frozenset({"style", "srcdoc", "formaction", "action", "http-equiv", "background", "ping",
                               "srcset", "xlink:href", "autofocus", "popover"})
URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite", "data"})
# The tables extension aligns cells with a style attribute; nothing else may.
CELL_STYLE = re.compile(r"text-align: (?:left|right|center);")


class _ActiveMarkup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS:
            self.found.append(f"a <{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name == "style" and tag in ("th", "td") and CELL_STYLE.fullmatch(value):
                continue
            if name.startswith("on") or name in ACTIVE_ATTRIBUTES:
                self.found.append(f"a {name}= attribute on <{tag}>")
            elif name in URL_ATTRIBUTES and value.strip() and escape.safe_url(value) == "":
                self.found.append(f"a link to {value[:60]!r}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_pi(self, data: str) -> None:
        self.found.append("a processing instruction")

    def unknown_decl(self, data: str) -> None:
        self.found.append("a markup declaration")


# A tag as Markdown writes one: a lowercase name and attributes whose values,
# if any, are double-quoted and hold no `<`, `>` or `"`. Such a tag holds one
# `<`, and the parser reads it to its `>`, whatever comes before or after.
PLAIN_TAG = re.compile(r'</?([a-z][a-z0-9]*)>'
                       r'|<([a-z][a-z0-9]*)(?:[ \t\n]+[a-z][a-z0-9_:.-]*(?:="[^"<>]*")?)*[ \t\n]*/?>')
# Elements whose content every version of the parser reads as markup. Others
# (script and style; textarea, title, xmp, iframe, noembed, noframes,
# noscript, plaintext in newer Pythons) make it read what follows as text,
# so a tag after one is hidden or not depending on the order of the tags:
# a page with any other element is read whole.
MARKUP_CONTENT_TAGS = frozenset({
    "a", "abbr", "aside", "b", "blockquote", "br", "button", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"})


def refuse_active_html(html: str, source: Path) -> None:
    """Raise if a concept page's HTML holds markup that acts (a script, an
    event handler, a `meta`, a style, a form, a `javascript:` link), which
    neither Markdown nor the site writes there."""
    if _only_inert_plain_tags(html):
        return
    parser = _ActiveMarkup()
    parser.feed(html)
    parser.close()
    if parser.found:
        raise ReaderError(source, f"the page would publish {parser.found[0]}, which a concept page may not hold",
                          "write Markdown: headings, paragraphs, lists, tables, links and citations "
                          "(CONTRIBUTING.md, 'Concept pages')")


def _only_inert_plain_tags(html: str) -> bool:
    """True when every `<` in `html` opens a plain tag (`PLAIN_TAG`) of an
    element whose content is markup (`MARKUP_CONTENT_TAGS`) and none of
    those tags, read by the same parser, acts. The parser then
    reads the page as those tags between runs of text, and text never acts
    (no comment, declaration or processing instruction can start without a
    `<` of its own), so the page passes as the whole parse would pass it.
    A concept page quoting thousands of sentences repeats a few hundred
    distinct tags: each is read once. Anything else is read whole."""
    tags = [(match.group(), match.group(1) or match.group(2)) for match in PLAIN_TAG.finditer(html)]
    if len(tags) != html.count("<") or any(name not in MARKUP_CONTENT_TAGS for _, name in tags):
        return False
    parser = _ActiveMarkup()
    parser.feed("".join(dict.fromkeys(tag for tag, _ in tags)))
    parser.close()
    return not parser.found
