"""Stage 5: a passage of a paper as its page shows it, for quoting on other
pages (a concept page's "Where the papers use this", a paper's own
definition of a term, the comparison page).

A reader checks a quotation against the paper page, so a quotation shows the
same text: the paper's editorial corrections applied and marked, Pandoc
citations ("[@walt1987]") in the author-date form the page prints, every
other character escaped as Markdown text. Nothing in it is hand-written
Markdown: it is generated after the page's own `[@key]` citations have been
checked, and no character of a paper can become syntax of the quoting page.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from build_tools.model import Paragraph
from build_tools.render.escape import markdown_text
from build_tools.render.inline_spans import LinkKind, LinkSpan, MarkSpan, Piece, split_into_pieces
from build_tools.render.paper_page import (
    RenderContext,
    _citation_span,
    _editorial_span,
    _formatted_pandoc_citation,
    _link_markdown,
)


def quote_passage(paragraph: Paragraph, start: int, end: int, context: RenderContext,
                  marked: Iterable[tuple[int, int]] = ()) -> str:
    """Markdown of `paragraph.text[start:end]` as the paper page shows it;
    the `marked` spans (offsets into the paragraph, e.g. a concept's uses)
    are wrapped in `<mark>`. A citation or correction that crosses either
    end of the passage is quoted whole."""
    spans = [_citation_span(marker) for marker in paragraph.citations]
    spans += [_editorial_span(paragraph.text, c) for c in context.editorial.get(paragraph.id, ())]
    for span in spans:
        if span.start < start < span.end:
            start = span.start
        if span.start < end < span.end:
            end = span.end
    marks = [MarkSpan(s, e, ()) for s, e in marked if start <= s and e <= end]
    out: list[str] = []
    position = 0
    pieces: list[Piece] = []
    for piece in split_into_pieces(paragraph.text, spans, marks):
        if start <= position and position + len(piece.text) <= end:
            pieces.append(piece)
        elif position < end and start < position + len(piece.text) and piece.link is None:
            # a plain run the passage starts or ends inside
            cut = piece.text[max(start - position, 0):end - position]
            pieces.append(Piece(cut, None, piece.mark))
        position += len(piece.text)
    for mark, in_mark in itertools.groupby(pieces, key=lambda p: p.mark):
        inner = "".join(_quoted_span(link, "".join(p.text for p in group), context)
                        for link, group in itertools.groupby(in_mark, key=lambda p: p.link))
        out.append(inner if mark is None else f"<mark>{inner}</mark>")
    return "".join(out)


def _quoted_span(link: LinkSpan | None, text: str, context: RenderContext) -> str:
    if link is None:
        return markdown_text(text)
    if link.kind is LinkKind.CITATION:
        # Formatted but not linked: its target is the paper page's list.
        return markdown_text(_formatted_pandoc_citation(text, context))
    return _link_markdown(link, text, context)


def passage_text(paragraph: Paragraph, start: int, end: int, context: RenderContext) -> str:
    """The same passage as plain text, for a popover or a tooltip: what the
    page shows, corrections applied, citations formatted, nothing marked."""
    out = []
    position = start
    for correction in sorted(context.editorial.get(paragraph.id, ()), key=lambda c: c.start):
        if start <= correction.start and correction.end <= end:
            out.append(_plain(paragraph, position, correction.start, context))
            out.append(correction.replacement)
            position = correction.end
    out.append(_plain(paragraph, position, end, context))
    return "".join(out)


def _plain(paragraph: Paragraph, start: int, end: int, context: RenderContext) -> str:
    out = []
    position = start
    for marker in paragraph.citations:
        if start <= marker.start and marker.end <= end:
            out.append(paragraph.text[position:marker.start])
            out.append(_formatted_pandoc_citation(marker.text, context))
            position = marker.end
    out.append(paragraph.text[position:end])
    return "".join(out)
