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
from dataclasses import dataclass, field

from build_tools import urls
from build_tools.model import (
    CitationMarker,
    Footnote,
    FootnoteMarker,
    MathSpan,
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
    expand_labels,
    find_author_year_citations,
    find_numeric_citations,
)
from build_tools.read.column_interleaving import detect_interleaved_columns
from build_tools.read.footnotes import CALL_END, CALL_SENTINEL, CALL_START, scan_footnotes
from build_tools.read.front_matter_detection import FrontMatter, detect_front_matter
from build_tools.read.headings import Heading, expected_next_numbers, parse_heading
from build_tools.read.page_furniture import remove_first_page_boxes, remove_page_furniture
from build_tools.read.paper_directory import PaperSource
from build_tools.read.paragraphs import Block, ends_mid_sentence, split_blocks, split_closing_block_quote
from build_tools.read.reference_list import NUMBERED_ENTRY, YEAR, repair_broken_urls, split_reference_entries
from build_tools.read.tables import (
    FIGURE_CAPTION,
    FORMULA_PLACEHOLDER,
    TABLE_CAPTION,
    caption_label,
    display_math,
    is_pipe_table,
    looks_like_flattened_table,
    looks_like_garbled_formula,
    parse_pipe_table,
)
from build_tools.read.text_repair import rejoin_hyphenation, split_run_together_words
from build_tools.spans import Spans

MATH_START, MATH_END = "\ue002", "\ue003"
CITE_START, CITE_END = "\ue004", "\ue005"
# `\( … \)` stops at the next `\(` (the TeX between cannot hold one):
# searched to the end from each of 100 KB of openers, it was quadratic.
INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?=[^\s$\d])([^$\n]+?)(?<=[^\s\\])\$(?![\w$])|"
                         r"\\\(((?:(?!\\\().)+?)\\\)", re.S)
SUP_NUMBERS = re.compile(r"<sup>\s*(\d{1,4}(?:\s*[-–,]\s*\d{1,4})*)\s*</sup>|\^(\d{1,4}(?:[-–,]\d{1,4})*)\^")
LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+\S")
# Blocks a page may put between the halves of a split paragraph.
ASIDE_KINDS = {ParagraphKind.TABLE, ParagraphKind.LOST_TABLE, ParagraphKind.FIGURE,
               ParagraphKind.FORMULA, ParagraphKind.GARBLED_FORMULA}
JOIN_LOOKAHEAD = 6


@dataclass
class Item:
    """A body block once classified."""

    kind: ParagraphKind | None   # None for a heading
    text: str                    # Markdown as received (with sentinels), or TeX, or caption
    line: int
    heading: Heading | None = None
    table: Table | None = None
    joined_lines: list[int] = field(default_factory=list)


class Report:
    """The import report, in raw source lines."""

    def __init__(self, source: PaperSource) -> None:
        self.source = source
        self.items: list[ReportItem] = []

    def add(self, action: ReportAction, line: int, message: str) -> None:
        self.items.append(ReportItem(action, message, self.source.where(line)))


