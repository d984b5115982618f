"""Stage 1, converted Markdown: tables, figure captions and display maths.

A Markdown pipe table is kept as cells, with the "Table 2: …" caption beside
it. A table the converter flattened into loose numbers becomes one
LOST_TABLE block (never a run of prose paragraphs); a "Table 3" caption with
no table near it marks a table lost the same way. "Figure 3. …" captions are
FIGURE blocks. Display maths in TeX ($$…$$, \\[…\\]) is a FORMULA; maths the
converter broke into symbols and single letters is a GARBLED_FORMULA.
"""

from __future__ import annotations

import re

from build_tools.model import Table

# "Table 2: …", "**Table 2.** …", "TABLE II —"; "Table 1 shows …" is a sentence.
# A label set in bold needs no punctuation after it (Wiley: "**TABLE 1** Ethnic …").
TABLE_CAPTION = re.compile(
    r"^(?:(?:\*\*|__)\s*(Table|TABLE|Tab\.)\s+([A-Z]?\d+[a-z]?|[IVX]+)\s*[.:|—–-]?\s*(?:\*\*|__)\s*"
    r"(?:[.:|—–-]|(?=[A-Z“\"])|$)"
    r"|(?:\*\*|__)?\s*(?:Table|TABLE|Tab\.)(?:\s+(?:[A-Z]?\d+[a-z]?|[IVX]+)|\d+[a-z]?)\s*(?:[.:|—–-]|$))\s*", re.S)
FIGURE_CAPTION = re.compile(
    r"^(?:(?:\*\*|__)\s*(Figure|FIGURE|Fig\.|Chart|Map|Graph)\s+([A-Z]?\d+[a-z]?)\s*[.:|—–-]?\s*(?:\*\*|__)\s*"
    r"(?:[.:|—–-]|(?=[A-Z“\"])|$)"
    r"|(?:\*\*|__)?\s*(?:Figure|FIGURE|Fig\.|Chart|Map|Graph)\s+(?:[A-Z]?\d+[a-z]?)\s*[.:|—–-])\s*", re.S)
CAPTION_LABEL = re.compile(r"(Table|TABLE|Tab\.|Figure|FIGURE|Fig\.|Chart|Map|Graph)\s*([A-Z]?\d+[a-z]?|[IVX]+)")
SEPARATOR_ROW = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?$")
DISPLAY_MATH = re.compile(
    r"^(?:\$\$(?P<a>.+?)\$\$|\\\[(?P<b>.+?)\\\]|"
    r"\\begin\{(?P<env>equation\*?|align\*?|gather\*?)\}(?P<c>.+?)\\end\{(?P=env)\})\s*(?:\(\d+\))?$", re.S)
FORMULA_PLACEHOLDER = re.compile(r"^<!--\s*formula-not-decoded\s*-->$")
# Text pymupdf4llm found drawn inside a picture (a chart's axis labels, an
# equation set as an image): "<!-- Start of picture text -->…<!-- End of picture text -->".
# The two markers are matched apart: one pattern with a lazy text between
# optional spaces and an optional end marker was cubic on a run of spaces.
PICTURE_TEXT_START = re.compile(r"<!--\s*+Start of picture text\s*+-->")
PICTURE_TEXT_END = re.compile(r"<!--\s*+End of picture text\s*+-->")
EQUATION_NUMBER = re.compile(r"\(\d{1,3}[a-z]?\)\s*(?:<br>)?\s*$")
MATH_SYMBOLS = set("=+−-×÷±∑∏∫√∞≤≥≠≈∈∉⊂⊆∪∩∀∃∂∇αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΦΨΩ^_|/<>()[]{}′·")


def is_pipe_table(lines: list[str]) -> bool:
    return len(lines) >= 2 and lines[0].lstrip().startswith("|") and any(
        SEPARATOR_ROW.match(line.strip()) for line in lines[1:3])


