"""Stage 5: a note's text as HTML, for any page or export.

The annotations stage has checked the note's links and citations; here its
Markdown becomes sanitized HTML (note_html.py), `concept:`/`passage:` links
become URLs from `link_to`, and `[@key]` citations become the site style's
author-date text linked to the bibliography. Pages pass a relative
`link_to`, the JSON-LD export an absolute one, so both show the same note.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from build_tools import urls
from build_tools.cache import BuildCache
from build_tools.model import Note
from build_tools.references.citation_syntax import FoundCitation, find_citations
from build_tools.render import escape
from build_tools.render.citation_style import CitationFormatter
from build_tools.render.citations import citation_text, popover_targets
from build_tools.render.note_html import render_note

# (page under docs/, fragment) → the URL to write
LinkTo = Callable[[str, str], str]


def note_body_html(note: Note, formatter: CitationFormatter, link_to: LinkTo, cache: BuildCache) -> str:
    """The body as HTML. Kept on disk too, by its text, its links, the
    site's works (its citations' text) and `link_to` when that is one of
    the two below (a value that says which links it makes)."""
    resolved = tuple((link.href, link_to(link.page, link.fragment)) for link in note.links)
    if not isinstance(link_to, RelativeLinks | AbsoluteLinks):
        return _note_body_html(note, formatter, link_to, resolved, cache)
    key = (note.annotation.body_markdown, resolved, link_to, formatter.works_digest)
    return cache.remembered("render.note-body", key,
                            lambda: _note_body_html(note, formatter, link_to, resolved, cache), lasting=True)


def _note_body_html(note: Note, formatter: CitationFormatter, link_to: LinkTo,
                    resolved: tuple[tuple[str, str], ...], cache: BuildCache) -> str:
    where = note.annotation.body_location
    text = note.annotation.body_markdown
    body = cache.remembered("render.note-html", (text, resolved),
                            lambda: render_note(text, dict(resolved).__getitem__, cache))

    def link_citation(citation: FoundCitation) -> str:
        label = escape.html_text(citation_text(citation, formatter))
        prefix = f"{escape.html_text(citation.prefix)} " if citation.prefix else ""
        target = escape.href(link_to(urls.BIBLIOGRAPHY_PAGE, urls.work_anchor(citation.cites[0].key)))
        popover = escape.html_attribute(popover_targets(citation))
        return f'{prefix}<a class="reader-cite" href="{target}" data-popover="{popover}">{label}</a>'

    def cite_in_text(text: str) -> str:
        # The citation is read from the HTML's text, so as the note wrote it
        # ("pp. 5 & 6", not "pp. 5 &amp; 6"); the annotations stage has
        # checked it at its line already. Each text run is cut at its
        # citations and re-escaped piece by piece.
        plain = html.unescape(text)
        found = find_citations(plain, where.path, where.line, formatter.works)
        if not found:
            return text
        out, position = [], 0
        for citation in found:
            out += [escape.html_text(plain[position:citation.start]), link_citation(citation)]
            position = citation.end
        out.append(escape.html_text(plain[position:]))
        return "".join(out)

    # Only text between tags, and not inside code or a link: a citation
    # never sits inside an attribute, and `@key` in code is code.
    out: list[str] = []
    inside = 0
    for part in re.split(r"(<[^>]+>)", body):
        tag = re.match(r"<(/?)(code|pre|a)\b", part)
        if tag:
            inside += -1 if tag.group(1) else 1
        out.append(part if part.startswith("<") or inside > 0 else cite_in_text(part))
    return "".join(out)


@dataclass(frozen=True)
class RelativeLinks:
    """Links written in raw HTML on `page`."""

    page: str

    def __call__(self, to_page: str, fragment: str) -> str:
        return urls.html_link_from_root(self.page, to_page, fragment)


@dataclass(frozen=True)
class AbsoluteLinks:
    site_url: str

    def __call__(self, to_page: str, fragment: str) -> str:
        return urls.absolute_url(self.site_url, to_page, fragment)


def relative_links_from(page: str) -> LinkTo:
    return RelativeLinks(page)


def absolute_links(site_url: str) -> LinkTo:
    return AbsoluteLinks(site_url)