def read_converted_markdown(source: PaperSource) -> Paper:
    report = Report(source)
    report.add(ReportAction.DETECTED, 1, "format: Markdown converted from a PDF, read by evidence")
    if interleaving := detect_interleaved_columns(source.text):
        report.add(ReportAction.NEEDS_HUMAN, interleaving.first_line,
                   f"this conversion interleaves two columns: {interleaving.breaks} lines break a word or start "
                   f"a reference entry in their middle, where the other column went on (e.g. "
                   f"{interleaving.example!r}), so "
                   "sentences, headings and references are mixed within lines and cannot be repaired from the "
                   "text; use another converter (pymupdf4llm, docling) or the publisher's JATS")
    blocks = split_structures(split_blocks(source.text))
    blocks, furniture = remove_page_furniture(blocks)
    for removed in furniture:
        report.add(ReportAction.REMOVED, removed.block.line, f"{removed.reason}: {removed.block.lines[0][:160]!r}")
    front = detect_front_matter(blocks)
    _report_front(front, report)
    body = [*front.unplaced, *(b for i, b in enumerate(blocks) if i >= front.body_start and i not in front.taken)]
    body, boxes = remove_first_page_boxes(body, len(source.text.split("\n")))
    abstract_blocks, abstract_boxes = remove_first_page_boxes(list(front.abstract), len(source.text.split("\n")))
    boxes += abstract_boxes
    for removed in boxes:
        report.add(ReportAction.REMOVED, removed.block.line, f"{removed.reason}: {removed.block.lines[0][:160]!r}")
    unplaced = {id(b) for b in body}
    for block in (b for b in front.unplaced if id(b) in unplaced):
        report.add(ReportAction.NEEDS_HUMAN, block.line,
                   f"front-matter text not recognised, kept at the start of the body: {block.lines[0][:120]!r}")

    body, reference_blocks, note_blocks = _split_off_references(body, report)
    body += note_blocks
    entries = split_reference_entries(reference_blocks)
    references = []
    for entry in entries:
        text, url_repairs = repair_broken_urls(entry.text)
        for before, after in url_repairs:
            report.add(ReportAction.REPAIRED, entry.line, f"rejoined a broken URL or DOI: {before!r} → {after!r}")
        references.append(RawReference(source.metadata.slug, entry.label, text, source.where(entry.line)))
    numbered = bool(entries) and entries[0].numbered
    if reference_blocks:
        report.add(ReportAction.DETECTED, reference_blocks[0].line,
                   f"{len(references)} references, {'numbered' if numbered else 'unnumbered (labelled 1..n in order)'}")
    else:
        report.add(ReportAction.NEEDS_HUMAN, 1, "no reference list found (expected a heading such as 'References')")
    index = ReferenceIndex.build(tuple(references), numbered)

    items = _classify(body, report)
    front_calls = _front_matter_calls(blocks[:front.body_start])
    notes = _extract_footnotes(items, report, {b.line for b in note_blocks}, front_calls)
    items = _join_page_break_splits(items, report)
    builder = ParagraphBuilder(source, report, index, frozenset(notes))
    sections = _sections(items, builder, report)
    footnotes = tuple(
        Footnote(label, (builder.paragraph(urls.footnote_anchor(label), text, ParagraphKind.TEXT, line),),
                 source.where(line))
        for label, (text, line) in notes.items())
    abstract = tuple(builder.paragraph(f"abstract-p{n}", b.text, ParagraphKind.TEXT, b.line)
                     for n, b in enumerate(abstract_blocks, start=1))
    if not front.abstract:
        report.add(ReportAction.NEEDS_HUMAN, 1, "no abstract found (expected an 'Abstract' heading or label)")
    citation_count = sum(len(p.citations) for s in sections for p in s.paragraphs)
    report.add(ReportAction.DETECTED, 1, f"{citation_count} in-text citations linked, "
               f"{len(footnotes)} footnotes, {sum(1 for s in sections for p in s.paragraphs if p.table)} tables")
    metadata = source.metadata
    return Paper(
        metadata=metadata, format=SourceFormat.CONVERTED_MARKDOWN, title=front.title or metadata.short_title,
        authors=tuple(front.authors), abstract=abstract, keywords=front.keywords, sections=sections,
        references=tuple(references), venue=metadata.venue if metadata.venue != Venue() else Venue(),
        doi=metadata.doi or front.doi, footnotes=footnotes, import_report=tuple(report.items),
    )


def _report_front(front: FrontMatter, report: Report) -> None:
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
    for block in blocks:
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


def _is_back_matter_line(line: str) -> bool:
    """"REFERENCES" or "Acknowledgements" alone on a line inside a block:
    converters that drop blank lines (markitdown) leave headings so."""
    heading = parse_heading(line.strip())
    return heading is not None and heading.back_matter and not heading.number and len(line.split()) <= 4