def parse_pipe_table(lines: list[str]) -> Table:
    rows = [_cells(line) for line in lines if line.strip() and not SEPARATOR_ROW.match(line.strip())]
    separator = next(i for i, line in enumerate(lines) if SEPARATOR_ROW.match(line.strip()))
    header = tuple(rows[0]) if separator == 1 else ()
    body = rows[1:] if header else rows
    return Table(header, tuple(tuple(r) for r in body))


def pipe_table_row_lines(lines: list[str], first_line: int) -> list[int]:
    """The source line of each row of `parse_pipe_table(lines)`, header
    first (the table's first line when it has none), so a problem in a
    cell is reported at its own row."""
    rows = [first_line + n for n, line in enumerate(lines) if line.strip() and not SEPARATOR_ROW.match(line.strip())]
    separator = next(i for i, line in enumerate(lines) if SEPARATOR_ROW.match(line.strip()))
    return rows if separator == 1 else [first_line, *rows]


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [" ".join(c.replace("\\|", "|").split()) for c in re.split(r"(?<!\\)\|", line)]


def caption_label(text: str, pattern: re.Pattern[str]) -> tuple[str, str] | None:
    """("Table 2", caption text) when `text` opens with such a label."""
    m = pattern.match(text)
    label = CAPTION_LABEL.search(m.group(0)) if m else None
    if label is None:
        return None
    word = "Table" if label.group(1).lower().startswith("tab") else (
        "Figure" if label.group(1).lower().startswith("fig") else label.group(1).title())
    return f"{word} {label.group(2)}", text


NUMERIC_CELL = re.compile(r"[(\[]?[-−–+]?[\d.,]+%?[)\]*]*|[-–—]|\*+|n\.?s\.?")
SENTENCE_END = re.compile(r"[a-z]{3,}[.!?](?:\s|$)")


def looks_like_flattened_table(text: str) -> bool:
    """Mostly numbers, no sentence: what is left of a table the converter
    turned into text ("0.42 0.37 (0.05) 1,204 …")."""
    tokens = text.split()
    if len(tokens) < 6:
        return False
    # A sentence's end rules it out at once: most paragraphs stop here,
    # before their tokens are counted.
    if SENTENCE_END.search(text):
        return False
    numeric = sum(1 for t in tokens if NUMERIC_CELL.fullmatch(t))
    return numeric / len(tokens) >= 0.5


def display_math(text: str) -> str | None:
    """The TeX of a display formula block, without its delimiters."""
    m = DISPLAY_MATH.match(text.strip())
    if not m:
        return None
    return (m.group("a") or m.group("b") or m.group("c") or "").strip() \
        if not m.group("env") else f"\\begin{{{m.group('env')}}}{m.group('c')}\\end{{{m.group('env')}}}"


def looks_like_garbled_formula(text: str) -> bool:
    """Maths the converter broke: short, no sentence, and mostly maths
    symbols and one-letter tokens ("x i = ∑ j w ij y j ( 3 )")."""
    if FORMULA_PLACEHOLDER.match(text.strip()):
        return True
    tokens = text.split()
    if not 3 <= len(tokens) <= 80 or re.search(r"[a-z]{4,}\s+[a-z]{4,}\s+[a-z]{4,}", text):
        return False
    mathy = sum(1 for t in tokens if len(t) <= 2 or any(c in MATH_SYMBOLS for c in t))
    return "=" in text and mathy / len(tokens) >= 0.7


def picture_text_lines(text: str) -> list[str] | None:
    """The lines of a picture-text block (split at the converter's "<br>"),
    or None when `text` is no such block."""
    text = text.strip()
    start = PICTURE_TEXT_START.match(text)
    if start is None:
        return None
    body = text[start.end():]
    end = body.rfind("<!--")
    if end >= 0 and PICTURE_TEXT_END.fullmatch(body, end):
        body = body[:end]
    return [line.strip() for line in re.split(r"<br\s*/?>|\n", body) if line.strip()]


