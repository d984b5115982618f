"""Stage 2a for converted papers: a reference the rule-based parser cannot
read confidently goes to the CRF parser, whose instance and results live in
the caller's BuildCache. Each case is a real entry of a corpus paper."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from build_tools.cache import BuildCache
from build_tools.model import RawReference, SourceLocation
from build_tools.read.papers import read_paper
from build_tools.references.bibliography import build_bibliography, index_by_citation, paper_works

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
DOUGLAS = ROOT / "tests" / "corpus" / "douglas-2014-ace-inhibitors-pymupdf4llm"


def raw(label: str, text: str, slug: str = "x") -> RawReference:
    return RawReference(slug, label, text, SourceLocation(Path("source.md"), int(label)))


def test_biochemical_journal_style_is_read_by_the_crf_not_swallowed_into_the_title() -> None:
    # douglas-2014 entry 38: the rules fitted to Zou's author-date style take
    # "… constants. Biochem. J. 55, 170–171" whole as the title.
    works = paper_works(read_paper(DOUGLAS), BuildCache())
    dixon = works["38"]
    assert dixon.title == "The determination of enzyme inhibitor constants"
    assert (dixon.authors[0].family, dixon.year, dixon.volume, dixon.pages) == ("Dixon", "1953", "55", "170–171")


def test_parser_and_parsed_entries_are_kept_in_the_callers_cache() -> None:
    cache = BuildCache()
    text = "Eddy SR. 1998. Profile hidden Markov models. Bioinformatics 14(9):755–763"  # webb-2017, PeerJ style
    build_bibliography([], cache)
    first = paper_works(replace(read_paper(DOUGLAS), references=(raw("1", text),)), cache)["1"]
    parser = cache.table("references.crf-parser")[None]
    assert text in cache.table("references.crf-entry")
    again = paper_works(replace(read_paper(DOUGLAS), references=(raw("1", text),)), cache)["1"]
    assert cache.table("references.crf-parser")[None] is parser and again == first
    assert (first.authors[0].family, first.year, first.title) == ("Eddy", "1998", "Profile hidden Markov models")
    assert (first.volume, first.issue, first.pages) == ("14", "9", "755–763")


def test_two_works_by_one_author_in_one_year_stay_two_with_their_suffixes() -> None:
    paper = replace(read_paper(DOUGLAS), references=(
        raw("1", "Walt SM. 2020a. Alliances in decline. International Security 44(3):7–42"),
        raw("2", "Walt SM. 2020b. Alliances reborn. International Security 45(1):1–30")))
    works = build_bibliography([paper], BuildCache())
    assert len(works) == 2
    by_label = index_by_citation(works)
    first, second = by_label[("x", "1")], by_label[("x", "2")]
    assert (first.year, second.year) == ("2020a", "2020b")
    assert (first.issue, second.issue) == ("3", "1")
    assert first.key != second.key


def test_a_long_vancouver_author_list_is_all_authors_even_where_the_model_says_editor() -> None:
    from build_tools.references.parse_reference import ReferenceParser
    # webb-2017 (PeerJ), 29 names; the model labels the first 15 "editor".
    item = ReferenceParser().parse(
        "Liu S, Lorenzen ED, Fumagalli M, Li B, Harris K, Xiong Z, Zhou L, Korneliussen TS, Somel M, Babbitt C, "
        "Wray G, Li J, He W, Wang Z, Fu W, Xiang X, Morgan CC, Doherty A, O’Connell MJ, McInerney JO, Born EW, "
        "Dalen L, Dietz R, Orlando L, Sonne C, Zhang G, Nielsen R, Willerslev E, Wang J. 2014. Population genomics "
        "reveal recent speciation and rapid evolutionary adaptation in polar bears. Cell 157(4):785–794.")
    assert item["author"][0] == {"family": "Liu", "given": "S."} and "editor" not in item
    assert len(item["author"]) == 29
