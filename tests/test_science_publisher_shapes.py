"""The AAAS (Science, Science Advances) publisher PDF read right: one named
rule per test, each on the tuned corpus paper that shows it,
dunning-2019-voter-information-pymupdf4llm (Science Advances 2019, two
columns, converted by pymupdf4llm as `add` converts it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.import_quality import read_fixture
from build_tools.cache import BuildCache
from build_tools.model import Name, Paper, RawReference, ReportAction, SourceLocation, Work, WorkType
from build_tools.read.headings import parse_heading
from build_tools.read.page_furniture import is_affiliation_list
from build_tools.read.paragraphs import Block
from build_tools.read.publisher_back_matter import remove_download_cover_sheet, split_run_in_back_matter
from build_tools.references.bibliography import paper_works
from build_tools.references.science_style import science_style_work

pytestmark = pytest.mark.unit

DUNNING = Path(__file__).parent / "corpus" / "dunning-2019-voter-information-pymupdf4llm"
TITLE = ("Voter information campaigns and political accountability: Cumulative findings from a preregistered "
         "meta-analysis of coordinated trials")


@pytest.fixture(scope="module")
def dunning() -> Paper:
    return read_fixture(DUNNING)


def reported(paper: Paper, action: ReportAction, words: str) -> list[str]:
    return [i.message for i in paper.import_report if i.action is action and words in i.message]


@pytest.mark.parametrize("heading", ["## **REFERENCES AND NOTES**", "References and Notes", "## Notes and References",
                                     "LITERATURE CITED", "## Works Cited", "References and Further Reading",
                                     "## Sources Cited"])
def test_publisher_names_of_the_reference_list_are_reference_headings(heading: str) -> None:
    # AAAS heads the list "REFERENCES AND NOTES"; the reader knew only "References" and kin.
    parsed = parse_heading(heading)
    assert parsed is not None and parsed.is_references and parsed.back_matter


def test_notes_alone_are_notes_not_the_reference_list() -> None:
    parsed = parse_heading("## Notes")
    assert parsed is not None and parsed.is_notes and not parsed.is_references


def test_the_references_and_notes_list_is_the_reference_list(dunning: Paper) -> None:
    assert [r.label for r in dunning.references] == [str(n) for n in range(1, 31)]
    assert dunning.references[0].text.startswith("T. Persson, G. E. Tabellini, _Political Economics")
    # The list ends at entry 30: the run-in "Acknowledgments:" after it is not part of it.
    assert dunning.references[-1].text.endswith("_Quart. J. Polit. Sci._ **12** , 437–477 (2017).")
    assert not any(s.title.upper() == "REFERENCES AND NOTES" for s in dunning.sections)


def test_italic_numbers_in_parentheses_are_science_style_citations(dunning: Paper) -> None:
    # "( _5, 11–14_ )": AAAS sets citation numbers in italics inside parentheses.
    markers = {m.text: m.labels for p in dunning.paragraphs() for m in p.citations}
    assert markers["(5, 11–14)"] == ("5", "11", "12", "13", "14")
    assert markers["(15–22)"] == tuple(str(n) for n in range(15, 23))
    assert sum(len(p.citations) for p in dunning.paragraphs()) == 21
    banerjee = next(p for p in dunning.paragraphs() if "multisite experiments of Banerjee et al. (23)" in p.text)
    assert [m.labels for m in banerjee.citations] == [("23",)]


def test_upright_numbers_in_parentheses_stay_text(tmp_path: Path) -> None:
    # An enumeration "(1)" or an equation number is set upright: only the italic numbers are citations.
    from tests.test_converted_markdown import _paper_from_text
    paper = _paper_from_text(tmp_path, "# A Paper on Voting\n\n## Introduction\n\n"
                             "Two steps: (1) we inform voters and (2) we survey them, as before ( _1_ ).\n\n"
                             "## REFERENCES AND NOTES\n\n1. T. Besley, Political selection. _J. Econ. Perspect._ "
                             "**19** , 43 (2005).\n\n2. J. Zaller, _The Nature and Origins of Mass Opinion_ "
                             "(Cambridge Univ. Press, 1992).\n")
    paragraph = next(p for p in paper.paragraphs() if "Two steps" in p.text)
    assert paragraph.text == "Two steps: (1) we inform voters and (2) we survey them, as before (1)."
    assert [(m.text, m.labels) for m in paragraph.citations] == [("(1)", ("1",))]
    assert paragraph.text[paragraph.citations[0].start:] == "(1)."


def test_italics_closed_at_each_comma_are_one_citation(tmp_path: Path) -> None:
    from tests.test_converted_markdown import _paper_from_text
    names = ["Besley", "Zaller", "Lenz", "Fearon", "Ferraz", "Chong", "King"]
    entries = "\n\n".join(f"{n}. T. {name}, On {name.lower()}. _J. Polit._ **{n}** , {10 * n} (200{n})."
                           for n, name in enumerate(names, start=1))
    paper = _paper_from_text(tmp_path, "# A Paper on Voting\n\n## Introduction\n\n"
                             f"Voters learn little ( _2_ , _5–7_ ).\n\n## REFERENCES AND NOTES\n\n{entries}\n")
    paragraph = next(p for p in paper.paragraphs() if "Voters learn" in p.text)
    assert paragraph.text == "Voters learn little (2, 5–7)."
    assert [(m.text, m.labels) for m in paragraph.citations] == [("(2, 5–7)", ("2", "5", "6", "7"))]


def test_the_subject_label_over_the_title_is_not_the_title(dunning: Paper) -> None:
    # "### **SOCIAL SCIENCES**" stands right over "# **Voter information …**".
    assert dunning.title == TITLE
    assert [a.name for a in dunning.authors[:3]] == ["Thad Dunning", "Guy Grossman", "Macartan Humphreys"]
    assert len(dunning.authors) == 29 and dunning.authors[-1].name == "Neelanjan Sircar"


def test_many_authors_affiliations_in_one_block_are_first_page_furniture(dunning: Paper) -> None:
    # "> 1Department of Political Science, …, USA.<sup>2</sup> Department …": 23 numbered
    # affiliations, whose superscripts were read as citations of references 2-23.
    assert reported(dunning, ReportAction.REMOVED, "numbered affiliations at the foot of the first page")
    assert not any("Department of Political Science" in p.text for p in dunning.paragraphs())
    assert not any("footnote call" in m for m in reported(dunning, ReportAction.NEEDS_HUMAN, "footnote call"))


def test_one_affiliation_or_a_sentence_with_numbers_is_no_affiliation_list() -> None:
    assert is_affiliation_list("1Department of Politics, A University. 2School of Law, B University. "
                               "3Institute of C, D.")
    assert not is_affiliation_list("1Department of Politics, A University, Some Town, USA.")
    assert not is_affiliation_list("Department staff counted 1 vote. 2 more came later. 3 were lost.")
    assert not is_affiliation_list("1Department of Politics, A. 3School of Law, B. 2Institute of C, D.")


def test_run_in_back_matter_labels_become_back_matter_sections(dunning: Paper) -> None:
    back = [(s.title, s.back_matter) for s in dunning.sections if s.back_matter]
    assert ("Acknowledgments", True) in back and ("Author contributions", True) in back
    acknowledgments = next(s for s in dunning.sections if s.title == "Acknowledgments")
    assert acknowledgments.paragraphs[0].text.startswith("We are grateful to J. Leaver")
    assert len(reported(dunning, ReportAction.DETECTED, "run-in label set in bold")) == 2


def test_a_bold_phrase_that_is_no_back_matter_label_stays_a_paragraph() -> None:
    blocks = [Block("**Results:** the effect is null.", 3, 1), Block("**Funding.** Fund X paid.", 5, 1)]
    out, changes = split_run_in_back_matter(blocks)
    assert [b.text for b in out] == ["**Results:** the effect is null.", "# Funding", "Fund X paid."]
    assert len(changes) == 1 and changes[0].block.line == 5


def test_the_download_cover_sheet_and_the_own_citation_line_are_removed(dunning: Paper) -> None:
    # Page 11 repeats the title and authors over "ARTICLE TOOLS … Terms of Service".
    assert reported(dunning, ReportAction.REMOVED, "download cover sheet")
    assert reported(dunning, ReportAction.REMOVED, "suggested citation of the article itself")
    text = "\n".join(p.text for p in dunning.paragraphs())
    assert "Terms of Service" not in text and "ARTICLE TOOLS" not in text and "Citation:" not in text
    assert sum(1 for s in dunning.sections if s.title == TITLE) == 0


def test_a_title_repeated_without_a_cover_sheet_is_kept() -> None:
    blocks = [Block(f"Body {n}.", n, 1) for n in range(6)] + [Block("## A Study of Alliances", 9, 1),
                                                             Block("We return to it here.", 11, 1)]
    kept, changes = remove_download_cover_sheet(blocks, "A Study of Alliances")
    assert kept == blocks and not changes


def test_the_supplements_list_of_tables_is_not_lost_tables(dunning: Paper) -> None:
    # "Table S2. Descriptive statistics for sample of good news." lists the online supplement.
    assert sum(1 for p in dunning.paragraphs() if p.table is not None) == 1
    assert not reported(dunning, ReportAction.NEEDS_HUMAN, "Table S")
    assert reported(dunning, ReportAction.DETECTED, "a table of the supplement")


def test_the_history_line_ending_with_the_doi_is_furniture(dunning: Paper) -> None:
    assert reported(dunning, ReportAction.REMOVED, "Accepted 24 May 2019 Published 3 July 2019 10.1126/")


# --- AAAS reference entries ----------------------------------------------------------


def test_every_aaas_entry_reads_with_its_first_author_year_and_title(dunning: Paper) -> None:
    works = paper_works(dunning, BuildCache())
    assert len(works) == 30 and all(w.year.isdigit() and w.title and w.authors for w in works.values())
    king = works["15"]   # "G. King, Replication, replication. PS Polit. Sci. Polit. 28, 444–452 (1995)."
    assert (king.authors, king.title, king.container, king.volume, king.pages) == (
        (Name("King", "G."),), "Replication, replication", "PS Polit. Sci. Polit.", "28", "444–452")
    miguel = works["20"]  # 19 authors, the last "M. Van der Laan"
    assert len(miguel.authors) == 19 and miguel.authors[-1] == Name("Van der Laan", "M.")
    assert miguel.title == "Promoting transparency in social science research"
    assert works["21"].title == "P-curve: A key to the file-drawer"   # "_P_ -curve" in the conversion
    assert works["12"].authors[1] == Name("De La O", "A. L.")
    assert works["18"].authors[1] == Name("Sanchez de la Sierra", "R.")
    assert (works["23"].container, works["23"].pages) == ("Science", "1260799")
    book = works["4"]
    assert (book.type, book.title, book.publisher) == (
        WorkType.BOOK, "Democratic Accountability in Service Delivery: A Practical Guide to Identify Improvements "
        "Through Assessments", "International IDEA")
    chapter = works["2"]
    assert (chapter.type, chapter.container, chapter.pages, chapter.publisher) == (
        WorkType.CHAPTER, "Democracy, Accountability, and Representation", "55–97", "Cambridge Univ. Press")
    assert [n.family for n in chapter.editors] == ["Przeworski", "Stokes", "Manin"]


def _entry(text: str) -> Work | None:
    return science_style_work(RawReference("x", "1", text, SourceLocation(Path("s.md"), 1)))


def test_an_aaas_entry_without_markup_splits_title_and_journal_by_the_journals_abbreviations() -> None:
    # markitdown and others drop the italics: the journal is the abbreviated tail.
    work = _entry("E. S. Lieberman, D. N. Posner, L. L. Tsai, Does information lead to more active citizenship? "
                  "Evidence from an education intervention in rural Kenya. World Dev. 60, 69–83 (2014).")
    assert work is not None and work.container == "World Dev." and work.title.endswith("in rural Kenya")
    work = _entry("T. Besley, Political selection. J. Econ. Perspect. 19, 43 (2005).")
    assert work is not None and (work.title, work.container, work.pages) == (
        "Political selection", "J. Econ. Perspect.", "43")


def test_aaas_variants_et_al_and_and_and_no_title() -> None:
    work = _entry("A. B. Smith et al., Alliances and arms. Int. Organ. 12, 1–20 (2019).")
    assert work is not None and work.more_authors and work.authors == (Name("Smith", "A. B."),)
    work = _entry("T. Persson and G. Tabellini, Political Economics (MIT Press, 2002).")
    assert work is not None and [n.family for n in work.authors] == ["Persson", "Tabellini"]
    work = _entry("J. M. Jauch, F. Rohrlich, Phys. Rev. 155, 1554 (1967).")  # older Science: no title
    assert work is not None and (work.title, work.container, work.volume) == ("", "Phys. Rev.", "155")


@pytest.mark.parametrize("text", [
    "Walt, S. M. (1987). The Origins of Alliances. Ithaca: Cornell University Press.",       # APA
    "Snyder, Glenn H. 1984. “The Security Dilemma.” World Politics 36 (4): 461–95.",          # Chicago
    "Li J, Yen C, Liaw D. Title of the work. J Med. 2015;12(3):45-67.",                       # Vancouver
    "Smith, J. & Jones, K. Title of a letter. Nature 512, 345–350 (2019).",                   # Nature: family first
    "World Bank, World Development Report (Oxford Univ. Press, 2017).",                       # an organisation
    "Materials and methods are available as supplementary materials.",                        # a note among them
])
def test_entries_of_other_styles_are_left_to_the_other_parsers(text: str) -> None:
    assert _entry(text) is None


def test_the_abstract_set_in_bold_without_a_heading_is_the_abstract(dunning: Paper) -> None:
    assert len(dunning.abstract) == 1 and dunning.abstract[0].text.startswith("Voters may be unable to hold")
    assert dunning.abstract[0].text.endswith("cumulative, policy-relevant learning.")
    assert dunning.sections[0].title == "INTRODUCTION"
    assert not any(p.text.startswith("Voters may be unable") for p in dunning.paragraphs() if p not in dunning.abstract)


def test_the_publishers_how_to_cite_line_of_other_journals_goes_too() -> None:
    # zonszein-2024 (AJPS): "**How to cite this article:** Zonszein, Stephanie, and Guy Grossman. 2025. “Voted in, …”".
    zonszein = read_fixture(DUNNING.parent / "zonszein-2024-voted-in-standing-out-pymupdf4llm")
    assert reported(zonszein, ReportAction.REMOVED, "suggested citation of the article itself")
    assert not any("How to cite this article" in p.text for p in zonszein.paragraphs())
