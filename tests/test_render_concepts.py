"""Rendering the concepts stage: backlinks on concept pages, the concepts
index and the concept map.

Golden files are regenerated after an intended change with

    UPDATE_GOLDEN=1 python -m pytest tests/test_render_concepts.py

and reviewed with `git diff tests/golden/` before committing.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import markdown
import pytest

from build_tools import urls
from build_tools.concepts.glossary import find_term_occurrences, load_glossary
from build_tools.concepts.sentences import sentence_spans
from build_tools.model import Glossary, Paper, TermOccurrence
from build_tools.render.concept_pages import (
    concept_links_from,
    render_concept_backlinks,
    render_concept_map_svg,
    render_glossary_index,
)
from tests.conftest import assert_matches_golden

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONCEPTS = ROOT / "tests" / "fixtures" / "project" / "docs" / "concepts"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(FIXTURE_CONCEPTS)


@pytest.fixture(scope="module")
def occurrences(papers: dict[str, Paper], glossary: Glossary) -> tuple[TermOccurrence, ...]:
    return find_term_occurrences(papers.values(), glossary)


def paper_list(papers: dict[str, Paper]) -> list[Paper]:
    return [papers[slug] for slug in sorted(papers)]


def check_golden(name: str, rendered: str) -> None:
    assert_matches_golden(name, rendered, "tests/test_render_concepts.py")


def test_concepts_index_matches_golden_file(glossary: Glossary, occurrences: tuple[TermOccurrence, ...],
                                            papers: dict[str, Paper]) -> None:
    check_golden("concepts-index.md", render_glossary_index(glossary, occurrences, paper_list(papers)))


def test_entrapment_backlinks_match_golden_file(glossary: Glossary, occurrences: tuple[TermOccurrence, ...],
                                                papers: dict[str, Paper]) -> None:
    rendered = render_concept_backlinks(glossary.concepts["entrapment"], occurrences, paper_list(papers),
                                        "concepts/entrapment.md")
    check_golden("backlinks-entrapment.md", rendered)


# --- backlinks -------------------------------------------------------------------------

def backlinks(slug: str, glossary: Glossary, occurrences: tuple[TermOccurrence, ...],
              papers: dict[str, Paper]) -> str:
    return render_concept_backlinks(glossary.concepts[slug], occurrences, paper_list(papers),
                                    f"concepts/{slug}.md")


def test_entrapment_quotes_zou_section_3_and_links_the_paragraph(
        glossary: Glossary, occurrences: tuple[TermOccurrence, ...], papers: dict[str, Paper]) -> None:
    text = backlinks("entrapment", glossary, occurrences, papers)
    assert ("Used 3 times in Zou. Istomin &amp; Baykov: only the abstract is here, "
            "and it does not use this concept.") in text
    assert "**3\\. Contemporary Challenges**" in text
    assert "the dual <mark>fear of entrapment</mark> and abandonment" in text
    assert "[§ 3 ¶ 3](../papers/zou-balancing-act.md#s3-p3)" in text


def test_alliance_security_dilemma_is_quoted_from_the_introduction_and_section_3(
        glossary: Glossary, occurrences: tuple[TermOccurrence, ...], papers: dict[str, Paper]) -> None:
    text = backlinks("alliance-security-dilemma", glossary, occurrences, papers)
    assert "It examines the <mark>alliance security dilemma</mark> and strategic contraction" in text
    assert "(../papers/zou-balancing-act.md#s1-p2)" in text
    assert "(../papers/zou-balancing-act.md#s3-p3)" in text


def test_a_concept_used_by_both_papers_says_so(glossary: Glossary, occurrences: tuple[TermOccurrence, ...],
                                               papers: dict[str, Paper]) -> None:
    text = backlinks("great-power", glossary, occurrences, papers)
    # Istomin & Baykov's keyword "great powers" counts as a use.
    assert "Used by both papers: 3 times in Istomin &amp; Baykov, twice in Zou." in text
    assert "[Keywords](../papers/istomin-baykov-2020.md#keywords)" in text
    # "rising powers" is not the concept of a great power, so it is not counted.
    assert "<mark>rising powers</mark>" not in text
    assert "**Abstract**" in text
    assert "[Abstract ¶ 1](../papers/istomin-baykov-2020.md#abstract-p1)" in text
    # Two uses in one sentence: the sentence is quoted once, both marked.
    assert text.count("how <mark>great powers</mark> conduct") == 1
    assert "concepts of <mark>great power</mark>, dominance" in text


def test_a_concept_no_paper_uses_says_so_plainly(glossary: Glossary, occurrences: tuple[TermOccurrence, ...],
                                                 papers: dict[str, Paper]) -> None:
    text = backlinks("alliance-restraint", glossary, occurrences, papers)
    # Zou's full text is here; of Istomin & Baykov only the abstract is, so
    # its silence is reported as the abstract's, not the paper's.
    assert "Zou does not use this concept." in text
    assert "Istomin &amp; Baykov: only the abstract is here, and it does not use this concept." in text
    assert "Neither paper" not in text
    assert "“tethering”" in text
    assert "###" not in text


def test_every_backlink_points_at_a_real_paragraph(glossary: Glossary, occurrences: tuple[TermOccurrence, ...],
                                                   papers: dict[str, Paper]) -> None:
    ids = {(slug, p.id) for slug, paper in papers.items() for p in paper.paragraphs()}
    # The keyword line has its own anchor on the paper page.
    ids |= {(slug, urls.KEYWORDS_ANCHOR) for slug, paper in papers.items() if paper.keywords}
    for slug in glossary.concepts:
        text = backlinks(slug, glossary, occurrences, papers)
        for paper_slug, paragraph_id in re.findall(r"\]\(\.\./papers/([\w-]+)\.md#([\w-]+)\)", text):
            assert (paper_slug, paragraph_id) in ids


def test_quoted_sentences_cannot_turn_into_markup(glossary: Glossary, papers: dict[str, Paper]) -> None:
    occurrence = TermOccurrence("entrapment", "zou-balancing-act", "s3-p3", "s3", 0, 10, "entrapment")
    hostile = "<script>x</script> *entrapment* here."
    paper = papers["zou-balancing-act"]
    section = next(s for s in paper.sections if s.id == "s3")
    paragraph = dataclasses.replace(section.paragraphs[2], text="entrapment " + hostile, citations=())
    section = dataclasses.replace(section, paragraphs=(*section.paragraphs[:2], paragraph))
    changed = dataclasses.replace(paper, sections=(section,))
    text = render_concept_backlinks(glossary.concepts["entrapment"], [occurrence], [changed],
                                    "concepts/entrapment.md")
    assert "<script>" not in text
    assert "&lt;script&gt;" in text and "\\*entrapment\\*" in text
    html = markdown.markdown(text, extensions=["attr_list", "md_in_html", "toc"])
    assert "<mark>entrapment</mark>" in html and "<script>" not in html


# --- sentences ----------------------------------------------------------------------------

def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def test_sentences_do_not_split_at_abbreviations_or_initials() -> None:
    text = ("Warren F. Kimball and G.J. Ikenberry differ, e.g. on the U.S. role. The U.S. withdrew. "
            "It ended in World War II. Then it did not! “Quoted.” [5] Next one.")
    assert sentences(text) == [
        "Warren F. Kimball and G.J. Ikenberry differ, e.g. on the U.S. role.",
        "The U.S. withdrew.",
        "It ended in World War II.",
        "Then it did not!",
        "“Quoted.” [5]",
        "Next one.",
    ]


def test_sentences_keep_a_closing_quote_and_citation(papers: dict[str, Paper]) -> None:
    text = next(p.text for p in papers["zou-balancing-act"].paragraphs() if p.id == "s3-p4")
    first = sentences(text)[0]
    assert first.endswith("on a global level [20].")


# --- the concept map ----------------------------------------------------------------------------

def test_the_map_is_the_same_in_two_builds(glossary: Glossary, occurrences: tuple[TermOccurrence, ...]) -> None:
    first = render_concept_map_svg(glossary, occurrences, concept_links_from("concepts/index.md"))
    again = render_concept_map_svg(load_glossary(FIXTURE_CONCEPTS), tuple(occurrences),
                                   concept_links_from("concepts/index.md"))
    assert first == again


def test_every_map_node_links_to_an_existing_concept(glossary: Glossary,
                                                     occurrences: tuple[TermOccurrence, ...]) -> None:
    svg = render_concept_map_svg(glossary, occurrences, concept_links_from("concepts/index.md"))
    hrefs = re.findall(r'<a class="node[^"]*" xlink:href="([^"]+)"', svg)
    assert sorted(hrefs) == sorted(f"{slug}/" for slug in glossary.concepts)
    namespaces = ('xmlns="http://www.w3.org/2000/svg"', 'xmlns:xlink="http://www.w3.org/1999/xlink"')
    assert "http" not in svg.replace(namespaces[0], "").replace(namespaces[1], "")
    for slug, concept in glossary.concepts.items():
        assert f'xlink:href="{slug}/" aria-label="{concept.title}"' in svg


def test_the_map_draws_related_and_shared_paragraph_edges(glossary: Glossary,
                                                          occurrences: tuple[TermOccurrence, ...]) -> None:
    svg = render_concept_map_svg(glossary, occurrences, concept_links_from("concepts/index.md"))
    assert 'class="edge edge-related related' in svg
    assert 'class="edge edge-related co-occurrence' in svg
    assert 'stroke-dasharray="4 3"' in svg
    assert 'role="group" aria-labelledby="concept-map-title"' in svg


def test_the_map_survives_markdown(glossary: Glossary, occurrences: tuple[TermOccurrence, ...],
                                   papers: dict[str, Paper]) -> None:
    page = render_glossary_index(glossary, occurrences, paper_list(papers))
    body = page.split("---\n", 2)[2]
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "def_list", "tables", "toc"])
    assert html.count('<a class="node') == len(glossary.concepts)
    assert '<a href="entrapment.md">Entrapment</a>' in html
    assert '<h2 id="letter-e">E</h2>' in html


def test_a_large_glossary_maps_its_most_used_concepts_and_lists_them_all(
        glossary: Glossary, occurrences: tuple[TermOccurrence, ...], papers: dict[str, Paper]) -> None:
    from build_tools.model import Concept, SourceLocation
    from build_tools.render.concept_map import MAP_MAX_CONCEPTS
    extra = {f"extra-{n:03d}": Concept(f"extra-{n:03d}", f"Extra {n}", (), "An extra concept.", (),
                                        ROOT / f"extra-{n:03d}.md", SourceLocation(ROOT / f"extra-{n:03d}.md", 2),
                                        "") for n in range(MAP_MAX_CONCEPTS)}
    large = dataclasses.replace(glossary, concepts={**glossary.concepts, **extra})
    page = render_glossary_index(large, occurrences, paper_list(papers))
    nodes = re.findall(r'<a class="node[^"]*" xlink:href="([^"]+)/"', page)
    used = {o.concept_slug for o in occurrences}
    assert len(nodes) == MAP_MAX_CONCEPTS and used <= set(nodes)
    assert f"The {MAP_MAX_CONCEPTS} most used of {len(large.concepts)} concepts" in page
    for slug in extra:
        assert f"({slug}.md)" in page  # still in the A–Z list


def test_concept_backlinks_of_a_long_paper_link_every_paragraph_that_uses_the_concept(
        papers: dict[str, Paper]) -> None:
    """A paper that uses a concept in each of 8,000 paragraphs. How the time
    grows with the uses is a figure of benchmarks/linearity.py, not a test:
    timings on a shared machine are noise."""
    from benchmarks.linearity import long_paper_with_uses
    from build_tools.render.concept_pages import render_concept_backlinks

    concept, uses, paper = long_paper_with_uses(papers["zou-balancing-act"], 8000)
    page = render_concept_backlinks(concept, uses, [paper], "concepts/alliance.md")
    assert "s1-p0" in page and "s1-p7999" in page
