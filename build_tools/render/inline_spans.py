"""Stage 5 helper: lay out what other stages found inside a paragraph.

Citations, concept terms and annotated quotes arrive as character spans over
the plain text. Links never overlap each other (the concepts stage avoids
citations), but a highlighted quote may start or end inside a link; HTML
cannot cross like that, so this module settles the spans into a properly
nested sequence before the renderer writes any markup.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class LinkKind(StrEnum):
    CITATION = "citation"
    TERM = "term"
    FOOTNOTE = "footnote-call"
    MATH = "math"
    EDITORIAL = "editorial"  # an editorial correction: not a link, but a span that must survive
    CODE = "code"            # inline code: not a link, set in a code font
    CROSS_REFERENCE = "cross-reference"  # "Figure 2": a link to a part of the same page


@dataclass(frozen=True)
class LinkSpan:
    start: int
    end: int
    kind: LinkKind
    href: str
    # Citation and term links: ready for an attr_list (ids from urls.py,
    # text escaped with escape.attr_list_value by whoever makes the span);
    # footnote calls and editorial corrections: raw, escaped where written.
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MarkSpan:
    """A highlighted quote; overlapping quotes merge into one mark that names
    every annotation it carries."""

    start: int
    end: int
    annotation_ids: tuple[str, ...]


@dataclass(frozen=True)
class Piece:
    """A run of text, optionally inside a link and/or a mark."""

    text: str
    link: LinkSpan | None
    mark: MarkSpan | None


def merge_marks(marks: list[MarkSpan]) -> list[MarkSpan]:
    merged: list[MarkSpan] = []
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        if merged and mark.start < merged[-1].end:
            last = merged[-1]
            ids = last.annotation_ids + tuple(i for i in mark.annotation_ids if i not in last.annotation_ids)
            merged[-1] = MarkSpan(last.start, max(last.end, mark.end), ids)
        else:
            merged.append(mark)
    return merged


def settle_spans(links: list[LinkSpan], marks: list[MarkSpan]) -> tuple[list[LinkSpan], list[MarkSpan]]:
    """Make links and marks nest: a mark that cuts a citation or an editorial
    correction grows to cover it (it belongs to the quote); a concept link
    that a mark cuts is dropped (the highlight matters more than one more
    term link)."""
    regions = merge_marks(marks)
    while True:
        grown = False
        kept: list[LinkSpan] = []
        for link in sorted(links, key=lambda s: s.start):
            crossing = [r for r in regions if r.start < link.end and link.start < r.end
                        and not (r.start <= link.start and link.end <= r.end)]
            if not crossing:
                kept.append(link)
            elif link.kind in (LinkKind.CITATION, LinkKind.EDITORIAL):
                regions = merge_marks([*regions, MarkSpan(link.start, link.end, crossing[0].annotation_ids)])
                kept.append(link)
                grown = True
        links = kept
        if not grown:
            return kept, regions


def split_into_pieces(text: str, links: list[LinkSpan], marks: list[MarkSpan],
                      cuts_at: Iterable[int] = ()) -> list[Piece]:
    """`text` as pieces; `cuts_at` are further offsets where a piece must
    begin (a page break, where the renderer puts its marker)."""
    links, marks = settle_spans(links, marks)
    cuts = {0, len(text), *(c for c in cuts_at if 0 < c < len(text))}
    for link in links:
        cuts.update((link.start, link.end))
    for mark in marks:
        cuts.update((mark.start, mark.end))
    pieces: list[Piece] = []
    # One sweep: links do not overlap one another, nor marks, so the span a
    # piece lies in is the first one not yet ended (a search per piece made
    # a paragraph of 50,000 citations take minutes).
    links = sorted(links, key=lambda s: s.start)
    marks = sorted(marks, key=lambda m: m.start)
    next_link = next_mark = 0
    for start, end in itertools.pairwise(sorted(cuts)):
        while next_link < len(links) and links[next_link].end <= start:
            next_link += 1
        while next_mark < len(marks) and marks[next_mark].end <= start:
            next_mark += 1
        in_link = next_link < len(links) and links[next_link].start <= start and end <= links[next_link].end
        in_mark = next_mark < len(marks) and marks[next_mark].start <= start and end <= marks[next_mark].end
        pieces.append(Piece(text[start:end], links[next_link] if in_link else None,
                            marks[next_mark] if in_mark else None))
    return pieces
