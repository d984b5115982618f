"""Stage 1, converted Markdown: find page furniture by evidence and set it aside.

A PDF page carries lines that are not the paper: running heads and footers,
page numbers, "Downloaded from …" stamps, licence blurbs, DOI lines, and the
converter adds image placeholders and empty table skeletons. The evidence is
repetition (a line printed on many pages is a running head, whatever it says),
shape (a block that is only a number), and a few phrases that publishers and
repositories stamp on every page. Each removal keeps the raw line, so the
import report shows exactly what was dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from build_tools.read.paragraphs import Block

PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?$", re.I)
# Stamps repositories and publishers put on every page; they are never prose.
STAMP = re.compile(
    r"^(?:downloaded\s+from\b|this content downloaded from\b|published online by\b|"
    r"all use subject to\b|terms of use\b|available online at\b|"
    r"provided by\b.*\brepository\b|electronic copy available at\b|"
    r"for personal use only\b|reproduced with permission\b)", re.I)
DOI_LINE = re.compile(r"^(?:doi:?\s*|https?://(?:dx\.)?doi\.org/)10\.\d{4,9}/\S+$", re.I)
# Converter placeholders: docling's "<!-- image -->", marker's image links.
PLACEHOLDER = re.compile(r"^(?:<!--\s*(?:image|page-?break|picture)\s*-->|!\[[^\]]*\]\([^)]*\))$", re.I)
LICENCE_WORDS = re.compile(r"licen[cs]e|copyright|©|all rights reserved|creative commons", re.I)
EMPTY_TABLE_ROW = re.compile(r"^\|[\s|:\-]*\|$")
HEADING = re.compile(r"^#{1,6}\s")
# A short line seen on this many pages is a running head or footer.
REPEATS_FOR_RUNNING_HEAD = 3
RUNNING_HEAD_MAX_WORDS = 20


@dataclass(frozen=True)
class RemovedLine:
    block: Block
    reason: str


def furniture_key(text: str) -> str:
    """A line with its page numbers blanked and spacing and case folded, so
    "Journal of Peace Research 57(3) 412" and "… 413" count as one line."""
    text = re.sub(r"\d+", "#", text.lower())
    return " ".join(re.sub(r"[*_#>`]", " ", text).split())


def remove_page_furniture(blocks: list[Block]) -> tuple[list[Block], list[RemovedLine]]:
    """Split `blocks` into text and furniture. Headings are never furniture:
    a paper may repeat a section title, and a heading lost is a section lost."""
    counts = Counter(furniture_key(b.text) for b in blocks if "\n" not in b.text)
    kept: list[Block] = []
    removed: list[RemovedLine] = []
    for block in blocks:
        reason = _furniture_reason(block, counts)
        if reason:
            removed.append(RemovedLine(block, reason))
        else:
            kept.append(block)
    return kept, removed


def _furniture_reason(block: Block, counts: Counter[str]) -> str:
    text = block.text.strip()
    if HEADING.match(text):
        return ""
    plain = text.strip("*_ ")
    if PLACEHOLDER.match(text):
        return "converter placeholder for an image or page break"
    if all(EMPTY_TABLE_ROW.match(line.strip()) for line in block.lines):
        return "empty table skeleton"
    if "\n" in text:
        return ""
    if PAGE_NUMBER.match(plain):
        return "page number"
    if STAMP.match(plain):
        return "download or repository stamp"
    if DOI_LINE.match(plain):
        return "DOI line"
    repeats = counts[furniture_key(text)]
    words = len(plain.split())
    if repeats >= REPEATS_FOR_RUNNING_HEAD and words <= RUNNING_HEAD_MAX_WORDS:
        return f"running head or footer (printed {repeats} times)"
    if repeats >= 2 and LICENCE_WORDS.search(plain):
        return f"licence or copyright notice (printed {repeats} times)"
    return ""
