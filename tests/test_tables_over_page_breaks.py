"""A table that runs over a page break is one table (issue 19): the
converter writes each page's part as its own pipe table, with the running
head and page number between them. Shown on the two tuned papers that print
such tables (yadav-2013: a questionnaire table split after row 2;
abuabdulla-2017: Table 4 after row 6, Table 12 after row 3); the
"(continued)" caption and the repeated header, which no tuned paper prints,
on invented snippets that say so."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.import_quality import read_fixture
from build_tools.model import Paper, ParagraphKind, ReportAction, Table
from tests.test_converted_markdown import _paper_from_text

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).parent / "corpus"


def _tables(paper: Paper) -> list[Table]:
    return [p.table for p in paper.paragraphs() if p.kind is ParagraphKind.TABLE and p.table is not None]


def _joins(paper: Paper) -> list[str]:
    return [r.message for r in paper.import_report
            if r.action is ReportAction.REPAIRED and "continued over a page break" in r.message]


def test_a_table_split_by_a_page_is_one_table_with_all_its_rows() -> None:
    yadav = read_fixture(CORPUS / "yadav-2013-hr-planning-audit-pymupdf4llm")
    # Twenty questions, one table each (the hand count in expected.yml).
    assert len(_tables(yadav)) == 20
    second = _tables(yadav)[1]
    assert second.header == ("S.NO.", "OPINION", "NO.", "PERCENT (%)")
    assert [row[0] for row in second.rows][:5] == ["1", "2", "3", "4", "Total"]
    assert _joins(yadav) == ["a table continued over a page break: joined to its part at line 239"]


def test_a_captioned_table_keeps_its_caption_and_gains_the_next_pages_rows() -> None:
    abuabdulla = read_fixture(CORPUS / "abuabdulla-2017-health-information-systems-pymupdf4llm")
    tables = _tables(abuabdulla)
    assert len(tables) == 17  # Tables 1-17
    table_12 = next(t for t in tables if t.label == "Table 12")
    assert [row[0] for row in table_12.rows] == [
        "Equipment and equipment used.", "Databases used.", "Networks.", "Support senior management.",
        "Users of the system.", "All Fields Together"]
    assert "Table 12 continued over a page break: joined to its part at line 704" in _joins(abuabdulla)


PAGE_BREAK = "\n\n**12** \n\n"  # the page number the converter left between the parts
PROSE = "Intro prose about the survey and what it asked of everyone who took part in it. "
CLOSING = "Closing prose, said once, on what the survey found and why it matters."
BETWEEN = "A paragraph between the two tables, said only once here."


def _paper(tmp_path: Path, middle: str) -> Paper:
    tmp_path.mkdir(exist_ok=True)
    return _paper_from_text(tmp_path, "# A survey\n\nJane Doe\n\n## Results\n\n" + PROSE + "\n\n" + middle
                            + "\n\n" + CLOSING + "\n\n## References\n\nDoe, J. (2001). A book. Press.\n")


def test_a_continued_caption_or_a_repeated_header_joins_the_parts(tmp_path: Path) -> None:
    """Invented: "Table 2 (continued)" over the second part, which repeats the header."""
    paper = _paper(tmp_path, "Table 2: Votes by region\n\n|Region|Yes|No|\n|---|---|---|\n|North|10|2|\n|East|8|4|"
                   + PAGE_BREAK + "Table 2 (continued)\n\n|Region|Yes|No|\n|---|---|---|\n|South|7|5|\n|West|9|3|")
    [table] = _tables(paper)
    assert table.label == "Table 2" and table.header == ("Region", "Yes", "No")
    assert [row[0] for row in table.rows] == ["North", "East", "South", "West"]


def test_tables_apart_stay_apart(tmp_path: Path) -> None:
    """Invented: a second captioned table, a table after prose, and a table
    of another width are their own tables."""
    first = "Table 1: Votes\n\n|Region|Yes|No|\n|---|---|---|\n|North|10|2|"
    captioned = _paper(tmp_path / "a", first + PAGE_BREAK + "Table 2: Seats\n\n|Region|Yes|No|\n|---|---|---|\n"
                       "|South|7|5|")
    assert [t.label for t in _tables(captioned)] == ["Table 1", "Table 2"]
    after_prose = _paper(tmp_path / "b", first + "\n\n" + BETWEEN + "\n\n|South|7|5|\n|---|---|---|\n|West|9|3|")
    assert len(_tables(after_prose)) == 2
    wider = _paper(tmp_path / "c", first + PAGE_BREAK + "|South|7|5|1|\n|---|---|---|---|\n|West|9|3|0|")
    assert len(_tables(wider)) == 2 and not _joins(wider)


def test_the_publishers_continued_on_next_page_note_is_furniture() -> None:
    """webb-2017 (PeerJ, pymupdf4llm) sets "( _continued on next page_ )" under Table 2's first part;
    it was shown as a paragraph. A sentence that says so stays."""
    webb = read_fixture(CORPUS / "webb-2017-vespa-pymupdf4llm")
    assert not any(p.text.strip("() ").startswith("continued on next page") for p in webb.paragraphs())
    assert any("continues on the next page" in r.message for r in webb.import_report
               if r.action is ReportAction.REMOVED)
    from build_tools.read.page_furniture import remove_page_furniture
    from build_tools.read.paragraphs import split_blocks
    sentence = "The war continued on the next page of the treaty's history, as the archive shows."
    kept, _ = remove_page_furniture(split_blocks(f"Text before.\n\n(continued on next page)\n\n{sentence}\n"))
    assert [b.text for b in kept] == ["Text before.", sentence]


def test_a_caption_set_as_a_heading_is_no_section(tmp_path: Path) -> None:
    """Invented, in the shape of a SciELO supplement (pymupdf4llm sets "Table S1. Continued." in a
    heading's font): the caption is the table's, and no section is made of it."""
    paper = _paper(tmp_path, "**Table 2.** Votes by region.\n\n|Region|Yes|No|\n|---|---|---|\n|North|10|2|"
                   + PAGE_BREAK + "###### **Table 2.** Continued.\n\n|Region|Yes|No|\n|---|---|---|\n|South|7|5|")
    assert [s.title for s in paper.sections] == ["Results"]
    [table] = _tables(paper)
    assert [row[0] for row in table.rows] == ["North", "South"]
