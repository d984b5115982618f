"""Stage 4, step 3: the links and citations in a note's text, checked.

A note may link a concept (`[term](concept:entrapment)`), a paragraph
(`[here](passage:zou-balancing-act#s3-p3)`) and cite works (`[@key]`).
Each must name something the site has, or the build stops at the note's
line; what they name is handed to the render stage and the exports, which
build the URLs (urls.py).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping

from build_tools import urls
from build_tools.model import Annotation, Glossary, NoteLink, ReaderError, SourceLocation, each_checked
from build_tools.passage_links import SCHEME, passage_target
from build_tools.references.citation_syntax import check_citation_keys, find_citations

# The href of an inline link `](concept:…)` or a reference definition
# `[id]: concept:…`, as Markdown reads them (an optional <…> around it).
READER_HREF = re.compile(r"(?:\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?)(?P<href>(?:concept|passage):[^\s)>]*)",
                         re.M | re.I)


def check_note_links(annotation: Annotation, glossary: Glossary, paragraph_ids: Mapping[str, Collection[str]],
                     unchecked: Collection[str] = ()) -> tuple[NoteLink, ...]:
    """Every `concept:` and `passage:` link of the note, with the page and
    fragment it means; each that names nothing is an error at its line, all
    raised together. A link to a page in `unchecked` (one that could not be
    read this run, and has its own error) is passed over."""
    first_use: dict[str, int] = {}
    for match in READER_HREF.finditer(annotation.body_markdown):
        first_use.setdefault(match.group("href"), match.start("href"))
    links = each_checked(
        first_use.items(),
        lambda use: _target(use[0], _line_of(annotation, use[1]), glossary, paragraph_ids, unchecked))
    return tuple(link for link in links if link is not None)


def check_note_citations(annotation: Annotation, work_keys: Collection[str] | None) -> tuple[str, ...]:
    """The keys the note cites, in first-cited order; each unknown key is an
    error at its line. `work_keys` None: the works are not all known this
    run (a paper could not be read), so keys are not checked."""
    where = annotation.body_location
    # Bare @key is a citation only where the key is known: unchecked, none are.
    citations = find_citations(annotation.body_markdown, where.path, where.line, work_keys)
    if work_keys is not None:
        check_citation_keys(citations, annotation.body_markdown, where.path, where.line, work_keys)
    return tuple(dict.fromkeys(cite.key for citation in citations for cite in citation.cites))


def _line_of(annotation: Annotation, offset: int) -> SourceLocation:
    where = annotation.body_location
    return SourceLocation(where.path, where.line + annotation.body_markdown.count("\n", 0, offset))


def _target(href: str, where: SourceLocation, glossary: Glossary,
            paragraph_ids: Mapping[str, Collection[str]], unchecked: Collection[str]) -> NoteLink | None:
    scheme, _, rest = href.partition(":")
    page = urls.concept_page(rest) if scheme.lower() == "concept" else urls.paper_page(rest.partition("#")[0])
    if page in unchecked:
        return None
    if scheme.lower() == "concept":
        if rest not in glossary.concepts:
            close = difflib.get_close_matches(rest.lower(), list(glossary.concepts), n=1)
            raise ReaderError(where, f"unknown concept {rest!r} in link {href!r}",
                              (f"did you mean concept:{close[0]}? Concept names are lower case, as the file "
                               f"names in docs/concepts/" if close else
                               f"concept links name a page in docs/concepts/, e.g. concept:entrapment; "
                               f"known: {', '.join(sorted(glossary.concepts)[:8])}, …"))
        return NoteLink(href, urls.concept_page(rest))
    slug, paragraph = passage_target(f"{SCHEME}{rest}", where, paragraph_ids)
    return NoteLink(href, urls.paper_page(slug), paragraph)
