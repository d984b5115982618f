"""Stage 1d: read JATS XML, the structured form publishers deposit (PubMed
Central, PLOS, eLife, …).

Nothing is guessed from layout here: the XML says what a section, a citation,
a footnote, a table or a formula is. The reader keeps the paper's words as
plain text and records what it found in them as spans (citation markers,
footnote calls, inline maths), like every other reader.

Every XML file is untrusted. It is parsed with defusedxml: no entity
declarations (no billion laughs, no external entities), no DTD is fetched, no
network is used, and elements nested deeper than `MAX_DEPTH` are refused; any
of these gives one `ReaderError` with the file and line.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as defused_et
from defusedxml import DefusedXmlException

from build_tools import urls
from build_tools.language_names import language_name, language_tag, same_language
from build_tools.model import (
    Author,
    CitationMarker,
    Footnote,
    FootnoteMarker,
    MathSpan,
    Paper,
    Paragraph,
    ParagraphKind,
    RawReference,
    ReaderError,
    ReportAction,
    ReportItem,
    Section,
    SourceFormat,
    SourceLocation,
    Table,
    Venue,
)
from build_tools.read.csl import CslItem, csl_name, csl_text, readable_reference
from build_tools.read.paper_directory import PaperSource, stated_venue_first
from build_tools.read.table_cells import EMPTY, Cell, joined_header, stripped_cell, table_of_cells
from build_tools.read.tex import tex_from_mathml
from build_tools.references.parse_reference import parse_reference

# Real JATS nests about 15 deep (article/body/sec/sec/p/list/list-item/p/…);
# anything far deeper is an attack on the parser or the walker, not a paper.
MAX_DEPTH = 100
MAX_RANGE = 100  # references one citation range ("[1–3000]") may name between its ends
MAX_TABLE_CELLS = 100_000  # cells one table may expand to; printed tables have hundreds
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HOSTILE_HINT = ("JATS from a publisher never declares entities or nests this deep; "
                "get the file again from the publisher or PubMed Central")

# Elements that end a paragraph: JATS lets them sit inside <p>, but on the
# page they are blocks of their own.
BLOCK_TAGS = frozenset({
    "disp-formula", "disp-formula-group", "table-wrap", "table-wrap-group", "fig", "fig-group",
    "list", "disp-quote", "boxed-text", "supplementary-material", "preformat", "code",
    "statement", "def-list", "speech", "verse-group", "graphic", "media", "array",
})
# Elements that are part of a line of text (JATS's inline content), so text
# set loose in a quote or a box reads on through them.
INLINE_TAGS = frozenset({
    "xref", "italic", "bold", "sup", "sub", "sc", "monospace", "underline", "overline", "roman",
    "sans-serif", "strike", "ext-link", "uri", "email", "inline-formula", "inline-graphic", "named-content",
    "styled-content", "abbrev", "break", "x", "tex-math", "math", "target", "private-char",
})
# JATS publication-type → CSL type.
CSL_TYPES = {
    "journal": "article-journal", "book": "book", "confproc": "paper-conference",
    "conf-proc": "paper-conference", "report": "report", "thesis": "thesis", "web": "webpage",
    "webpage": "webpage", "patent": "patent", "data": "dataset", "dataset": "dataset",
    "software": "software", "preprint": "article", "newspaper": "article-newspaper",
    "magazine": "article-magazine", "working-paper": "report", "standard": "standard",
}
BACK_TITLES = {"ack": "Acknowledgments", "app": "Appendix", "notes": "Notes", "glossary": "Glossary"}
DASHES = "–—‐‑-"
# What the reference parser may add to an untagged mixed-citation.
PARSED_VARIABLES = frozenset({"author", "editor", "title", "container-title", "issued", "volume", "issue",
                              "page", "publisher", "publisher-place", "DOI", "URL", "edition"})
FIELD_WORDS = {"author": "authors", "editor": "editors", "issued": "year", "container-title": "journal or book",
               "page": "pages", "publisher-place": "place"}
ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")


def local(tag: object) -> str:
    """The element name without its namespace (`{…MathML}math` → `math`)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# --- safe parsing ------------------------------------------------------------


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _LocatingTreeBuilder(ET.TreeBuilder):
    """Builds the tree as usual, remembering each element's line and refusing
    nesting deeper than `MAX_DEPTH` as it goes (before any recursion sees it)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[ET.Element, int] = {}
        self.depth = 0
        self.expat: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self.depth += 1
        line = int(self.expat.CurrentLineNumber) if self.expat is not None else 0
        if self.depth > MAX_DEPTH:
            raise _TooDeep(line)
        element = super().start(tag, attrs)
        self.lines[element] = line
        return element

    def end(self, tag: str) -> ET.Element:
        self.depth -= 1
        return super().end(tag)


def parse_xml(text: str, path: Path) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The document's root and every element's line, or one ReaderError."""
    builder = _LocatingTreeBuilder()
    parser = defused_et.DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True,
                                         forbid_external=True)
    builder.expat = parser.parser

    def line() -> int:
        return int(parser.parser.CurrentLineNumber) or 1

    try:
        parser.feed(text)
        root = parser.close()
    except _TooDeep as error:
        raise ReaderError(SourceLocation(path, error.line or 1),
                          f"elements are nested more than {MAX_DEPTH} deep", HOSTILE_HINT) from None
    except DefusedXmlException as error:
        raise ReaderError(SourceLocation(path, line()),
                          f"refused unsafe XML: {type(error).__name__} ({error})", HOSTILE_HINT) from None
    except (ET.ParseError, defused_et.ParseError) as error:
        where = getattr(error, "position", (line(), 0))[0]
        raise ReaderError(SourceLocation(path, where or 1), f"not well-formed XML: {error}",
                          "check the file is the publisher's XML, whole and unedited") from None
    return root, builder.lines


# --- plain text with spans ---------------------------------------------------