def _split_off_references(body: list[Block], report: Report | None = None,
                          ) -> tuple[list[Block], list[Block], list[Block]]:
    """The blocks under the (last) references heading, up to the next
    heading that is not part of the list (an appendix after it), and the
    notes that follow the list with no heading of their own."""
    positions = [i for i, b in enumerate(body) if (h := parse_heading(b.text)) and h.is_references]
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
    end = next((j for j in range(start + 1, len(body))
                if (h := parse_heading(body[j].text)) and (h.back_matter or h.number) and not h.is_references
                and "\n" not in body[j].text and len(body[j].text) < 80 and body[j].text.lstrip().startswith("#")),
               len(body))
    if not any(YEAR.search(b.text) for b in body[start + 1:end]):
        run = _numbered_run_after(body, start + 1)
        if run is not None:
            first, last = run
            return body[:start] + body[start + 1:first] + body[last:], body[first:last]
    return body[:start] + body[end:], body[start + 1:end]


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
        heading = parse_heading(text)
        if heading is not None:
            items.append(Item(None, text, block.line, heading=heading))
            continue
        if is_pipe_table(block.lines):
            table = _plain_cells(parse_pipe_table(block.lines))
            if not any(any(cell for cell in row) for row in (table.header, *table.rows)):
                report.add(ReportAction.REMOVED, block.line, "empty table skeleton")
                continue
            items.append(Item(ParagraphKind.TABLE, "", block.line, table=table))
            continue
        if (tex := display_math(text)) is not None:
            items.append(Item(ParagraphKind.FORMULA, tex, block.line))
            continue
        if looks_like_garbled_formula(text):
            what = "formula the converter did not decode" if FORMULA_PLACEHOLDER.match(text) else text
            items.append(Item(ParagraphKind.GARBLED_FORMULA, what, block.line))
            report.add(ReportAction.NEEDS_HUMAN, block.line, f"maths garbled by the conversion: {text[:80]!r}")
            continue
        if caption_label(text, FIGURE_CAPTION):
            items.append(Item(ParagraphKind.FIGURE, text, block.line))
            continue
        if caption_label(text, TABLE_CAPTION) and len(text.split()) < 120:
            items.append(Item(ParagraphKind.LOST_TABLE, text, block.line))  # settled below
            continue
        if looks_like_flattened_table(text):
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
    return _attach_table_captions(items, report)


def _plain_cells(table: Table) -> Table:
    """Cells as the reader sees them: a converter writes line breaks inside a
    cell as "<br>" and keeps bold and superscript markup (pymupdf4llm)."""
    def plain(cell: str) -> str:
        return to_plain_text(re.sub(r"<br\s*/?>", " ", cell))
    return Table(tuple(plain(c) for c in table.header), tuple(tuple(plain(c) for c in row) for row in table.rows),
                 table.label)


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
            report.add(ReportAction.NEEDS_HUMAN, item.line,
                       f"{label[0]}: no table found beside its caption; shown as a table lost in conversion")
        elif item.kind is ParagraphKind.LOST_TABLE:
            report.add(ReportAction.NEEDS_HUMAN, item.line, "numbers without a table structure; kept as one "
                       "block marked as a table lost in conversion")
        out.append(item)
    return out


