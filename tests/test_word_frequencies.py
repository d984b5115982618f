"""The converted reader's word frequencies (build_tools/read/word_frequencies.py)
are wordfreq's own, read without importing wordfreq: the same table and the
same Zipf value, to the float, for every kind of word the reader asks about."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
import wordfreq

from build_tools.read.column_interleaving import LANGUAGES
from build_tools.read.word_frequencies import PLAIN_WORD, frequency_dict, zipf_frequency

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_table_and_the_zipf_values_are_wordfreqs_own(language: str) -> None:
    table = frequency_dict(language)
    assert table == wordfreq.get_frequency_dict(language)
    plain = sorted(w for w in table if PLAIN_WORD.fullmatch(w))
    sample = random.Random(language).sample(plain, 1500)
    words = [*sample,
             *(w.capitalize() for w in sample[:200]), *(w.upper() for w in sample[200:300]),
             # "inter- national" is asked joined and hyphenated, known or not
             *(f"{a}-{b}" for a, b in zip(sample[300:600], sample[600:900], strict=True)),
             *(a + b for a, b in zip(sample[900:1200], sample[1200:1500], strict=True)),
             # anything else goes to wordfreq's tokenizer
             "be\u00dfer", "\u00e9t\u00e9", "ﬁnd", "it's", "x2", "", "-", "a--b", "naïve-word"]
    differ = [(w, zipf_frequency(w, language), wordfreq.zipf_frequency(w, language)) for w in words
              if zipf_frequency(w, language) != wordfreq.zipf_frequency(w, language)]
    assert differ == []


def test_a_plain_word_is_looked_up_without_importing_wordfreq() -> None:
    code = ("import sys; from build_tools.read.word_frequencies import zipf_frequency; "
            "print(zipf_frequency('alliance', 'en'), zipf_frequency('Inter-national', 'en'), "
            "'wordfreq' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    expected = f"{wordfreq.zipf_frequency('alliance', 'en')} {wordfreq.zipf_frequency('Inter-national', 'en')} False"
    assert result.stdout.strip() == expected


def test_a_build_lets_go_of_the_tables_once_the_papers_are_read(tmp_path: Path) -> None:
    """The tables (26 MB for English) are for the read stage only; a site's
    build must not hold them while MkDocs renders every page."""
    from build_tools.cache import BuildCache
    from build_tools.pipeline import build_site_content
    from build_tools.read.papers import read_papers
    from tests.small_project import small_project

    project = small_project(tmp_path)
    frequency_dict.cache_clear()
    read_papers(project / "papers", BuildCache())
    assert frequency_dict.cache_info().currsize > 0  # the converted paper's repairs asked for them
    frequency_dict.cache_clear()
    content = build_site_content(project, cache=BuildCache())
    assert content.papers and frequency_dict.cache_info().currsize == 0
