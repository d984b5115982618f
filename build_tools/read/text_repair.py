"""Stage 1, converted Markdown: undo the word damage PDF conversion leaves.

Two repairs, each only where a word list is confident: a word hyphenated at a
line end and left as "inter- national" is joined when the joined word is a
known English word (and more common than the hyphenated form), and a run of
lower-case letters that is no word ("akeyproblem") is split into known words.
Word frequencies come from `wordfreq`; every repair is returned so the import
report can list it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wordfreq import zipf_frequency

# A Zipf frequency of 3 is about once per million words: "national",
# "turnout" and "hegemony" pass, fragments like "inter" alone do not decide.
KNOWN_WORD_ZIPF = 3.0
# Parts of a split run-together word must be common words; a rarer part is
# more likely a name or a term the word list does not know.
SPLIT_PART_ZIPF = 3.5
SHORT_FUNCTION_WORDS = frozenset({"a", "an", "as", "at", "be", "by", "if", "in", "is", "it", "of",
                                  "on", "or", "to", "we", "no", "so", "up"})
# "inter- national": a hyphen then a space or line break between two word parts.
BROKEN_HYPHENATION = re.compile(r"\b([A-Za-z]+)-[ \t]*\n?[ \t]*([a-z]+)\b")
# An unknown word whose stem is known is a derivative the list lacks
# ("institutionalists" from "institutionalist"), not two words run together.
DERIVATIVE_SUFFIXES = ("s", "es", "ed", "ing", "ly", "er", "ers", "ism", "isms", "ist", "ists", "ity",
                       "ities", "ation", "ations", "ness", "al", "ally", "ize", "ized", "ise", "ised")
RUN_TOGETHER_CANDIDATE = re.compile(r"(?<![\w@/.\-])[a-z]{9,}(?![\w@/\-])")


@dataclass(frozen=True)
class Repair:
    """One change made to the text: `before` as received, `after` as shown."""

    before: str
    after: str
    what: str


def word_zipf(word: str) -> float:
    return float(zipf_frequency(word, "en"))


def is_known_word(word: str) -> bool:
    return word_zipf(word.lower()) >= KNOWN_WORD_ZIPF


def rejoin_hyphenation(text: str) -> tuple[str, list[Repair]]:
    """Join "inter- national" into "international" when that is a known word
    and commoner than "inter-national"; "double- and" and "Cold- War" stay."""
    repairs: list[Repair] = []

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        joined = head + tail
        if (match.group(0) != f"{head}-{tail}" and is_known_word(joined)
                and word_zipf(joined.lower()) > word_zipf(f"{head}-{tail}".lower())):
            repairs.append(Repair(match.group(0), joined, "rejoined a word hyphenated at a line end"))
            return joined
        return match.group(0)

    return BROKEN_HYPHENATION.sub(join, text), repairs


def split_run_together_words(text: str) -> tuple[str, list[Repair]]:
    """Split lower-case runs that are no word ("akeyproblem") into two or
    three common words; names and terms (which start upper-case, or are known
    words) are never touched."""
    repairs: list[Repair] = []

    def split(match: re.Match[str]) -> str:
        token = match.group(0)
        if word_zipf(token) > 0 or any(
                token.endswith(suffix) and word_zipf(token[:-len(suffix)]) > 0 for suffix in DERIVATIVE_SUFFIXES):
            return token
        parts = best_segmentation(token)
        if parts is None:
            return token
        replacement = " ".join(parts)
        repairs.append(Repair(token, replacement, "split words the conversion ran together"))
        return replacement

    return RUN_TOGETHER_CANDIDATE.sub(split, text), repairs


def _usable_part(part: str, first: bool = False) -> bool:
    if part == "a":
        return first  # "akeyproblem" is "a key problem"; "institution a lists" is no split
    if len(part) <= 2:
        return part in SHORT_FUNCTION_WORDS
    return word_zipf(part) >= SPLIT_PART_ZIPF


def best_segmentation(token: str) -> tuple[str, ...] | None:
    """The split of `token` into 2 or 3 common words with the highest total
    frequency, or None when there is none."""
    best: tuple[float, tuple[str, ...]] | None = None
    n = len(token)
    for i in range(1, n):
        first, rest = token[:i], token[i:]
        if not _usable_part(first, first=True):
            continue
        candidates: list[tuple[str, ...]] = [(rest,)] if _usable_part(rest) else []
        for j in range(1, len(rest)):
            if _usable_part(rest[:j]) and _usable_part(rest[j:]):
                candidates.append((rest[:j], rest[j:]))
        for tail in candidates:
            parts = (first, *tail)
            # Fewer parts first: "realworld" is "real world", not "re al world".
            score = sum(word_zipf(p) for p in parts) - 7.0 * len(parts)
            if best is None or score > best[0]:
                best = (score, parts)
    return best[1] if best else None
