"""The concept-page fields for single papers, themes and typed relations:
each mistake is one error at the concept page's line with a hint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_tools.concepts.glossary import load_glossary
from build_tools.concepts.paper_definitions import paper_definitions
from build_tools.model import Paper, ReaderError
from build_tools.read.papers import read_paper

pytestmark = pytest.mark.unit

FIXTURES = Path(__file__).parent / "fixtures" / "concepts"


@pytest.fixture(scope="module")
def fixture_paper() -> Paper:
    return read_paper(FIXTURES / "papers" / "fixture-alliance-commitments")


def concepts_with(tmp_path: Path, front_matter: str) -> Path:
    """The fixture concept pages, with `front_matter` lines added to coalition.md."""
    directory = tmp_path / "concepts"
    shutil.copytree(FIXTURES / "docs" / "concepts", directory)
    page = directory / "coalition.md"
    page.write_text(page.read_text(encoding="utf-8").replace("related: [entrapment]\n",
                                                             "related: [entrapment]\n" + front_matter),
                    encoding="utf-8")
    return directory


def error_of(directory: Path, papers: tuple[Paper, ...] = ()) -> ReaderError:
    with pytest.raises(ReaderError) as raised:
        paper_definitions(load_glossary(directory), papers)
    return raised.value


def test_a_definition_is_found_in_its_paragraph(fixture_paper: Paper) -> None:
    found = paper_definitions(load_glossary(FIXTURES / "docs" / "concepts"), (fixture_paper,))
    first = found[0]
    text = next(p.text for p in fixture_paper.paragraphs() if p.id == first.paragraph_id)
    assert (first.concept_slug, first.paper_slug, first.paragraph_id) == (
        "entrapment", "fixture-alliance-commitments", "s3-p1")
    assert text[first.start:first.end].startswith("We define entrapment here")
    assert first.own_sense.startswith("The fixture paper calls the commitment itself")


def test_a_quote_not_in_the_paragraph_is_an_error_with_the_nearest_words(
        tmp_path: Path, fixture_paper: Paper) -> None:
    directory = concepts_with(tmp_path, "definitions:\n  - passage: passage:fixture-alliance-commitments#s3-p1\n"
                                        "    quote: We define entrapment there as a commitment\n")
    error = error_of(directory, (fixture_paper,))
    assert "coalition.md:7:" in str(error)  # the definition's line
    assert "the quote is not in passage:fixture-alliance-commitments#s3-p1" in error.message
    assert "We define entrapment here as a commitment" in error.hint


def test_a_passage_that_names_no_paragraph_is_an_error(tmp_path: Path, fixture_paper: Paper) -> None:
    directory = concepts_with(tmp_path, "definitions:\n  - passage: passage:fixture-alliance-commitments#s9-p1\n"
                                        "    quote: anything\n")
    error = error_of(directory, (fixture_paper,))
    assert "coalition.md:7:" in str(error) and "points at no paragraph" in error.message


def test_paper_aliases_for_a_paper_the_site_lacks_is_an_error(tmp_path: Path, fixture_paper: Paper) -> None:
    directory = concepts_with(tmp_path, "paper_aliases:\n  fixture-alliance-commitment: [grand coalition]\n")
    error = error_of(directory, (fixture_paper,))
    assert "names paper 'fixture-alliance-commitment'" in error.message
    assert "did you mean fixture-alliance-commitments?" in error.hint


def test_a_paper_wording_may_not_repeat_a_wording_of_every_paper(tmp_path: Path) -> None:
    directory = concepts_with(tmp_path, "paper_aliases:\n  fixture-alliance-commitments: [fear of entrapment]\n")
    with pytest.raises(ReaderError) as raised:
        load_glossary(directory)
    assert "coalition.md:6:" in str(raised.value)
    assert "already a wording of concept 'entrapment'" in raised.value.message


@pytest.mark.parametrize(("lines", "line", "message"), [
    ("theme: diplomacy\n", 6, "unknown theme 'diplomacy'"),
    ("relations:\n  opposite: [entrapment]\n", 6, "unknown relation 'opposite'"),
    ("relations:\n  part-of: [entrapments]\n", 6, "part-of concept 'entrapments' does not exist"),
    ("definitions:\n  - quote: words\n", 7, "definition 1 has no 'passage'"),
    ("definitions:\n  - passage: passage:x#y\n    quote: q\n    page: 3\n", 7,
     "unknown field 'page' in definition 1"),
    ("paper_aliases: [grand coalition]\n", 6, "'paper_aliases' must be a mapping"),
])
def test_a_malformed_field_is_one_error_at_its_line(tmp_path: Path, lines: str, line: int, message: str) -> None:
    with pytest.raises(ReaderError) as raised:
        load_glossary(concepts_with(tmp_path, lines))
    assert f"coalition.md:{line}:" in str(raised.value)
    assert message in raised.value.message
    assert raised.value.hint
