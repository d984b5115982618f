"""Stage 1, converted Markdown: undo the word damage PDF conversion leaves.

Three repairs, each only where a word list is confident:

- a word hyphenated at a line end and left as "inter- national" is joined
  when the joined word is a known word (and commoner than the hyphenated form);
  a line end whose hyphen the converter dropped ("commit" / "ment") is joined
  when the second half is no word on its own and the whole is one;
- text run together ("akeyproblem", markitdown's
  "politicalengagement,withlessattention") is cut into words by the
  likeliest segmentation (word frequencies from `wordfreq`), with a space
  after punctuation glued to the next word, and a hyphen where the paper
  itself writes the pair hyphenated ("majority-group");
- a word the paper itself uses, or the word list knows, is never cut
  ("nonmilitary", "rebaselining", "underplotting"): it is a word, however
  rare. Neither is a name the paper prints elsewhere.

Every repair is returned so the import report can list it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from build_tools.read.word_frequencies import frequency_dict, zipf_frequency

# A Zipf frequency of 3 is about once per million words: "national",
# "turnout" and "hegemony" pass, fragments like "inter" alone do not decide.
KNOWN_WORD_ZIPF = 3.0
SHORT_FUNCTION_WORDS = frozenset({"a", "i", "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is",
                                  "it", "me", "my", "no", "of", "on", "or", "so", "to", "up", "us", "we"})
# "inter- national": a hyphen then a space or line break between two word parts.
BROKEN_HYPHENATION = re.compile(r"\b([A-Za-z]+)-[ \t]*\n?[ \t]*([a-z]+)\b")
# "commit\nment": a line break where the converter dropped the hyphen.
DROPPED_HYPHEN = re.compile(r"\b([A-Za-z]{2,})[ \t]*\n[ \t]*([a-z]{2,})\b")
# A line-end half this common on its own is a word, not a fragment.
FRAGMENT_MAX_ZIPF = 3.5
# An unknown word whose stem is known is a derivative the list lacks
# ("institutionalists" from "institutionalist"), not two words run together.
DERIVATIVE_SUFFIXES = ("s", "es", "ed", "ing", "ly", "er", "ers", "ism", "isms", "ist", "ists", "ity",
                       "ities", "ation", "ations", "ness", "al", "ally", "ize", "ized", "ise", "ised")
# Prefixes that make words the list may lack: "nonmilitary", "rebaselining",
# "underplotting" are one word each.
WORD_PREFIXES = ("non", "re", "pre", "post", "un", "under", "over", "anti", "counter", "co", "inter", "intra",
                 "multi", "semi", "sub", "super", "mis", "out", "cross", "de", "dis", "trans", "bi", "tri",
                 "micro", "macro", "meta", "neo", "pseudo", "quasi", "socio", "geo", "mid")
# A run of letters this long that is no word is looked at; shorter ones are
# abbreviations, variables or names far more often than glued words.
RUN_MIN_LETTERS = 7
# A longer run is no sentence a converter glued (the longest in tests/corpus is
# 117 letters) but data or noise, and cutting costs LONGEST_WORD lookups a letter.
RUN_MAX_LETTERS = 1000
LONGEST_WORD = 20
# Each word of a segmentation costs this much beyond its rarity, so that
# "realworld" becomes "real world", not "re al world".
WORD_PENALTY = 2.5
# Parts of a cut must be at least this common; short parts are where a wrong
# cut hides ("ag greg at ion"), long ones are words however rare. A
# capitalised run, which may be a name, needs commoner parts.
PART_MIN_ZIPF = {3: 4.0, 4: 3.0, 5: 3.0, 6: 2.0, 7: 2.0}
LONG_PART_MIN_ZIPF = 1.0
CAPITALISED_EXTRA_ZIPF = 0.5
# Tokens of a line this long on average are run together; such lines teach
# nothing about the paper's own words.
RUN_TOGETHER_LINE_LETTERS = 9
# A token `split_run_together_words` may change: any but a plain word of
# fewer than RUN_MIN_LETTERS letters with closing punctuation ("the", "of,"),
# most of a paper's tokens, which were otherwise each handed to Python.
TOKEN_TO_LOOK_AT = re.compile(r"(?<!\S)(?![A-Za-z]{1,6}[,.;:?!)]*(?!\S))\S+")
# Starting only where a run of letters starts, and only before a hyphen: it
# finds the same compounds, where trying from every letter of every word
# made it the slowest pattern of the converted reader.
HYPHENATED_COMPOUND = re.compile(r"(?<![A-Za-z])(?=[A-Za-z]+-[A-Za-z])[A-Za-z]+(?:-[A-Za-z]+)+")
PLAIN_WORD = re.compile(r"([A-Za-z]+)[,.;:?!)]*")
LETTER_RUN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ’']+")
# Text whose lower case is one character for one, whatever surrounds it: a
# part of it lowered is that part of it all lowered.
LOWERS_ONE_FOR_ONE = re.compile(r"[\x00-\xff’]*")
URL_LIKE = re.compile(r"https?:|www\.|@|\.(?:com|org|net|edu|gov|int|ac|uk|de|fr|io)\b|doi|\b10\.\d{4}", re.I)
# Punctuation glued to the next word: "engagement,with" → "engagement, with",
# "1967),and", "threatened(Blalock", "members.Weargue".
GLUED_AFTER_PUNCTUATION = re.compile(
    r"(?<=[\w)”’][,;:?!])(?=[A-Za-z]{2}|[(“])|(?<=[a-z)]\))(?=[A-Za-z]{2})|(?<=[a-z]{2}\.)(?=[A-Z][a-z])"
    r"|(?<=[a-z]{3})(?=\([A-Z\d])")
# "fourU": a capital after lower-case letters starts a new word.
CASE_BOUNDARY = re.compile(r"(?<=[a-z]{3})(?=[A-Z])")
# Prefixes English always joins with a hyphen.
HYPHEN_PREFIXES = frozenset({"self"})
# A year glued to a name: "(Blalock1967)" → "(Blalock 1967)"; "COVID19" stays.
GLUED_YEAR = re.compile(r"(?<=[a-z]{3})(?=(?:1[6-9]\d\d|20\d\d)[a-z]?\b)")


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


def _frequencies() -> dict[str, float]:
    # Loaded once per process (word_frequencies.py), as wordfreq kept it.
    return frequency_dict("en")


def _zipf(word: str, frequencies: dict[str, float]) -> float:
    return _lowered_zipf(word.lower(), frequencies)


def _lowered_zipf(lower: str, frequencies: dict[str, float]) -> float:
    frequency = frequencies.get(lower.replace("’", "'"), 0.0)
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


class Vocabulary:
    """The words a paper itself prints (as whole tokens, in lines that are not
    run together), with how often: a word the paper uses is never cut."""

    def __init__(self, text: str = "") -> None:
        kept = []
        for line in text.split("\n"):
            tokens = line.split()
            if tokens and sum(map(len, tokens)) / len(tokens) <= RUN_TOGETHER_LINE_LETTERS:
                kept.append(line)
        # Neither pattern matches a space or a line break, so the kept lines
        # together give the same words as their tokens one by one.
        words = "\n".join(kept)
        self.counts = Counter(map(str.lower, LETTER_RUN.findall(words)))
        self.hyphenated = set(map(str.lower, HYPHENATED_COMPOUND.findall(words)))
        self.frequencies = _frequencies()
        # What `knows` and `split_run_together_words` said of each word and
        # token: a paper repeats its words, and both follow from them alone.
        self._known: dict[str, bool] = {}
        self.split_tokens: dict[str, str] = {}

    def knows(self, word: str) -> bool:
        """A word of the paper (printed twice) or of the word list, or one made
        from such a word by a common prefix or suffix."""
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = self._knows(word)
        return known

    def _knows(self, word: str) -> bool:
        lower = word.lower()
        if self.counts[lower] >= 2 or _zipf(lower, self.frequencies) > 0:
            return True
        if self._derivative(lower):
            return True
        return any(lower.startswith(prefix) and len(lower) - len(prefix) >= 4
                   and (_zipf(lower[len(prefix):], self.frequencies) > 0 or self._derivative(lower[len(prefix):])
                        or self.counts[lower[len(prefix):]] >= 1)
                   for prefix in WORD_PREFIXES)

    def _derivative(self, word: str) -> bool:
        for suffix in DERIVATIVE_SUFFIXES:
            stem = word[:-len(suffix)]
            if word.endswith(suffix) and len(stem) >= 4 and (
                    _zipf(stem, self.frequencies) > 0 or _zipf(stem + "e", self.frequencies) > 0):
                return True
        return False

    def zipf(self, word: str) -> float:
        """The word's frequency as a Zipf value; a word of the paper's own
        counts as common, however rare in general."""
        return self.lowered_zipf(word.lower(), len(word))

    def lowered_zipf(self, lower: str, length: int) -> float:
        """`zipf` of a word of `length` characters, given it lowered."""
        value = _lowered_zipf(lower, self.frequencies)
        return max(value, 4.0) if self.counts.get(lower, 0) >= 2 and length > 2 else value

    def hyphenates(self, left: str, right: str) -> bool:
        """The paper writes "left-right" (or "left-right-…") somewhere."""
        pair = f"{left.lower()}-{right.lower()}"
        if pair.count("-") == 1 and not pair.startswith("-") and not pair.endswith("-"):
            # Two words: one of the paper's compounds has them as neighbouring parts.
            return pair in self._neighbours
        return any(compound == pair or compound.startswith(pair + "-") or compound.endswith("-" + pair)
                   or f"-{pair}-" in compound for compound in self.hyphenated)

    @cached_property
    def _neighbours(self) -> frozenset[str]:
        """Every "a-b" of two neighbouring parts of a compound the paper prints."""
        return frozenset(f"{a}-{b}" for compound in self.hyphenated for a, b in pairwise(compound.split("-")))


def rejoin_hyphenation(text: str, vocabulary: Vocabulary | None = None) -> tuple[str, list[Repair]]:
    """Join "inter- national" into "international" when that is a known word
    and commoner than "inter-national"; "double- and" and "Cold- War" stay.
    Join "commit\\nment" when the converter dropped the hyphen: "ment" is no
    word on its own and "commitment" is one."""
    repairs: list[Repair] = []

    def join(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        joined = head + tail
        if (match.group(0) != f"{head}-{tail}" and is_known_word(joined)
                and word_zipf(joined.lower()) > word_zipf(f"{head}-{tail}".lower())):
            repairs.append(Repair(match.group(0), joined, "rejoined a word hyphenated at a line end"))
            return joined
        return match.group(0)

    def join_dropped(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        joined = (head + tail).lower()
        known = vocabulary.knows(joined) if vocabulary is not None else is_known_word(joined)
        if known and word_zipf(tail) < FRAGMENT_MAX_ZIPF and word_zipf(joined) > min(word_zipf(head.lower()), 3.0) \
                and not (vocabulary is not None and vocabulary.counts[tail] >= 2):
            repairs.append(Repair(f"{head} / {tail}", head + tail,
                                  "rejoined a word broken at a line end whose hyphen the conversion dropped"))
            return head + tail
        return match.group(0)

    # Most paragraphs have neither a hyphen nor a line break.
    if "-" in text:
        text = BROKEN_HYPHENATION.sub(join, text)
    return (DROPPED_HYPHEN.sub(join_dropped, text) if "\n" in text else text), repairs


def segment_words(letters: str, vocabulary: Vocabulary | None = None,
                  extra_zipf: float = 0.0) -> tuple[str, ...] | None:
    """The likeliest cut of `letters` (no spaces) into known words, keeping
    their case, or None when no cut is made of known words only."""
    frequencies = vocabulary.frequencies if vocabulary is not None else _frequencies()
    # The run lowered once, not each of its up to LONGEST_WORD × len parts,
    # where that is the same (Latin-1 letters, as every caller passes).
    lowered = letters.lower() if LOWERS_ONE_FOR_ONE.fullmatch(letters) else None

    def cost(start: int, end: int) -> float | None:
        lower = lowered[start:end] if lowered is not None else letters[start:end].lower()
        if len(lower) <= 2:
            return (9.0 - _zipf(lower, frequencies)) + WORD_PENALTY if lower in SHORT_FUNCTION_WORDS else None
        value = vocabulary.lowered_zipf(lower, end - start) if vocabulary is not None else _zipf(lower, frequencies)
        if value < PART_MIN_ZIPF.get(len(lower), LONG_PART_MIN_ZIPF) + extra_zipf:
            return None
        return (9.0 - value) + WORD_PENALTY

    n = len(letters)
    # best[end]: (cost, start of the last word) of the cheapest cut of letters[:end]
    best: list[tuple[float, int] | None] = [(0.0, 0)] + [None] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - LONGEST_WORD), end):
            before = best[start]
            if before is None:
                continue
            word_cost = cost(start, end)
            if word_cost is None:
                continue
            total = before[0] + word_cost
            kept = best[end]
            if kept is None or total < kept[0]:
                best[end] = (total, start)
    if best[n] is None:
        return None
    words: list[str] = []
    end = n
    while end > 0:
        last = best[end]
        assert last is not None  # reached from n through kept cuts only
        start = last[1]
        words.append(letters[start:end])
        end = start
    return tuple(reversed(words))


def split_run_together_words(text: str, vocabulary: Vocabulary | None = None) -> tuple[str, list[Repair]]:
    """Cut runs of letters that are no word ("akeyproblem",
    "politicalengagement,withlessattention") into words; words the paper or
    the word list knows, names the paper prints, URLs and DOIs are never
    touched. One repair per token changed."""
    vocabulary = vocabulary or Vocabulary()
    split = vocabulary.split_tokens
    # Each distinct token judged once; most paragraphs then have nothing to cut.
    tokens = set(TOKEN_TO_LOOK_AT.findall(text))
    for original in tokens.difference(split):
        split[original] = _split_token(original, vocabulary)
    if all(split[original] == original for original in tokens):
        return text, []
    repairs: list[Repair] = []

    def token(match: re.Match[str]) -> str:
        original = match.group(0)
        fixed = split[original]
        if fixed != original:
            repairs.append(Repair(original, fixed, "split words the conversion ran together"))
        return fixed

    return TOKEN_TO_LOOK_AT.sub(token, text), repairs


def _split_token(original: str, vocabulary: Vocabulary) -> str:
    # Most tokens are one plain word, maybe with closing punctuation:
    # nothing follows the punctuation to unglue, and nothing is cut in a
    # short or known word.
    plain = PLAIN_WORD.fullmatch(original)
    if plain and (len(plain.group(1)) < RUN_MIN_LETTERS or vocabulary.knows(plain.group(1))):
        return original
    if URL_LIKE.search(original):
        return original
    fixed = GLUED_YEAR.sub(" ", GLUED_AFTER_PUNCTUATION.sub(" ", original))
    if _has_unknown_run(fixed, vocabulary):
        fixed = CASE_BOUNDARY.sub(" ", fixed)
    return LETTER_RUN.sub(lambda run: _cut_run(run.group(0), vocabulary, fixed), fixed)


def _has_unknown_run(token: str, vocabulary: Vocabulary) -> bool:
    return any(len(run) >= RUN_MIN_LETTERS and not vocabulary.knows(run) for run in LETTER_RUN.findall(token))


def _cut_run(run: str, vocabulary: Vocabulary, context: str) -> str:
    if not RUN_MIN_LETTERS <= len(run) <= RUN_MAX_LETTERS or vocabulary.knows(run) or "’" in run or "'" in run:
        return run
    capitalised = run[:1].isupper()
    # "tincumbent": a variable glued to a word ("t incumbent"), not "tin cum bent".
    for single, rest, glue in ((run[:1], run[1:], "{0} {1}"), (run[-1:], run[:-1], "{1} {0}")):
        if len(rest) >= 6 and _zipf(rest, vocabulary.frequencies) >= KNOWN_WORD_ZIPF and single.lower() not in "ai":
            return glue.format(single, rest)
    words = segment_words(run, vocabulary, CAPITALISED_EXTRA_ZIPF if capitalised else 0.0)
    if words is None or len(words) < 2:
        return run
    out = words[0]
    for left, right in pairwise(words):
        hyphen = vocabulary.hyphenates(left, right) or left.lower() in HYPHEN_PREFIXES
        out += ("-" if hyphen else " ") + right
    return out
