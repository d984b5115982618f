"""Stage 1c: read a journal landing page scraped as text (Polis, Istomin &
Baykov 2020).

The scrape has no headings: its parts are told apart by position and by runs
of blank lines. It repeats the title, and ends with site chrome (the issue's
contents link, "See also", a year archive) that must not reach the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from build_tools.model import (
    Author,
    Paper,
    ParagraphKind,
    RawReference,
    ReaderError,
    SourceFormat,
    SourceLocation,
    Venue,
)
from build_tools.read.paper_directory import PaperSource, stated_venue_first
from build_tools.read.paragraphs import Block, make_paragraph, split_blocks

# A line of the corrected text → where it is in the raw source.
Located = Callable[[int], SourceLocation]

CHROME_START = re.compile(r"^Content No\.\s*\d+,\s*\d{4}\s*$")
AUTHOR_NAME = re.compile(r"^(?P<name>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)* (?:[A-Z][a-z]?\.)+),$")
IDENTIFIER = re.compile(r"(?P<scheme>[A-Za-z_]+):\s*(?P<value>[^|]+?)\s*(?:\||$)")
IDENTIFIER_NAMES = {"elibrary_id": "eLibrary ID", "orcid": "ORCID", "researcher_id": "ResearcherID"}
DOI_LINE = re.compile(r"^DOI:\s*(10\.\S+)$")
SUGGESTED_VENUE = re.compile(
    r"–\s*(?P<journal>.+?)\.\s+(?P<year>\d{4})\.\s+No\.\s*(?P<issue>\d+)\.\s+P\.\s*(?P<pages>[\d-]+)")
# Parts of the page are separated by two or more blank lines.
PART_BREAK = 2


def read_polis_landing_page(source: PaperSource) -> Paper:
    # Lines of the corrected text, reported as lines of the raw file.
    where = source.where
    blocks = _drop_site_chrome(split_blocks(source.text))
    parts = _split_parts(blocks)
    if len(parts) < 3:
        raise ReaderError(where(blocks[-1].line if blocks else 1),
                          f"expected header, abstract and reference parts separated by blank "
                          f"lines; found {len(parts)} part(s)",
                          "the landing page must keep its blank-line layout")
    header, abstract_part, *reference_parts = parts
    title = header[0].text.strip()
    index = 1
    if index < len(header) and " ".join(header[index].lines) == title:
        index += 1  # the scrape repeats the title, split over two lines
    authors, index = _read_authors(header, index, where)
    doi, index = _expect(header, index, DOI_LINE, "a 'DOI: 10.…' line", where)
    _, index = _expect(header, index, re.compile(r"^For citation:\s*$"), "'For citation:'", where)
    citation = header[index].text.strip() if index < len(header) else ""
    notes = [b.text.strip() for b in header[index + 1:]]
    abstract_block = abstract_part[0]
    keywords = _read_keywords(abstract_part, where)
    references = tuple(
        RawReference(source.metadata.slug, str(number), block.text.strip(),
                     where(block.line), group)
        for number, (block, group) in enumerate(
            ((b, group) for group, part in zip(("english", "russian"), reference_parts, strict=False)
             for b in part), start=1)
    )
    venue = _venue_from_citation(citation, source.metadata.venue)
    return Paper(
        metadata=source.metadata, format=SourceFormat.POLIS_LANDING_PAGE, title=title,
        authors=authors,
        abstract=(make_paragraph("abstract", 1, " ".join(abstract_block.text.split()),
                                 ParagraphKind.TEXT, where(abstract_block.line),
                                 None),),
        keywords=keywords, sections=(), references=references, venue=venue,
        doi=source.metadata.doi or doi.group(1), suggested_citation=citation,
        funding_note="\n\n".join(notes),
    )


def _drop_site_chrome(blocks: list[Block]) -> list[Block]:
    for i, block in enumerate(blocks):
        if CHROME_START.match(block.text):
            return blocks[:i]
    return blocks


def _split_parts(blocks: list[Block]) -> list[list[Block]]:
    parts: list[list[Block]] = []
    for block in blocks:
        if not parts or block.blank_lines_before >= PART_BREAK:
            parts.append([])
        parts[-1].append(block)
    return parts


def _read_authors(header: list[Block], index: int, where: Located) -> tuple[tuple[Author, ...], int]:
    authors = []
    while index < len(header) and (m := AUTHOR_NAME.match(header[index].text.strip())):
        index += 1
        affiliations: tuple[str, ...] = ()
        identifiers: tuple[tuple[str, str], ...] = ()
        if index < len(header) and not DOI_LINE.match(header[index].text) \
                and not AUTHOR_NAME.match(header[index].text) and ":" not in header[index].text:
            affiliations = tuple(a.strip() for a in header[index].text.strip().rstrip(",").split(";"))
            index += 1
        if index < len(header) and IDENTIFIER.search(header[index].text) \
                and not DOI_LINE.match(header[index].text):
            identifiers = tuple(
                (IDENTIFIER_NAMES.get(i.group("scheme").lower(), i.group("scheme")),
                 i.group("value").strip())
                for i in IDENTIFIER.finditer(header[index].text) if i.group("value").strip())
            index += 1
        authors.append(Author(m.group("name"), affiliations, identifiers))
    if not authors:
        raise ReaderError(where(header[min(index, len(header) - 1)].line),
                          "expected author names like 'Istomin I.A.,' after the title",
                          "record a correction in paper.yml if the scrape garbled an author line")
    return tuple(authors), index


def _expect(header: list[Block], index: int, pattern: re.Pattern[str], what: str,
            where: Located) -> tuple[re.Match[str], int]:
    block = header[index] if index < len(header) else header[-1]
    m = pattern.match(block.text.strip()) if index < len(header) else None
    if not m:
        raise ReaderError(where(block.line), f"expected {what} here",
                          "the landing page header is title, authors, DOI, 'For citation:'")
    return m, index + 1


def _read_keywords(abstract_part: list[Block], where: Located) -> tuple[str, ...]:
    if len(abstract_part) < 2:
        raise ReaderError(where(abstract_part[0].line),
                          "expected a keyword line after the abstract",
                          "keywords are one comma-separated line ending with a full stop")
    line = abstract_part[1].text.strip().rstrip(".")
    return tuple(k.strip() for k in line.split(",") if k.strip())


def _venue_from_citation(citation: str, declared: Venue) -> Venue:
    """The journal's suggested citation names journal, year, issue and pages;
    paper.yml wins where it says otherwise."""
    m = SUGGESTED_VENUE.search(citation)
    found = m.groupdict() if m else {}
    return stated_venue_first(declared, Venue(**{k: v for k, v in found.items() if v}))
