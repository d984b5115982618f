"""Stage 1c: read Markdown that any common PDF converter made (docling,
marker, pymupdf4llm, markitdown, GROBID, publisher HTML-to-Markdown).

Structure is found by evidence, in this order: page furniture set aside,
front matter, headings, the reference list, footnotes, tables, figures and
maths, page-break splits joined across whatever the page put between the
halves, words repaired, citations linked. Whatever is recognised becomes
structure; whatever is repaired or removed is listed in the import report with
its RAW source line; whatever cannot be placed stays as text with a warning.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from build_tools import urls
from build_tools.language_names import language_name
from build_tools.model import (
    CitationMarker,
    Footnote,
    FootnoteMarker,
    MathSpan,
    PageBreak,
    Paper,
    Paragraph,
    ParagraphKind,
    RawReference,
    ReportAction,
    ReportItem,
    Section,
    SourceFormat,
    Table,
    Venue,
)
from build_tools.read.citations_in_text import (
    CitationProblem,
    ReferenceIndex,
    cites_by_name,
    find_author_year_citations,
    find_numeric_citations,
    numeric_marker,
)
from build_tools.read.column_interleaving import detect_interleaved_columns
from build_tools.read.entries_before_the_list import entries_before_the_list
from build_tools.read.footnotes import (
    CALL_END,
    CALL_SENTINEL,
    CALL_START,
    FootnoteScan,
    explicit_calls,
    note_lines_in_block,
    scan_footnotes,
)
from build_tools.read.front_matter_detection import (
    FrontMatter,
    detect_front_matter,
    is_article_type,
    reads_as_author_block,
)
from build_tools.read.headings import Heading, expected_next_numbers, parse_heading, without_letter_spacing
from build_tools.read.page_furniture import first_page_box_reason, remove_first_page_boxes, remove_page_furniture
from build_tools.read.paper_directory import PaperSource
from build_tools.read.paragraph_numbers import remove_paragraph_numbers
from build_tools.read.paragraphs import Block, ends_mid_sentence, split_blocks, split_closing_block_quote
from build_tools.read.publisher_back_matter import (
    remove_download_cover_sheet,
    remove_own_citation,
    split_run_in_back_matter,
)
from build_tools.read.reference_list import (
    AUTHOR_START,
    NUMBERED_ENTRY,
    REPEATED_AUTHORS,
    YEAR,
    ReferenceEntry,
    authors_and_year,
    numbered_entries_run_together,
    repair_broken_urls,
    repair_glued_initial,
    repeated_authors,
    split_reference_entries,
)
from build_tools.read.reference_tables import reference_tables_as_entries
from build_tools.read.repository_cover_sheet import REASON as COVER_SHEET_REASON
from build_tools.read.repository_cover_sheet import remove_repository_cover_sheet
from build_tools.read.table_cells import with_cell_citations
from build_tools.read.tables import (
    FIGURE_CAPTION,
    FORMULA_PLACEHOLDER,
    TABLE_CAPTION,
    caption_label,
    continued_caption,
    continues_across_a_page,
    display_math,
    is_pipe_table,
    joined_across_a_page,
    looks_like_equation,
    looks_like_flattened_table,
    looks_like_garbled_formula,
    looks_like_table_header,
    looks_like_table_rows,
    parse_pipe_table,
    picture_text_lines,
    pipe_table_row_lines,
)
from build_tools.read.text_language import text_language
from build_tools.read.text_repair import Vocabulary, rejoin_hyphenation, split_run_together_words
from build_tools.read.uncalled_superscripts import lost_calls
from build_tools.spans import Spans

MATH_START, MATH_END = "\ue002", "\ue003"
STRUCK_RULE = re.compile(r"^\s*~~\s*[.,]?\s*~~\s*[.,]?")
CITE_START, CITE_END = "\ue004", "\ue005"
# Where a paragraph split by a page break was joined: the next page begins here.
PAGE_START = "\ue006"
# `\( … \)` stops at the next `\(` (the TeX between cannot hold one):
# searched to the end from each of 100 KB of openers, it was quadratic.
INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?=[^\s$\d])([^$\n]+?)(?<=[^\s\\])\$(?![\w$])|"
                         r"\\\(((?:(?!\\\().)+?)\\\)", re.S)
SUP_NUMBERS = re.compile(r"<sup>\s*(\d{1,4}(?:\s*[-–,]\s*\d{1,4})*)\s*</sup>|\^(\d{1,4}(?:[-–,]\d{1,4})*)\^")
# Science and Science Advances print a citation as italic numbers in
# parentheses, "( _5, 11–14_ )" once converted: the italics tell it from an
# enumeration "(1)" or an equation number, which are upright.
# A converter may close the italics at each comma: "( _5_ , _11–14_ )".
ITALIC_NUMBERS = r"[*_]{1,2}\s?\d{1,4}(?:\s?[-–—,]\s?\d{1,4}){0,20}\s?[*_]{1,2}"
ITALIC_NUMBERS_IN_PARENTHESES = re.compile(rf"\(\s?({ITALIC_NUMBERS}(?:\s?[-–—,]\s?{ITALIC_NUMBERS}){{0,10}})\s?\)")
LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+\S")
# Blocks a page may put between the halves of a split paragraph.
ASIDE_KINDS = {ParagraphKind.TABLE, ParagraphKind.LOST_TABLE, ParagraphKind.FIGURE,
               ParagraphKind.FORMULA, ParagraphKind.GARBLED_FORMULA}
JOIN_LOOKAHEAD = 6
# Numbers this many blocks from a figure's caption are that figure's labels.
FIGURE_TEXT_DISTANCE = 1
FIGURE_TEXT_MAX_WORDS = 25


@dataclass
class Item:
    """A body block once classified."""

    kind: ParagraphKind | None   # None for a heading
    text: str                    # Markdown as received (with sentinels), or TeX, or caption
    line: int
    heading: Heading | None = None
    table: Table | None = None
    joined_lines: list[int] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)  # a table's, header first


class Report:
    """The import report, in raw source lines."""

    def __init__(self, source: PaperSource) -> None:
        self.source = source
        self.items: list[ReportItem] = []

    def add(self, action: ReportAction, line: int, message: str, whole_page: bool = False) -> None:
        self.items.append(ReportItem(action, message, self.source.where(line), whole_page))


def read_converted_markdown(source: PaperSource) -> Paper:
    report = Report(source)
    report.add(ReportAction.DETECTED, 1, "format: Markdown converted from a PDF, read by evidence")
    if interleaving := detect_interleaved_columns(source.text):
        report.add(ReportAction.NEEDS_HUMAN, interleaving.first_line,
                   f"this conversion interleaves two columns: {interleaving.breaks} lines break a word or start "
                   f"a reference entry in their middle, where the other column went on (e.g. "
                   f"{interleaving.example!r}), so "
                   "sentences, headings and references are mixed within lines and cannot be repaired from the "
                   "text; use another converter (pymupdf4llm, docling) or the publisher's JATS", whole_page=True)
    blocks = split_structures(split_blocks(source.text))
    blocks, cover = remove_repository_cover_sheet(blocks)
    for block in cover:
        report.add(ReportAction.REMOVED, block.line, f"{COVER_SHEET_REASON}: {block.lines[0][:160]!r}")
    blocks, furniture = remove_page_furniture(blocks)
    for removed in furniture:
        report.add(ReportAction.REMOVED, removed.block.line, f"{removed.reason}: {removed.block.lines[0][:160]!r}")
    vocabulary = Vocabulary(source.text)
    blocks = _headings_spaced(blocks, vocabulary, report)
    front = detect_front_matter(blocks)
    _report_front(front, report)
    body = [*front.unplaced, *(b for i, b in enumerate(blocks) if i >= front.body_start and i not in front.taken)]
    body, boxes = remove_first_page_boxes(body, len(source.text.split("\n")))
    abstract_blocks, abstract_boxes = remove_first_page_boxes(list(front.abstract), len(source.text.split("\n")))
    boxes += abstract_boxes
    for removed in boxes:
        report.add(ReportAction.REMOVED, removed.block.line, f"{removed.reason}: {removed.block.lines[0][:160]!r}")
    body, cover_sheet = remove_download_cover_sheet(body, front.title)
    body, own_citation = remove_own_citation(body, front.title)
    body, run_in_labels = split_run_in_back_matter(body)
    for change in (*cover_sheet, *own_citation):
        report.add(ReportAction.REMOVED, change.block.line, f"{change.what}: {change.block.lines[0][:160]!r}")
    for change in run_in_labels:
        report.add(ReportAction.DETECTED, change.block.line, f"{change.what}: {change.block.lines[0][:80]!r}")
    unplaced = {id(b) for b in body}
    for block in (b for b in front.unplaced if id(b) in unplaced):
        report.add(ReportAction.NEEDS_HUMAN, block.line,
                   f"front-matter text not recognised, kept at the start of the body: {block.lines[0][:120]!r}")

    body, before_the_list = entries_before_the_list(body, _entry_like)
    for block in before_the_list:
        report.add(ReportAction.REPAIRED, block.line, "a reference entry the conversion put before the list's "
                   f"heading (column order) read as the end of the list: {block.lines[0][:80]!r}")
    body, reference_blocks, note_blocks = _split_off_references(body, report)
    body, margin_numbers = remove_paragraph_numbers(body)
    for number in margin_numbers:
        report.add(ReportAction.REMOVED, number.block.line, f"the paragraph's number printed in the margin: "
                   f"'[{number.number}]'")
    body += note_blocks
    reference_blocks, reference_tables = reference_tables_as_entries(reference_blocks)
    for table in reference_tables:
        report.add(ReportAction.REPAIRED, table.line, f"part of the reference list the conversion set as a table "
                   f"({table.cells} cells, lines joined by '<br>') read as entries, column by column")
    entries, run_together = numbered_entries_run_together(split_reference_entries(reference_blocks))
    for label in run_together:
        entry = next(e for e in entries if e.label == label)
        report.add(ReportAction.REPAIRED, entry.line, f"entry {label} was run into the entry before it (the "
                   f"conversion lost the line break): split where its number is printed: {entry.text[:60]!r}")
    references = []
    for entry, repeated in zip(entries, repeated_authors([e.text for e in entries]), strict=True):
        text, url_repairs = repair_broken_urls(entry.text)
        for before, after in url_repairs:
            report.add(ReportAction.REPAIRED, entry.line, f"rejoined a broken URL or DOI: {before!r} → {after!r}")
        text, glued = repair_glued_initial(text)
        if glued:
            report.add(ReportAction.REPAIRED, entry.line,
                       f"put back the space after an initial glued to the title: {glued[0]!r} → {glued[1]!r}")
        if struck := STRUCK_RULE.match(text):
            # The rule biblatex draws as a line comes out of pymupdf4llm as a
            # struck-through full stop; the paper printed a rule.
            text = "———. " + text[struck.end():].lstrip()
            report.add(ReportAction.REPAIRED, entry.line, f"the repeated-authors rule the conversion set as a "
                       f"struck-through stop {struck.group(0).strip()!r} is shown as '———.'")
        if REPEATED_AUTHORS.match(text) and repeated:
            report.add(ReportAction.DETECTED, entry.line,
                       f"the dashes repeat the authors of the entry before: {repeated!r}")
        elif REPEATED_AUTHORS.match(text):
            report.add(ReportAction.NEEDS_HUMAN, entry.line,
                       "the dashes repeat the authors of the entry before, which prints none")
        references.append(RawReference(source.metadata.slug, entry.label, text, source.where(entry.line),
                                       repeated_authors=repeated))
        if not numbered_entries(entries):
            _report_unreachable_entry(text, entry.line, report)
    numbered = numbered_entries(entries)
    if reference_blocks:
        report.add(ReportAction.DETECTED, reference_blocks[0].line,
                   f"{len(references)} references, {'numbered' if numbered else 'unnumbered (labelled 1..n in order)'}")
    else:
        report.add(ReportAction.NEEDS_HUMAN, 1, "no reference list found (expected a heading such as 'References')")
    index = ReferenceIndex.build(tuple(references), numbered)
    if numbered and cites_by_name("\n\n".join(b.text for b in body), index):
        index.cited_by_name = True
        report.add(ReportAction.DETECTED, reference_blocks[0].line, "the text cites the numbered list by name and "
                   "year, not by number: a citation that finds no entry is listed here")
        for reference in references:
            _report_unreachable_entry(reference.text, reference.location.line, report)

    items = _classify(body, report)
    front_calls = _front_matter_calls(blocks[:front.body_start])
    notes = _extract_footnotes(items, report, {b.line for b in note_blocks}, front_calls,
                               bracket_calls=not numbered)
    items = _join_page_break_splits(items, report)
    # An author line in a shape no rule reads keeps its raised marks as text.
    builder = ParagraphBuilder(source, report, index, frozenset(notes), vocabulary,
                               uncited_lines=frozenset(b.line for b in front.unplaced if reads_as_author_block(b.text)))
    sections = _sections(items, builder, report)
    footnotes = tuple(
        Footnote(label, (builder.paragraph(urls.footnote_anchor(label), text, ParagraphKind.TEXT, line),),
                 source.where(line))
        for label, (text, line) in notes.items())
    abstract = tuple(builder.paragraph(f"abstract-p{n}", b.text, ParagraphKind.TEXT, b.line)
                     for n, b in enumerate(abstract_blocks, start=1))
    if not front.abstract:
        report.add(ReportAction.NEEDS_HUMAN, 1, "no abstract found (expected an 'Abstract' heading or label)")
    abstract, sections = _number_pages(abstract, sections, report)
    citation_count = sum(len(p.all_citations) for s in sections for p in s.paragraphs)
    report.add(ReportAction.DETECTED, 1, f"{citation_count} in-text citations linked, "
               f"{len(footnotes)} footnotes, {sum(1 for s in sections for p in s.paragraphs if p.table)} tables")
    metadata = source.metadata
    return Paper(
        metadata=metadata, format=SourceFormat.CONVERTED_MARKDOWN, title=front.title or metadata.short_title,
        authors=tuple(front.authors), abstract=abstract, keywords=front.keywords, sections=sections,
        references=tuple(references), venue=metadata.venue if metadata.venue != Venue() else Venue(),
        doi=metadata.doi or front.doi, footnotes=footnotes, import_report=tuple(report.items),
    )


HEADING_LINE = re.compile(r"^(#{1,6}\s+)(.+)$")
WORDS_HEADING = re.compile(r"[*_\s]*(?:\d{1,2}(?:\.\d{1,2})*\.?\s*)?[^\d/()]+")


def _headings_spaced(blocks: list[Block], vocabulary: Vocabulary, report: Report) -> list[Block]:
    """pymupdf4llm drops the spaces of text set in some bold fonts: a whole
    heading comes out as one run ("## **Authoritarianinstitutions**", the title
    "# **NGOsandAuthoritarianism**"). Such a heading's words are cut apart as
    the body's runs are (words the paper or the word list knows stay whole),
    before the title, the authors and the sections are read from them."""
    out: list[Block] = []
    for block in blocks:
        m = HEADING_LINE.match(block.text) if "\n" not in block.text else None
        # Words only, maybe after a section number: a running head set as a
        # heading ("10.7717/peerj-cs.118, DOI PeerJComput.Sci.") is no title to space.
        if m is None or not WORDS_HEADING.fullmatch(m.group(2).strip()):
            out.append(block)
            continue
        title, repairs = split_run_together_words(m.group(2), vocabulary)
        if repairs:
            report.add(ReportAction.REPAIRED, block.line, f"spaced a heading whose words the conversion ran "
                       f"together: {m.group(2).strip()!r} → {title.strip()!r}")
            block = replace(block, text=m.group(1) + title)
        out.append(block)
    return out


def _report_unreachable_entry(text: str, line: int, report: Report) -> None:
    """Linking by author and year needs both: say so rather than show "n.d." quietly."""
    if authors_and_year(text) is None:
        report.add(ReportAction.NEEDS_HUMAN, line, "reference entry with no year or no authors the reader can "
                   f"see; citations cannot reach it: {text[:100]!r}")


def numbered_entries(entries: list[ReferenceEntry]) -> bool:
    return bool(entries) and entries[0].numbered


def _report_front(front: FrontMatter, report: Report) -> None:
    for block in front.before_title:
        why = first_page_box_reason(" ".join(block.text.split()), near_the_start=True)
        if not why:
            why = ("the article type over the title" if is_article_type(block.text)
                   else "the first page's header above the title")
        report.add(ReportAction.REMOVED, block.line, f"{why}: {block.lines[0][:160]!r}")
    for line, what in front.detected:
        report.add(ReportAction.DETECTED, line, what)
    for block, why in front.removed:
        report.add(ReportAction.REMOVED, block.line, why)
    if not front.title:
        report.add(ReportAction.NEEDS_HUMAN, 1, "no title found; the short title from paper.yml is shown")
    if not front.authors:
        report.add(ReportAction.NEEDS_HUMAN, front.title_line or 1, "no author line recognised")


def split_structures(blocks: list[Block]) -> list[Block]:
    """Give headings, list items and tables blocks of their own: converters
    often put "## 2 Methods" straight above its first paragraph, or a list
    without blank lines between items."""
    out: list[Block] = []
    for block in _pipe_tables_apart(blocks):
        lines = block.lines
        if is_pipe_table(lines) or display_math(block.text) is not None:
            out.append(block)
            continue
        current: list[str] = []
        start = block.line
        for offset, line in enumerate(lines):
            alone = _is_back_matter_line(line) and len(lines) > 1
            starts_own = bool(re.match(r"^#{1,6}\s", line)) or alone or (
                bool(LIST_ITEM.match(line)) and (LIST_ITEM.match(lines[0]) is not None))
            if starts_own and current:
                out.append(Block("\n".join(current), start, 0))
                current = []
            if not current:
                start = block.line + offset
            current.append(line)
            if re.match(r"^#{1,6}\s", line) or alone:
                out.append(Block("\n".join(current), start, 0))
                current = []
        if current:
            out.append(Block("\n".join(current), start, block.blank_lines_before))
    return out


def _pipe_tables_apart(blocks: list[Block]) -> list[Block]:
    """A pipe table right under its caption in one block ("Table4.
    Granularity …\n| PanelA | …") is a block of its own, as is the text
    after it, so it is read as a table with that caption."""
    out: list[Block] = []
    for block in blocks:
        lines = block.lines
        # Only after a caption: markitdown also sets a page's layout as pipe
        # tables inside text, which are not tables.
        starts = [k for k in range(1, len(lines)) if is_pipe_table(lines[k:k + 3])
                  and caption_label(without_letter_spacing(lines[k - 1].strip()), TABLE_CAPTION)]
        if not starts:
            out.append(block)
            continue
        cuts = sorted({0, len(lines), *starts, *(
            next((j for j in range(k, len(lines)) if not lines[j].lstrip().startswith("|")), len(lines))
            for k in starts)})
        for a, b in pairwise(cuts):
            if a < b:
                out.append(Block("\n".join(lines[a:b]), block.line + a,
                                 block.blank_lines_before if a == 0 else 0))
    return out


def _is_back_matter_line(line: str) -> bool:
    """"REFERENCES" or "Acknowledgements" alone on a line inside a block:
    converters that drop blank lines (markitdown) leave headings so."""
    if len(line.split()) > 4:  # first: most lines are longer, and reading a heading costs more
        return False
    heading = parse_heading(line.strip())
    return heading is not None and heading.back_matter and not heading.number


def _split_off_references(body: list[Block], report: Report | None = None,
                          ) -> tuple[list[Block], list[Block], list[Block]]:
    """The blocks under the (last) references heading, up to the next
    heading that is not part of the list (an appendix after it), and the
    notes that follow the list with no heading of their own."""
    positions = [i for i, b in enumerate(body) if (h := b.heading) and h.is_references]
    if not positions:
        return body, [], []
    # The first list is the paper's; a later one (a supplement's) stays a section.
    start = positions[0]
    body = body[:start + 1] + [_note_not_heading(b, report) for b in body[start + 1:]]
    body, references = _references_between(body, start)
    notes_at = _trailing_notes(references)
    if notes_at is None:
        return body, references, []
    if report is not None:
        report.add(ReportAction.DETECTED, references[notes_at].line,
                   "notes numbered from 1 after the reference list, each ending with a back link (↩): footnotes")
    return body, references[:notes_at], references[notes_at:]


# An HTML note's back link to its call, as a converter leaves it: "↩", "<u>↩</u>".
BACK_LINK = re.compile(r"\s*(?:<u>\s*)?↩\ufe0e?(?:\s*</u>)?\s*$")
NOTE_START = re.compile(r"^(?:#{1,6}\s+)?(\d{1,3})[.)]\s+\S")
# A note list is told from a reference list restarting its numbers by the
# back links: at least this share of the numbered items carry one.
NOTE_BACK_LINK_SHARE = 0.5
NOTES_AFTER_ENTRIES = 3


def _note_not_heading(block: Block, report: Report | None) -> Block:
    """"## 1. **Editor …** <u>↩</u>": a note ending with its back link that
    the converter set as a heading (bold text) is a note, not a section."""
    text = block.text
    if "\n" in text or not re.match(r"^#{1,6}\s", text) or not NOTE_START.match(text) or not BACK_LINK.search(text):
        return block
    if report is not None:
        report.add(ReportAction.REPAIRED, block.line, f"a note set as a heading read as a note: {text[:80]!r}")
    return Block(re.sub(r"^#{1,6}\s+", "", text), block.line, block.blank_lines_before)


def _trailing_notes(references: list[Block]) -> int | None:
    """Where a run of notes numbered 1, 2, 3 … starts after a reference
    list of at least a few entries (pandoc's and other HTML notes: the
    numbers restart, and the items end with a back link "↩")."""
    for k in range(NOTES_AFTER_ENTRIES, len(references)):
        first = NOTE_START.match(references[k].text)
        if first is None or first.group(1) != "1":
            continue
        numbered = [(m, b) for b in references[k:] if (m := NOTE_START.match(b.text))]
        labels = [int(m.group(1)) for m, _ in numbered]
        if labels != list(range(1, len(labels) + 1)):
            continue
        linked = sum(1 for _, b in numbered if BACK_LINK.search(b.text))
        if linked >= NOTE_BACK_LINK_SHARE * len(numbered):
            return k
    return None


def _front_matter_calls(front: list[Block]) -> frozenset[str]:
    """Note numbers glued to an author's name ("Esther Majerowicz
    Gouveia1"): those notes are called from the front matter, so the
    body's calls start after them."""
    calls: set[str] = set()
    for block in front:
        for line in block.lines:
            plain = re.sub(r"[*_]", "", line).strip()
            if m := re.match(r"^[A-Z][\w'’.\- ]+[a-z](\d{1,2}(?:,\d{1,2})*)$", plain):
                calls.update(m.group(1).split(","))
    return frozenset(calls)


def _references_between(body: list[Block], start: int) -> tuple[list[Block], list[Block]]:
    """The reference list of the heading at `start`: the blocks under it when
    they are entries, else the run of entries that follows it (a two-column
    page may set the heading before the other column's back matter and
    endnotes, which stay in the body)."""
    # A back-matter heading set in bold ("**Competing interests**" after a BMC list) ends it too. Not a
    # plain line: markitdown interleaves the other column's "Funding" with the entries; nor a bold
    # number, which may be an entry's.
    end = next((j for j in range(start + 1, len(body))
                if (h := body[j].heading) and (h.back_matter or h.number) and not h.is_references
                and "\n" not in body[j].text and len(body[j].text) < 80
                and (body[j].text.lstrip().startswith("#") or (h.back_matter and not h.number
                                                               and h.style.endswith(":bold")))),
               len(body))
    under = body[start + 1:end]
    if sum(1 for b in under if _entry_like(b)) >= max(1, len(under) // 3):
        return body[:start] + body[end:], under
    runs = [run for run in (_numbered_run_after(body, start + 1), _entry_run_after(body, start + 1)) if run]
    if runs:
        first, last = max(runs, key=lambda run: sum(1 for b in body[run[0]:run[1]] if _entry_like(b)))
        if sum(1 for b in body[first:last] if _entry_like(b)) >= ENTRIES_FOR_A_LIST:
            return body[:start] + body[start + 1:first] + body[last:], body[first:last]
    return body[:start] + body[end:], under


ENTRIES_FOR_A_LIST = 3
# Blocks that are no entry a run of entries may hold (an entry broken by a
# page, a running head the furniture rules missed) before it ends.
NON_ENTRIES_IN_A_RUN = 2


def _entry_like(block: Block) -> bool:
    """A block that opens like a reference entry ("Walt, Stephen M. 1987.",
    "Angrist JD and Pischke JS (2008)", "12. Ovretveit J, …") and has a year;
    a numbered endnote ("1. Human Security Report Project (2011) debunked …")
    opens like prose."""
    text = re.sub(r"^(?:#{1,6}\s+|[-*+•]\s+)", "", block.text.strip())
    numbered = NUMBERED_ENTRY.match(text)
    if numbered:
        text = numbered.group(4)
    return bool(AUTHOR_START.match(text)) and bool(YEAR.search(text))


def _entry_run_after(body: list[Block], start: int) -> tuple[int, int] | None:
    """The longest run of entry-like blocks after `start`, headings aside
    (notes and back matter may stand between the heading and the list)."""
    best: tuple[int, int, int] | None = None  # entries, first, last
    j = start
    while j < len(body):
        if not _entry_like(body[j]):
            j += 1
            continue
        first, last, entries, gap = j, j + 1, 0, 0
        while j < len(body) and gap <= NON_ENTRIES_IN_A_RUN:
            if _entry_like(body[j]):
                entries, last, gap = entries + 1, j + 1, 0
            elif body[j].heading is not None:
                break
            else:
                gap += 1
            j += 1
        if best is None or entries > best[0]:
            best = (entries, first, last)
    return (best[1], best[2]) if best else None


def _numbered_run_after(body: list[Block], start: int) -> tuple[int, int] | None:
    """A references heading with no entries under it (a two-column page set
    it before the other column's text): the list is the first run of blocks
    numbered 1, 2, 3 … with a year each that follows it. Unnumbered blocks
    inside the run (an entry broken by a page) belong to it only when the
    next number follows them; the run ends at the last numbered entry."""
    for first in range(start, len(body)):
        m = NUMBERED_ENTRY.match(body[first].text)
        if m is None or next(g for g in m.groups()[:3] if g) != "1" or not YEAR.search(body[first].text):
            continue
        expected, last, position = 2, first + 1, first + 1
        while position < len(body) and position - last <= 2:
            m = NUMBERED_ENTRY.match(body[position].text)
            if m is not None and next(g for g in m.groups()[:3] if g) == str(expected):
                expected, last = expected + 1, position + 1
            elif parse_heading(body[position].text.strip()) is not None:
                break
            position += 1
        if expected > 3:  # at least three entries: a numbered list in the text is shorter
            return first, last
    return None


def _classify(blocks: list[Block], report: Report) -> list[Item]:
    items: list[Item] = []
    for block in blocks:
        text = block.text.strip()
        heading = block.heading if text == block.text else parse_heading(text)
        if heading is not None and not heading.number and _is_caption(heading.title):
            # "###### **Table S1.** Continued.": a caption the converter set in a heading's font.
            text, heading = heading.title, None
        if heading is not None:
            items.append(Item(None, text, block.line, heading=heading))
            continue
        if is_pipe_table(block.lines):
            table = _plain_cells(parse_pipe_table(block.lines))
            if not any(any(cell for cell in row) for row in (table.header, *table.rows)):
                report.add(ReportAction.REMOVED, block.line, "empty table skeleton")
                continue
            items.append(Item(ParagraphKind.TABLE, "", block.line, table=table,
                              row_lines=pipe_table_row_lines(block.lines, block.line)))
            continue
        if (tex := display_math(text)) is not None:
            items.append(Item(ParagraphKind.FORMULA, tex, block.line))
            continue
        if looks_like_garbled_formula(text):
            what = "formula the converter did not decode" if FORMULA_PLACEHOLDER.match(text) else text
            items.append(Item(ParagraphKind.GARBLED_FORMULA, what, block.line))
            report.add(ReportAction.NEEDS_HUMAN, block.line, f"maths garbled by the conversion: {text[:80]!r}")
            continue
        if (picture := picture_text_lines(text)) is not None:
            items.extend(_picture_text(picture, block, report))
            continue
        caption = without_letter_spacing(text)  # Wiley's "**T A B L E 1**"
        if caption_label(caption, FIGURE_CAPTION):
            items.append(Item(ParagraphKind.FIGURE, caption, block.line))
            continue
        if caption_label(caption, TABLE_CAPTION) and len(text.split()) < 120:
            items.append(Item(ParagraphKind.LOST_TABLE, caption, block.line))  # settled below
            continue
        # "> 12. Responses 1228 and 1265.": a note at the page foot, numbers and all.
        if looks_like_flattened_table(text) and not QUOTED_NOTE.match(text.lstrip("> ")):
            if items and items[-1].kind is ParagraphKind.LOST_TABLE and items[-1].table is None:
                items[-1].text += "\n" + text
                items[-1].joined_lines.append(block.line)
            else:
                items.append(Item(ParagraphKind.LOST_TABLE, text, block.line))
            continue
        if text.startswith(">"):
            items.append(Item(ParagraphKind.QUOTE, re.sub(r"(?m)^>\s?", "", text), block.line))
            continue
        if LIST_ITEM.match(text) and not re.match(r"^\d{1,3}[.)]\s+[A-Z][^.]{0,60}$", text):
            items.append(Item(ParagraphKind.LIST_ITEM, re.sub(r"^\s*(?:[-*+•])\s+", "", text), block.line))
            continue
        items.append(Item(ParagraphKind.TEXT, text, block.line))
    return _joined_page_continuations(
        _attach_table_captions(_without_figure_text(_flattened_table_bodies(items), report), report), report)


def _is_caption(title: str) -> bool:
    plain = without_letter_spacing(title)
    return bool(continued_caption(plain) or caption_label(plain, TABLE_CAPTION) or caption_label(plain, FIGURE_CAPTION))


def _picture_text(lines: list[str], block: Block, report: Report) -> list[Item]:
    """Text drawn inside a picture: an equation is a formula the conversion
    garbled; a figure's caption is the figure; the rest (axis labels, tick
    values, legends) is the figure's, not the paper's text."""
    if looks_like_equation(lines):
        report.add(ReportAction.NEEDS_HUMAN, block.line, f"maths set as a picture: {' '.join(lines)[:80]!r}")
        return [Item(ParagraphKind.GARBLED_FORMULA, " ".join(lines), block.line)]
    if lines and caption_label(lines[0], FIGURE_CAPTION):
        caption = [lines[0]]
        for line in lines[1:]:
            if re.search(r"\d", line) or len(line.split()) > 12:
                break
            caption.append(line)
        report.add(ReportAction.REMOVED, block.line, "text drawn inside the figure (axis labels, values) after its "
                   f"caption: {' '.join(lines[len(caption):])[:100]!r}")
        return [Item(ParagraphKind.FIGURE, " ".join(caption), block.line)]
    report.add(ReportAction.REMOVED, block.line, f"text drawn inside a figure (axis labels, values, legend): "
               f"{' '.join(lines)[:100]!r}")
    return []


def _flattened_table_bodies(items: list[Item]) -> list[Item]:
    """A table caption with no pipe table after it, followed by short lines of
    labels and numbers: the table's body, flattened by the converter. It joins
    the caption as one lost table, not a run of paragraphs or several lost tables."""
    out: list[Item] = []
    for position, item in enumerate(items):
        table = next((o for o in reversed(out[-1:]) if o.kind is ParagraphKind.LOST_TABLE and o.table is None), None)
        nxt = items[position + 1] if position + 1 < len(items) else None
        joins = table is not None and (
            (item.kind in (ParagraphKind.TEXT, ParagraphKind.LOST_TABLE, ParagraphKind.GARBLED_FORMULA)
             and looks_like_table_rows(item.text)
             and not caption_label(item.text, TABLE_CAPTION))
            or ((item.kind is ParagraphKind.TEXT or item.heading is not None) and looks_like_table_header(item.text)
                and nxt is not None and nxt.kind is not ParagraphKind.TABLE and (
                    looks_like_table_rows(nxt.text) or looks_like_table_header(nxt.text)
                    or (nxt.kind is ParagraphKind.LOST_TABLE and not caption_label(nxt.text, TABLE_CAPTION)))))
        if joins and table is not None:
            table.text += "\n" + item.text
            table.joined_lines.append(item.line)
            continue
        out.append(item)
    return out


def _without_figure_text(items: list[Item], report: Report) -> list[Item]:
    """Numbers beside a figure's caption with no table caption nearer are the
    figure's axis labels and tick values, not a table lost in conversion."""
    figures = [i for i, item in enumerate(items) if item.kind is ParagraphKind.FIGURE]
    # Only prose and tables stand between a figure and the text of another
    # thing; a figure's own labels come in many short pieces.
    substantial = [i for i, item in enumerate(items) if item.heading is None and (
        len(item.text.split()) >= FIGURE_TEXT_MAX_WORDS or caption_label(item.text, TABLE_CAPTION)
        or item.kind is ParagraphKind.TABLE) and item.kind is not ParagraphKind.FIGURE]
    out: list[Item] = []
    for i, item in enumerate(items):
        lone = item.kind is ParagraphKind.LOST_TABLE and item.table is None and not caption_label(
            item.text, TABLE_CAPTION)
        # Nearness (every figure, every block between) only for a lone block of numbers.
        if lone and any(sum(1 for s in substantial if min(i, f) < s < max(i, f)) < FIGURE_TEXT_DISTANCE
                        for f in figures):
            report.add(ReportAction.REMOVED, item.line, f"text drawn inside a figure (axis labels, values): "
                       f"{' '.join(item.text.split())[:100]!r}")
            continue
        out.append(item)
    return out


def _plain_cells(table: Table) -> Table:
    """Cells as the reader sees them: a converter writes line breaks inside a
    cell as "<br>" and keeps bold and superscript markup (pymupdf4llm)."""
    def plain(cell: str) -> str:
        return to_plain_text(re.sub(r"<br\s*/?>", " ", cell))
    return Table(tuple(plain(c) for c in table.header), tuple(tuple(plain(c) for c in row) for row in table.rows),
                 table.label)


# "Table S2", "Figure S1": the numbering of a supplement published apart.
SUPPLEMENTARY_LABEL = re.compile(r"\w+ S\d+[a-z]?")


def _attach_table_captions(items: list[Item], report: Report) -> list[Item]:
    """A "Table 2: …" caption next to a pipe table becomes that table's
    caption; a caption with no table near it is a table lost in conversion."""
    out: list[Item] = []
    used: set[int] = set()
    for i, item in enumerate(items):
        if i in used:
            continue
        is_caption = item.kind is ParagraphKind.LOST_TABLE and caption_label(item.text.split("\n")[0], TABLE_CAPTION)
        if is_caption:
            label = caption_label(item.text, TABLE_CAPTION)
            assert label is not None
            neighbour = next((j for j in (i + 1, i + 2, i - 1) if 0 <= j < len(items) and j not in used
                              and items[j].kind is ParagraphKind.TABLE and not items[j].text), None)
            if neighbour is not None:
                table = items[neighbour].table
                assert table is not None
                items[neighbour].table = Table(table.header, table.rows, label[0])
                items[neighbour].text = item.text
                if neighbour < i:
                    continue
                used.add(neighbour)
                out.append(items[neighbour])
                continue
            if SUPPLEMENTARY_LABEL.fullmatch(label[0]):
                # "Table S2. Descriptive statistics …": the list of what the online supplement holds.
                report.add(ReportAction.DETECTED, item.line, f"{label[0]}: a table of the supplement, listed by "
                           "its caption (not in this text); kept as text")
                out.append(Item(ParagraphKind.TEXT, item.text, item.line))
                continue
            report.add(ReportAction.NEEDS_HUMAN, item.line,
                       f"{label[0]}: no table found beside its caption; shown as a table lost in conversion")
        elif item.kind is ParagraphKind.LOST_TABLE:
            report.add(ReportAction.NEEDS_HUMAN, item.line, "numbers without a table structure; kept as one "
                       "block marked as a table lost in conversion")
        out.append(item)
    return out


def _joined_page_continuations(items: list[Item], report: Report) -> list[Item]:
    """A table that runs over a page break is one table, not one per page
    (the page's running head and number between its parts are gone by now)."""
    out: list[Item] = []
    position = 0
    while position < len(items):
        item, continued = items[position], None
        nxt = items[position + 1] if position + 1 < len(items) else None
        if (item.kind is ParagraphKind.TEXT and continued_caption(item.text)
                and nxt is not None and nxt.kind is ParagraphKind.TABLE and not nxt.text):
            continued, item = item, nxt  # "Table 2 (continued)" over the next part
        position += 2 if continued else 1
        previous = out[-1] if out else None
        if (previous is not None and previous.kind is ParagraphKind.TABLE and item.kind is ParagraphKind.TABLE
                and previous.table is not None and item.table is not None
                and continues_across_a_page(previous.table, item.table, (continued or item).text)):
            opening = [] if item.table.header == previous.table.header else item.row_lines[:1]
            previous.table = joined_across_a_page(previous.table, item.table)
            previous.row_lines += opening + item.row_lines[1:]
            report.add(ReportAction.REPAIRED, item.line,
                       f"{previous.table.label or 'a table'} continued over a page break: joined to its part "
                       f"at line {previous.line}")
            continue
        out.extend((continued, item) if continued else (item,))
    return out


def _split_off_foot_notes(items: list[Item], bracket_calls: bool, known_calls: dict[str, frozenset[str]]) -> None:
    """Notes a converter left inside a paragraph's block, at the foot of its
    page, become blocks of their own (each line that opens with the number of
    a note the text calls)."""
    calls = explicit_calls([(i, it.text, it.line, False) for i, it in enumerate(items)
                            if it.kind is ParagraphKind.TEXT], bracket_calls, known_calls)
    position = 0
    while position < len(items):
        item = items[position]
        starts = note_lines_in_block(item.text, calls) if item.kind is ParagraphKind.TEXT else []
        if starts:
            lines = item.text.split("\n")
            bounds = [0, *starts, len(lines)]
            pieces = [Item(ParagraphKind.TEXT, "\n".join(lines[a:b]), item.line + a) for a, b in pairwise(bounds)]
            items[position:position + 1] = pieces
            position += len(pieces)
            continue
        position += 1


QUOTED_NOTE = re.compile(r"^(\d{1,3})\.\s+\S")


def _numbered_notes_at_page_foot(items: list[Item], bracket_calls: bool,
                                 known_calls: dict[str, frozenset[str]]) -> set[int]:
    """pymupdf4llm sets a one-column manuscript's notes at the page foot as
    block quotes ("> 1. Data comes from …") or as numbered paragraphs ("1. The
    creators of …"): such a block is a note (by index) when the text calls
    its number by a superscript, a numbered paragraph only after that call
    (a list in the body that comes first stays a list)."""
    quoted_calls = explicit_calls([(i, it.text, it.line, False) for i, it in enumerate(items)
                                   if it.kind is ParagraphKind.TEXT], bracket_calls, known_calls)
    called_before: set[str] = set()
    found: set[int] = set()
    for i, item in enumerate(items):
        m = QUOTED_NOTE.match(item.text) if item.heading is None else None
        if m and ((item.kind is ParagraphKind.QUOTE and m.group(1) in quoted_calls) or (
                item.kind in (ParagraphKind.LIST_ITEM, ParagraphKind.TEXT) and m.group(1) in called_before)):
            found.add(i)
        elif item.kind in (ParagraphKind.TEXT, ParagraphKind.LIST_ITEM, ParagraphKind.QUOTE):
            called_before |= explicit_calls([(i, item.text, item.line, False)], bracket_calls, known_calls)
    return found


def _notes_read_as_headings(items: list[Item], bracket_calls: bool,
                            known_calls: dict[str, frozenset[str]]) -> None:
    """"2 See Riek et al. (2006) for a review" with no full stop, or "3. Chuang
    notes:", reads like a numbered heading; in a paper whose sections are not numbered, such a
    line whose number the text calls is a note."""
    headings = [item.heading for item in items if item.heading is not None]
    if sum(1 for h in headings if h.number and h.markdown_level) >= 2:
        return
    calls = explicit_calls([(i, it.text, it.line, False) for i, it in enumerate(items)
                            if it.kind is ParagraphKind.TEXT], bracket_calls, known_calls)
    for item in items:
        heading = item.heading
        if heading is not None and not heading.markdown_level and heading.number in calls and \
                re.match(r"^\d{1,3}\.?\s", item.text.strip()):
            item.kind, item.heading = ParagraphKind.TEXT, None


def _extract_footnotes(items: list[Item], report: Report, note_lines: set[int] | None = None,
                       front_calls: frozenset[str] = frozenset(), bracket_calls: bool = False,
                       ) -> dict[str, tuple[str, int]]:
    """Find notes and calls; note blocks leave the body (they sat at the foot
    of a page), and calls are marked in the text. `note_lines`: blocks known
    to be notes (found after the reference list); `front_calls`: note
    numbers called from the author lines."""
    in_notes = False
    scan_input: list[tuple[int, str, int, bool]] = []
    known_notes = note_lines or set()
    # Each text's calls are found once, though four steps ask of the same texts.
    known_calls: dict[str, frozenset[str]] = {}
    _split_off_foot_notes(items, bracket_calls, known_calls)
    _notes_read_as_headings(items, bracket_calls, known_calls)
    foot_notes = _numbered_notes_at_page_foot(items, bracket_calls, known_calls)
    for i, item in enumerate(items):
        if item.heading is not None and (item.line in known_notes or (
                in_notes and re.fullmatch(r"\d{1,3}", item.heading.number) and not item.heading.markdown_level)):
            # "1. Editor responsible …", "7. Nothing is recorded in the field" (a
            # note with no full stop) read like numbered headings; they are notes.
            item.kind, item.heading = ParagraphKind.TEXT, None
        if item.heading is not None:
            in_notes = item.heading.is_notes
            continue
        if item.kind in (ParagraphKind.TEXT, ParagraphKind.LIST_ITEM, ParagraphKind.QUOTE, ParagraphKind.FIGURE):
            if in_notes or item.line in known_notes:
                foot_notes.discard(i)  # in a notes section: a note already, nothing repaired
            scan_input.append((i, item.text, item.line, in_notes or item.line in known_notes or i in foot_notes))
    scan = scan_footnotes(scan_input, front_calls, bracket_calls, known_calls)
    for i in sorted(foot_notes & scan.note_blocks):
        shape = "a block quote" if items[i].kind is ParagraphKind.QUOTE else "a numbered paragraph"
        report.add(ReportAction.REPAIRED, items[i].line,
                   f"a note set as {shape} read as a footnote: {items[i].text[:60]!r}")
    for i, text in scan.marked_blocks.items():
        items[i].text = text
    lost = lost_calls(scan.calls_without_note, bool(scan.notes))
    for label, line in lost:
        report.add(ReportAction.NEEDS_HUMAN, line, f"footnote call {label} has no note text")
    if others := [call[0] for call in scan.calls_without_note if call not in lost]:
        report.add(ReportAction.DETECTED, scan.calls_without_note[0][1],
                   f"superscript numbers that call no note ({', '.join(dict.fromkeys(others))}): affiliation "
                   "marks, exponents or indices, not footnote calls")
    called = {m for t in scan.marked_blocks.values() for m in CALL_SENTINEL.findall(t)}
    for label, note in scan.notes.items():
        report.add(ReportAction.DETECTED, note.line, f"footnote {label}")
        if label in front_calls and label not in called:
            report.add(ReportAction.DETECTED, note.line,
                       f"footnote {label} is called from an author's name in the front matter")
        elif label not in called:
            report.add(ReportAction.NEEDS_HUMAN, note.line, f"footnote {label} has no call in the text")
    _notes_that_run_on(items, scan, report)
    for i in sorted(scan.note_blocks, reverse=True):
        del items[i]
    # A notes section emptied of its notes disappears with them.
    cleaned: list[Item] = []
    for i, item in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        if item.heading is not None and item.heading.is_notes and (nxt is None or nxt.heading is not None) \
                and scan.notes:
            continue
        cleaned.append(item)
    items[:] = cleaned
    return {label: (n.text, n.line) for label, n in scan.notes.items()}


NOTE_RUN_ON_AT_MOST = 3


def _notes_that_run_on(items: list[Item], scan: FootnoteScan, report: Report) -> None:
    """A note of more than one paragraph ("3. Chuang notes:", then the quoted
    passage, then "Gallagher (2011) offers …"): when the body paragraph before
    the page's notes stops mid-sentence and goes on, lower-case, a few
    paragraphs after the last note, the paragraphs between finish that note."""
    note_at_line = {note.line: note for note in scan.notes.values()}
    for last in sorted(scan.note_blocks):
        if last + 1 in scan.note_blocks or items[last].line not in note_at_line:
            continue
        first = last
        while first - 1 in scan.note_blocks:
            first -= 1
        before = items[first - 1] if first > 0 else None
        if before is None or before.heading is not None or before.kind is not ParagraphKind.TEXT \
                or not ends_mid_sentence(_visible(before.text)):
            continue
        run_on: list[int] = []
        j = last + 1
        while j < len(items) and len(run_on) <= NOTE_RUN_ON_AT_MOST and items[j].heading is None \
                and items[j].kind in (ParagraphKind.TEXT, ParagraphKind.QUOTE) and j not in scan.note_blocks \
                and not CALL_SENTINEL.search(items[j].text) and not items[j].text[:1].islower() \
                and not ends_mid_sentence(_visible(items[j].text)):
            run_on.append(j)
            j += 1
        if not run_on or len(run_on) > NOTE_RUN_ON_AT_MOST or j >= len(items) or items[j].heading is not None \
                or not items[j].text[:1].islower():
            continue
        note = note_at_line[items[last].line]
        for k in run_on:
            note.text += " " + items[k].text.strip()
            scan.note_blocks.add(k)
        report.add(ReportAction.REPAIRED, items[run_on[0]].line, f"{len(run_on)} more paragraph(s) at the page "
                   f"foot, before the page's text goes on, finish footnote {note.label}")


def _join_page_break_splits(items: list[Item], report: Report) -> list[Item]:
    """A paragraph that ends without closing punctuation continues at the
    next paragraph that starts lower-case, even across a figure, a table or a
    formula the page put between them (those move after the joined text)."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        item = items[i]
        if item.kind in (ParagraphKind.TEXT, ParagraphKind.QUOTE) and ends_mid_sentence(_visible(item.text)):
            j = i + 1
            while j < len(items) and j - i <= JOIN_LOOKAHEAD and items[j].kind in ASIDE_KINDS:
                j += 1
            if j < len(items) and items[j].kind is ParagraphKind.TEXT and _visible(items[j].text)[:1].islower():
                asides = items[i + 1:j]
                joined = Item(item.kind, item.text.rstrip() + "\n" + _mark_page_start(item.text, items[j].text),
                              item.line,
                              joined_lines=[*item.joined_lines, items[j].line])
                report.add(ReportAction.REPAIRED, items[j].line,
                           f"joined this paragraph to the one at line {report.source.where(item.line).line}, "
                           "split by a page break"
                           + (f" across {len(asides)} block(s) moved after it" if asides else ""))
                items = [*items[:i], joined, *asides, *items[j + 1:]]
                continue
        out.append(item)
        i += 1
    return out


def _mark_page_start(before: str, after: str) -> str:
    """`after`, the text that opens the next page, with PAGE_START where that
    page begins: before its first word, or after it when the word was
    hyphenated across the break (so "inter- national" can still be rejoined,
    and the word counts to the page it starts on)."""
    after = after.lstrip()
    if not before.rstrip().endswith("-"):
        return PAGE_START + after
    first_word = re.match(r"\S*", after)
    end = first_word.end() if first_word else 0
    return after[:end] + PAGE_START + after[end:]


def _number_pages(abstract: tuple[Paragraph, ...], sections: tuple[Section, ...],
                  report: Report) -> tuple[tuple[Paragraph, ...], tuple[Section, ...]]:
    """Give every paragraph the page it starts on and its page breaks their
    pages, counting from 1 at the start of the text. The only evidence of a
    page break here is a paragraph the break split, so a page that ends at
    a paragraph's end is not seen; the report says how far to trust this."""
    if not any(p.page_breaks for p in abstract) and not any(p.page_breaks for s in sections for p in s.paragraphs):
        return abstract, sections  # no evidence of pages at all: "page 1" everywhere would mislead
    page = 1

    def numbered(paragraph: Paragraph) -> Paragraph:
        nonlocal page
        start = str(page)
        breaks = []
        for found in paragraph.page_breaks:
            page += 1
            breaks.append(PageBreak(found.offset, str(page)))
        return replace(paragraph, page=start, page_breaks=tuple(breaks))

    abstract = tuple(numbered(p) for p in abstract)
    sections = tuple(replace(s, paragraphs=tuple(numbered(p) for p in s.paragraphs)) for s in sections)
    if page > 1:
        report.add(ReportAction.DETECTED, 1,
                   f"{page - 1} page breaks inside paragraphs; pages are numbered 1 to {page} from the first "
                   "page, as the source prints no page numbers. A page that ends with a paragraph leaves no "
                   "trace in the text, so a page number shown can be lower than the original's")
    return abstract, sections


def _visible(text: str) -> str:
    visible = (CALL_SENTINEL.sub("", text) if CALL_START in text else text).strip()
    # Only emphasis at either end goes (the text is stripped: "$" is its end).
    return re.sub(r"[*_]+$|^[*_]+", "", visible) if visible.startswith(("*", "_")) or visible.endswith(("*", "_")) \
        else visible


AFFILIATIONS_TITLE = re.compile(r"^(?:authors?['’]? (?:details|affiliations?)|(?:author )?affiliations?)$", re.I)


def _sections(items: list[Item], builder: ParagraphBuilder, report: Report) -> tuple[Section, ...]:
    sections: list[Section] = []
    current: tuple[str, Heading | None, int] = ("s0", None, 1)
    pending: list[Item] = []
    used_ids: set[str] = set()
    last_number = ""
    numbered_markdown_level = 0
    style_levels = _levels_by_style([i.heading for i in items if i.heading is not None])

    def close() -> None:
        section_id, heading, line = current
        if heading is None and not pending:
            return
        paragraphs: list[Paragraph] = []
        # BMC's "Author details" repeats the affiliations, raised numbers and all: no citations there.
        cites = not (heading and AFFILIATIONS_TITLE.match(heading.title))
        for item in pending:
            paragraphs.extend(builder.paragraphs_of(item, section_id, len(paragraphs) + 1, cites))
        level = heading.depth if heading and heading.number else 1
        if heading and not heading.number and numbered_markdown_level and \
                heading.markdown_level > numbered_markdown_level and not heading.back_matter:
            level = 2
        elif heading and not heading.number and not numbered_markdown_level and not heading.back_matter:
            level = style_levels.get(heading.style, 1)
        sections.append(Section(section_id, heading.number if heading else "", heading.title if heading else "",
                                level, builder.source.where(line), tuple(paragraphs),
                                back_matter=bool(heading and heading.back_matter)))
        pending.clear()

    for item in items:
        if item.heading is None:
            pending.append(item)
            continue
        close()
        heading = item.heading
        if heading.number and heading.number.replace(".", "").isdigit():
            options = expected_next_numbers(last_number)
            if heading.number not in options:
                report.add(ReportAction.NEEDS_HUMAN, item.line, f"section {heading.number} is out of order; "
                           f"expected {' or '.join(options)}")
            last_number = heading.number
            if heading.depth == 1:
                numbered_markdown_level = heading.markdown_level
        section_id = _section_id(heading, used_ids)
        used_ids.add(section_id)
        current = (section_id, heading, item.line)
    close()
    return tuple(s for s in sections if s.paragraphs or s.title)


# Converters give every heading one Markdown level ("## DATA AND METHODS",
# "## Data"); the typography still tells the levels apart. Deeper than this
# is not guessed.
DEEPEST_STYLE_LEVEL = 3


def _levels_by_style(headings: list[Heading]) -> dict[str, int]:
    """The level of each style of unnumbered body heading, in the order the
    styles first appear: a paper opens with a top-level heading, and a new
    style after it is one level down ("## **Introduction**" then
    "## _Measuring excess war mortality_"; capitals, bold, plain in AJPS).
    A smaller Markdown level is never deeper."""
    body = headings[:next((i for i, h in enumerate(headings) if h.back_matter), len(headings))]
    styles: list[str] = []
    for heading in body:
        if heading.number or not heading.style or heading.style in styles:
            continue
        styles.append(heading.style)
    # A paper numbers its sections (then the numbers give the levels) when at
    # least two headings are numbered; one is a note or a list item set as a heading.
    if sum(1 for h in body if h.number) >= 2 or len(styles) < 2:
        return {}
    levels: dict[str, int] = {}
    for rank, style in enumerate(styles):
        markdown_level = int(style.split(":")[0] or 0)
        shallower = [levels[s] for s in styles[:rank] if 0 < int(s.split(":")[0] or 0) < markdown_level]
        levels[style] = min(max([rank + 1, *(level + 1 for level in shallower)]), DEEPEST_STYLE_LEVEL)
    return levels


def _section_id(heading: Heading, used: set[str]) -> str:
    if heading.number:
        base = "s" + re.sub(r"[^\w]+", "-", heading.number).strip("-").lower()
    else:
        words = re.sub(r"[^\w\s-]", "", heading.title.lower()).split()[:5]
        base = "s-" + ("-".join(words) or "untitled")
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class ParagraphBuilder:
    """Markdown block → plain text with its citations, footnote calls and
    maths as offsets; every repair goes to the report."""

    def __init__(self, source: PaperSource, report: Report, index: ReferenceIndex,
                 note_labels: frozenset[str], vocabulary: Vocabulary | None = None,
                 uncited_lines: frozenset[int] = frozenset()) -> None:
        self.source = source
        self.uncited_lines = uncited_lines
        self.report = report
        self.index = index
        self.note_labels = note_labels
        self.vocabulary = vocabulary or Vocabulary(source.text)
        self._line = 1  # the raw line of the block being read, for its repairs
        self._lost_reported: set[str] = set()  # entry numbers cited but lost, reported once
        # The word list that splits run-together words is English: on another language it cuts sound words.
        self.language = text_language(source.text, source.metadata.language)
        if self.language != "en":
            report.add(ReportAction.DETECTED, 1, f"the text is in {language_name(self.language)}"
                       ": run-together words are left as printed (the word list that splits them is English)")

    def paragraphs_of(self, item: Item, section_id: str, ordinal: int, cites: bool = True) -> list[Paragraph]:
        cites = cites and item.line not in self.uncited_lines
        if item.kind is ParagraphKind.TABLE or item.kind is ParagraphKind.LOST_TABLE or \
                item.kind is ParagraphKind.FIGURE:
            paragraph = self.paragraph(f"{section_id}-p{ordinal}", item.text, item.kind, item.line)
            # A cell cites as a paragraph does ("RXP407 [32]"): the same reader finds its markers.
            table = item.table and with_cell_citations(item.table, lambda cell, row: self.paragraph(
                "", cell, ParagraphKind.TEXT, item.row_lines[row] if row < len(item.row_lines) else item.line,
                plain=True).citations)
            return [Paragraph(paragraph.id, paragraph.text, item.kind, paragraph.location, paragraph.citations,
                              paragraph.footnotes, paragraph.math, table)]
        if item.kind in (ParagraphKind.FORMULA, ParagraphKind.GARBLED_FORMULA):
            assert item.kind is not None
            return [Paragraph(f"{section_id}-p{ordinal}", item.text, item.kind, self.source.where(item.line))]
        assert item.kind is not None
        first = self.paragraph(f"{section_id}-p{ordinal}", item.text, item.kind, item.line, cites=cites)
        if item.kind is not ParagraphKind.TEXT or first.footnotes or first.math:
            return [first]
        parts = split_closing_block_quote(first.text)
        if len(parts) == 1:
            return [first]
        lead = self.paragraph(f"{section_id}-p{ordinal}", parts[0][0], ParagraphKind.TEXT, item.line, plain=True)
        quote = self.paragraph(f"{section_id}-p{ordinal + 1}", parts[1][0], ParagraphKind.QUOTE, item.line,
                               plain=True)
        # A page that begins in either part begins there still.
        quote_start = first.text.index(parts[1][0], len(parts[0][0]))
        return [replace(lead, page_breaks=tuple(b for b in first.page_breaks if b.offset < quote_start)),
                replace(quote, page_breaks=tuple(PageBreak(b.offset - quote_start, b.page)
                                                 for b in first.page_breaks if b.offset >= quote_start))]

    def paragraph(self, paragraph_id: str, markdown: str, kind: ParagraphKind, line: int,
                  plain: bool = False, cites: bool = True) -> Paragraph:
        where = self.source.where(line)
        calls: list[FootnoteMarker] = []
        maths: list[MathSpan] = []
        sup_cites: list[CitationMarker] = []
        breaks: list[int] = []
        problems: list[CitationProblem] = []
        if plain:
            text = markdown
        else:
            text, calls, maths, sup_cites, breaks = self._plain_text(markdown, line, problems, cites)
        taken = [(c.start, c.end) for c in calls] + [(m.start, m.end) for m in maths]
        citations = list(sup_cites)
        if cites and self.index.numbered:
            numeric = find_numeric_citations(text, self.index, problems)
            # "(Fanon: 1963)" against a numbered list (older social science): linked when the list has
            # that author and year, never reported when not (a numbered paper seldom cites by name).
            by_name = [c for c in find_author_year_citations(text, self.index,
                                                              problems if self.index.cited_by_name else [])
                       if not Spans((n.start, n.end) for n in numeric).overlaps(c.start, c.end)]
            citations += numeric + by_name
        elif cites and self.index.labels:
            citations += find_author_year_citations(text, self.index, problems)
        calls_and_maths = Spans(taken)
        citations = sorted((c for c in citations if not calls_and_maths.overlaps(c.start, c.end)),
                           key=lambda c: c.start)
        for problem in problems:
            if problem.lost:
                self._report_lost_entries(problem, line)
                continue
            self.report.add(ReportAction.NEEDS_HUMAN, line, f"citation {problem.text!r} {problem.reason}; "
                            "left as plain text")
        return Paragraph(paragraph_id, text, kind, where, tuple(citations), tuple(calls), tuple(maths),
                         page_breaks=tuple(PageBreak(offset, "") for offset in breaks))

    def _report_lost_entries(self, problem: CitationProblem, line: int) -> None:
        """Once per paper for each number: the text cites an entry the list lacks; later groups that
        cite it are linked as far as they can be, or left as text, without a word."""
        lost = [label for label in problem.lost if label not in self._lost_reported]
        if not lost:
            return
        self._lost_reported.update(lost)
        entries = " and ".join(lost)
        self.report.add(ReportAction.NEEDS_HUMAN, line, f"citation {problem.text!r} names reference "
                        f"{entries}, which the reference list does not have (the conversion may have lost "
                        f"the entry{'s' if len(lost) > 1 else ''}); {problem.reason}")

    def _join_year_suffix(self, match: re.Match[str]) -> str:
        self.report.add(ReportAction.REPAIRED, self._line, f"joined a year's suffix the conversion set apart in "
                        f"markup: {match.group(0)!r} → {match.group(1) + match.group(3)!r}")
        return match.group(1) + match.group(3)

    def _plain_text(self, markdown: str, line: int, problems: list[CitationProblem], cites: bool = True) -> tuple[
            str, list[FootnoteMarker], list[MathSpan], list[CitationMarker], list[int]]:
        tex: list[str] = []

        def protect(match: re.Match[str]) -> str:
            tex.append(match.group(1) or match.group(2))
            return f"{MATH_START}{len(tex) - 1}{MATH_END}"

        self._line = line
        text = INLINE_MATH.sub(protect, markdown)
        if self.index.numbered and cites:
            text = SUP_NUMBERS.sub(lambda m: f"{CITE_START}{m.group(1) or m.group(2)}{CITE_END}", text)
            text = ITALIC_NUMBERS_IN_PARENTHESES.sub(_italic_numbers_as_citation, text)
        text, repairs = rejoin_hyphenation(text, self.vocabulary)
        text = YEAR_SUFFIX_IN_MARKUP.sub(self._join_year_suffix, text)
        text = to_plain_text(text)
        # An English paper's abstract in Portuguese or Spanish (SciELO prints two or three) is no
        # English either: the word list cut its words ("composto" → "compost o").
        english = self.language == "en" and text_language(text) == "en"
        text, more = split_run_together_words(text, self.vocabulary) if english else (text, [])
        for repair in repairs:
            self.report.add(ReportAction.REPAIRED, line, f"{repair.what}: {repair.before!r} → {repair.after!r}")
        if more:
            # markitdown may run hundreds of words together: one line per paragraph.
            examples = "; ".join(f"{r.before!r} → {r.after!r}" for r in more[:3])
            self.report.add(ReportAction.REPAIRED, line, f"{more[0].what} ({len(more)} in this paragraph): {examples}"
                            + (" …" if len(more) > 3 else ""))
        return _extract_sentinels(text, tex, self.index, problems)


def _italic_numbers_as_citation(match: re.Match[str]) -> str:
    """"( _5_ , _11–14_ )" → a citation marked "(5, 11–14)", as printed."""
    numbers = re.sub(r"(?<=\d) (?=[-–—,])", "", re.sub(r"[*_]", "", match.group(1)))
    return f"{CITE_START}({numbers}){CITE_END}"


# "(Smith, 2004 _a_ ; Jones 2010)": a converter set the year's suffix letter
# apart in italics; "2004a" is what the author wrote.
YEAR_SUFFIX_IN_MARKUP = re.compile(r"(?<!\d)((?:1[6-9]|20)\d\d)\s*([*_]{1,2})([a-z])\2(?=\s*[;,)\]]|\s*$)")


def to_plain_text(markdown: str) -> str:
    """Body text as the author wrote it: escapes resolved, markup dropped,
    links reduced to their text."""
    # Every paragraph comes here: a pattern is run only where the text has
    # the characters its matches need.
    text = markdown
    if "](" in text:
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
        text = re.sub(r"\[([^\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))+\)", r"\1", text)
    if "<" in text:
        text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
        text = re.sub(r"</?(?:sup|sub|b|i|em|strong|span|br|mark|u|small|s)\b[^>]*>", "", text)
    if "**" in text or "__" in text:
        text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text, flags=re.S)
    if "*" in text or "_" in text:
        text = re.sub(r"(?<![\\\w])([*_])(?=\S)(.+?)(?<=\S)\1(?!\w)", r"\2", text, flags=re.S)
    if "\\" in text:
        text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>|$])", r"\1", text)
    # Character references ("&amp;", "&#8211;") are Markdown for the character.
    text = html.unescape(text)
    return " ".join(text.split())