@dataclass
class _Text:
    """Plain text built piece by piece, whitespace collapsed as it comes, with
    the spans found in it (offsets into the final text)."""

    parts: list[str] = field(default_factory=list)
    size: int = 0
    cites: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)
    notes: list[tuple[int, int, str]] = field(default_factory=list)
    math: list[tuple[int, int]] = field(default_factory=list)

    def add(self, text: str | None, raw: bool = False) -> None:
        if not text:
            return
        text = text.replace("\n", " ") if raw else re.sub(r"\s+", " ", text)
        if text.startswith(" ") and (not self.parts or self.parts[-1].endswith(" ")):
            text = text.lstrip(" ")
        if text:
            self.parts.append(text)
            self.size += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) without the spaces at its ends. Only the parts from
        `start` on are joined: the span ends the text so far, and joining the
        whole text per citation made 20,000 citations quadratic."""
        covered, tail = self.size, []
        for part in reversed(self.parts):
            if covered <= start:
                break
            covered -= len(part)
            tail.append(part)
        text = "".join(reversed(tail))
        while start < end and text[start - covered] == " ":
            start += 1
        while end > start and text[end - 1 - covered] == " ":
            end -= 1
        return start, end


@dataclass(frozen=True)
class _Block:
    kind: ParagraphKind
    text: _Text
    line: int
    table: Table | None = None


@dataclass
class _Context:
    """What the walk over one document needs to know and collects."""

    path: Path
    lines: dict[ET.Element, int]
    ref_labels: dict[str, str]             # ref or citation id → reference label
    ref_order: list[str]                   # reference labels in list order
    fn_labels: dict[str, str]              # fn id → footnote label
    tex: dict[ET.Element, str | None]      # formula element → TeX (None: could not convert)
    report: list[ReportItem] = field(default_factory=list)
    ref_texts: dict[str, str] = field(default_factory=dict)  # reference label → all its text

    @functools.cached_property
    def ref_positions(self) -> dict[str, int]:
        """Reference label → its place in the list (first place if printed twice)."""
        positions: dict[str, int] = {}
        for position, label in enumerate(self.ref_order):
            positions.setdefault(label, position)
        return positions

    def where(self, element: ET.Element) -> SourceLocation:
        return SourceLocation(self.path, self.lines.get(element, 1) or 1)

    def note(self, action: ReportAction, message: str, element: ET.Element) -> None:
        self.report.append(ReportItem(action, message, self.where(element)))


def _content(element: ET.Element, out: _Text, ctx: _Context) -> None:
    """Add an element's text and its inline children to `out`."""
    out.add(element.text)
    for child in element:
        _inline(child, out, ctx)
        out.add(child.tail)


def _inline(child: ET.Element, out: _Text, ctx: _Context) -> None:
    tag = local(child.tag)
    if tag == "xref" and child.get("ref-type") == "bibr":
        start = out.size
        _content(child, out, ctx)
        rids = tuple((child.get("rid") or "").split())
        labels = tuple(ctx.ref_labels[r] for r in rids if r in ctx.ref_labels)
        if labels and out.size > start:
            out.cites.append((*out.trimmed(start, out.size), labels))
            _check_cited_year(child, labels, ctx)
        else:
            ctx.note(ReportAction.NEEDS_HUMAN,
                     f"citation {''.join(child.itertext()).strip()!r} points at {child.get('rid')!r}, "
                     "which is no entry of the reference list; kept as text", child)
    elif tag == "xref" and child.get("ref-type") == "fn":
        label = ctx.fn_labels.get((child.get("rid") or "").split(" ")[0], "")
        start = out.size
        _content(child, out, ctx)
        if out.size == start:
            out.add(label)  # an empty call: JATS leaves the mark to the renderer
        if label:
            out.notes.append((*out.trimmed(start, out.size), label))
    elif tag in ("inline-formula", "tex-math", "math"):
        tex = ctx.tex.get(child)
        if tex:
            start = out.size
            out.add(tex, raw=True)
            out.math.append((start, out.size))
        else:
            out.add(" ".join("".join(child.itertext()).split()))
    elif tag == "fn":
        label = ctx.fn_labels.get(child.get("id") or "", "")
        if label:
            start = out.size
            out.add(label)
            out.notes.append((start, out.size, label))
    elif tag == "break":
        out.add(" ")
    elif tag == "alternatives":
        chosen = _alternative(child)
        if chosen is not None:
            _inline(chosen, out, ctx)
    elif tag in ("label",) or tag in BLOCK_TAGS:
        # Inside a caption or a title these are text, not blocks.
        _content(child, out, ctx)
    else:
        _content(child, out, ctx)


def _alternative(element: ET.Element) -> ET.Element | None:
    for wanted in ("tex-math", "math", "table", "inline-formula"):
        for child in element:
            if local(child.tag) == wanted:
                return child
    return next(iter(element), None)


def _plain(element: ET.Element | None, ctx: _Context) -> str:
    if element is None:
        return ""
    out = _Text()
    _content(element, out, ctx)
    return out.text.strip()


def _child(element: ET.Element | None, *names: str) -> ET.Element | None:
    if element is None:
        return None
    for child in element:
        if local(child.tag) in names:
            return child
    return None


def _children(element: ET.Element | None, *names: str) -> list[ET.Element]:
    return [c for c in element if local(c.tag) in names] if element is not None else []


def _descendants(element: ET.Element, name: str, skip: frozenset[str] = frozenset()) -> Iterator[ET.Element]:
    for child in element:
        tag = local(child.tag)
        if tag in skip:
            continue
        if tag == name:
            yield child
        yield from _descendants(child, name, skip)


# --- blocks ------------------------------------------------------------------


# Children of a section, quote or box that are not its text: headings, the
# reference list and notes (read elsewhere), metadata.
NOT_TEXT = frozenset({"sec", "title", "label", "sec-meta", "ref-list", "fn-group", "fn", "object-id",
                      "permissions", "caption", "alt-text", "long-desc"})


def _blocks(container: ET.Element, ctx: _Context, kind: ParagraphKind = ParagraphKind.TEXT) -> list[_Block]:
    """The paragraphs of a section (or list item, quote, box) in order.
    Text set straight in the container, outside any <p> (a quotation some
    publishers write as `<disp-quote>words <xref/> words</disp-quote>`),
    is a paragraph of its own, and a quote's <attrib> (who said it, the
    source) a line under it: both used to be dropped without a word."""
    blocks: list[_Block] = []
    loose, loose_line = _Text(), ctx.lines.get(container, 1)

    def flush() -> None:
        nonlocal loose
        if loose.text.strip():
            blocks.append(_Block(kind, loose, loose_line))
        loose = _Text()

    loose.add(container.text)
    for child in container:
        tag = local(child.tag)
        if tag in NOT_TEXT:
            pass
        elif tag == "attrib":
            flush()
            if local(container.tag) in ("disp-quote", "verse-group", "speech"):
                blocks += _attribution(child, ctx, kind)
        elif tag == "p":
            flush()
            blocks += _paragraph_blocks(child, ctx, kind)
        elif tag == "graphic" and local(container.tag) == "fig":
            pass  # the figure's own image: the <fig> is the FIGURE block
        elif tag in INLINE_TAGS:  # part of loose text
            if not loose.text.strip():
                loose_line = ctx.lines.get(child, loose_line)
            _inline(child, loose, ctx)
        else:
            flush()
            blocks += _block(child, ctx, kind)
        if child.tail and child.tail.strip() and not loose.text.strip():
            loose_line = ctx.lines.get(child, loose_line)
        loose.add(child.tail)
    flush()
    return blocks


def _attribution(attrib: ET.Element, ctx: _Context, kind: ParagraphKind) -> list[_Block]:
    """A quotation's source, printed under it: "— Paquet 1975, 19"."""
    out = _Text()
    out.add("— ")
    _content(attrib, out, ctx)
    return [_Block(kind, out, ctx.lines.get(attrib, 1))] if out.text.strip(" —") else []


def _paragraph_blocks(p: ET.Element, ctx: _Context, kind: ParagraphKind) -> list[_Block]:
    """A <p>, split where a table, figure, formula or list sits inside it."""
    blocks: list[_Block] = []
    out, line = _Text(), ctx.lines.get(p, 1)
    out.add(p.text)
    for child in p:
        if local(child.tag) in BLOCK_TAGS:
            if out.text.strip():
                blocks.append(_Block(kind, out, line))
            blocks += _block(child, ctx, kind)
            out, line = _Text(), ctx.lines.get(child, line)
        else:
            _inline(child, out, ctx)
        out.add(child.tail)
    if out.text.strip():
        blocks.append(_Block(kind, out, line))
    return blocks


