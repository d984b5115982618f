"""Stage 1, every reader: what one paragraph may hold, whatever the source.

Markdown renders a paragraph in time that grows with its length times the
inline marks in it (Python-Markdown rebuilds the paragraph's text for each
escape, link or span it finds), so one 100 KB paragraph of citations took
the site build minutes. Real paragraphs are a few KB with a dozen marks
(the longest in tests/corpus: 10 KB, 11 marks). Past the limits a paragraph
is cut into consecutive paragraphs (ids `<id>`, `<id>-2`, …) at spaces
outside its marks, marks past the per-paragraph limit stay plain text, and
the import report says so, once per paragraph.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

from build_tools.model import Paper, Paragraph, ReportAction, ReportItem
from build_tools.spans import Spans

MAX_PARAGRAPH_CHARACTERS = 20_000
MAX_MARKS_PER_PARAGRAPH = 300
# The span fields of a Paragraph, each a tuple of spans with .start and .end.
SPAN_FIELDS = ("citations", "footnotes", "math", "code", "cross_references")


def limit_paragraphs(paper: Paper) -> Paper:
    """`paper` with every paragraph within the limits above."""
    report: list[ReportItem] = []

    def limited(paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
        if all(_within_limits(p) for p in paragraphs):
            return paragraphs
        return tuple(part for p in paragraphs for part in _split(p, report))

    sections = tuple(replace(s, paragraphs=limited(s.paragraphs)) for s in paper.sections)
    footnotes = tuple(replace(f, paragraphs=limited(f.paragraphs)) for f in paper.footnotes)
    if not report:
        return paper
    return replace(paper, abstract=limited(paper.abstract), sections=sections, footnotes=footnotes,
                   import_report=(*paper.import_report, *report))


def _marks(paragraph: Paragraph) -> list[tuple[str, Any]]:
    return [(name, span) for name in SPAN_FIELDS for span in getattr(paragraph, name)]


def _within_limits(paragraph: Paragraph) -> bool:
    return len(paragraph.text) <= MAX_PARAGRAPH_CHARACTERS and len(_marks(paragraph)) <= MAX_MARKS_PER_PARAGRAPH


def _split(paragraph: Paragraph, report: list[ReportItem]) -> list[Paragraph]:
    if _within_limits(paragraph):
        return [paragraph]
    text = paragraph.text
    every = _marks(paragraph)
    # A mark longer than a paragraph may be cannot stay whole; its text does.
    marks = sorted(((name, span) for name, span in every if span.end - span.start <= MAX_PARAGRAPH_CHARACTERS),
                   key=lambda mark: mark[1].start)
    cuts = _cuts(text, Spans((span.start, span.end) for _, span in marks))
    parts, kept, first = [], 0, 0
    for number, (start, end) in enumerate(itertools.pairwise([*cuts, len(text)]), start=1):
        inside = []
        while first < len(marks) and marks[first][1].start < end:
            if start <= marks[first][1].start and marks[first][1].end <= end:
                inside.append(marks[first])
            first += 1  # a mark across a cut is in neither part
        inside = inside[:MAX_MARKS_PER_PARAGRAPH]
        kept += len(inside)
        fields: dict[str, list[Any]] = {name: [] for name in SPAN_FIELDS}
        for name, span in inside:
            fields[name].append(replace(span, start=span.start - start, end=span.end - start))
        spans: dict[str, Any] = {name: tuple(found) for name, found in fields.items()}
        parts.append(replace(paragraph, id=paragraph.id if number == 1 else f"{paragraph.id}-{number}",
                             text=text[start:end], **spans))
    what = []
    if len(parts) > 1:
        what.append(f"is {len(text):,} characters long (a paragraph may have {MAX_PARAGRAPH_CHARACTERS:,}): "
                    f"cut into {len(parts)} paragraphs")
    if kept < len(every):
        what.append(f"{len(every) - kept:,} of its citations, note calls or formulas are shown as plain text "
                    f"(a paragraph may have {MAX_MARKS_PER_PARAGRAPH})")
    report.append(ReportItem(ReportAction.NEEDS_HUMAN, f"paragraph {paragraph.id} " + "; ".join(what)
                             + "; no real paragraph is this long, so check the source", paragraph.location))
    return parts


def _cuts(text: str, marks: Spans) -> list[int]:
    """Where each part starts: at most MAX_PARAGRAPH_CHARACTERS apart, at a
    space inside no mark when there is one, else where the limit falls."""
    cuts = [0]
    while len(text) - cuts[-1] > MAX_PARAGRAPH_CHARACTERS:
        limit = cuts[-1] + MAX_PARAGRAPH_CHARACTERS
        candidate = text.rfind(" ", cuts[-1] + 1, limit)
        while candidate > cuts[-1] and marks.overlaps(candidate, candidate):  # strictly inside a mark
            candidate = text.rfind(" ", cuts[-1] + 1, candidate)
        cuts.append(candidate if candidate > cuts[-1] else limit)
    return cuts
