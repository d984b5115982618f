"""The concepts stage: front matter checks, the term matcher, the linking
policy and unused concepts, on the real concept pages and papers and on
small made-up pages for the error cases."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from build_tools.concepts.glossary import (
    KEYWORDS_ID,
    build_term_matcher,
    choose_term_links,
    find_term_occurrences,
    find_terms_in_paragraph,
    keywords_paragraph,
    load_glossary,
    lowercase_keeping_offsets,
    unused_concepts,
)
from build_tools.model import (
    CitationMarker,
    Glossary,
    Paper,
    Paragraph,
    ParagraphKind,
    ReaderError,
    SourceLocation,
    TermOccurrence,
)
from tests.paper_expectations import PaperExpectation, each_paper

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
CONCEPTS = ROOT / "tests" / "fixtures" / "project" / "docs" / "concepts"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(CONCEPTS)


@pytest.fixture(scope="module")
def occurrences(papers: dict[str, Paper], glossary: Glossary) -> tuple[TermOccurrence, ...]:
    return find_term_occurrences(papers.values(), glossary)


def write_concept(directory: Path, slug: str, front_matter: str, body: str = "# Body\n") -> Path:
    path = directory / f"{slug}.md"
    path.write_text(f"---\n{front_matter}---\n\n{body}", encoding="utf-8")
    return path


def small_glossary(directory: Path, pages: dict[str, tuple[str, list[str]]]) -> Glossary:
    """Pages given as slug → (title, aliases), each with a valid summary."""
    for slug, (title, aliases) in pages.items():
        write_concept(directory, slug, f"title: {title}\naliases: [{', '.join(aliases)}]\n"
                                       "summary: A made-up concept for a test.\n")
    return load_glossary(directory)


def matches(glossary: Glossary, text: str, citations: tuple[CitationMarker, ...] = ()) -> list[str]:
    paragraph = Paragraph("s1-p1", text, ParagraphKind.TEXT, SourceLocation(Path("x"), 1), citations)
    return [text[start:end] for start, end, _ in find_terms_in_paragraph(paragraph, build_term_matcher(glossary))]


# --- the real pages ---------------------------------------------------------------

def test_every_concept_page_loads_cleanly(glossary: Glossary) -> None:
    assert len(glossary.concepts) == len([p for p in CONCEPTS.glob("*.md") if p.name != "index.md"])
    entrapment = glossary.concepts["entrapment"]
    assert entrapment.title == "Entrapment"
    assert "entanglement" in entrapment.aliases
    assert entrapment.location == SourceLocation(CONCEPTS / "entrapment.md", 2)
    assert entrapment.body_markdown.lstrip().startswith("# Entrapment")
    assert glossary.terms["fear of entrapment"] == "entrapment"
    assert all(r in glossary.concepts for c in glossary.concepts.values() for r in c.related)


def test_every_concept_is_used_or_reached_from_another(glossary: Glossary,
                                                       occurrences: tuple[TermOccurrence, ...]) -> None:
    assert unused_concepts(glossary, occurrences) == []


# --- the matcher on the real papers -------------------------------------------------

def test_zou_uses_entrapment_in_section_3_paragraph_3(occurrences: tuple[TermOccurrence, ...]) -> None:
    found = [(o.paragraph_id, o.matched_text) for o in occurrences
             if o.concept_slug == "entrapment" and o.paper_slug == "zou-balancing-act"]
    assert found == [("s3-p3", "entrapment"), ("s3-p3", "fear of entrapment"), ("s3-p3", "entanglement")]


def test_alliance_security_dilemma_beats_alliance_and_security_dilemma(
        papers: dict[str, Paper], occurrences: tuple[TermOccurrence, ...]) -> None:
    zou = {p.id: p.text for p in papers["zou-balancing-act"].paragraphs()}
    found = [o for o in occurrences
             if o.matched_text == "alliance security dilemma" and o.paper_slug == "zou-balancing-act"]
    assert [o.paragraph_id for o in found] == ["s1-p2", "s3-p3"]
    for o in found:
        assert zou[o.paragraph_id][o.start:o.end] == "alliance security dilemma"
        assert o.concept_slug == "alliance-security-dilemma"
        inside = [x for x in occurrences if x.paragraph_id == o.paragraph_id and x.paper_slug == o.paper_slug
                  and x is not o and x.start < o.end and o.start < x.end]
        assert inside == []


def test_matches_never_overlap_and_never_touch_citation_markers(
        papers: dict[str, Paper], occurrences: tuple[TermOccurrence, ...]) -> None:
    paragraphs = {(paper.slug, p.id): p for paper in papers.values() for p in paper.paragraphs()}
    # A paper's keyword line is matched like a paragraph of its own.
    paragraphs |= {(paper.slug, p.id): p for paper in papers.values() if (p := keywords_paragraph(paper))}
    by_paragraph: dict[tuple[str, str], list[TermOccurrence]] = {}
    for o in occurrences:
        by_paragraph.setdefault((o.paper_slug, o.paragraph_id), []).append(o)
    for key, found in by_paragraph.items():
        paragraph = paragraphs[key]
        spans = sorted((o.start, o.end) for o in found)
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))
        for o in found:
            assert paragraph.text[o.start:o.end] == o.matched_text
            assert all(o.end <= m.start or m.end <= o.start for m in paragraph.citations)


def test_article_51_of_the_un_charter_is_not_natos_article_5(occurrences: tuple[TermOccurrence, ...]) -> None:
    article = [(o.paragraph_id, o.matched_text) for o in occurrences
               if o.concept_slug == "collective-defence" and o.paper_slug == "zou-balancing-act"]
    assert ("s2-p3", "Article 5") in article
    assert all(text != "Article 5" for paragraph, text in article if paragraph == "s2-p4")


def test_istomin_baykov_abstract_counts_as_a_section(occurrences: tuple[TermOccurrence, ...]) -> None:
    ours = [o for o in occurrences if o.paper_slug == "istomin-baykov-2020"]
    # The landing page has an abstract and keywords, and a keyword counts as a use.
    assert {o.section_id for o in ours} == {"abstract", KEYWORDS_ID}
    assert ("keywords", "coalition") in {(o.section_id, o.concept_slug) for o in ours}
    assert {"asymmetric-alliance", "hegemony", "great-power", "power-projection"} <= {o.concept_slug for o in ours}


# --- the matcher on made-up text ----------------------------------------------------

def test_whole_words_only(tmp_path: Path) -> None:
    glossary = small_glossary(tmp_path, {"alliance": ("Alliance", ["alliances"]),
                                         "great-power": ("Great power", ["power"])})
    assert matches(glossary, "realliances and superpower, alliances, an alliance") == ["alliances", "alliance"]


def test_a_plural_matches_only_when_it_is_an_alias(tmp_path: Path) -> None:
    glossary = small_glossary(tmp_path, {"coalition": ("Coalition", [])})
    assert matches(glossary, "Coalitions differ from a coalition.") == ["coalition"]


def test_matching_ignores_case_and_keeps_the_text_as_written(tmp_path: Path) -> None:
    glossary = small_glossary(tmp_path, {"alliance": ("Military alliance", ["military alliances"])})
    assert matches(glossary, "MILITARY ALLIANCE and Military Alliances") == ["MILITARY ALLIANCE", "Military Alliances"]


def test_a_hyphen_joins_words(tmp_path: Path) -> None:
    glossary = small_glossary(tmp_path, {"deterrence": ("Deterrence", []),
                                         "security": ("Security", [])})
    assert matches(glossary, "counter-deterrence, security-focused, deterrence-based") == []
    assert matches(glossary, "deterrence—and security.") == ["deterrence", "security"]


def test_a_possessive_still_matches(tmp_path: Path) -> None:
    glossary = small_glossary(tmp_path, {"alliance": ("Alliance", [])})
    assert matches(glossary, "the alliance's original purpose") == ["alliance"]


def test_longest_match_wins_even_when_a_shorter_one_starts_earlier(tmp_path: Path) -> None:
    glossary = small_glossary(tmp_path, {
        "alliance": ("Alliance", ["military alliance"]),
        "alliance-security-dilemma": ("Alliance security dilemma", []),
        "security-dilemma": ("Security dilemma", [])})
    assert matches(glossary, "a military alliance security dilemma") == ["alliance security dilemma"]
    assert matches(glossary, "a security dilemma, then an alliance") == ["security dilemma", "alliance"]


def test_no_match_inside_a_citation_marker(tmp_path: Path) -> None:
    glossary = small_glossary(tmp_path, {"walt": ("Balance of threat", ["Walt"])})
    text = "As Walt argued [Walt 1987], threats matter."
    marker = CitationMarker(text.index("["), text.index("]") + 1, "[Walt 1987]", ("1",))
    assert matches(glossary, text, (marker,)) == ["Walt"]
    found = find_terms_in_paragraph(
        Paragraph("s1-p1", text, ParagraphKind.TEXT, SourceLocation(Path("x"), 1), (marker,)),
        build_term_matcher(glossary))
    assert [start for start, _, _ in found] == [3]


def test_lowercasing_that_changes_length_keeps_offsets() -> None:
    text = "İstanbul alliance"
    lowered = lowercase_keeping_offsets(text)
    assert len(lowered) == len(text)
    assert lowered.endswith("alliance")


# --- the linking policy ---------------------------------------------------------------

def test_only_the_first_use_in_each_section_becomes_a_link(occurrences: tuple[TermOccurrence, ...]) -> None:
    links = choose_term_links(occurrences)
    keys = [(o.paper_slug, o.section_id, o.concept_slug) for o in links]
    # Every section's first use of each concept is linked; the keyword line is not.
    assert len(keys) == len(set(keys)) == len({(o.paper_slug, o.section_id, o.concept_slug) for o in occurrences
                                               if o.section_id != KEYWORDS_ID})
    entrapment = [o for o in links if o.concept_slug == "entrapment"]
    assert [(o.paragraph_id, o.matched_text) for o in entrapment] == [("s3-p3", "entrapment")]
    alliance = [o for o in links if o.concept_slug == "alliance" and o.section_id == "s2"]
    assert [o.paragraph_id for o in alliance] == ["s2-p1"]
    assert all(o in occurrences for o in links)


def test_a_concept_nothing_reaches_is_reported_with_file_and_line(tmp_path: Path) -> None:
    write_concept(tmp_path, "used", "title: Used\nsummary: Used in the text.\nrelated: [reached]\n")
    write_concept(tmp_path, "reached", "title: Reached\nsummary: Only reached by a related link.\n")
    write_concept(tmp_path, "orphan", "title: Orphan\nsummary: Nothing leads here.\n")
    glossary = load_glossary(tmp_path)
    used = TermOccurrence("used", "zou-balancing-act", "s1-p1", "s1", 0, 4, "Used")
    problems = unused_concepts(glossary, [used])
    assert [str(p.where) for p in problems] == [f"{tmp_path / 'orphan.md'}:2"]
    assert "appears in no paper" in problems[0].message and problems[0].hint


# --- front matter errors ----------------------------------------------------------------

GOOD = "title: Thing\nsummary: A thing.\n"


@pytest.mark.parametrize(("front_matter", "line", "expected"), [
    ("title: Thing\nsummary: [unclosed\n", 3, "not valid YAML"),
    ("summary: A thing.\n", 2, "has no 'title'"),
    ("title: Thing\n", 2, "has no 'summary'"),
    ("title: Thing\nsummary: '  '\n", 3, "'summary' is empty"),
    ("title: [a, b]\nsummary: A thing.\n", 2, "'title' must be text"),
    ("title: Thing\nsummary: A thing.\naliases: thing\n", 4, "'aliases' must be a list"),
    ("title: Thing\nsummary: A thing.\naliases:\n  - thing\n  - 1999\n", 6, "item 2 of 'aliases'"),
    ("title: Thing\nsummary: A thing.\ntags: [x]\n", 4, "unknown front matter field 'tags'"),
    ("title: Thing\nsummary: A thing. And another one.\n", 3, "must be one sentence"),
    ("title: Thing\nsummary: A thing without an end\n", 3, "must be one sentence"),
    ("title: Thing\nsummary: A thing.\nrelated:\n  - thing\n", 5, "lists itself"),
    ("title: Thing\nsummary: A thing.\n\nrelated: [nowhere]\n", 5, "'nowhere' does not exist"),
])
def test_front_matter_errors_name_file_line_and_hint(tmp_path: Path, front_matter: str, line: int,
                                                     expected: str) -> None:
    path = write_concept(tmp_path, "thing", front_matter)
    with pytest.raises(ReaderError) as error:
        load_glossary(tmp_path)
    assert expected in error.value.message
    assert str(error.value).startswith(f"{path}:{line}: ")
    assert error.value.hint


def test_summary_may_mention_the_us_and_eg(tmp_path: Path) -> None:
    write_concept(tmp_path, "thing", "title: Thing\nsummary: The U.S. view, e.g. of G.J. Ikenberry, in one go.\n")
    assert load_glossary(tmp_path).concepts["thing"].summary.startswith("The U.S. view")


def test_a_page_without_front_matter_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "thing.md"
    path.write_text("# Thing\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="must start with front matter") as error:
        load_glossary(tmp_path)
    assert error.value.where == SourceLocation(path, 1)


def test_unclosed_front_matter_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "thing.md").write_text("---\n" + GOOD + "# Thing\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="never closed"):
        load_glossary(tmp_path)


def test_a_file_name_that_would_make_a_bad_url_is_an_error(tmp_path: Path) -> None:
    write_concept(tmp_path, "Balance_of_Power", GOOD)
    with pytest.raises(ReaderError, match="not a usable concept file name") as error:
        load_glossary(tmp_path)
    assert "lower-case" in error.value.hint


def test_index_md_is_not_a_concept(tmp_path: Path) -> None:
    write_concept(tmp_path, "thing", GOOD)
    (tmp_path / "index.md").write_text("# Concepts\n", encoding="utf-8")
    assert list(load_glossary(tmp_path).concepts) == ["thing"]


def test_one_alias_claimed_by_two_concepts_names_both_files_and_lines(tmp_path: Path) -> None:
    first = write_concept(tmp_path, "entrapment", "title: Entrapment\naliases:\n  - entrapped\n  - Entanglement\n"
                                                  "summary: One.\n")
    second = write_concept(tmp_path, "entanglement-risk", "title: Entanglement risk\n"
                                                          "aliases: [entanglement]\nsummary: Two.\n")
    with pytest.raises(ReaderError) as error:
        load_glossary(tmp_path)
    message = str(error.value)
    assert message.startswith(f"{first}:5: ")
    assert f"an alias of {first}:5" in message and f"an alias of {second}:3" in message
    assert error.value.hint


def test_an_alias_equal_to_another_concepts_title_is_an_error(tmp_path: Path) -> None:
    alliance = write_concept(tmp_path, "alliance", "title: Alliance\naliases: [coalition]\nsummary: One.\n")
    coalition = write_concept(tmp_path, "coalition", "title: Coalition\nsummary: Two.\n")
    with pytest.raises(ReaderError) as error:
        load_glossary(tmp_path)
    message = str(error.value)
    assert f"the title of {coalition}:2" in message and f"an alias of {alliance}:3" in message


def test_an_alias_repeating_its_own_title_is_an_error(tmp_path: Path) -> None:
    path = write_concept(tmp_path, "alliance", "title: Alliance\naliases: [alliances, ALLIANCE]\nsummary: One.\n")
    with pytest.raises(ReaderError, match="listed twice") as error:
        load_glossary(tmp_path)
    assert error.value.where == SourceLocation(path, 3)


@pytest.mark.parametrize("expected", each_paper())
def test_counts_are_stable(occurrences: tuple[TermOccurrence, ...], expected: PaperExpectation) -> None:
    """A change in these numbers (tests/expectations/<paper>.yml) is a change in
    what the reader links: look at which words were gained or lost before updating them."""
    counts = Counter(o.concept_slug for o in occurrences if o.paper_slug == expected.slug)
    assert {slug: counts[slug] for slug in expected.concept_occurrences} == expected.concept_occurrences


@pytest.mark.parametrize(("wording", "slug"), [
    ("external threats", "balance-of-threat"), ("rising powers", "great-power"),
    ("inclusive dialogue formats", "regional-cooperation"), ("military commitment", "security-guarantee")])
def test_a_topic_near_a_concept_is_not_its_alias(wording: str, slug: str) -> None:
    """A link says the author used the concept; these wordings only touch on it."""
    glossary = load_glossary(CONCEPTS)
    assert glossary.terms.get(wording) != slug
