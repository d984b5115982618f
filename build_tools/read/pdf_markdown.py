"""Stage 1c: read Markdown that a PDF converter produced (e.g. Zou).

Conversion leaves emphasis around headings and the title, heading levels that
do not match the numbering, `<sup>` author marks, backslash escapes, and
paragraphs cut by page breaks. This reader undoes all of that by rule.
"""

from __future__ import annotations

import re
from pathlib import Path

from build_tools.model import (
    Author,
    Paper,
    Paragraph,
    ParagraphKind,
    RawReference,
    ReaderError,
    Section,
    SourceFormat,
    SourceLocation,
)
from build_tools.read.paper_directory import PaperSource
from build_tools.read.paragraphs import (
    Block,
    join_page_break_splits,
    make_paragraph,
    split_blocks,
    split_closing_block_quote,
)

HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
NUMBERED_TITLE = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$")
AUTHOR_LINE = re.compile(r"^(?P<name>[^<>*]+?)\s*<sup>(?P<marks>[^<]*)</sup>\s*$")
AFFILIATION_LINE = re.compile(r"^<sup>(?P<mark>[^<]+)</sup>\s*(?P<text>.+)$")
EMAIL_LINE = re.compile(r"^\*?\s*\w\.\s+\S+@\S+?\*?$")
CORRESPONDING_LINE = re.compile(r"^\*?\\?\*\s*corresponding author\*?$", re.I)
LABEL = re.compile(r"^\*\*(Abstract|Keywords):?\*\*:?\s*(.*)$", re.S)
REFERENCE_ITEM = re.compile(r"^[-*]\s+\[(\d+)\]\s+(.*)$", re.S)


def strip_emphasis(text: str) -> str:
    """Remove emphasis markers the converter wrapped around whole lines."""
    text = text.strip()
    while len(text) > 2 and text[0] in "*_" and text[-1] == text[0]:
        text = text[1:-1].strip()
    return text


def to_plain_text(markdown: str) -> str:
    """Body text as the author wrote it: escapes resolved, markup dropped."""
    text = re.sub(r"</?sup>", "", markdown)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\\\w])([*_])(?=\S)(.+?)(?<=\S)\1(?!\w)", r"\2", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>])", r"\1", text)
    return " ".join(text.split())


def read_pdf_markdown(source: PaperSource) -> Paper:
    path = source.path
    blocks = split_blocks(source.text)
    if not blocks or not blocks[0].text.startswith("# "):
        raise ReaderError(SourceLocation(path, blocks[0].line if blocks else 1),
                          "expected the title as a '# ' heading first",
                          "the converted file must start with the paper's title")
    title = to_plain_text(strip_emphasis(blocks[0].text[2:]))
    index = 1
    authors, index = _read_front_matter(blocks, index, path)
    abstract_text, keywords, index = _read_abstract(blocks, index, path)
    body, references_blocks = _split_references(blocks[index:], path)
    references = _read_references(references_blocks, source)
    labels = frozenset(r.label for r in references)
    abstract = (make_paragraph("abstract", 1, abstract_text.text, ParagraphKind.TEXT,
                               SourceLocation(path, abstract_text.line), None),)
    sections = _read_sections(body, path, labels)
    return Paper(
        metadata=source.metadata, format=SourceFormat.PDF_MARKDOWN, title=title,
        authors=authors, abstract=abstract, keywords=keywords, sections=sections,
        references=references, venue=source.metadata.venue, doi=source.metadata.doi,
    )


def _read_front_matter(blocks: list[Block], index: int, path: Path) -> tuple[tuple[Author, ...], int]:
    """Author lines with `<sup>` marks, affiliation lines keyed by those marks,
    e-mail lines (dropped: no address goes on the page) and the
    corresponding-author note."""
    names: list[tuple[str, list[str]]] = []
    affiliations: dict[str, str] = {}
    corresponding_mark = ""
    while index < len(blocks) and not LABEL.match(blocks[index].text):
        block = blocks[index]
        line = to_plain_text(block.text) if "<sup>" not in block.text else block.text
        if m := AUTHOR_LINE.match(block.text):
            marks = [x.strip() for x in m.group("marks").replace("\\*", "*").split(",")]
            names.append((m.group("name").strip(), marks))
        elif m := AFFILIATION_LINE.match(block.text):
            affiliations[m.group("mark").strip()] = to_plain_text(strip_emphasis(m.group("text")))
        elif CORRESPONDING_LINE.match(block.text.strip()):
            corresponding_mark = "*"
        elif EMAIL_LINE.match(block.text.strip()):
            pass
        else:
            raise ReaderError(
                SourceLocation(path, block.line),
                f"expected an author, affiliation, e-mail or '**Abstract:**' line, found {line[:60]!r}",
                "record a correction in paper.yml if the converter garbled this line",
            )
        index += 1
    if not names:
        raise ReaderError(SourceLocation(path, blocks[0].line), "no author line found",
                          "expected a line like 'Jane Doe<sup>1,a</sup>' under the title")
    authors = tuple(
        Author(name=name,
               affiliations=tuple(affiliations[m] for m in marks if m in affiliations),
               corresponding=bool(corresponding_mark) and corresponding_mark in marks)
        for name, marks in names
    )
    return authors, index


