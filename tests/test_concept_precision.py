"""Precision: a wording in a paper links to the most specific concept the
paper means, and a phrase that only contains a concept's word does not
link at all (issue 21, item 6).

The glossary is the frozen project's copy of the concept pages
(tests/fixtures/project/docs/concepts/), so editing a live concept page
changes no test here; the papers are the seed papers and the CC0 fixture
paper. To take a later edit of the concept pages into these tests, copy
docs/concepts/ over the fixture again (see its README) and read the diff of
what links.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.concepts.glossary import (
    choose_term_links,
    find_term_occurrences,
    load_glossary,
)
from build_tools.model import Glossary, Paper, TermOccurrence
from build_tools.read.papers import read_paper
from tests.conftest import FIXTURE, read_seed_papers

pytestmark = pytest.mark.unit

FIXTURES = Path(__file__).parent / "fixtures" / "concepts"

# (paper, paragraph, wording as printed, the concept it must link to)
MUST_LINK = [
    # Zou's abstract promises to examine "the security dilemmas alliances
    # face": the dilemma within alliances, not the adversaries' spiral.
    ("zou-balancing-act", "abstract-p1", "security dilemmas alliances face", "alliance-security-dilemma"),
    ("zou-balancing-act", "s4-2-p3", "bilateral-asymmetric structure", "asymmetric-alliance"),
    ("zou-balancing-act", "s4-2-p3", "multilateral-asymmetric alliance structure", "asymmetric-alliance"),
    ("zou-balancing-act", "s2-p12", "state of anarchy", "anarchy"),
    # In Istomin & Baykov only, "aggregation function" is capability aggregation.
    ("istomin-baykov-2020", "abstract-p1", "aggregation function", "capability-aggregation"),
    ("fixture-alliance-commitments", "s3-p2", "anarchy", "anarchy"),
]

# (paper, paragraph, phrase no link may touch, why)
MUST_NOT_LINK = [
    ("zou-balancing-act", "s2-p1", "mutual military assistance",
     "Wolfers' definition of any alliance, not collective defence"),
    ("fixture-alliance-commitments", "s3-p2", "mutual military assistance", "the same wording in another paper"),
    ("fixture-alliance-commitments", "s3-p2", "aggregation function",
     "a statistic here: the paper-level wording belongs to Istomin & Baykov only"),
    ("fixture-alliance-commitments", "s3-p2", "under", "'under anarchy' links 'anarchy', not the preposition"),
]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(FIXTURE / "docs" / "concepts")


@pytest.fixture(scope="module")
def papers() -> tuple[Paper, ...]:
    return (*read_seed_papers(), read_paper(FIXTURES / "papers" / "fixture-alliance-commitments"))


@pytest.fixture(scope="module")
def occurrences(papers: tuple[Paper, ...], glossary: Glossary) -> tuple[TermOccurrence, ...]:
    return find_term_occurrences(papers, glossary)


def span_of(papers: tuple[Paper, ...], paper_slug: str, paragraph_id: str, phrase: str) -> tuple[int, int]:
    paper = next(p for p in papers if p.slug == paper_slug)
    text = next(p.text for p in paper.paragraphs() if p.id == paragraph_id)
    start = text.lower().find(phrase.lower())
    assert start >= 0, f"{phrase!r} is not in {paper_slug}#{paragraph_id}: the fixture changed"
    return start, start + len(phrase)


@pytest.mark.parametrize(("paper_slug", "paragraph_id", "wording", "concept"), MUST_LINK)
def test_a_wording_links_to_the_concept_the_paper_means(
        papers: tuple[Paper, ...], occurrences: tuple[TermOccurrence, ...],
        paper_slug: str, paragraph_id: str, wording: str, concept: str) -> None:
    start, end = span_of(papers, paper_slug, paragraph_id, wording)
    found = [o for o in occurrences if o.paper_slug == paper_slug and o.paragraph_id == paragraph_id
             and o.start < end and start < o.end]
    assert [(o.matched_text.lower(), o.concept_slug) for o in found] == [(wording.lower(), concept)]


@pytest.mark.parametrize(("paper_slug", "paragraph_id", "phrase", "why"), MUST_NOT_LINK)
def test_a_phrase_that_only_contains_a_concepts_word_does_not_link(
        papers: tuple[Paper, ...], occurrences: tuple[TermOccurrence, ...],
        paper_slug: str, paragraph_id: str, phrase: str, why: str) -> None:
    start, end = span_of(papers, paper_slug, paragraph_id, phrase)
    touching = [o.matched_text for o in occurrences if o.paper_slug == paper_slug
                and o.paragraph_id == paragraph_id and o.start < end and start < o.end]
    assert touching == [], why


def test_the_security_dilemma_of_zous_abstract_is_the_alliance_one(
        occurrences: tuple[TermOccurrence, ...]) -> None:
    linked = choose_term_links(occurrences)
    in_abstract = {o.concept_slug for o in linked if o.paper_slug == "zou-balancing-act"
                   and o.section_id == "abstract"}
    assert "alliance-security-dilemma" in in_abstract
    assert "security-dilemma" not in in_abstract


def test_a_keyword_counts_as_a_use_but_is_not_linked(occurrences: tuple[TermOccurrence, ...]) -> None:
    coalition = [o for o in occurrences if o.concept_slug == "coalition" and o.paper_slug == "istomin-baykov-2020"]
    assert [(o.section_id, o.matched_text) for o in coalition] == [("keywords", "coalition")]
    assert not [o for o in choose_term_links(occurrences) if o.section_id == "keywords"]
