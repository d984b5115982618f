"""Stage 1b, shared by both format readers: turn the blocks of a source into
`Paragraph`s: split blocks, repair page-break splits, find citation markers,
and give each paragraph its stable id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from build_tools.model import CitationMarker, Paragraph, ParagraphKind, ReaderError, SourceLocation

if TYPE_CHECKING:
    from build_tools.read.headings import Heading

# A page break in a PDF conversion leaves a blank line mid-sentence. A
# paragraph that ends without closing punctuation continues in the next one.
SENTENCE_END = tuple(".!?:;”\"’)]")
# Quotes this long that close a paragraph after a colon are set as block
# quotes (the NATO Article 5 text), shorter ones stay inline.
BLOCK_QUOTE_MIN_WORDS = 40
TRAILING_QUOTE = re.compile(r"^(?P<lead>.*:)\s+(?P<quote>[“\"][^“”]+[”\"]\s*(?:\[\d+\])?)$", re.S)
CITATION_MARKER = re.compile(r"\[(\d+(?:\s*[-–,]\s*\d+)*)\]")


@dataclass(frozen=True)
class Block:
    """Consecutive non-blank lines of a source, with where they start and how
    many blank lines came before them (the landing page uses runs of blank
    lines to separate its parts)."""

    text: str
    line: int
    blank_lines_before: int

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def heading(self) -> Heading | None:
        """`parse_heading(self.text)`: the converted reader's stages ask it of
        every block, several times each (kept on the block, not in a cache)."""
        from build_tools.read.headings import parse_heading  # the reader of converted Markdown's
        return parse_heading(self.text)


def split_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    blanks = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip())
            continue
        if current:
            blocks.append(Block("\n".join(current), start, blanks))
            current, blanks = [], 0
        blanks += 1
    if current:
        blocks.append(Block("\n".join(current), start, blanks))
    return blocks


def ends_mid_sentence(text: str) -> bool:
    return not text.rstrip().endswith(SENTENCE_END)


def join_page_break_splits(blocks: list[Block]) -> list[Block]:
    """Join a block to the one before when the page broke mid-sentence: the
    earlier block ends without closing punctuation and the later one starts
    in lower case ("…This discussion" + "extends to contemporary…")."""
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if previous and ends_mid_sentence(previous.text) and block.text[:1].islower():
            joined[-1] = Block(previous.text + " " + block.text, previous.line,
                               previous.blank_lines_before)
        else:
            joined.append(block)
    return joined


def expand_labels(inner: str) -> tuple[str, ...]:
    """"3-5" → 3, 4, 5; "5, 7" → 5, 7."""
    labels: list[str] = []
    for part in re.split(r"\s*,\s*", inner):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and int(bounds[0]) < int(bounds[1]):
            labels.extend(str(n) for n in range(int(bounds[0]), int(bounds[1]) + 1))
        else:
            labels.extend(bounds)
    return tuple(labels)


def find_citation_markers(text: str) -> tuple[CitationMarker, ...]:
    return tuple(
        CitationMarker(m.start(), m.end(), m.group(0), expand_labels(m.group(1)))
        for m in CITATION_MARKER.finditer(text)
    )


def make_paragraph(section_id: str, ordinal: int, text: str, kind: ParagraphKind,
                   where: SourceLocation, known_labels: frozenset[str] | None) -> Paragraph:
    """Build a paragraph; its id is `<section>-p<n>`, so editing one paragraph
    never renumbers paragraphs in other sections."""
    markers = find_citation_markers(text) if known_labels is not None else ()
    for marker in markers:
        unknown = [label for label in marker.labels if label not in (known_labels or ())]
        if unknown:
            raise ReaderError(
                where,
                f"citation {marker.text} points at reference {unknown[0]}, "
                "which is not in the reference list",
                "check the reference list numbering, or record a correction in paper.yml",
            )
    return Paragraph(f"{section_id}-p{ordinal}", text, kind, where, markers)




def split_closing_block_quote(text: str) -> list[tuple[str, ParagraphKind]]:
    """A long quotation that closes a paragraph after a colon is set apart as
    a block quote; shorter ones stay inline."""
    m = TRAILING_QUOTE.match(text)
    if m and len(m.group("quote").split()) >= BLOCK_QUOTE_MIN_WORDS:
        return [(m.group("lead"), ParagraphKind.TEXT), (m.group("quote"), ParagraphKind.QUOTE)]
    return [(text, ParagraphKind.TEXT)]
