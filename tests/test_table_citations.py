"""Citations inside table cells (issue 19): found by each reader's own
citation reader, pointed at the paper's own entries, rendered as the same
links as in paragraphs, escaped, and counted.

Real cases: douglas-2014 (Clinical Science, converted by pymupdf4llm), whose
Table 1 names inhibitors with numeric citations ("RXP407 [32]"); polato-2023
(Bakhtiniana, JATS), whose Quadro 1 cites each author in two columns
("Brait, 2006" and "(BRAIT, 2006, p.13)"). No Pandoc paper of the corpus has
a table that cites, so the Pandoc case is a snippet of the shape.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest

from build_tools.model import CitationMarker, Paper, Paragraph, Table
from build_tools.read.papers import read_paper
from build_tools.references.bibliography import paper_works
from build_tools.render.bibliography_page import citing_paragraphs_by_label
from build_tools.render.paper_page import ReferenceEntry, RenderContext, render_paper
from tests.conftest import ROOT, assert_matches_golden
from tests.test_structured_sources import jats, read_jats_text, read_markdown

pytestmark = pytest.mark.unit

CORPUS = ROOT / "tests" / "corpus"


def _cited_cells(paper: Paper) -> list[tuple[Paragraph, str, CitationMarker]]:
    found = []
    for paragraph in paper.paragraphs():
        if paragraph.table is None:
            continue
        rows = (paragraph.table.header, *paragraph.table.rows)
        for cell in paragraph.table.cell_citations:
            found += [(paragraph, rows[cell.row][cell.column], m) for m in cell.citations]
    return found


@pytest.fixture(scope="module")
def douglas() -> Paper:
    return read_paper(CORPUS / "douglas-2014-ace-inhibitors-pymupdf4llm")


def test_numeric_citations_in_a_converted_tables_cells_point_at_their_entries(douglas: Paper) -> None:
    cited = _cited_cells(douglas)
    # Table 1's last column: "ramiprilat and others [27]", "RXPA380 [50], lisinopril-Trp [51],
    # and inhibitors kAW and kAF [52]", "RXP407 [32]".
    assert [(cell[m.start:m.end], m.labels) for _, cell, m in cited] == [
        ("[27]", ("27",)), ("[50]", ("50",)), ("[51]", ("51",)), ("[52]", ("52",)), ("[32]", ("32",))]
    works = paper_works(douglas)
    assert works["32"].authors[0].family == "Dive" and works["32"].year == "1999"
    assert "RXP 407" in works["32"].title
    # the import report counts them with the paragraphs' citations: 47 in the text, 5 in Table 1
    assert any(r.message.startswith("52 in-text citations linked") for r in douglas.import_report)
    # the entry's "cited in" links reach the table
    table_id = cited[0][0].id
    assert table_id in citing_paragraphs_by_label(douglas)["50"]


def test_a_cells_citation_is_the_same_link_as_in_a_paragraph(douglas: Paper) -> None:
    page = render_paper(douglas)
    table = page[page.index('<div class="reader-table-wrap"'):]
    table = table[:table.index("</table>")]
    assert ('<td>RXP407 <a class="reader-citation" href="#ref-32" data-popover="#ref-32">[32]</a></td>'
            in table)
    assert table.count('class="reader-citation"') == 5
    # the paragraph's link to the same work, as attr_list writes it
    assert '[\\[32\\]](#ref-32){ .reader-citation data-popover="#ref-32" }' in page


def test_jats_xrefs_in_table_cells_are_linked_and_grouped_as_in_paragraphs() -> None:
    paper = read_paper(CORPUS / "polato-2023-feminicidio-tribunal-juri")
    cited = _cited_cells(paper)
    by_text = {cell[m.start:m.end]: m.labels for _, cell, m in cited}
    assert by_text["Brait, 2006"] == ("14",)
    assert by_text["(BRAIT, 2006, p.13)"] == ("14",)   # the parentheses join the marker, as in prose
    assert by_text["Acosta Pereira; Brait, 2020"] == ("6",)
    assert len(cited) == 8   # expected.yml: citations_in_table_cells
    works = paper_works(paper)
    assert works["14"].authors[0].family.casefold() == "brait" and works["14"].year == "2006"
    page = render_paper(paper)
    assert '<td><a class="reader-citation" href="#ref-14" data-popover="#ref-14">Brait, 2006</a></td>' in page


def test_a_cells_text_and_citation_are_escaped_for_html(douglas: Paper) -> None:
    """A cell is raw HTML on the page: its text and the marker's text are
    escaped there, never read as markup."""
    paragraph = next(p for p in douglas.paragraphs() if p.table is not None and p.table.cell_citations)
    assert paragraph.table is not None
    hostile_cell = "<script>x</script> & [32]"
    cell = dataclasses.replace(paragraph.table.cell_citations[0], row=1, column=0, citations=(
        CitationMarker(len(hostile_cell) - 4, len(hostile_cell), "[32]<img>", ("32",)),))
    table = Table(("A",), ((hostile_cell,),), "Table 1", (cell,))
    hostile = dataclasses.replace(paragraph, table=table)
    section = dataclasses.replace(douglas.sections[0], paragraphs=(hostile,))
    page = render_paper(dataclasses.replace(douglas, sections=(section,), abstract=()))
    assert "<script>" not in page and "<img>" not in page
    assert ('<td>&lt;script&gt;x&lt;/script&gt; &amp; <a class="reader-citation" href="#ref-32" '
            'data-popover="#ref-32">[32]&lt;img&gt;</a></td>') in page


def test_pandoc_citations_in_a_pipe_table_are_linked_and_unknown_keys_stay_text(tmp_path: Path) -> None:
    paper = read_markdown(tmp_path, "# Data\n\nAs in @walt1987.\n\n| Concept | Source |\n|---|---|\n"
                                    "| Balancing | [@walt1987, p. 5] |\n| Bandwagoning | [@missing2020] |\n")
    cited = _cited_cells(paper)
    assert [(cell[m.start:m.end], m.labels) for _, cell, m in cited] == [("[@walt1987, p. 5]", ("walt1987",))]
    page = render_paper(paper)
    table = page[page.index("<table"):page.index("</table>")]
    assert re.search(r'<td><a class="reader-citation" href="#ref-walt1987" [^>]*>', table)
    assert html.escape("[@missing2020]", quote=False) in table and table.count("reader-citation") == 1
    assert any("missing2020" in r.message for r in paper.import_report)
    # On the site the key is shown as Pandoc prints it, as in a paragraph.
    context = RenderContext(references={"walt1987": ReferenceEntry("walt1987", "Walt 1987.", short="Walt 1987")})
    page = render_paper(paper, context)
    table = page[page.index("<table"):page.index("</table>")]
    assert ('<td><a class="reader-citation" href="#ref-walt1987" data-popover="#ref-walt1987">'
            "(Walt 1987, p. 5)</a></td>") in table


@pytest.mark.parametrize("slug", ["douglas-2014-ace-inhibitors-pymupdf4llm", "polato-2023-feminicidio-tribunal-juri"])
def test_rendered_tables_that_cite_match_golden_files(slug: str) -> None:
    """Each table whose cells cite, as the page carries it
    (UPDATE_GOLDEN=1 python -m pytest tests/test_table_citations.py)."""
    page = render_paper(read_paper(CORPUS / slug))
    tables = re.findall(r'<div class="reader-table-wrap".*?</table></div>', page)
    citing = [t for t in tables if 'class="reader-citation"' in t]
    assert citing
    assert_matches_golden(f"table-citations--{slug}.md", "\n\n".join(citing) + "\n", "tests/test_table_citations.py")


def test_jats_header_rows_joined_keep_their_citations_and_spanned_cells_stay_empty(tmp_path: Path) -> None:
    """Two header rows read as one (a group title over column names): a
    citation in the second row keeps its place in the joined text; a ranged
    citation "[2–4]" in a body cell names every reference of the range. A
    made-up snippet: the corpus tables cite in body cells only."""
    body = ('<sec><title>Data</title><table-wrap id="t1"><label>Table 1</label><caption><p>Pacts</p></caption>'
            '<table><thead><tr><th colspan="2">Sources</th></tr>'
            '<tr><th>Coded as in <xref ref-type="bibr" rid="r1">[1]</xref></th><th>Years</th></tr></thead>'
            '<tbody><tr><td>  Alliances <xref ref-type="bibr" rid="r2">[2]</xref>–'
            '<xref ref-type="bibr" rid="r4">[4]</xref></td><td>1816–2018</td></tr></tbody></table>'
            '</table-wrap></sec>')
    paper = read_jats_text(tmp_path, jats(body))
    table = next(p.table for p in paper.paragraphs() if p.table is not None)
    assert table.header == ("Sources Coded as in [1]", "Years")
    assert table.rows == (("Alliances [2]–[4]", "1816–2018"),)
    (head,) = [c for c in table.cell_citations if c.row == 0]
    assert [(table.header[0][m.start:m.end], m.labels) for m in head.citations] == [("[1]", ("1",))]
    (cell,) = [c for c in table.cell_citations if c.row == 1]
    assert [(table.rows[0][0][m.start:m.end], m.labels) for m in cell.citations] == [
        ("[2]–[4]", ("2", "3", "4"))]


def test_a_problem_in_a_converted_cell_is_reported_at_its_rows_line(tmp_path: Path) -> None:
    """Invented: a table whose third body row cites an entry the list does
    not have; the report names that row's line, not the table's first."""
    from tests.test_converted_markdown import _paper_from_text
    source = ("# Treaties\n\nJane Doe\n\n## Data\n\nThe treaties we coded are listed here, with sources.\n\n"
              "|Treaty|Source|\n|---|---|\n|NATO|Smith (2001)|\n|SEATO|Smith (2001)|\n|CENTO|Jones (1999)|\n\n"
              "## References\n\nSmith, J. (2001). Alliances. Press.\n")
    paper = _paper_from_text(tmp_path, source)
    jones_line = source.split("\n").index("|CENTO|Jones (1999)|") + 1
    problems = [r for r in paper.import_report if "Jones" in r.message]
    assert problems and problems[0].location.line == jones_line
    assert [m.labels for _, _, m in _cited_cells(paper)] == [("1",), ("1",)]
