"""Stage 1, converted Markdown: a reference list the converter set, in part,
as a pipe table.

pymupdf4llm reads some two-column pages of a list as a table: each cell
holds several entries, their printed lines joined by "<br>", and a header
row of the first entries or of placeholders ("Col1"). Under the list's
heading such a table is entries, not data: its cells are read column by
column (the page's reading order), each cell a block and each of its lines
a line of the list, so the entries are split on their numbers or author
openings as anywhere else in the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_tools.read.paragraphs import Block
from build_tools.read.reference_list import AUTHOR_START, NUMBERED_ENTRY, YEAR
from build_tools.read.tables import is_pipe_table, parse_pipe_table, pipe_table_row_lines

LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
# PyMuPDF names the columns of a table whose first row it found no header in.
PLACEHOLDER_HEADER = re.compile(r"Col\d+")


@dataclass(frozen=True)
class ReferenceTable:
    line: int    # the table's first line
    cells: int   # cells that held entries


def reference_tables_as_entries(blocks: list[Block]) -> tuple[list[Block], list[ReferenceTable]]:
    """`blocks` of a reference list with each pipe table whose cells open
    like entries replaced by its cells, column by column; and the tables."""
    out: list[Block] = []
    tables: list[ReferenceTable] = []
    for block in blocks:
        lines = block.lines
        start = 0
        for first, last in _pipe_runs(lines):
            cells = _entry_cells(lines[first:last], block.line + first)
            if cells is None:
                continue
            if first > start:
                out.append(Block("\n".join(lines[start:first]), block.line + start,
                                 block.blank_lines_before if start == 0 else 0))
            out.extend(cells)
            tables.append(ReferenceTable(block.line + first, len(cells)))
            start = last
        if start == 0:
            out.append(block)
        elif start < len(lines):
            out.append(Block("\n".join(lines[start:]), block.line + start, 0))
    return out, tables


def _pipe_runs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) of each run of lines that makes a pipe table."""
    runs: list[tuple[int, int]] = []
    k = 0
    while k < len(lines):
        if not lines[k].lstrip().startswith("|"):
            k += 1
            continue
        end = k
        while end < len(lines) and lines[end].lstrip().startswith("|"):
            end += 1
        if is_pipe_table(lines[k:end]):
            runs.append((k, end))
        k = end
    return runs


def _entry_cells(rows: list[str], first_line: int) -> list[Block] | None:
    """The cells of a pipe table as blocks of lines, column by column; None
    when the cells do not read as reference entries (a real table)."""
    table = parse_pipe_table(rows)
    grid = [table.header, *table.rows] if table.header else list(table.rows)
    lines = pipe_table_row_lines(rows, first_line)
    lines = lines if table.header else lines[1:]
    cells: list[Block] = []
    for column in range(max((len(row) for row in grid), default=0)):
        for row, line in zip(grid, lines, strict=False):
            cell = row[column].strip() if column < len(row) else ""
            if not cell or PLACEHOLDER_HEADER.fullmatch(cell):
                continue
            pieces = [piece.strip() for piece in LINE_BREAK.split(cell) if piece.strip()]
            cells.append(Block("\n".join(pieces), line, 0))
    openings = sum(1 for cell in cells if _opens_like_entry(cell.lines[0]) and YEAR.search(cell.text))
    return cells if cells and openings * 2 >= len(cells) else None


def _opens_like_entry(line: str) -> bool:
    numbered = NUMBERED_ENTRY.match(line)
    return bool(numbered and numbered.group(4)) or bool(AUTHOR_START.match(line))