def _block(element: ET.Element, ctx: _Context, kind: ParagraphKind) -> list[_Block]:
    tag, line = local(element.tag), ctx.lines.get(element, 1)
    if tag == "list":
        items: list[_Block] = []
        for item in _children(element, "list-item"):
            items += _blocks(item, ctx, ParagraphKind.LIST_ITEM)
        return items
    if tag in ("disp-quote", "speech", "verse-group"):
        return _blocks(element, ctx, ParagraphKind.QUOTE)
    if tag in ("boxed-text", "statement", "table-wrap-group", "fig-group", "disp-formula-group",
               "body", "app", "glossary"):
        return _blocks(element, ctx, kind)
    if tag == "table-wrap":
        return _table_blocks(element, ctx)
    if tag == "fig":
        # eLife nests its figure supplements in the main figure.
        return [_Block(ParagraphKind.FIGURE, _captioned(element, ctx), line), *_blocks(element, ctx, kind)]
    if tag == "supplementary-material":
        described = _captioned(element, ctx)
        if not described.text.strip():  # SciELO writes the description as the element's own text
            _content(element, described, ctx)
        return [_Block(kind, described, line)] if described.text.strip() else []
    if tag == "disp-formula":
        return [_formula_block(element, ctx)]
    if tag in ("preformat", "code"):
        out = _Text()
        out.add("".join(element.itertext()), raw=True)
        return [_Block(kind, out, line)] if out.text.strip() else []
    if tag == "def-list":
        result = []
        for item in _children(element, "def-item"):
            out = _Text()
            out.add(_plain(_child(item, "term"), ctx) + ": ")
            for definition in _children(item, "def"):
                _content(definition, out, ctx)
            result.append(_Block(ParagraphKind.LIST_ITEM, out, ctx.lines.get(item, line)))
        return result
    if tag == "graphic":
        # A figure set straight in the text, without <fig> (JOSS does this):
        # still a figure to the reader, captioned if the graphic carries one.
        return [_Block(ParagraphKind.FIGURE, _captioned(element, ctx), line)]
    if tag in ("media", "array"):
        return []
    out = _Text()
    _content(element, out, ctx)
    return [_Block(kind, out, line)] if out.text.strip() else []


def _captioned(element: ET.Element, ctx: _Context) -> _Text:
    """A figure's or table's "label caption" as one text, citations kept,
    and its <attrib> ("Source: NBS (2024)."), which publishers print under
    the figure, after it."""
    out = _Text()
    label = _child(element, "label")
    if label is not None:
        _content(label, out, ctx)
        out.add(" ")
    caption = _child(element, "caption")
    for part in caption if caption is not None else ():
        _content(part, out, ctx)
        out.add(" ")
    for attrib in _children(element, "attrib"):
        _content(attrib, out, ctx)
        out.add(" ")
    return out


def _table_blocks(wrap: ET.Element, ctx: _Context) -> list[_Block]:
    line = ctx.lines.get(wrap, 1)
    caption = _captioned(wrap, ctx)
    label = _plain(_child(wrap, "label"), ctx).rstrip(".")
    tables = list(_descendants(wrap, "table"))
    blocks: list[_Block] = []
    if not tables:
        ctx.note(ReportAction.NEEDS_HUMAN,
                 f"{label or 'a table'} is given only as an image; kept its caption", wrap)
        blocks.append(_Block(ParagraphKind.LOST_TABLE, caption, line))
    for table in tables:
        blocks.append(_Block(ParagraphKind.TABLE, caption, ctx.lines.get(table, line),
                             _cells(table, label, ctx)))
    foot = _child(wrap, "table-wrap-foot")
    if foot is not None:
        blocks += _table_foot_blocks(foot, wrap, ctx)
    return blocks


def _table_foot_blocks(foot: ET.Element, wrap: ET.Element, ctx: _Context) -> list[_Block]:
    """A table's own notes ("Source: …", "a p < 0.05") under it, each with
    the mark it is called by in the table. They are the table's, not the
    article's: they never take the article's note numbers."""
    calls = _call_marks(wrap)
    blocks: list[_Block] = []
    # Some publishers wrap the notes in an <fn-group> inside the foot.
    for child in (c for part in foot for c in (part if local(part.tag) == "fn-group" else (part,))):
        if local(child.tag) != "fn":
            blocks += (_paragraph_blocks(child, ctx, ParagraphKind.TEXT) if local(child.tag) == "p"
                       else _block(child, ctx, ParagraphKind.TEXT))
            continue
        mark = _plain(_child(child, "label"), ctx) or calls.get(child.get("id") or "", "")
        blocks += _marked_note_blocks(child, mark, ctx)
    return blocks


