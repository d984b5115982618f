"""Numeric-citation publisher PDFs (BioMed Central, Hindawi, Portland Press)
converted by pymupdf4llm: one general rule per test (issue 19). Each test
reads a tuned corpus paper that shows the shape, or a snippet that says it
is invented (the shape is real, the words are not); no held-out paper was
opened to write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.import_quality import read_fixture
from build_tools.model import Paper, ReportAction
from tests.test_converted_markdown import _paper_from_text

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).parent / "corpus"

# Invented entries in BMC's house style ("Family AB, Family C: Title. Journal Year, Vol:pages.").
INVENTED_ENTRIES = {
    n: f"{n}. {family} {initials}: {title}. J Invented Stud {2000 + n}, {n}:{10 * n}-{10 * n + 9}."
    for n, family, initials, title in [
        (1, "Adams", "J", "Reminder letters in rural clinics"),
        (2, "Chen", "L", "Waiting times and attendance"),
        (3, "Evans", "PK", "A survey of invented outpatients"),
        (4, "Fox", "Q", "Staffing and the quality of care"),
        (5, "Green", "R", "Registers kept by hand"),
        (6, "Hill", "S", "Referral between district hospitals"),
        (7, "Ito", "T", "Patient flow in a teaching hospital"),
        (8, "Jones", "U", "Supervision of junior staff"),
        (9, "Kim", "V", "Drug supply in resource-limited settings"),
        (10, "Lee", "W", "Audit cycles that last"),
    ]}


def invented_list(numbers: list[int]) -> str:
    return "\n\n".join(INVENTED_ENTRIES[n] for n in numbers) + "\n"


def reported(paper: Paper, action: ReportAction, words: str) -> list[str]:
    return [f"{i.location}: {i.message}" for i in paper.import_report if i.action is action and words in i.message]


def markers(paper: Paper) -> dict[str, tuple[str, ...]]:
    return {m.text: m.labels for p in paper.paragraphs() for m in p.citations}


# --- 1. a citation group naming an entry the conversion lost --------------------

LOST_ENTRY_PAPER = """# A trial of reminder letters (an invented snippet)

Jane Smith, Ali Khan

## Background

Reminders work [2,4-6] and sometimes fail [3,7]. Letters sent twice [5] did no better [5,8].

## References

