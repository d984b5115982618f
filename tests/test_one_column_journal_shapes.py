"""One-column social-science journals read right (issue 19): SciPress's
International Letters of Social and Humanistic Sciences, whose numbered lists
put the family name before the initials with no comma ("Jomhari F. _Title_ .
PhD thesis. …, 2002.") and often print no title at all ("Brooks M. V.,
_Nursing Forum_ 38 (2003) 11-20."). One named rule per test, each on the tuned
corpus paper that shows it: khaledian-2013 and yadav-2013, both converted by
pymupdf4llm as `add` converts them; or, where no tuned paper shows a shape, on
an invented snippet of that shape that says so."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from benchmarks.import_quality import read_fixture
from build_tools.model import Paper, RawReference, SourceLocation, Work
from build_tools.references.bibliography import paper_works

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def khaledian() -> Paper:
    return read_fixture(CORPUS / "khaledian-2013-hardiness-workaholism-pymupdf4llm")


@pytest.fixture(scope="module")
def yadav() -> Paper:
    return read_fixture(CORPUS / "yadav-2013-hr-planning-audit-pymupdf4llm")


def _work_of(paper: Paper, label: str) -> Work:
    return paper_works(paper)[label]


def _linked(paper: Paper) -> dict[str, tuple[str, ...]]:
    return {m.text: m.labels for p in paper.paragraphs() for m in p.citations}


def test_an_entry_with_the_year_after_an_italic_title_keeps_its_year(khaledian: Paper) -> None:
    # "[7] Jomhari F. _Relationship Hardiness …_ . PHD thesis. The Psychological Department …, 2002.":
    # the rules for "Name (Year) *Title*" read no year before the title and gave the work "n.d.".
    jomhari = _work_of(khaledian, "7")
    assert (jomhari.authors[0].family, jomhari.year) == ("Jomhari", "2002")
    assert jomhari.title.startswith("Relationship Hardiness and tendency to anxiety")


def test_an_italic_title_ends_where_its_italics_end(khaledian: Paper) -> None:
    # "[3] Agha Beigi L., _Construction … masters_ . MA degree thesis. …": the title ran on into "MA degree thesis".
    assert _work_of(khaledian, "3").title == \
        "Construction and customizing the work holism questionnaire for Tehran University masters"
    assert _work_of(khaledian, "18").title == "Characteristics and enhancement of resiliency in young people"


def test_a_journal_in_italics_with_no_title_is_the_container_whole(khaledian: Paper, yadav: Paper) -> None:
    # "[30] Snir R., Harpaz I., _Career Development International_ 11 (2006) No 5." was read as the title
    # "Career" in the journal "Development International".
    snir = _work_of(khaledian, "30")
    assert (snir.title, snir.container, snir.year) == ("", "Career Development International", "2006")
    yadav_2013 = _work_of(yadav, "11")
    assert (yadav_2013.title, yadav_2013.container) == ("", "International Letters of Social and Humanistic Sciences")


def test_a_given_first_co_author_before_the_italic_journal_is_an_author_not_the_title(yadav: Paper) -> None:
    # "[10] Sanjeev K. Bordoloi, Hirofumi Matsuo, _European Journal of Operational Research_ 130 (2001) 169-189."
    bordoloi = _work_of(yadav, "10")
    assert [n.family for n in bordoloi.authors] == ["Bordoloi", "Matsuo"]
    assert (bordoloi.title, bordoloi.container) == ("", "European Journal of Operational Research")


def test_citations_by_name_link_entries_whose_initials_follow_the_family_name(khaledian: Paper) -> None:
    # The list is numbered but the text cites by name and year; "Jomhari F. _Title_" was indexed under the
    # family "hardiness" (the authors ran into the title) and "Brooks M. V." under "brooks m".
    linked = _linked(khaledian)
    assert linked["(Jomhari, 2002)"] == ("7",)
    assert linked["(Brooks 2003)"] == ("22",)
    assert linked["(Nasiri, 2010)"] == ("12",)


def test_the_first_authors_of_entries_with_initials_after_the_family_name() -> None:
    # snippets of the shape "Family I. I., Family I., _Journal_ vol (year) pages" and
    # "Family I. _Title_ . Genre. Place, year." (khaledian-2013's list shows both)
    from build_tools.read.reference_list import authors_and_year
    found = authors_and_year("Lambert V. A., _International Nursing Review_ 54(1) (2007) 85-91.")
    assert found is not None and (found.families, found.year) == (("lambert",), "2007")
    found = authors_and_year("Nasiri A. _The contemporary psychological seasonal publication 5_ (1) (2010) 761-763.")
    assert found is not None and (found.families, found.year) == (("nasiri",), "2010")


def test_authors_whose_affiliation_numbers_stand_on_the_line_are_found(khaledian: Paper) -> None:
    # "**Mohamad Khaledian** 1,* **, Banafshe Hasanvand** 1 **, Sohrab Hassan Pour** 2": SciPress does not
    # raise the numbers, so the line read as no names at all.
    assert [(a.name, a.affiliations[0][:26]) for a in khaledian.authors] == [
        ("Mohamad Khaledian", "Department of Psychology, "), ("Banafshe Hasanvand", "Department of Psychology, "),
        ("Sohrab Hassan Pour", "Ghorveh Branch Islamic Aza")]


def test_a_labelled_e_mail_line_is_never_an_affiliation(yadav: Paper) -> None:
    # "*<sup>,</sup> **E-mail address: drrajeshkyadav@yahoo.com , …": the marks made it an affiliation
    # line, so the first author's affiliations showed both e-mail addresses.
    assert all("@" not in affiliation for a in yadav.authors for affiliation in a.affiliations)
    assert [a.name for a in yadav.authors] == ["Rajesh K. Yadav", "Nishant Dabhade"]


@pytest.mark.skipif(importlib.util.find_spec("pymupdf4llm") is None, reason="needs the optional PDF converter")
@pytest.mark.parametrize("name", ["khaledian-2013-hardiness-workaholism", "yadav-2013-hr-planning-audit"])
def test_the_corpus_markdown_is_what_add_makes_of_the_pdf(name: str) -> None:
    # Both were converted as `python -m build_tools add` converts a PDF; the PDFs are kept in tests/corpus/pdfs.
    from build_tools.pdf_conversion import pdf_to_markdown
    assert pdf_to_markdown(CORPUS / "pdfs" / f"{name}.pdf") == (
        CORPUS / f"{name}-pymupdf4llm" / "source.md").read_text(encoding="utf-8")


def _parsed(text: str) -> Work:
    from build_tools.cache import BuildCache
    from build_tools.references.bibliography import _work
    return _work(RawReference("x", "1", text, SourceLocation(Path("s.md"), 1)), "converted-markdown", BuildCache())
