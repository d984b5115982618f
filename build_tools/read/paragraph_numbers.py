"""Paragraph numbers printed in the margin, as FQS (Forum: Qualitative
Social Research) numbers every paragraph "[1]", "[2]" … so that readers can
cite a place: a converter sets each number at the end of its paragraph
("… (BERGER & LUCKMANN, 1966). [12]"). They are the page's furniture, not
the authors' text; a numeric citation at a paragraph's end is not one of
them, since those do not count up paragraph by paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from build_tools.read.paragraphs import Block

# After the sentence's own end: "… social. [1]", "… 1966, p.218). [12]".
TRAILING_NUMBER = re.compile(r"(?<=[.!?:;\"”’)\]])\s+\[(\d{1,3})\]\s*$")
# How many numbered paragraphs make the pattern, and how many of them must
# follow the one before (a paragraph split by a page or a quotation has none).
FEWEST = 3
IN_SEQUENCE = 0.8


@dataclass(frozen=True)
class NumberRemoved:
    block: Block
    number: str


def remove_paragraph_numbers(blocks: list[Block]) -> tuple[list[Block], list[NumberRemoved]]:
    """`blocks` without the margin numbers at their ends, when those numbers
    count up through the paper from 1 or 2; else `blocks` unchanged."""
    found = [(i, m) for i, b in enumerate(blocks) if (m := TRAILING_NUMBER.search(b.text))]
    numbers = [int(m.group(1)) for _, m in found]
    if len(numbers) < FEWEST or numbers[0] > 2 or any(b <= a for a, b in pairwise(numbers)):
        return blocks, []
    if sum(1 for a, b in pairwise(numbers) if b == a + 1) < IN_SEQUENCE * (len(numbers) - 1):
        return blocks, []
    out = list(blocks)
    removed = []
    for index, match in found:
        out[index] = replace(blocks[index], text=blocks[index].text[:match.start()])
        removed.append(NumberRemoved(blocks[index], match.group(1)))
    return out, removed