""" + invented_list([1, 2, 3, 4, 6, 7, 8])


def test_a_group_naming_a_lost_entry_links_its_other_numbers_and_reports_the_lost_one_once(tmp_path: Path) -> None:
    # Invented: entry 5 of a numbered list was lost at a column break; the text cites it three times.
    paper = _paper_from_text(tmp_path, LOST_ENTRY_PAPER)
    paragraph = next(p for p in paper.paragraphs() if p.text.startswith("Reminders work"))
    # The printed text is kept exactly; the group links every number the list has.
    assert paragraph.text == ("Reminders work [2,4-6] and sometimes fail [3,7]. Letters sent twice [5] did no "
                              "better [5,8].")
    assert [(m.text, m.labels) for m in paragraph.citations] == [
        ("[2,4-6]", ("2", "4", "6")), ("[3,7]", ("3", "7")), ("[5,8]", ("8",))]
    lost = reported(paper, ReportAction.NEEDS_HUMAN, "names reference 5")
    assert len(lost) == 1, lost
    assert lost[0].endswith("source.md:7: citation '[2,4-6]' names reference 5, which the reference list does not "
                            "have (the conversion may have lost the entry); its other numbers are linked")
    # "[5]" alone names nothing the list has: plain text, and no second report of entry 5.
    assert "[5]" not in markers(paper)
    assert not reported(paper, ReportAction.NEEDS_HUMAN, "'[5]'")


def test_a_lone_citation_of_a_lost_entry_is_reported_as_such(tmp_path: Path) -> None:
    # Invented: the first citation of the lost entry 5 stands alone.
    paper = _paper_from_text(tmp_path, LOST_ENTRY_PAPER.replace("Reminders work [2,4-6]", "Reminders work [5]"))
    assert "[5]" not in markers(paper)
    assert [m.split(": ", 1)[1] for m in reported(paper, ReportAction.NEEDS_HUMAN, "reference 5")] == [
        "citation '[5]' names reference 5, which the reference list does not have (the conversion may have lost "
        "the entry); left as plain text"]


def test_a_number_no_lost_entry_explains_leaves_the_group_as_text(tmp_path: Path) -> None:
    # Invented: "[1990, 2]" is no citation group of a seven-entry list; nothing in it is linked.
    paper = _paper_from_text(tmp_path, LOST_ENTRY_PAPER.replace("Letters sent twice [5]", "In [1990, 2] they"))
    assert "[1990, 2]" not in markers(paper)
    assert reported(paper, ReportAction.NEEDS_HUMAN, "citation '[1990, 2]' points at reference 1990")


def test_a_superscript_group_naming_a_lost_entry_links_its_other_numbers(tmp_path: Path) -> None:
    # Invented: Portland Press and others set the numbers raised; pymupdf4llm writes <sup>.
    paper = _paper_from_text(tmp_path, LOST_ENTRY_PAPER.replace("sometimes fail [3,7]", "sometimes fail<sup>3,5</sup>"))
    assert markers(paper)["3,5"] == ("3",)
    assert len(reported(paper, ReportAction.NEEDS_HUMAN, "names reference 5,")) == 1


# --- 4. back-matter headings at mixed levels -------------------------------------

AGYEMANDUAH = CORPUS / "agyemanduah-2014-quality-malawi-pymupdf4llm"


@pytest.fixture(scope="module")
def agyemanduah() -> Paper:
    return read_fixture(AGYEMANDUAH)


def test_bmc_back_matter_headings_are_back_matter_at_one_level(agyemanduah: Paper) -> None:
    # agyemanduah-2014 (BMC): "## Additional file", then "#### Competing interests", "#### Authors’
    # contributions" (a curly apostrophe), "#### Acknowledgments", "#### Author details"; the reader
    # knew only some of these names and set the others a level or two down, under "Conclusions".
    back = {s.title: s.level for s in agyemanduah.sections if s.back_matter}
    for title in ("Additional file", "Competing interests", "Authors’ contributions", "Acknowledgments",
                  "Author details"):
        assert back.get(title) == 1, (title, back)
    assert [r.label for r in agyemanduah.references] == [str(n) for n in range(1, 32)]


@pytest.mark.parametrize("title", [
    "Authors' contributions", "Authors’ contributions", "Authors' information", "Author details", "Abbreviations",
    "List of abbreviations", "Competing interests", "Competing financial interests", "Conflict of Interests",
    "Declarations", "Ethics approval and consent to participate", "Consent for publication",
    "Availability of data and materials", "Availability of supporting data", "Pre-publication history",
    "Publisher’s Note", "Additional files", "Additional file 1: Appendices, tables and figures."])
def test_publisher_back_matter_names_are_back_matter(title: str) -> None:
    from build_tools.read.headings import parse_heading
    for written in (f"**{title}**", f"#### {title}", f"# {title}"):
        heading = parse_heading(written)
        assert heading is not None and heading.back_matter and not heading.is_references, written


MIXED_BACK_MATTER = """# A trial of reminder letters (an invented snippet)

Jane Smith, Ali Khan

## Background

Reminders work [1] and sometimes fail [2].

### Setting

Three invented clinics [3].

## Conclusions

They help.

**Abbreviations**

OPD: outpatient department.

# References

""" + invented_list([1, 2, 3]) + """
**Competing interests**

The authors declare that they have no competing interests.

#### Authors’ contributions

JS designed the study. AK wrote the paper.

## Acknowledgements