def _read_abstract(blocks: list[Block], index: int, path: Path) -> tuple[Block, tuple[str, ...], int]:
    found: dict[str, Block] = {}
    while index < len(blocks) and (m := LABEL.match(blocks[index].text)):
        found[m.group(1).lower()] = Block(m.group(2), blocks[index].line, 0)
        index += 1
    if "abstract" not in found:
        raise ReaderError(SourceLocation(path, blocks[min(index, len(blocks) - 1)].line),
                          "expected a '**Abstract:**' paragraph after the authors",
                          "the abstract label must be bold and start its paragraph")
    abstract = found["abstract"]
    abstract = Block(to_plain_text(abstract.text), abstract.line, 0)
    keywords = tuple(k.strip() for k in to_plain_text(found["keywords"].text).split(",")
                     if k.strip()) if "keywords" in found else ()
    return abstract, keywords, index


def _split_references(blocks: list[Block], path: Path) -> tuple[list[Block], list[Block]]:
    for i, block in enumerate(blocks):
        m = HEADING.match(block.text)
        if m and strip_emphasis(m.group(2)).lower() == "references":
            return blocks[:i], blocks[i + 1:]
    raise ReaderError(SourceLocation(path, blocks[-1].line if blocks else 1),
                      "no '## References' heading found",
                      "the reference list must follow a heading named 'References'")


def _read_references(blocks: list[Block], source: PaperSource) -> tuple[RawReference, ...]:
    references = []
    for block in blocks:
        for offset, line in enumerate(block.lines):
            m = REFERENCE_ITEM.match(line)
            where = SourceLocation(source.path, block.line + offset)
            if not m:
                raise ReaderError(where, f"expected a reference like '- [1] Author…', found {line[:50]!r}",
                                  "each reference must be a list item starting with its number")
            references.append(RawReference(source.metadata.slug, m.group(1), m.group(2).strip(), where))
    return tuple(references)


def _read_sections(blocks: list[Block], path: Path, labels: frozenset[str]) -> tuple[Section, ...]:
    sections: list[Section] = []
    pending: list[tuple[str, str, SourceLocation]] = []
    paragraphs: list[Block] = []

    def close() -> None:
        if pending:
            number, title, where = pending.pop()
            sections.append(_make_section(number, title, where, paragraphs, labels, path))
        paragraphs.clear()

    for block in blocks:
        m = HEADING.match(block.text)
        is_bold_line = block.text[:2] == "**" and block.text.rstrip().endswith("**") and "\n" not in block.text
        if m or is_bold_line:
            inner = strip_emphasis(m.group(2) if m else block.text)
            numbered = NUMBERED_TITLE.match(to_plain_text(inner))
            if numbered:
                close()
                where = SourceLocation(path, block.line)
                _check_numbering(numbered.group(1), sections, where)
                pending.append((numbered.group(1), numbered.group(2).strip(), where))
                continue
            if m:
                raise ReaderError(
                    SourceLocation(path, block.line),
                    f"heading {inner!r} has no section number; expected '1. Title' or '4.1. Title'",
                    "numbered sections give paragraphs their stable ids; record a correction "
                    "in paper.yml that adds the number",
                )
        if not pending:
            raise ReaderError(SourceLocation(path, block.line),
                              "text before the first numbered section heading",
                              "the body must start with a heading such as '## 1. Introduction'")
        paragraphs.append(block)
    close()
    return tuple(sections)


def _check_numbering(number: str, sections: list[Section], where: SourceLocation) -> None:
    parts = number.split(".")
    previous = sections[-1].number.split(".") if sections else []
    expected: list[list[str]] = []
    if not previous:
        expected = [["1"]]
    else:
        expected.append([*previous, "1"])  # first subsection
        for depth in reversed(range(len(previous))):
            expected.append([*previous[:depth], str(int(previous[depth]) + 1)])
    if parts not in expected:
        options = " or ".join(".".join(e) for e in expected)
        raise ReaderError(where, f"section {number} is out of order; expected {options}",
                          "check for a missing or mistyped heading number")


def _make_section(number: str, title: str, where: SourceLocation, blocks: list[Block],
                  labels: frozenset[str], path: Path) -> Section:
    section_id = "s" + number.replace(".", "-")
    paragraphs: list[Paragraph] = []
    for block in join_page_break_splits(list(blocks)):
        for text, kind in split_closing_block_quote(to_plain_text(block.text)):
            paragraphs.append(make_paragraph(section_id, len(paragraphs) + 1, text, kind,
                                             SourceLocation(path, block.line), labels))
    return Section(section_id, number, title, number.count(".") + 1, where, tuple(paragraphs))
