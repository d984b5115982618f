"""Stage 1 helper, every reader: a table's cells with the citations inside
them.

A cell cites works as a paragraph does ("RXP407 [32]", "Brait, 2006"): each
reader finds the markers with its own in-text citation reader (numbers or
author and year in converted text, `<xref>` in JATS, `[@key]` in Pandoc)
and hands the cells here, which lays them out as a `Table` whose
`cell_citations` keep each marker's offsets into its own cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from build_tools.model import CellCitations, CitationMarker, Table


@dataclass(frozen=True)
class Cell:
    """One cell's text and the citation markers in it (offsets into `text`)."""

    text: str
    citations: tuple[CitationMarker, ...] = ()


EMPTY = Cell("")


def stripped_cell(text: str, citations: Sequence[CitationMarker]) -> Cell:
    """A cell without the spaces at its ends, its markers moved to match."""
    shift = len(text) - len(text.lstrip())
    kept = text.strip()
    return Cell(kept, tuple(CitationMarker(m.start - shift, m.end - shift, m.text, m.labels)
                            for m in citations if m.start >= shift and m.end - shift <= len(kept)))


def joined_header(head_rows: Sequence[Sequence[Cell]], width: int) -> tuple[Cell, ...]:
    """Several header rows (a spanning group title over column names) read
    as one: each column's non-empty cells joined by a space."""
    header: list[Cell] = []
    for column in range(width):
        text = ""
        citations: list[CitationMarker] = []
        for row in head_rows:
            if column < len(row) and row[column].text:
                shift = len(text) + 1 if text else 0
                text = f"{text} {row[column].text}" if text else row[column].text
                citations += [CitationMarker(m.start + shift, m.end + shift, m.text, m.labels)
                              for m in row[column].citations]
        header.append(Cell(text, tuple(citations)))
    return tuple(header)


def table_of_cells(header: Sequence[Cell], rows: Sequence[Sequence[Cell]], label: str = "") -> Table:
    """The model's table: cell texts, and the cells that cite (row 0 the
    header, as `CellCitations` counts)."""
    cited = tuple(CellCitations(row_number, column, cell.citations)
                  for row_number, row in enumerate((header, *rows))
                  for column, cell in enumerate(row) if cell.citations)
    return Table(tuple(c.text for c in header), tuple(tuple(c.text for c in row) for row in rows), label, cited)


def with_cell_citations(table: Table, find: Callable[[str, int], Sequence[CitationMarker]]) -> Table:
    """`table` with the markers `find` reads in each cell's text, given the
    cell and its row number, 0 the header (the converted-Markdown reader,
    whose cells are plain text already)."""
    def cell(text: str, row: int) -> Cell:
        return Cell(text, tuple(find(text, row)) if text else ())

    return table_of_cells([cell(text, 0) for text in table.header],
                          [[cell(text, row) for text in cells] for row, cells in enumerate(table.rows, start=1)],
                          table.label)
