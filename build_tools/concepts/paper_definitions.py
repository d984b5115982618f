"""Stage 3, once the papers are read: what concept pages say about single
papers, checked against them. A page's `definitions` point at the passage
where a paper defines or characterises its term (a `passage:` link and the
paper's words there, which must be in that paragraph); its
`paper_aliases` name papers that must exist. Errors point at the concept
page's line, like a note's broken link."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from build_tools.model import (
    Concept,
    DefinitionInPaper,
    Glossary,
    Paper,
    PaperDefinition,
    Paragraph,
    ReaderError,
    each_checked,
)
from build_tools.passage_links import passage_target


def paper_definitions(glossary: Glossary, papers: Sequence[Paper]) -> tuple[DefinitionInPaper, ...]:
    """Every concept's recorded definitions, found in their papers; the
    problems of every page are reported together. Paper-level aliases for a
    paper the site does not have are an error too: a misspelt slug would
    otherwise quietly link nothing."""
    paragraphs = {p.slug: {paragraph.id: paragraph for paragraph in p.paragraphs()} for p in papers}
    checked = each_checked(glossary.concepts.values(), lambda concept: _concept_definitions(concept, paragraphs))
    return tuple(found for per_concept in checked for found in per_concept)


def _concept_definitions(concept: Concept, paragraphs: dict[str, dict[str, Paragraph]]
                         ) -> tuple[DefinitionInPaper, ...]:
    for paper_slug, _ in concept.paper_aliases:
        if paper_slug not in paragraphs:
            close = difflib.get_close_matches(paper_slug, list(paragraphs), n=1)
            raise ReaderError(concept.location, f"'paper_aliases' names paper '{paper_slug}', which is not in papers/",
                              f"did you mean {close[0]}?" if close else
                              "use the folder name of a paper in papers/")
    return tuple(_found(concept, definition, paragraphs) for definition in concept.definitions)


def _found(concept: Concept, definition: PaperDefinition, paragraphs: dict[str, dict[str, Paragraph]]
           ) -> DefinitionInPaper:
    ids = {slug: tuple(by_id) for slug, by_id in paragraphs.items()}
    paper_slug, paragraph_id = passage_target(definition.href, definition.location, ids, need_paragraph=True)
    text = paragraphs[paper_slug][paragraph_id].text
    start = text.find(definition.quote)
    if start < 0:
        raise ReaderError(definition.location,
                          f"the quote is not in {definition.href}: {_shorten(definition.quote)!r}",
                          "copy the paper's words from that paragraph exactly, as its page shows them "
                          "before editorial corrections" + _nearest(definition.quote, text))
    if text.find(definition.quote, start + 1) >= 0:
        raise ReaderError(definition.location, f"the quote occurs twice in {definition.href}",
                          "quote a few more words so that it occurs once")
    return DefinitionInPaper(concept.slug, paper_slug, paragraph_id, start, start + len(definition.quote),
                             definition.own_sense)


def _shorten(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _nearest(quote: str, text: str) -> str:
    words = text.split()
    size = len(quote.split())
    windows = [" ".join(words[i:i + size]) for i in range(max(len(words) - size + 1, 1))]
    close = difflib.get_close_matches(quote, windows, n=1, cutoff=0.6)
    return f"; the paragraph has {close[0]!r}" if close else ""


def definitions_by_paper(found: Iterable[DefinitionInPaper]) -> dict[tuple[str, str], list[DefinitionInPaper]]:
    """(concept slug, paper slug) → that paper's definitions of the concept."""
    out: dict[tuple[str, str], list[DefinitionInPaper]] = {}
    for definition in found:
        out.setdefault((definition.concept_slug, definition.paper_slug), []).append(definition)
    return out