def _call_marks(scope: ET.Element, ref_type: str | None = None,
                skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """The mark each note is first called by within `scope` ("a", "*",
    "†"): by <xref>s of `ref_type` if given, outside `skip`ped elements."""
    calls: dict[str, str] = {}
    for xref in _descendants(scope, "xref", skip=skip):
        if (ref_type is None or xref.get("ref-type") == ref_type) and (text := "".join(xref.itertext()).strip()):
            for rid in (xref.get("rid") or "").split():
                calls.setdefault(rid, text)
    return calls


def _author_note_blocks(notes: ET.Element, front: ET.Element, ctx: _Context) -> list[_Block]:
    """<author-notes>: who to write to, equal contributions, competing
    interests, a present address. They are about the authors, printed with
    the front matter, so they are a part of the page's back matter, not
    numbered notes of the text."""
    calls = _call_marks(front)
    blocks: list[_Block] = []
    for child in notes:
        tag = local(child.tag)
        if tag == "fn":
            mark = _plain(_child(child, "label"), ctx) or calls.get(child.get("id") or "", "")
            blocks += _marked_note_blocks(child, mark, ctx)
        elif tag == "p":
            blocks += _paragraph_blocks(child, ctx, ParagraphKind.TEXT)
        elif tag not in ("label", "title"):  # <corresp> and the like: one line each
            out = _Text()
            _content(child, out, ctx)
            if out.text.strip():
                blocks.append(_Block(ParagraphKind.TEXT, out, ctx.lines.get(child, 1)))
    return blocks


def _marked_note_blocks(fn: ET.Element, mark: str, ctx: _Context) -> list[_Block]:
    """A note shown where it stands (under its table, among the author
    notes) rather than as one of the article's notes: its mark, if any,
    opens its first paragraph."""
    blocks: list[_Block] = []
    for part in fn:
        if local(part.tag) == "label":
            continue
        if local(part.tag) != "p":
            blocks += _block(part, ctx, ParagraphKind.TEXT)
            continue
        out = _Text()
        if mark:
            out.add(mark + " ")
            mark = ""
        _content(part, out, ctx)
        if out.text.strip():
            blocks.append(_Block(ParagraphKind.TEXT, out, ctx.lines.get(part, 1)))
    return blocks


def _cells(table: ET.Element, label: str, ctx: _Context) -> Table:
    """Rows of cells with the citations in them. A cell spanning columns keeps
    its text in its first column and leaves the others empty; one spanning
    rows does the same downwards, so every row has the same number of cells."""
    head_rows: list[tuple[Cell, ...]] = []
    body_rows: list[tuple[Cell, ...]] = []
    pending: dict[int, int] = {}  # column → rows still covered by a rowspan above
    # What a few bytes can multiply: `colspan="1000" rowspan="1000"` on every
    # row made 20 MB of cells from 400 KB. Past the cap, spans are ignored.
    spanned = sum(_span(c.get("colspan")) * _span(c.get("rowspan")) for c in table.iter()
                  if local(c.tag) in ("th", "td"))
    use_spans = spanned <= MAX_TABLE_CELLS
    if not use_spans:
        ctx.note(ReportAction.NEEDS_HUMAN, f"{label or 'a table'}: its column and row spans would make "
                 f"{spanned:,} cells (at most {MAX_TABLE_CELLS:,}); spans ignored", table)
    for group in table:
        group_tag = local(group.tag)
        rows = [group] if group_tag == "tr" else _children(group, "tr")
        for row in rows:
            cells: list[Cell] = []
            for cell in _children(row, "th", "td"):
                while pending.get(len(cells), 0) > 0:
                    pending[len(cells)] -= 1
                    cells.append(EMPTY)
                span = _span(cell.get("colspan")) if use_spans else 1
                rowspan = _span(cell.get("rowspan")) if use_spans else 1
                for extra in range(span):
                    if rowspan > 1:
                        pending[len(cells)] = rowspan - 1
                    cells.append(_cell(cell, ctx) if extra == 0 else EMPTY)
            while pending.get(len(cells), 0) > 0:
                pending[len(cells)] -= 1
                cells.append(EMPTY)
            (head_rows if group_tag == "thead" else body_rows).append(tuple(cells))
    width = max((len(r) for r in head_rows + body_rows), default=0)
    if width * (len(head_rows) + len(body_rows)) > MAX_TABLE_CELLS:  # one long row among many: left ragged
        width = 0
    pad = [r + (EMPTY,) * (width - len(r)) for r in head_rows + body_rows]
    head, body = pad[:len(head_rows)], pad[len(head_rows):]
    header = joined_header(head, width or max(map(len, head), default=0)) if head else ()
    return table_of_cells(header, body, label)


def _cell(cell: ET.Element, ctx: _Context) -> Cell:
    """A cell's text and its citations, grouped as in a paragraph."""
    out = _Text()
    _content(cell, out, ctx)
    return stripped_cell(out.text, _markers(out, ctx, ctx.where(cell)))


def _span(value: str | None) -> int:
    return max(1, min(int(value), 1000)) if value and value.isdigit() else 1


def _formula_block(element: ET.Element, ctx: _Context) -> _Block:
    line = ctx.lines.get(element, 1)
    out = _Text()
    tex = ctx.tex.get(element)
    if tex:
        out.add(tex, raw=True)
        return _Block(ParagraphKind.FORMULA, out, line)
    math = _child(element, "math") or next(_descendants(element, "math"), None)
    out.add(" ".join("".join((math if math is not None else element).itertext()).split()))
    return _Block(ParagraphKind.GARBLED_FORMULA, out, line)


# --- formulas: TeX from <tex-math>, or MathML converted ------------------------


def _formula_tex(root: ET.Element, ctx_path: Path, lines: dict[ET.Element, int],
                 report: list[ReportItem]) -> dict[ET.Element, str | None]:
    """TeX for every formula: <tex-math> as written (its LaTeX document
    wrapper removed), else MathML converted by Pandoc; None where neither
    works (the formula is kept as its MathML text and reported)."""
    found: dict[ET.Element, str | None] = {}
    mathml: list[tuple[ET.Element, ET.Element]] = []
    for name in ("disp-formula", "inline-formula"):
        for formula in _descendants(root, name, skip=frozenset({"sub-article"})):
            written = next(_descendants(formula, "tex-math"), None)
            if written is not None and "".join(written.itertext()).strip():
                found[formula] = _clean_tex("".join(written.itertext()))
                continue
            math = next((m for m in _descendants(formula, "math")), None)
            if math is None:
                found[formula] = None
            else:
                mathml.append((formula, math))
    converted = tex_from_mathml([_without_namespaces(m) for _, m in mathml])
    for (formula, _), tex in zip(mathml, converted, strict=True):
        found[formula] = tex
        if tex is None:
            report.append(ReportItem(ReportAction.NEEDS_HUMAN,
                                     "a MathML formula could not be converted to TeX; kept as its text",
                                     SourceLocation(ctx_path, lines.get(formula, 1) or 1)))
    return found


def _clean_tex(tex: str) -> str:
    if m := re.search(r"\\begin\{document\}(.*)\\end\{document\}", tex, re.S):
        tex = m.group(1)
    tex = tex.strip()
    for opening, closing in (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$")):
        if tex.startswith(opening) and tex.endswith(closing) and len(tex) > len(opening) + len(closing):
            tex = tex[len(opening):-len(closing)].strip()
            break
    return tex


def _without_namespaces(element: ET.Element) -> str:
    def copy(e: ET.Element) -> ET.Element:
        new = ET.Element(local(e.tag), {local(k): v for k, v in e.attrib.items()})
        new.text, new.tail = e.text, e.tail
        new.extend(copy(c) for c in e)
        return new
    clean = copy(element)
    clean.tail = None
    return ET.tostring(clean, encoding="unicode")


# --- references ----------------------------------------------------------------


def _references(back: ET.Element | None, ctx: _Context, slug: str,
                language: str) -> tuple[RawReference, ...]:
    references: list[RawReference] = []
    both = 0
    for position, ref in enumerate(_descendants(back, "ref") if back is not None else (), start=1):
        label = _label_text(_plain(_child(ref, "label"), ctx)) or str(position)
        citations = _children(ref, "element-citation", "mixed-citation", "citation", "nlm-citation")
        if not citations:
            ctx.note(ReportAction.NEEDS_HUMAN, f"reference {label} has no citation element; skipped", ref)
            continue
        # SciELO and others give each reference twice: the string as printed
        # (<mixed-citation>, often untagged) and its parts (<element-citation>).
        # The parts say what the string only suggests; the string is what the
        # paper printed.
        citation = next((c for c in citations if _tags_its_parts(c)), citations[0])
        printed_element = next((c for c in citations if local(c.tag) == "mixed-citation"), None)
        printed = _plain(printed_element, ctx) if printed_element is not None else ""
        both += printed_element is not None and printed_element is not citation
        item = _csl_item(citation, ctx)
        if printed and not (item.get("author") or item.get("editor")):
            _fill_from_printed_text(item, printed, label, ref, ctx)
        elif not (item.get("issued") and item.get("title")):
            _fill_gaps(item, citation, printed, label, ref, ctx)
        # xml:lang holds for everything inside the element that sets it: a
        # reference not marked otherwise is in the article's language.
        item["language"] = (citation.get(XML_LANG) or ref.get(XML_LANG)
                            or (printed_element.get(XML_LANG) if printed_element is not None else None)
                            or language)
        if not (item.get("title") or item.get("author") or item.get("editor")):
            # Untagged text (PLOS writes web resources so): nothing says which
            # part is the title, and guessing is what structured sources avoid.
            item["title"] = printed or " ".join("".join(citation.itertext()).split())
            ctx.note(ReportAction.NEEDS_HUMAN,
                     f"reference {label} tags none of its parts; its whole text is kept as the title", ref)
        references.append(RawReference(slug, label, printed or readable_reference(item),
                                       ctx.where(ref), csl_json=csl_text(item)))
    if both and back is not None:
        ctx.note(ReportAction.DETECTED,
                 f"{both} references give both their tagged parts (element-citation) and the string as "
                 "printed (mixed-citation): read from the parts, shown as printed", back)
    return tuple(references)


def _tags_its_parts(citation: ET.Element) -> bool:
    """An element-citation always tags its parts; a mixed-citation does when
    it names a person or organisation, or marks a title."""
    if local(citation.tag) != "mixed-citation":
        return True
    return any(local(c.tag) in ("person-group", "name", "string-name", "collab", "article-title", "source")
               for c in citation)


def _fill_from_printed_text(item: CslItem, printed: str, label: str, ref: ET.Element, ctx: _Context) -> None:
    """A mixed-citation that tags no person (PLOS web resources, plain-text
    entries): the reference parser reads the printed text, and only the
    fields the XML left empty are taken from it, so what the publisher tagged
    always wins. A statistical guess, so the report asks for a look."""
    parsed = parse_reference(printed)
    if parsed.get("unparsed") or not parsed.get("author"):
        return
    filled = []
    for variable, value in parsed.items():
        if value and not item.get(variable) and variable in PARSED_VARIABLES:
            item[variable] = value
            filled.append(variable)
    if item.get("type") == "document" and parsed.get("type"):
        item["type"] = parsed["type"]
    ctx.note(ReportAction.NEEDS_HUMAN,
             f"reference {label} tags no author; {', '.join(FIELD_WORDS.get(f, f) for f in filled)} read from "
             f"its printed text by the "
             f"reference parser — check against the original: {printed[:120]}", ref)


def _fill_gaps(item: CslItem, citation: ET.Element, printed: str, label: str, ref: ET.Element,
               ctx: _Context) -> None:
    """Tags that name the authors but leave out the year or the title (a
    conference paper dated only by its <conf-date>, a placeholder
    element-citation beside a full printed string) must not lose what the
    paper printed: the year comes from a date element, else from the printed
    string when it gives exactly one year outside its title, addresses and
    access dates; a missing title is the reference parser's reading of the
    printed string, which the report asks a human to check."""
    if not item.get("issued") and (found := _untagged_year(item, citation, printed, ctx)):
        year, where = found
        item["issued"] = {"date-parts": [[int(year)]]}
        ctx.note(ReportAction.REPAIRED, f"reference {label} tags no <year>; {year} taken from {where}", ref)
    if not item.get("title") and printed and (title := str(parse_reference(printed).get("title") or "")):
        item["title"] = title
        ctx.note(ReportAction.NEEDS_HUMAN,
                 f"reference {label} tags no title; {title[:80]!r} read from its printed text by the reference "
                 f"parser — check against the original: {printed[:120]}", ref)


def _untagged_year(item: CslItem, citation: ET.Element, printed: str, ctx: _Context) -> tuple[str, str] | None:
    for name in ("date", "conf-date", "string-date"):
        for element in _descendants(citation, name):
            if len(years := set(YEAR.findall(_plain(element, ctx)))) == 1:
                return years.pop(), f"its <{name}>"
    text = printed
    # An access date or an address is no publication year; nor is a year the
    # title names ("Censo Demográfico de 2010").
    for element in _descendants(citation, "date-in-citation"):
        text = text.replace(_plain(element, ctx), " ")
    for variable in ("title", "container-title"):
        if value := item.get(variable):
            text = text.replace(str(value), " ")
    text = re.sub(r"\S*(?:https?://|www\.|doi\.org)\S*", " ", text)
    years = set(YEAR.findall(text))
    return (years.pop(), "its printed text") if len(years) == 1 else None


def _label_text(label: str) -> str:
    """"[12]", "12." and "12" all label reference 12."""
    return label.strip().strip("[]()").rstrip(".").strip()


def _reference_ids(back: ET.Element | None, ctx: _Context) -> tuple[dict[str, str], list[str]]:
    ids: dict[str, str] = {}
    order: list[str] = []
    for position, ref in enumerate(_descendants(back, "ref") if back is not None else (), start=1):
        label = _label_text(_plain(_child(ref, "label"), ctx)) or str(position)
        order.append(label)
        ctx.ref_texts[label] = " ".join(ref.itertext())
        for element in (ref, *_children(ref, "element-citation", "mixed-citation", "citation")):
            if element.get("id"):
                ids[element.get("id") or ""] = label
    return ids, order


YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def _check_cited_year(xref: ET.Element, labels: tuple[str, ...], ctx: _Context) -> None:
    """An author-year citation whose year is in none of the entries it
    points at was most likely tagged to the wrong entry by the publisher
    ("FOUCAULT, 2010" pointing at Foucault's 2001 book, not the one whose
    2010 translation is cited). The link stays as the XML says; a human
    is asked to look."""
    years = YEAR.findall("".join(xref.itertext()))
    if years and not any(y in ctx.ref_texts.get(label, "") for y in years for label in labels):
        ctx.note(ReportAction.NEEDS_HUMAN,
                 f"citation {' '.join(''.join(xref.itertext()).split())!r} points at reference "
                 f"{', '.join(labels)}, whose entry gives no {', '.join(dict.fromkeys(years))}: "
                 "the publisher may have tagged the wrong entry", xref)


def _csl_item(citation: ET.Element, ctx: _Context) -> CslItem:
    """CSL-JSON from the citation's elements; nothing is parsed from text."""
    kind = (citation.get("publication-type") or citation.get("citation-type") or "").lower()
    item: CslItem = {"type": CSL_TYPES.get(kind, "document")}
    roles: dict[str, list[dict[str, str]]] = {"author": [], "editor": []}
    for group in _children(citation, "person-group"):
        role = group.get("person-group-type", "author")
        target = roles.setdefault("editor" if role == "editor" else role, [])
        target += _names(group, ctx)
    roles["author"] += _names(citation, ctx)  # PLOS mixed-citation puts <name> straight in
    text = {local(c.tag): _plain(c, ctx) for c in reversed(list(citation))}
    chapter = text.get("chapter-title") or text.get("part-title")
    if chapter or (kind == "book" and text.get("article-title")):
        item["type"] = "chapter"
        item["title"] = chapter or text.get("article-title", "")
        item["container-title"] = text.get("source", "")
    elif item["type"] in ("book", "report", "thesis") and not text.get("article-title"):
        item["title"] = text.get("source", "")
    else:
        item["title"] = text.get("article-title") or text.get("data-title") or text.get("source", "")
        if text.get("article-title") or text.get("data-title"):
            item["container-title"] = text.get("source", "")
    if item["type"] == "document" and item.get("container-title"):
        item["type"] = "article-journal"
    year = re.match(r"\d{4}", text.get("year", ""))
    if year:
        item["issued"] = {"date-parts": [[int(year.group(0))]]}
    for variable, tag in (("volume", "volume"), ("issue", "issue"), ("publisher", "publisher-name"),
                          ("publisher-place", "publisher-loc"), ("edition", "edition")):
        item[variable] = text.get(tag, "")
    pages = "–".join(x for x in (text.get("fpage", ""), text.get("lpage", "")) if x)
    item["page"] = pages or text.get("elocation-id", "")
    for pub_id in _descendants(citation, "pub-id"):
        if pub_id.get("pub-id-type") == "doi":
            item["DOI"] = _plain(pub_id, ctx)
    # PLOS puts the DOI link inside <comment>.
    for link in [*_descendants(citation, "ext-link"), *_descendants(citation, "uri")]:
        href = link.get(XLINK_HREF) or _plain(link, ctx)
        if m := re.match(r"https?://(?:dx\.)?doi\.org/(10\..+)$", href):
            item.setdefault("DOI", m.group(1))
        elif href:
            item.setdefault("URL", href)
    for role, names in roles.items():
        item[role] = names
    return item


def _names(parent: ET.Element, ctx: _Context) -> list[dict[str, str]]:
    names = []
    for child in parent:
        tag = local(child.tag)
        if tag in ("name", "string-name") and _child(child, "surname") is not None:
            names.append(csl_name(_plain(_child(child, "surname"), ctx),
                                  _plain(_child(child, "given-names"), ctx)))
        elif tag in ("collab", "string-name", "name-alternatives") and (literal := _plain(child, ctx)):
            names.append(csl_name(literal=literal))
    return names


# --- citations: group the xrefs printed as one marker ---------------------------


def _markers(out: _Text, ctx: _Context, where: SourceLocation) -> tuple[CitationMarker, ...]:
    """One marker per printed group: "[1–8]", "[3, 4, 19]",
    "(Chuong et al., 2016; Frank and Feschotte, 2017)". Xrefs joined only by
    separators belong together; a dash between two numbered xrefs covers every
    reference between them in list order."""
    text = out.text
    groups: list[list[tuple[int, int, tuple[str, ...]]]] = []
    for cite in sorted(out.cites):
        if groups and re.fullmatch(rf"[\s,;{DASHES}]*", text[groups[-1][-1][1]:cite[0]]):
            groups[-1].append(cite)
        else:
            groups.append([cite])
    markers = []
    for group in groups:
        start, end = group[0][0], group[-1][1]
        labels: list[str] = list(group[0][2])
        for previous, cite in itertools.pairwise(group):
            between = text[previous[1]:cite[0]]
            if any(d in between for d in DASHES):
                inside = _range(previous[2][-1], cite[2][0], ctx)
                if inside is None:  # what a few bytes can multiply: linked to its two ends
                    ctx.report.append(ReportItem(
                        ReportAction.NEEDS_HUMAN, f"the citation range {previous[2][-1]}–{cite[2][0]} names "
                        f"more than {MAX_RANGE} references; linked to its two ends", where))
                labels += inside or []
            labels += cite[2]
        if start > 0 and end < len(text) and text[start - 1] + text[end] in ("[]", "()"):
            start, end = start - 1, end + 1
        markers.append(CitationMarker(start, end, text[start:end], tuple(dict.fromkeys(labels))))
    return tuple(markers)


def _range(first: str, last: str, ctx: _Context) -> list[str] | None:
    """The labels strictly between `first` and `last` in list order; None
    when there are more than MAX_RANGE."""
    positions = ctx.ref_positions
    if first in positions and last in positions and positions[first] < positions[last]:
        if positions[last] - positions[first] - 1 > MAX_RANGE:
            return None
        return ctx.ref_order[positions[first] + 1:positions[last]]
    return []


# --- sections -------------------------------------------------------------------


def _paragraphs(section_id: str, blocks: list[_Block], ctx: _Context) -> tuple[Paragraph, ...]:
    """Paragraph ids are `<section id>-p<n>`, as in every reader."""
    paragraphs = []
    for ordinal, block in enumerate(blocks, start=1):
        out = block.text
        text = out.text
        stripped = text.rstrip(" ")
        paragraphs.append(Paragraph(
            id=f"{section_id}-p{ordinal}", text=stripped, kind=block.kind,
            location=SourceLocation(ctx.path, block.line or 1),
            citations=_markers(out, ctx, SourceLocation(ctx.path, block.line or 1)),
            footnotes=tuple(FootnoteMarker(s, e, label) for s, e, label in out.notes),
            math=tuple(MathSpan(s, min(e, len(stripped))) for s, e in out.math),
            table=block.table,
        ))
    return tuple(paragraphs)


@dataclass
class _Sections:
    ctx: _Context
    sections: list[Section] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def add(self, element: ET.Element, path: tuple[int, ...], back: bool, title: str = "",
            blocks: list[_Block] | None = None) -> None:
        ctx = self.ctx
        label = _plain(_child(element, "label"), ctx).rstrip(".").strip()
        number = label if re.fullmatch(r"[\w.]+", label) else ""
        prefix = "b" if back else "s"
        section_id = prefix + (number or ".".join(map(str, path))).replace(".", "-")
        if section_id in self.used:
            section_id = prefix + "-".join(map(str, path))
        while section_id in self.used:
            section_id += "-x"
        self.used.add(section_id)
        # An untitled part whose label is words, not a number ("Declaração
        # de disponibilidade de conteúdo"), is headed by its label.
        title = _plain(_child(element, "title"), ctx) or (label if label and not number else "") or title
        # JATS 1.3 may put the data availability statement in the body.
        back = back or element.get("sec-type") in ("data-availability", "data-access")
        self.sections.append(Section(section_id, number, title, len(path), ctx.where(element),
                                     _paragraphs(section_id, _blocks(element, ctx) if blocks is None else blocks, ctx),
                                     back_matter=back))
        for index, sub in enumerate(_children(element, "sec", "app"), start=1):
            self.add(sub, (*path, index), back)


def _back_sections(back: ET.Element | None, sections: _Sections) -> None:
    index = 0
    for child in back if back is not None else ():
        tag = local(child.tag)
        if tag in ("ref-list", "fn-group", "label", "title"):
            continue
        if tag == "app-group":
            for app in _children(child, "app"):
                index += 1
                sections.add(app, (index,), back=True, title="Appendix")
            continue
        index += 1
        sections.add(child, (index,), back=True, title=_untitled_back_title(child))


def _untitled_back_title(element: ET.Element) -> str:
    """The heading of a back-matter part that has no <title>: the reader's
    own for the kinds every paper has ("Acknowledgments"), else the kind its
    sec-type names ("data-availability" → "Data availability"). A plain
    untitled <sec> gets no heading, as in the body, rather than "Sec"."""
    tag = local(element.tag)
    if tag in BACK_TITLES:
        return BACK_TITLES[tag]
    kind = element.get("sec-type") or ("" if tag == "sec" else tag)
    kind = kind.replace("-", " ").replace("_", " ").strip()
    return kind[:1].upper() + kind[1:]


# --- footnotes --------------------------------------------------------------------


# Not the article's notes: peer review material, a table's own notes (read
# with the table, under it) and the notes about the authors (a back part).
NOT_THE_ARTICLES_NOTES = frozenset({"sub-article", "table-wrap-foot", "author-notes"})


def _footnote_labels(root: ET.Element, ctx: _Context) -> list[tuple[ET.Element, str]]:
    """Every <fn> with the label it is called by: its <label>, else the text of
    a call to it, else a number no note of the article is called by (a note
    the paper prints without a mark, such as a journal's statement first in
    the notes, must not take note 1's number); made unique."""
    calls = _call_marks(root, ref_type="fn", skip=frozenset({"sub-article"}))
    notes = list(_descendants(root, "fn", skip=NOT_THE_ARTICLES_NOTES))
    printed = [_plain(_child(fn, "label"), ctx) or calls.get(fn.get("id") or "", "") for fn in notes]
    taken = set(printed)
    numbers = (str(n) for n in itertools.count(1) if str(n) not in taken)
    labelled: list[tuple[ET.Element, str]] = []
    used: set[str] = set()
    for position, (fn, label) in enumerate(zip(notes, printed, strict=True), start=1):
        label = label or next(numbers)
        if label in used:
            label = fn.get("id") or f"{label}-{position}"
        used.add(label)
        labelled.append((fn, label))
    return labelled


def _footnote_id(label: str, position: int) -> str:
    return urls.footnote_id(label or str(position))


# --- front matter -----------------------------------------------------------------


def _authors(meta: ET.Element | None, ctx: _Context, root: ET.Element) -> tuple[Author, ...]:
    affiliations: dict[str, str] = {}
    for aff in _descendants(meta, "aff") if meta is not None else ():
        out = _Text()
        for part in aff:
            if local(part.tag) != "label":
                _content(part, out, ctx)
                out.add(", " if local(part.tag) in ("institution", "addr-line", "institution-wrap") else " ")
        text = out.text.strip().strip(",").strip() or " ".join("".join(aff.itertext()).split())
        affiliations[aff.get("id") or f"aff-{len(affiliations)}"] = re.sub(r"\s*,\s*,", ",", text)
    authors = []
    for contrib in _descendants(meta, "contrib") if meta is not None else ():
        if contrib.get("contrib-type", "author") != "author":
            continue
        name_element = _child(contrib, "name", "string-name", "collab", "name-alternatives")
        if name_element is not None and local(name_element.tag) == "name-alternatives":
            name_element = _child(name_element, "name", "string-name")
        if name_element is None:
            continue
        given = _plain(_child(name_element, "given-names"), ctx)
        surname = _plain(_child(name_element, "surname"), ctx)
        name = " ".join(x for x in (given, surname) if x) or _plain(name_element, ctx)
        if not name.strip():  # `<name><surname/></name>`: nobody to credit or cite
            ctx.note(ReportAction.NEEDS_HUMAN, "an author (<contrib>) has an empty name; left out", contrib)
            continue
        identifiers = []
        for contrib_id in _children(contrib, "contrib-id"):
            if contrib_id.get("contrib-id-type") == "orcid" and (m := ORCID.search(_plain(contrib_id, ctx))):
                identifiers.append(("ORCID", m.group(1)))
        own = [affiliations[r] for x in _children(contrib, "xref") if x.get("ref-type") == "aff"
               for r in (x.get("rid") or "").split() if r in affiliations]
        own += [_plain(a, ctx) for a in _children(contrib, "aff")]
        corresponding = contrib.get("corresp") == "yes" or any(
            x.get("ref-type") == "corresp" for x in _children(contrib, "xref"))
        authors.append(Author(name, tuple(own), tuple(identifiers), corresponding))
    return tuple(authors)


def _licence(meta: ET.Element | None, ctx: _Context) -> str:
    licence = next(_descendants(meta, "license"), None) if meta is not None else None
    if licence is None:
        return ""
    url = licence.get(XLINK_HREF) or ""
    ref = next(_descendants(licence, "license_ref"), None)
    url = url or (_plain(ref, ctx) if ref is not None else "")
    text = " ".join(_plain(p, ctx) for p in _children(licence, "license-p", "p"))
    if url and url not in text:
        text = f"{text} ({url})" if text else url
    return text.strip()


# The date a citation gives as the paper's year, by the names publishers give
# their <pub-date>s (JATS 1.1+ date-type, older pub-type): publication, then
# electronic, print, and issue (collection) dates. A PubMed Central release or
# a correction date, often listed first, is a later event, not the year of
# publication; it counts only when nothing else is given.
PUB_DATE_ORDER = ("pub", "epub", "ppub", "epub-ppub", "collection", "")


def _publication_year(meta: ET.Element | None, ctx: _Context) -> str:
    ranked = []
    for position, date in enumerate(_children(meta, "pub-date")):
        kind = (date.get("date-type") or date.get("pub-type") or "").lower()
        year = re.match(r"\d{4}", _plain(_child(date, "year"), ctx))
        if year:
            rank = PUB_DATE_ORDER.index(kind) if kind in PUB_DATE_ORDER else len(PUB_DATE_ORDER)
            ranked.append((rank, position, year.group(0)))
    return min(ranked)[2] if ranked else ""


def _venue(root: ET.Element, meta: ET.Element | None, ctx: _Context) -> Venue:
    journal_meta = next(_descendants(root, "journal-meta"), None)
    journal = next(_descendants(journal_meta, "journal-title"), None) if journal_meta is not None else None
    publisher = next(_descendants(journal_meta, "publisher-name"), None) if journal_meta is not None else None
    def field_text(name: str) -> str:
        return _plain(_child(meta, name), ctx)
    pages = "–".join(x for x in (field_text("fpage"), field_text("lpage")) if x)
    return Venue(journal=_plain(journal, ctx), year=_publication_year(meta, ctx),
                 volume=field_text("volume"), issue=field_text("issue"), pages=pages,
                 publisher=_plain(publisher, ctx), article_number=field_text("elocation-id"))


# --- the reader ---------------------------------------------------------------------


def _in_language(element: ET.Element, language: str) -> bool:
    """Written in `language`: said so, or not said otherwise."""
    own = language_tag(element.get(XML_LANG))
    return not own or not language or same_language(own, language)


def _keyword_groups(meta: ET.Element | None) -> list[ET.Element]:
    """The authors' keyword groups (not a subject classification)."""
    return [g for g in _children(meta, "kwd-group") if g.get("kwd-group-type") in (None, "author-keywords", "author")]


def _abstract_blocks(abstract: ET.Element | None, ctx: _Context) -> list[_Block]:
    if abstract is None:
        return []
    return _blocks(abstract, ctx) + [b for sec in _descendants(abstract, "sec") for b in _blocks(sec, ctx)]


def _translated_abstract(abstract: ET.Element, meta: ET.Element | None, used: set[str], ctx: _Context,
                         language: str = "") -> Section:
    """"Abstract (English)" with its paragraphs, then its keywords (the
    keyword group in the same language), as a section in that language."""
    tag = language_tag(abstract.get(XML_LANG)) or language
    section_id = "abstract-" + (re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-") or "other")
    while section_id in used:
        section_id += "-x"
    used.add(section_id)
    title = _plain(_child(abstract, "title"), ctx).rstrip(": ") or "Abstract"
    if tag:
        title = f"{title} ({language_name(tag)})"
    blocks = _abstract_blocks(abstract, ctx)
    group = next((g for g in _keyword_groups(meta) if tag and language_tag(g.get(XML_LANG)) == tag), None)
    if group is not None and (words := [_plain(k, ctx) for k in _children(group, "kwd")]):
        out = _Text()
        out.add(f"{_plain(_child(group, 'title'), ctx).rstrip(':') or 'Keywords'}: {', '.join(words)}")
        blocks.append(_Block(ParagraphKind.TEXT, out, ctx.lines.get(group, 1)))
    ctx.note(ReportAction.DETECTED, f"the abstract in {language_name(tag) if tag else 'another language'} "
             "is shown after the abstract, marked with its language", abstract)
    return Section(section_id, "", title, 1, ctx.where(abstract), _paragraphs(section_id, blocks, ctx),
                   language=tag)


def read_jats(source: PaperSource) -> Paper:
    path = source.path
    root, lines = parse_xml(source.text, path)
    if local(root.tag) != "article":
        raise ReaderError(SourceLocation(path, lines.get(root, 1) or 1),
                          f"expected a JATS <article> as the root element, found <{local(root.tag)}>",
                          "only journal articles in JATS XML are read as format 'jats'")
    report: list[ReportItem] = [ReportItem(ReportAction.DETECTED, "JATS XML article",
                                           SourceLocation(path, lines.get(root, 1) or 1))]
    front, body, back = _child(root, "front"), _child(root, "body"), _child(root, "back")
    meta = _child(front, "article-meta")
    ctx = _Context(path, lines, {}, [], {}, {}, report)
    ctx.ref_labels, ctx.ref_order = _reference_ids(back, ctx)
    labelled_fns = _footnote_labels(root, ctx)
    ctx.fn_labels = {fn.get("id") or "": label for fn, label in labelled_fns if fn.get("id")}
    ctx.tex = _formula_tex(root, path, lines, report)
    # xml:lang on <article> is the paper's language; paper.yml's wins.
    article_language = language_tag(root.get(XML_LANG))
    language = source.metadata.language or article_language
    references = _references(back, ctx, source.metadata.slug, article_language)

    title = _plain(next(_descendants(meta, "article-title"), None) if meta is not None else None, ctx)
    if not title:
        raise ReaderError(SourceLocation(path, lines.get(root, 1) or 1), "the article has no <article-title>",
                          "JATS front matter must give the title in <title-group><article-title>")
    abstracts = [a for a in _children(meta, "abstract") if not a.get("abstract-type")]
    abstract_element = next((a for a in abstracts if _in_language(a, article_language)),
                            next(iter(abstracts), _child(meta, "abstract")))
    abstract = _paragraphs("abstract", _abstract_blocks(abstract_element, ctx), ctx)
    keyword_group = next((g for g in _keyword_groups(meta) if _in_language(g, article_language)),
                         _child(meta, "kwd-group"))
    keywords = tuple(_plain(k, ctx) for k in _children(keyword_group, "kwd"))

    sections = _Sections(ctx)
    # The abstract in other languages (SciELO gives most papers two or three):
    # sections of their own, right after the abstract, marked with their language.
    translations = [a for a in abstracts if a is not abstract_element and language_tag(a.get(XML_LANG))]
    for translated in translations + _children(meta, "trans-abstract"):
        sections.sections.append(_translated_abstract(translated, meta, sections.used, ctx))
    # A whole translation of the article (SciELO's sub-article
    # article-type="translation"): its abstract is shown like a trans-abstract.
    for sub in _children(root, "sub-article"):
        stub = _child(sub, "front-stub")
        stub = stub if stub is not None else _child(_child(sub, "front"), "article-meta")
        sub_abstract = next((a for a in _children(stub, "abstract") if not a.get("abstract-type")), None)
        if sub.get("article-type") == "translation" and sub_abstract is not None:
            sections.sections.append(_translated_abstract(sub_abstract, stub, sections.used, ctx,
                                                          language_tag(sub.get(XML_LANG))))
    if body is not None:
        loose = _blocks(body, ctx)
        if loose:  # text straight in <body>, before or without any <sec>
            sections.sections.append(Section("s0", "", "", 1, ctx.where(body),
                                             _paragraphs("s0", loose, ctx)))
            sections.used.add("s0")
        for index, sec in enumerate(_children(body, "sec"), start=1):
            sections.add(sec, (index,), back=False)
    _back_sections(back, sections)
    author_notes = _child(meta, "author-notes")
    if author_notes is not None and front is not None and (
            note_blocks := _author_note_blocks(author_notes, front, ctx)):
        index = sum(s.back_matter for s in sections.sections) + 1
        sections.add(author_notes, (index,), back=True, title="Author notes", blocks=note_blocks)
    footnote_ids: set[str] = set()
    footnotes = []
    for position, (fn, label) in enumerate(labelled_fns, start=1):
        footnote_id = _footnote_id(label, position)
        if footnote_id in footnote_ids:  # "†" and "1" both fall back to the position
            footnote_id = f"fn{position}"
        footnote_ids.add(footnote_id)
        footnotes.append(Footnote(label, _paragraphs(footnote_id, _blocks(fn, ctx), ctx), ctx.where(fn)))
    for sub in _descendants(root, "sub-article"):
        what = _plain(next(_descendants(sub, 'article-title'), None), ctx)
        if sub.get("article-type") == "translation":
            language_named = language_name(language_tag(sub.get(XML_LANG))) or "another language"
            ctx.note(ReportAction.REMOVED, f"the article's translation into {language_named} ({what!r}) is not "
                     "shown: the page shows the paper as published; the translation's abstract is kept", sub)
        else:
            ctx.note(ReportAction.REMOVED,
                     f"sub-article {what!r} ({sub.get('article-type') or 'peer review material'}) "
                     "is not part of the paper's page", sub)
    doi = next((_plain(a, ctx) for a in _children(meta, "article-id") if a.get("pub-id-type") == "doi"), "")
    funding = next(_descendants(meta, "funding-statement"), None) if meta is not None else None
    return Paper(
        metadata=replace(source.metadata, language=language), format=SourceFormat.JATS, title=title,
        authors=_authors(meta, ctx, root), abstract=abstract, keywords=keywords,
        sections=tuple(sections.sections), references=references,
        venue=stated_venue_first(source.metadata.venue, _venue(root, meta, ctx)),
        doi=source.metadata.doi or doi, funding_note=_plain(funding, ctx), footnotes=tuple(footnotes),
        licence=_licence(meta, ctx), import_report=tuple(ctx.report),
    )


def csl_of(reference: RawReference) -> CslItem:
    """The reference's CSL-JSON item (for tests and the references stage)."""
    return dict(json.loads(reference.csl_json)) if reference.csl_json else {}