def _extract_footnotes(items: list[Item], report: Report, note_lines: set[int] | None = None,
                       front_calls: frozenset[str] = frozenset()) -> dict[str, tuple[str, int]]:
    """Find notes and calls; note blocks leave the body (they sat at the foot
    of a page), and calls are marked in the text. `note_lines`: blocks known
    to be notes (found after the reference list); `front_calls`: note
    numbers called from the author lines."""
    in_notes = False
    scan_input: list[tuple[int, str, int, bool]] = []
    known_notes = note_lines or set()
    for i, item in enumerate(items):
        if item.heading is not None and item.line in known_notes:
            # "1. Editor responsible …" reads like a numbered heading; it is a note.
            item.kind, item.heading = ParagraphKind.TEXT, None
        if item.heading is not None:
            in_notes = item.heading.is_notes
            continue
        if item.kind in (ParagraphKind.TEXT, ParagraphKind.LIST_ITEM, ParagraphKind.QUOTE, ParagraphKind.FIGURE):
            scan_input.append((i, item.text, item.line, in_notes or item.line in known_notes))
    scan = scan_footnotes(scan_input, front_calls)
    for i, text in scan.marked_blocks.items():
        items[i].text = text
    for label, line in scan.calls_without_note:
        report.add(ReportAction.NEEDS_HUMAN, line, f"footnote call {label} has no note text")
    called = {m for t in scan.marked_blocks.values() for m in CALL_SENTINEL.findall(t)}
    for label, note in scan.notes.items():
        report.add(ReportAction.DETECTED, note.line, f"footnote {label}")
        if label in front_calls and label not in called:
            report.add(ReportAction.DETECTED, note.line,
                       f"footnote {label} is called from an author's name in the front matter")
        elif label not in called:
            report.add(ReportAction.NEEDS_HUMAN, note.line, f"footnote {label} has no call in the text")
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
                joined = Item(item.kind, item.text.rstrip() + "\n" + items[j].text.lstrip(), item.line,
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


def _visible(text: str) -> str:
    return re.sub(r"[*_]+$|^[*_]+", "", CALL_SENTINEL.sub("", text).strip())


def _sections(items: list[Item], builder: ParagraphBuilder, report: Report) -> tuple[Section, ...]:
    sections: list[Section] = []
    current: tuple[str, Heading | None, int] = ("s0", None, 1)
    pending: list[Item] = []
    used_ids: set[str] = set()
    last_number = ""
    numbered_markdown_level = 0

    def close() -> None:
        section_id, heading, line = current
        if heading is None and not pending:
            return
        paragraphs: list[Paragraph] = []
        for item in pending:
            paragraphs.extend(builder.paragraphs_of(item, section_id, len(paragraphs) + 1))
        level = heading.depth if heading and heading.number else 1
        if heading and not heading.number and numbered_markdown_level and \
                heading.markdown_level > numbered_markdown_level and not heading.back_matter:
            level = 2
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
                 note_labels: frozenset[str]) -> None:
        self.source = source
        self.report = report
        self.index = index
        self.note_labels = note_labels

    def paragraphs_of(self, item: Item, section_id: str, ordinal: int) -> list[Paragraph]:
        if item.kind is ParagraphKind.TABLE or item.kind is ParagraphKind.LOST_TABLE or \
                item.kind is ParagraphKind.FIGURE:
            paragraph = self.paragraph(f"{section_id}-p{ordinal}", item.text, item.kind, item.line)
            return [Paragraph(paragraph.id, paragraph.text, item.kind, paragraph.location, paragraph.citations,
                              paragraph.footnotes, paragraph.math, item.table)]
        if item.kind in (ParagraphKind.FORMULA, ParagraphKind.GARBLED_FORMULA):
            assert item.kind is not None
            return [Paragraph(f"{section_id}-p{ordinal}", item.text, item.kind, self.source.where(item.line))]
        assert item.kind is not None
        first = self.paragraph(f"{section_id}-p{ordinal}", item.text, item.kind, item.line)
        if item.kind is not ParagraphKind.TEXT or first.footnotes or first.math:
            return [first]
        parts = split_closing_block_quote(first.text)
        if len(parts) == 1:
            return [first]
        lead = self.paragraph(f"{section_id}-p{ordinal}", parts[0][0], ParagraphKind.TEXT, item.line, plain=True)
        quote = self.paragraph(f"{section_id}-p{ordinal + 1}", parts[1][0], ParagraphKind.QUOTE, item.line,
                               plain=True)
        return [lead, quote]

    def paragraph(self, paragraph_id: str, markdown: str, kind: ParagraphKind, line: int,
                  plain: bool = False) -> Paragraph:
        where = self.source.where(line)
        calls: list[FootnoteMarker] = []
        maths: list[MathSpan] = []
        sup_cites: list[CitationMarker] = []
        if plain:
            text = markdown
        else:
            text, calls, maths, sup_cites = self._plain_text(markdown, line)
        taken = [(c.start, c.end) for c in calls] + [(m.start, m.end) for m in maths]
        problems: list[CitationProblem] = []
        citations = list(sup_cites)
        if self.index.numbered:
            citations += find_numeric_citations(text, self.index, problems)
        elif self.index.labels:
            citations += find_author_year_citations(text, self.index, problems)
        calls_and_maths = Spans(taken)
        citations = sorted((c for c in citations if not calls_and_maths.overlaps(c.start, c.end)),
                           key=lambda c: c.start)
        for problem in problems:
            self.report.add(ReportAction.NEEDS_HUMAN, line, f"citation {problem.text!r} {problem.reason}; "
                            "left as plain text")
        return Paragraph(paragraph_id, text, kind, where, tuple(citations), tuple(calls), tuple(maths))

    def _plain_text(self, markdown: str, line: int) -> tuple[str, list[FootnoteMarker], list[MathSpan],
                                                              list[CitationMarker]]:
        tex: list[str] = []

        def protect(match: re.Match[str]) -> str:
            tex.append(match.group(1) or match.group(2))
            return f"{MATH_START}{len(tex) - 1}{MATH_END}"

        text = INLINE_MATH.sub(protect, markdown)
        if self.index.numbered:
            text = SUP_NUMBERS.sub(lambda m: f"{CITE_START}{m.group(1) or m.group(2)}{CITE_END}", text)
        text, repairs = rejoin_hyphenation(text)
        text = to_plain_text(text)
        text, more = split_run_together_words(text)
        for repair in [*repairs, *more]:
            self.report.add(ReportAction.REPAIRED, line, f"{repair.what}: {repair.before!r} → {repair.after!r}")
        return _extract_sentinels(text, tex, self.index)


