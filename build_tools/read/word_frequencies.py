"""Word frequencies for the converted-Markdown reader's repairs (text_repair.py,
column_interleaving.py): wordfreq's own numbers, read from its data files
without importing wordfreq.

Importing wordfreq (its tokenizer's patterns, langcodes, ftfy, regex) cost a
build 0.12 CPU s and its first lookup 0.04 s more, for the plain words the
reader asks about, which its tokenizer leaves as they are. So a word of ASCII
letters (or such words joined by hyphens, which wordfreq reads as separate
tokens) is looked up here exactly as `wordfreq.zipf_frequency` does it; any
other word is still asked of wordfreq itself (tests/test_word_frequencies.py
compares the two over thousands of words in every language used).
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import math
import re
from pathlib import Path

import msgpack

# wordfreq's floor: `zipf_frequency`'s default minimum of 0 on the Zipf scale.
MINIMUM_FREQUENCY = 10**0 / 1e9
PLAIN_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def _data_directory() -> Path:
    # Found without running wordfreq's __init__ (what `find_spec` does for a
    # top-level package); wordfreq's own `data_path()` is this folder.
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("wordfreq is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


# Read-only data of an installed library, loaded once per process as
# wordfreq's own `get_frequency_dict` keeps it (functools.lru_cache): not
# build state, which lives in the caller's BuildCache.
@functools.cache
def frequency_dict(language: str) -> dict[str, float]:
    """`wordfreq.get_frequency_dict(language)`: word → frequency from its
    "best" list (the large one where there is one)."""
    directory = _data_directory()
    path = directory / f"large_{language}.msgpack.gz"
    if not path.is_file():
        path = directory / f"small_{language}.msgpack.gz"
    if not path.is_file():
        from wordfreq import get_frequency_dict  # a code langcodes must match (none here)
        return dict(get_frequency_dict(language))
    with gzip.open(path, "rb") as packed:
        data = msgpack.load(packed, raw=False)
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"{path}: unexpected wordfreq header {header!r}")
    # Bucket i holds the words of frequency 10 ** (-i / 100) (wordfreq's
    # `cB_to_freq`); a later bucket's value wins, as in wordfreq. One
    # comprehension: a third faster than a dict per bucket (a two-paper
    # build loads the English list, 321,000 words).
    return {word: frequency for index, bucket in enumerate(data[1:])
            for frequency in (10 ** (-index / 100),) for word in bucket}


def zipf_frequency(word: str, language: str) -> float:
    """`wordfreq.zipf_frequency(word, language)`, to the same float."""
    lower = word.lower()
    if not word.isascii() or not PLAIN_WORD.fullmatch(lower):
        from wordfreq import zipf_frequency as wordfreq_zipf  # its tokenizer decides
        return float(wordfreq_zipf(word, language))
    frequencies = frequency_dict(language)
    # wordfreq's `_word_frequency`: tokens' frequencies combine as
    # 1/f = 1/f1 + 1/f2 + …; a missing token gives the minimum, unrounded;
    # else the value is rounded to three significant digits.
    one_over = 0.0
    for token in lower.split("-"):
        if token not in frequencies:
            return round(math.log(MINIMUM_FREQUENCY, 10) + 9, 2)
        one_over += 1.0 / frequencies[token]
    frequency = max(1.0 / one_over, MINIMUM_FREQUENCY)
    frequency = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(math.log(frequency, 10) + 9, 2)


def release_frequency_tables() -> None:
    """Drop the tables read so far (about 26 MB for English): only the read
    stage asks for them, and a build's memory peaks later, while MkDocs holds
    every rendered page. A later read loads them again (about 0.1 s)."""
    frequency_dict.cache_clear()