We thank the invented clinics.
"""


def test_back_matter_after_the_list_at_any_level_ends_it(tmp_path: Path) -> None:
    # Invented: BMC's back matter set "#", "##", "####" and bold by the conversion, some of it after the list.
    paper = _paper_from_text(tmp_path, MIXED_BACK_MATTER)
    assert [r.label for r in paper.references] == ["1", "2", "3"]
    assert paper.references[-1].text == INVENTED_ENTRIES[3].split(" ", 1)[1]
    levels = [(s.title, s.level, s.back_matter) for s in paper.sections]
    assert levels == [("Background", 1, False), ("Setting", 2, False), ("Conclusions", 1, False),
                      ("Abbreviations", 1, True), ("Competing interests", 1, True),
                      ("Authors’ contributions", 1, True), ("Acknowledgements", 1, True)]
    competing = next(s for s in paper.sections if s.title == "Competing interests")
    assert competing.paragraphs[0].text == "The authors declare that they have no competing interests."


# --- 2. affiliation marks in the author block are no citations ------------------

def invented_front(author_block: str) -> str:
    """An invented BMC first page as pymupdf4llm sets it, with `author_block` under the title."""
    return ("Invented et al. BMC Invented Research 2010, 10:1 http://www.example.org/1471-0000/10/1\n\n"
            "RESEARCH ARTICLE Open Access\n\n# **A trial of reminder letters in invented clinics**\n\n"
            f"{author_block}\n\n## **Abstract**\n\n**Background:** Reminder letters are common [1].\n\n"
            "## **Background**\n\nReminders work [2] and sometimes fail [3].\n\n## **References**\n\n"
            + invented_list([1, 2, 3]))


@pytest.mark.parametrize("author_block", [
    pytest.param("Jane Smith<sup>1,2*</sup>, Ali Khan<sup>3</sup>,\nMaria Lopez<sup>1</sup> and Wei Chen<sup>2</sup>",
                 id="a line broken after a comma"),
    pytest.param("Jane A Smith<sup>1,2*</sup>, Ali Khan<sup>3</sup>, Maria L Lopez<sup>1</sup> and "
                 "Wei Chen<sup>2</sup>", id="middle initials without a full stop"),
    pytest.param("Jane Smith1,2*, Ali Khan3, Maria Lopez1 and Wei Chen2", id="marks on the line"),
    pytest.param("Jane Smith<sup>1,2*</sup>, Ali Khan<sup>3</sup>, Maria Lopez<sup>1</sup> and Wei Chen<sup>2</sup>"
                 "\n\n1 Department of Public Health, University of Somewhere, Somewhere, Country\n\n"
                 "2 School of Medicine, Another University, Elsewhere, Country\n\n"
                 "3 Institute of Invented Studies, Elsewhere, Country", id="numbered affiliation lines"),
    pytest.param("Jane Smith<sup>1,2*</sup>, Ali Khan<sup>3</sup>, Maria Lopez<sup>1</sup> and Wei Chen<sup>2</sup>"
                 "\n\n1 Department of Public Health, University of Somewhere, Somewhere, Country\n"
                 "2 School of Medicine, Another University, Elsewhere, Country\n"
                 "3 Institute of Invented Studies, Elsewhere, Country", id="affiliations in one block"),
])
def test_the_author_block_is_front_matter_and_its_marks_are_no_citations(tmp_path: Path, author_block: str) -> None:
    # Invented author blocks in the shapes BMC's first page takes once converted.
    paper = _paper_from_text(tmp_path, invented_front(author_block))
    assert [a.name.split()[-1] for a in paper.authors] == ["Smith", "Khan", "Lopez", "Chen"]
    # Only the text's own citations are linked: none in the author line, none before the abstract's.
    assert [(p.id, m.text) for p in paper.paragraphs() for m in p.citations] == [
        ("abstract-p1", "[1]"), ("s-background-p1", "[2]"), ("s-background-p1", "[3]")]
    assert [s.title for s in paper.sections] == ["Background"]
    assert [p.text for p in paper.abstract] == ["Background: Reminder letters are common [1]."]
    if "Department of Public Health" in author_block:
        smith = paper.authors[0]
        assert smith.affiliations == ("Department of Public Health, University of Somewhere, Somewhere, Country",
                                      "School of Medicine, Another University, Elsewhere, Country")


def test_affiliation_marks_glued_to_the_names_are_marks() -> None:
    # agyemanduah-2014 through opendataloader: "Josephine Nana Afrakoma Agyeman-Duah1*, Antje Theurer2,3,
    # Charles Munthali3, Noor Alide4 and Florian Neuhann5", the raised marks set on the line.
    paper = read_fixture(CORPUS / "agyemanduah-2014-quality-malawi-opendataloader")
    assert [a.name for a in paper.authors] == ["Josephine Nana Afrakoma Agyeman-Duah", "Antje Theurer",
                                               "Charles Munthali", "Noor Alide", "Florian Neuhann"]


def test_bmc_affiliations_after_the_abstract_are_front_matter(agyemanduah: Paper) -> None:
    # agyemanduah-2014 (BMC): "> 1Project Officer, Project Fives Alive! … Accra, Ghana Full list of author
    # information is available at the end of the article" after the keywords: the first author's
    # affiliation, not the body's first paragraph.
    first = agyemanduah.sections[0]
    assert first.title == "Background", [s.title for s in agyemanduah.sections[:2]]
    assert not any("Project Fives Alive" in p.text for s in agyemanduah.sections if not s.back_matter
                   for p in s.paragraphs)
    assert any("Project Fives Alive" in a for a in agyemanduah.authors[0].affiliations)


def test_the_marks_of_bmc_author_details_are_no_citations(agyemanduah: Paper) -> None:
    # agyemanduah-2014 (BMC): "Author details" at the end lists the affiliations, "…Accra, Ghana.<sup>2</sup>
    # Medical Department, …": the raised numbers name affiliations, not references 2, 3 and 4.
    details = next(s for s in agyemanduah.sections if s.title == "Author details")
    assert details.paragraphs and not [m.text for p in details.paragraphs for m in p.citations]
    assert any("Medical Department, Kamuzu Central Hospital" in p.text for p in details.paragraphs)


# --- 3. a column of the list converted as a pipe table ----------------------------
# No tuned paper shows this shape (pymupdf4llm sets some two-column list pages
# as a table whose cells hold several entries joined by "<br>"): the fixtures
# below are invented, their cells cut where a printed line would end.

TABLE_ROWS = (
    "|4. Fox Q: Staffing and the quality of care. J Invented<br>Stud 2004, 4:40-49.<br>5. Green R: Registers "
    "kept by hand. J<br>Invented Stud 2005, 5:50-59.|8. Jones U: Supervision of junior staff. J Invented Stud<br>"
    "2008, 8:80-89.|\n"
    "|---|---|\n"
    "|6. Hill S: Referral between district hospitals. J Invented<br>Stud 2006, 6:60-69.<br>7. Ito T: Patient "
    "flow in a teaching hospital. J Invented Stud 2007, 7:70-79.|9. Kim V: Drug supply in resource-limited "
    "settings.<br>J Invented Stud 2009, 9:90-99.<br>10. Lee W: Audit cycles that last. J Invented Stud 2010,<br>"
    "10:100-109.|\n")

TABLED_LIST = """# A trial of reminder letters (an invented snippet)