def to_plain_text(markdown: str) -> str:
    """Body text as the author wrote it: escapes resolved, markup dropped,
    links reduced to their text."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[([^\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))+\)", r"\1", text)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"</?(?:sup|sub|b|i|em|strong|span|br|mark|u|small|s)\b[^>]*>", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text, flags=re.S)
    text = re.sub(r"(?<![\\\w])([*_])(?=\S)(.+?)(?<=\S)\1(?!\w)", r"\2", text, flags=re.S)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>|$])", r"\1", text)
    # Character references ("&amp;", "&#8211;") are Markdown for the character.
    text = html.unescape(text)
    return " ".join(text.split())


SENTINEL = re.compile(f"{CALL_START}([^{CALL_END}]*){CALL_END}|{MATH_START}(\\d+){MATH_END}|"
                      f"{CITE_START}([^{CITE_END}]*){CITE_END}")


def _extract_sentinels(text: str, tex: list[str], index: ReferenceIndex) -> tuple[
        str, list[FootnoteMarker], list[MathSpan], list[CitationMarker]]:
    out: list[str] = []
    length = 0
    calls: list[FootnoteMarker] = []
    maths: list[MathSpan] = []
    cites: list[CitationMarker] = []
    position = 0
    for m in SENTINEL.finditer(text):
        out.append(text[position:m.start()])
        length += m.start() - position
        if m.group(1) is not None:
            calls.append(FootnoteMarker(length, length + len(m.group(1)), m.group(1)))
            piece = m.group(1)
        elif m.group(2) is not None:
            piece = tex[int(m.group(2))]
            maths.append(MathSpan(length, length + len(piece)))
        else:
            piece = m.group(3)
            labels = expand_labels(piece)
            if all(label in index.labels for label in labels):
                cites.append(CitationMarker(length, length + len(piece), piece, labels))
        out.append(piece)
        length += len(piece)
        position = m.end()
    out.append(text[position:])
    return "".join(out), calls, maths, cites
