"""Stage 1, converted Markdown: tell when a converter glued the two columns
of each page line by line (markitdown on two-column PDFs), so that body
text, headings and reference entries interleave within lines.

Text rules cannot undo this: a line holds the ends of two sentences from
different columns. The evidence is the left column's hyphenated line ends,
which such a conversion puts in the middle of a line ("expec- paying clinic
OPD I"): in one-column text a word broken at a line end stands at the end of
its line. Suspended hyphens ("short- and long-term") are not breaks. In the
reference list the same gluing starts a numbered entry in the middle of a
line ("…J. Intern. Med. 264, 224–236 19 Liao, T. D., …"). When the evidence
is there, the reader says so once, so a maintainer knows why the page
reads badly and what to do, rather than trusting garbled text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_tools.read.word_frequencies import zipf_frequency

# "expec- paying", "over- 2." is not counted (no letters after): only a word
# broken and followed by another column's lower-case word. Suspended hyphens
# in English, German, French, Spanish, Portuguese, Italian ("Marketing- und
# PR-Strategien") are not breaks.
MID_LINE_BREAK = re.compile(
    # Tried only where a run of letters starts (where a match can start): from
    # every letter of a word it rescanned the word, on every line of a paper.
    r"(?<![a-zß-ÿ])(?P<left>[a-zß-ÿ]{2,})-\s+(?!(?:and|or|to|nor|as well as|und|oder|bzw|sowie|bis|et|ou|y|o|e|u)\b)"
    r"(?P<right>[a-zß-ÿ]{2,})")
# A PDF whose text layer lost its ligature glyphs breaks "be-|findet" as
# "be- ndet": one column, the word whole once the ligature is put back.
LOST_LIGATURES = ("", "fi", "fl", "ff", "ffi", "ffl", "ft")
LANGUAGES = ("en", "de", "fr", "es", "pt", "it")
KNOWN_WORD_ZIPF = 2.0
# A numbered entry ("19 Liao,T.D.,") starting after other text on its line
# (the space asserted first spares the look-behind at every position).
MID_LINE_ENTRY = re.compile(r"(?=\s)(?<=[\w.)–])\s+\d{1,3}\.?\s+[A-Z][a-zà-ÿ'’\-]+,\s?(?:[A-Z]\.|[A-Z]{1,2}\b)")
PROSE_MIN_WORDS = 6
# So many prose lines with a word broken mid-line, and at least this share.
MIN_BREAKS = 5
MIN_SHARE = 0.02


@dataclass(frozen=True)
class Interleaving:
    breaks: int           # prose lines with a word broken in their middle, or entries starting there
    prose_lines: int
    first_line: int       # 1-based line of the first, for the report
    example: str


def detect_interleaved_columns(text: str) -> Interleaving | None:
    """The evidence that `text` interleaves two columns, or None."""
    prose = 0
    candidates: list[tuple[int, str, list[re.Match[str]]]] = []
    entries: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith(("|", "#", "!", "<", "```")):
            continue
        if m := MID_LINE_ENTRY.search(stripped):
            entries.append((number, stripped[max(0, m.start() - 20):m.end() + 10]))
        if len(stripped.split(maxsplit=PROSE_MIN_WORDS - 1)) < PROSE_MIN_WORDS:  # not every word split off
            continue
        prose += 1
        if pieces := list(MID_LINE_BREAK.finditer(stripped)):
            candidates.append((number, stripped, pieces))
    found: list[tuple[int, str]] = []
    # The word lists (six languages, a tenth of a second each to load) are
    # asked only when enough lines could be evidence: English first (loaded
    # for the paper's repairs anyway), the other five only when enough lines
    # hold a piece that is no English word.
    if _enough(len(candidates), prose):
        candidates = [(number, stripped, others) for number, stripped, pieces in candidates
                      if (others := [m for m in pieces if not _one_word(m.group("left"), m.group("right"), ("en",))])]
    if _enough(len(candidates), prose):
        for number, stripped, pieces in candidates:
            breaks = [m for m in pieces if not _one_word(m.group("left"), m.group("right"))]
            if breaks:
                m = breaks[0]
                found.append((number, stripped[max(0, m.start() - 20):m.end() + 20]))
    for evidence in (found, entries):
        if _enough(len(evidence), prose):
            return Interleaving(len(evidence), prose, evidence[0][0], evidence[0][1])
    return None


def _enough(lines: int, prose: int) -> bool:
    return lines >= MIN_BREAKS and lines >= MIN_SHARE * prose


def _one_word(left: str, right: str, languages: tuple[str, ...] = LANGUAGES) -> bool:
    """"be- ndet": the two pieces make one word of a language papers here are
    written in, as they stand or with a lost ligature between them: a word
    hyphenated at the end of a line of one column, not two columns glued."""
    return any(zipf_frequency(left + ligature + right, language) >= KNOWN_WORD_ZIPF
               for ligature in LOST_LIGATURES for language in languages)