Jane Smith, Ali Khan

## Background

Reminders work [1,2] and sometimes fail [4-6]. Letters sent twice [9] did no better [10].

## References

1. Adams J: Reminder letters in rural clinics. J Invented Stud 2001, 1:10-19.

2. Chen L: Waiting times and attendance. J Invented Stud 2002, 2:20-29.

3. Evans PK: A survey of invented outpatients. J Invented Stud 2003, 3:30-39.

""" + TABLE_ROWS + """
**Competing interests**

The authors declare that they have no competing interests.
"""


def test_a_list_column_set_as_a_table_is_read_as_entries(tmp_path: Path) -> None:
    paper = _paper_from_text(tmp_path, TABLED_LIST)
    assert [r.label for r in paper.references] == [str(n) for n in range(1, 11)]
    texts = {r.label: r.text for r in paper.references}
    assert texts["3"] == "Evans PK: A survey of invented outpatients. J Invented Stud 2003, 3:30-39."
    assert texts["4"] == "Fox Q: Staffing and the quality of care. J Invented Stud 2004, 4:40-49."
    assert texts["8"] == "Jones U: Supervision of junior staff. J Invented Stud 2008, 8:80-89."
    assert texts["10"] == "Lee W: Audit cycles that last. J Invented Stud 2010, 10:100-109."
    assert markers(paper) == {"[1,2]": ("1", "2"), "[4-6]": ("4", "5", "6"), "[9]": ("9",), "[10]": ("10",)}
    repaired = reported(paper, ReportAction.REPAIRED, "set as a table")
    assert len(repaired) == 1 and repaired[0].endswith(
        "source.md:17: part of the reference list the conversion set as a table (4 cells, lines joined by '<br>') "
        "read as entries, column by column")
    assert not any(p.table for p in paper.paragraphs())
    assert [s.title for s in paper.sections] == ["Background", "Competing interests"]


def test_a_whole_list_set_as_a_table_with_placeholder_headers_is_read_as_entries(tmp_path: Path) -> None:
    # Invented: the list's only table, a header of PyMuPDF's placeholders ("Col1") over one entry a row.
    rows = "\n".join(f"|{INVENTED_ENTRIES[n]}|" for n in range(1, 6))
    source = TABLED_LIST.split("## References")[0] + f"## References\n\n|Col1|\n|---|\n{rows}\n"
    paper = _paper_from_text(tmp_path, source)
    assert [r.text for r in paper.references] == [INVENTED_ENTRIES[n].split(" ", 1)[1] for n in range(1, 6)]
    assert len(reported(paper, ReportAction.REPAIRED, "(5 cells")) == 1


def test_a_table_of_data_under_the_references_heading_is_not_read_as_entries() -> None:
    from build_tools.read.paragraphs import Block
    from build_tools.read.reference_tables import reference_tables_as_entries
    # Invented: a supplement's table after the list; its cells open like no entry.
    table = Block("|Item|Yes (%)|No (%)|\n|---|---|---|\n|Privacy given|99|1|", 40, 1)
    assert reference_tables_as_entries([table]) == ([table], [])


def test_an_entry_run_into_the_one_before_is_split_where_its_number_is_printed(tmp_path: Path) -> None:
    # Invented: the conversion lost the line break before entry 3, so "[3]" named no entry.
    entries = invented_list([1, 2, 3, 4]).replace("\n\n3. ", " 3. ")
    paper = _paper_from_text(tmp_path, LOST_ENTRY_PAPER.split("## References")[0] + "## References\n\n" + entries)
    assert [r.text for r in paper.references] == [INVENTED_ENTRIES[n].split(" ", 1)[1] for n in range(1, 5)]
    assert markers(paper)["[3,7]"] == ("3",)
    repaired = reported(paper, ReportAction.REPAIRED, "entry 3 was run into the entry before it")
    assert len(repaired) == 1 and ":13: " in repaired[0]


def test_front_matter_no_rule_places_keeps_its_marks_as_text(tmp_path: Path) -> None:
    # Invented: an author line in a shape no rule reads (a degree after each name) stays at the start
    # of the body, reported; its raised marks are not references 1 to 3.
    paper = _paper_from_text(tmp_path, invented_front(
        "Jane Smith MSc PhD<sup>1,2</sup>, Ali Khan MD<sup>3</sup> and Maria Lopez RN<sup>1</sup>"))
    assert reported(paper, ReportAction.NEEDS_HUMAN, "front-matter text not recognised")
    first = paper.sections[0].paragraphs[0]
    assert first.text.startswith("Jane Smith MSc PhD1,2, Ali Khan MD3") and not first.citations
    assert markers(paper) == {"[1]": ("1",), "[2]": ("2",), "[3]": ("3",)}
