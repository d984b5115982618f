"""Sentence boundaries in a paragraph of plain text.

The concepts stage uses them twice: a concept's summary must be one sentence,
and a concept page quotes the sentence in which a paper uses the term. Both
papers are full of "U.S." and initials ("Warren F. Kimball"), so a period
only ends a sentence when the word before it is not an abbreviation.
"""

from __future__ import annotations

import re

# A candidate end: terminal punctuation, any closing quotes or brackets, a
# citation that follows a closed quotation ("…them.” [23]), then whitespace
# before something that can open a sentence.
SENTENCE_BREAK = re.compile(r"[.!?]+[\"”’')\]]*(?:\s*\[\d[\d,\s–-]*\])?(?=\s+[\"“‘'(\[]?[A-Z0-9])")
# "U.S.", "e.g.", "i.e.", "G.J.", "F.": letters each followed by a period.
INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+$")
ABBREVIATIONS = frozenset({
    "al.", "cf.", "dr.", "etc.", "fig.", "jr.", "mr.", "mrs.", "ms.", "no.", "nos.", "pp.",
    "prof.", "st.", "vol.", "vs.", "ed.", "eds.", "ch.", "sr.",
})


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) offsets of each sentence, whitespace between them left out."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_BREAK.finditer(text):
        if _ends_with_abbreviation(text[start:match.start() + 1]):
            continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return tuple(spans)


def _ends_with_abbreviation(sentence: str) -> bool:
    """Whether the period that ends `sentence` belongs to its last word."""
    if not sentence.endswith("."):
        return False
    words = sentence.rsplit(None, 1)  # the last word only: splitting every word made long sentences slow
    last_word = words[-1] if words else ""
    return bool(INITIALS.search(last_word)) or last_word.lower().lstrip("(“\"'") in ABBREVIATIONS