def looks_like_equation(lines: list[str]) -> bool:
    """"yhvt = γ Dt + λ Dv + β Dvt + hvt (1)": an equation set as a picture."""
    text = " ".join(lines)
    return bool(re.search(r"[=+¼þ]", text)) and (bool(EQUATION_NUMBER.search(text)) or text.count("=") >= 1) \
        and not re.search(r"[a-z]{4,}\s+[a-z]{4,}\s+[a-z]{4,}", text)


CELL_VALUE = re.compile(r"^[(\[]?[-−–+]?[\d.,]+\*{0,3}[)\]]?%?$|^(?:[–—-]|yes|no|✓|x)$", re.I)
# A line of a flattened table has this share of cell values (numbers, "Yes", "–").
ROW_VALUE_SHARE = 0.4


def _row(tokens: list[str]) -> bool:
    """A row: mostly cell values, or a label then at least two of them."""
    values = [bool(CELL_VALUE.match(token)) for token in tokens]
    return bool(tokens) and (sum(values) >= ROW_VALUE_SHARE * len(tokens) or (all(values[-2:]) and len(values) >= 3))


def looks_like_table_rows(text: str) -> bool:
    """Lines of a table the converter flattened into text: short lines, most
    of them mostly cell values, none a sentence ("Thi Qar 2.75", "(0.2)
    (0.4)", "Governorate FE – Yes – – – –")."""
    lines = [re.sub(r"[*_]", "", line).strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return False
    rows = sum(1 for line in lines if _row(line.split()))
    sentences = any(re.search(r"[a-z]{3,}[.!?](?:\s|$)", line) for line in lines)
    short = all(len(line.split()) <= 16 for line in lines)
    return short and not sentences and rows * 2 >= len(lines)


def looks_like_table_header(text: str) -> bool:
    """The header row a flattened table keeps: a short line of labels."""
    plain = re.sub(r"[*_]", "", text).strip()
    return "\n" not in plain and 0 < len(plain.split()) <= 10 and not re.search(r"[.!?:;]$", plain)


# "Table 3 (continued)", "Table 3. (cont.)", "Tabla 2 (continuación)", "Tabelle 4 (Fortsetzung)".
CONTINUED_CAPTION = re.compile(
    r"^(?:\*\*|__)?\s*(?:Table|Tab\.|Tabla|Tabela|Tableau|Tabelle)\s+([A-Z]?\d+[a-z]?|[IVX]+)\b[\s.:*_—–-]*"
    r"\(?\s*(?:continued|cont\.|continuación|continuação|suite|Fortsetzung)\s*\)?[\s.*_]*$", re.I)


def continued_caption(text: str) -> str | None:
    """"Table 3" when `text` is that table's "(continued)" caption."""
    m = CONTINUED_CAPTION.match(text.strip())
    return f"Table {m.group(1)}" if m else None


def continues_across_a_page(previous: Table, table: Table, caption: str) -> bool:
    """A table the page broke: its next part has no caption of its own (or
    "Table 3 (continued)"), as many columns, and either repeats the header
    or opens with a data row shaped like the previous part's last row (a
    number where that row has one, text where it has text)."""
    continued = bool(caption) and continued_caption(caption) == previous.label
    if caption and not continued:
        return False
    width = len(previous.header or (previous.rows[0] if previous.rows else ()))
    if not previous.rows or not table.header or len(table.header) != width:
        return False
    if table.header == previous.header or continued:
        return True
    last = previous.rows[-1]
    numeric = [_is_number(c) for c in table.header]
    return any(numeric) and len(last) == width and numeric == [_is_number(c) for c in last]


def _is_number(cell: str) -> bool:
    # Significance marks may stand on either side ("*0.018", "0.302**").
    return bool(NUMERIC_CELL.fullmatch(cell.replace(" ", "").strip("*†‡")))


def joined_across_a_page(previous: Table, table: Table) -> Table:
    """One table from its two parts; a header the next page repeats is dropped."""
    opening = () if table.header == previous.header else (table.header,)
    return Table(previous.header, (*previous.rows, *opening, *table.rows), previous.label)