SENTINEL = re.compile(f"{CALL_START}([^{CALL_END}]*){CALL_END}|{MATH_START}(\\d+){MATH_END}|"
                      f"{CITE_START}([^{CITE_END}]*){CITE_END}|({PAGE_START})")


def _extract_sentinels(text: str, tex: list[str], index: ReferenceIndex, problems: list[CitationProblem]) -> tuple[
        str, list[FootnoteMarker], list[MathSpan], list[CitationMarker], list[int]]:
    out: list[str] = []
    length = 0
    calls: list[FootnoteMarker] = []
    maths: list[MathSpan] = []
    cites: list[CitationMarker] = []
    breaks: list[int] = []
    position = 0
    for m in SENTINEL.finditer(text):
        out.append(text[position:m.start()])
        length += m.start() - position
        if m.group(4) is not None:
            # " \ue006word": the page begins at the word, not at the space.
            breaks.append(length)
            piece = ""
        elif m.group(1) is not None:
            calls.append(FootnoteMarker(length, length + len(m.group(1)), m.group(1)))
            piece = m.group(1)
        elif m.group(2) is not None:
            piece = tex[int(m.group(2))]
            maths.append(MathSpan(length, length + len(piece)))
        else:
            piece = m.group(3)
            # A superscript no entry answers may be a note's call: not reported.
            if marker := numeric_marker(length, piece, piece.strip("()"), index, problems, superscript=True):
                cites.append(marker)
        out.append(piece)
        length += len(piece)
        position = m.end()
    out.append(text[position:])
    return "".join(out), calls, maths, cites, breaks
