"""Stage 1e: read an author's Pandoc Markdown manuscript and its BibTeX.

Pandoc itself parses the Markdown (its JSON AST, via the pandoc program that
`pypandoc-binary` ships), so every citation form, footnote, table and formula
is read exactly as Pandoc reads it when the authors build their PDF. This
module walks that AST into the shared model; nothing here re-parses Markdown.

Reference labels of a Pandoc paper ARE the BibTeX keys: `[@walt1987; @snyder1997, p. 5]`
gives one CitationMarker with labels ("walt1987", "snyder1997"). Only cited
entries become references; each carries its entry as CSL-JSON.

Pandoc keeps no source positions for Markdown, so a paragraph's line is found
by looking for its first words in the source, moving forward only; it is
where a contributor should look, not a promise.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bibtexparser.entrypoint import parse_string
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person
from pybtex.exceptions import PybtexError
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import get_default_latex_context_db
from pylatexenc.macrospec import MacroSpec

from build_tools import urls
from build_tools.bibtex_values import extended_name
from build_tools.model import (
    Author,
    CitationMarker,
    CodeSpan,
    CrossReference,
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
from build_tools.read.bracket_depth import refuse_deep_brackets
from build_tools.read.cross_references import (
    BOOKDOWN_REF,
    FIGURE_LABEL,
    LATEX_REF,
    LETTERS,
    TRAILING_LABEL,
    Labelled,
    display_tex,
    find_label,
    formula_label,
    is_cross_reference_key,
    number_labels,
    sub_figure_labels,
)
from build_tools.read.csl import CslItem, csl_name, csl_text, readable_reference
from build_tools.read.knitr_chunks import (
    CHUNK_OPENING,
    INLINE_R,
    KnitrChunk,
    KnitrDocument,
    find_knitr_chunks,
    without_option_lines,
)
from build_tools.read.paper_directory import CSL_BIBLIOGRAPHY_SUFFIXES, PANDOC_YAML, PaperSource, bibliographies_beside
from build_tools.read.table_cells import EMPTY, Cell, joined_header, stripped_cell, table_of_cells
from build_tools.read.tex import PandocFailed, pandoc_json

# Pandoc's own Markdown with typographic "smart" quotes off: the paper's
# quotes and dashes stay as the authors typed them.
PANDOC_FORMAT = "markdown-smart"
# A citation key as written ("@walt1987", "@R:2021"), as Pandoc reads one.
WRITTEN_KEY = re.compile(r"@[\w:.#$%&+?<>~/-]*\w")
BACK_MATTER_TITLE = re.compile(
    r"^(acknowledge?ments?|funding|data (and code )?availability|code availability|appendi(x|ces)\b|"
    r"supplementary|supporting information|conflicts? of interest|competing interests?|"
    r"author contributions?|declarations?|notes)", re.IGNORECASE)
REFERENCES_TITLE = re.compile(r"^(references|bibliography|works cited|literature cited)$", re.IGNORECASE)
# BibTeX entry type → CSL type (what Pandoc's citeproc does, for the types papers use).
CSL_TYPES = {
    "article": "article-journal", "book": "book", "booklet": "book", "inbook": "chapter",
    "incollection": "chapter", "inproceedings": "paper-conference", "conference": "paper-conference",
    "proceedings": "book", "techreport": "report", "report": "report", "phdthesis": "thesis",
    "mastersthesis": "thesis", "thesis": "thesis", "manual": "report", "misc": "document",
    "unpublished": "manuscript", "online": "webpage", "electronic": "webpage", "www": "webpage",
    "software": "software", "dataset": "dataset", "collection": "book", "mvbook": "book",
}
_LATEX = LatexNodes2Text(math_mode="verbatim")
# pylatexenc's parser knows no \href or \url, though its text output
# expects their arguments (an ordinary `note = {\href{…}{…}}` was an
# IndexError); a macro still short of them is read without the TeX.
_LATEX_MACROS = get_default_latex_context_db()
_LATEX_MACROS.add_context_category("links", prepend=True, macros=[MacroSpec("href", "{{"), MacroSpec("url", "{")])
TEX_MARKUP = re.compile(r"\\[A-Za-z]+\*?|[{}]")


# --- text with spans --------------------------------------------------------


@dataclass
class _Text:
    parts: list[str] = field(default_factory=list)
    size: int = 0
    cites: list[CitationMarker] = field(default_factory=list)
    notes: list[FootnoteMarker] = field(default_factory=list)
    math: list[MathSpan] = field(default_factory=list)
    code: list[CodeSpan] = field(default_factory=list)
    refs: list[CrossReference] = field(default_factory=list)  # target: the label, made an id at the end

    def add(self, text: str) -> None:
        if text == " " and (not self.parts or self.parts[-1].endswith(" ")):
            return
        self.parts.append(text)
        self.size += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass(frozen=True)
class _Block:
    kind: ParagraphKind
    text: _Text
    table: Table | None = None
    label: str = ""   # the cross-reference label of a figure, table or formula
    line: int = 0     # the raw line, when known exactly (a knitr chunk)


@dataclass
class _Walk:
    """One document's walk: the footnotes and citations found, the report."""

    path: Path
    source_lines: list[str]
    cursor: int = 0
    footnotes: list[tuple[str, list[_Block], int]] = field(default_factory=list)
    cited: dict[str, str] = field(default_factory=dict)   # key → the source line citing it first
    cited_lines: dict[str, int] = field(default_factory=dict)
    report: list[ReportItem] = field(default_factory=list)
    knitr: KnitrDocument | None = None                    # R Markdown: its chunks
    labels: dict[str, Labelled] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)  # label → section or paragraph id

    def line_with(self, fragment: str) -> int:
        """The first source line at or after the cursor holding `fragment`
        as written (its first line); the cursor stays. For report items, so
        each names its own line rather than its paragraph's."""
        first = fragment.strip().split("\n")[0].strip()
        if first in self.key_lines:  # "@key": looked up, not searched for in every line again
            lines = self.key_lines[first]
            index = bisect.bisect_left(lines, self.cursor)
            if index < len(lines):
                return lines[index] + 1
        if first:
            for number in range(self.cursor, len(self.source_lines)):
                if first in self.source_lines[number]:
                    return number + 1
        return self.line_of(fragment)

    def note(self, action: ReportAction, message: str, line: int) -> None:
        self.report.append(ReportItem(action, message, self.where(line)))

    @functools.cached_property
    def key_lines(self) -> dict[str, list[int]]:
        """Each "@key" the source writes → the (0-based) lines that write it,
        from one pass: searching every line for each of 50,000 keys of one
        long line was quadratic."""
        found: dict[str, list[int]] = {}
        for number, line in enumerate(self.source_lines):
            for key in dict.fromkeys(WRITTEN_KEY.findall(line)):
                found.setdefault(key, []).append(number)
        return found

    def line_of(self, text: str) -> int:
        """The first source line at or after the cursor holding the text's
        first word; moves the cursor there."""
        words = re.findall(r"[^\W_]{3,}", text)
        if words:
            for number in range(self.cursor, len(self.source_lines)):
                if words[0] in self.source_lines[number]:
                    self.cursor = number
                    return number + 1
        return self.cursor + 1

    def where(self, line: int) -> SourceLocation:
        return SourceLocation(self.path, line or 1)


def _inlines(inlines: Iterable[dict[str, Any]], out: _Text, walk: _Walk) -> None:
    for node in inlines:
        kind, content = node.get("t"), node.get("c", [])
        if kind == "Str":
            _text_with_bookdown_references(content, out, walk)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.add(" ")
        elif kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            _inlines(content, out, walk)
        elif kind == "Quoted":
            mark = '"' if content[0]["t"] == "DoubleQuote" else "'"
            out.add(mark)
            _inlines(content[1], out, walk)
            out.add(mark)
        elif kind == "Cite":
            _cite(content, out, walk)
        elif kind == "Code":
            _inline_code(content[1], out, walk)
        elif kind == "Math":
            start = out.size
            out.add(content[1])
            if content[0]["t"] == "InlineMath":
                out.math.append(MathSpan(start, out.size))
        elif kind in ("Link", "Span", "Image"):
            _inlines(content[1], out, walk)
        elif kind == "Note":
            # Numbered in reading order, as Pandoc prints them; a note's own
            # notes (rare) come after it.
            label = str(len(walk.footnotes) + 1)
            index = len(walk.footnotes)
            walk.footnotes.append((label, [], walk.cursor + 1))
            walk.footnotes[index] = (label, _blocks(content, walk), walk.footnotes[index][2])
            start = out.size
            out.add(label)
            out.notes.append(FootnoteMarker(start, out.size, label))
        elif kind == "RawInline" and (m := LATEX_REF.match(content[1].strip())):
            _cross_reference(m.group("label"), content[1], out, walk, form=m.group("command"))
        elif kind == "RawInline" and not content[1].lstrip().startswith("<!--"):
            out.add(content[1])


def _cite(content: list[Any], out: _Text, walk: _Walk) -> None:
    """A Cite's own inlines are the citation as written ("[@a; @b, p. 5]",
    "@a [p. 5]", "[-@a]"); its citations name the keys in order."""
    citations, written = content
    named = list(_cited_keys(citations))
    if named and all(is_cross_reference_key(k) for k in named):
        # pandoc-crossref: [@fig:map; @tbl:votes] names parts of this paper.
        for index, key in enumerate(named):
            if index:
                out.add("; ")
            _cross_reference(key, "@" + key, out, walk, form="crossref")
        return
    start, first_part = out.size, len(out.parts)
    _inlines(written, out, walk)
    keys = tuple(dict.fromkeys(_cited_keys(citations)))
    text = "".join(out.parts[first_part:])  # not out.text, which joins the whole paragraph per citation
    line = walk.line_with("@" + keys[0]) if keys else walk.line_with(text)
    if len(keys) > len(citations):
        # "[@a, @b, @c]": Pandoc reads @b and @c as citations inside the
        # suffix of @a; its citeproc lists all three in the bibliography but
        # prints only the last one ("C et al. (2018)"). The authors meant
        # three works, and so does the reader: every key links.
        walk.report.append(ReportItem(
            ReportAction.REPAIRED,
            f"{text} separates its keys with commas: Pandoc reads the keys after the first as part of "
            f"its suffix and prints only the last; read as {len(keys)} citations (use ';' between keys)",
            walk.where(line)))
    for key in keys:  # the first citation of each key only: a line of 50,000 was read once per citation
        if key not in walk.cited:
            walk.cited[key] = walk.source_lines[line - 1].strip() if walk.source_lines else text
        if key not in walk.cited_lines:
            walk.cited_lines[key] = walk.line_with("@" + key)
    out.cites.append(CitationMarker(start, out.size, text, keys))


def _cross_reference(label: str, written: str, out: _Text, walk: _Walk, form: str) -> None:
    """"Figure 2" for `@fig:map` and `\\autoref{fig:map}`, "2" for `\\ref{…}`
    and `\\@ref(…)` (the author wrote "Figure" before it), "(3)" for
    `\\eqref{…}`: as the knitted paper prints it, linked to the part. A
    label this paper does not define stays as written and is reported."""
    target = find_label(walk.labels, label)
    if target is None:
        out.add(written)
        walk.note(ReportAction.NEEDS_HUMAN,
                  f"cross-reference {written} names no section, figure, table or equation of this paper "
                  "(it may be in another file, or its label is misspelt); shown as written",
                  walk.line_with(written))
        return
    if form in ("crossref", "autoref", "cref", "Cref"):
        text = f"{target.word} {target.number}"
    elif form == "eqref":
        text = f"({target.number})"
    else:
        text = target.number
    start = out.size
    out.add(text)
    out.refs.append(CrossReference(start, out.size, target.target))


def _text_with_bookdown_references(text: str, out: _Text, walk: _Walk) -> None:
    """A Str, with bookdown's `\\@ref(fig:map)` (Pandoc gives "@ref(fig:map)")
    made the number it prints."""
    if walk.knitr is None and "@ref(" not in text:
        out.add(text)
        return
    position = 0
    for m in BOOKDOWN_REF.finditer(text):
        out.add(text[position:m.start()])
        _cross_reference(m.group("label"), "\\" + m.group(0), out, walk, form="ref")
        position = m.end()
    out.add(text[position:])


def _inline_code(code: str, out: _Text, walk: _Walk) -> None:
    """Inline code as code. In R Markdown, `` `r expr` `` is a value knitr
    computes when the paper is knitted; R is never run here, so the
    expression is shown as code and a human is asked for the value."""
    start = out.size
    out.add(code)
    out.code.append(CodeSpan(start, out.size))
    if walk.knitr is not None and (m := INLINE_R.match(code)):
        walk.note(ReportAction.NEEDS_HUMAN,
                  f"inline R `r {m.group('code')[:80]}` is computed when the paper is knitted; R is not run "
                  "here, so the page shows the expression as code, not its value",
                  walk.line_with("`" + code))


def _cited_keys(citations: list[dict[str, Any]]) -> Iterable[str]:
    """Each citation's key, then the keys of citations nested in its prefix
    or suffix (Pandoc nests `@b` of "[@a, @b]" in the suffix of `@a`)."""
    for citation in citations:
        yield citation["citationId"]
        for part in ("citationPrefix", "citationSuffix"):
            for node in citation.get(part, []):
                if node.get("t") == "Cite":
                    yield from _cited_keys(node["c"][0])


# --- blocks ----------------------------------------------------------------------


def _blocks(blocks: Iterable[dict[str, Any]], walk: _Walk,
            kind: ParagraphKind = ParagraphKind.TEXT) -> list[_Block]:
    found: list[_Block] = []
    for block in blocks:
        t, c = block.get("t"), block.get("c", [])
        if t in ("Para", "Plain"):
            found += _para(c, walk, kind)
        elif t == "BlockQuote":
            found += _blocks(c, walk, ParagraphKind.QUOTE)
        elif t in ("BulletList", "OrderedList"):
            items = c if t == "BulletList" else c[1]
            for item in items:
                found += _blocks(item, walk, ParagraphKind.LIST_ITEM)
        elif t == "DefinitionList":
            for term, definitions in c:
                out = _Text()
                _inlines(term, out, walk)
                out.add(": ")
                for definition in definitions:
                    for sub in _blocks(definition, walk):
                        _append(out, sub.text)
                found.append(_Block(ParagraphKind.LIST_ITEM, out))
        elif t == "LineBlock":
            out = _Text()
            for line in c:
                _inlines(line, out, walk)
                out.add(" ")
            found.append(_Block(kind, out))
        elif t == "CodeBlock" and walk.knitr is not None and (chunk := walk.knitr.chunk_of(c[0][0])):
            found += _knitr_chunk(chunk, c[1], walk)
        elif t == "CodeBlock" and walk.knitr is not None and (chunk := walk.knitr.chunk_indented_as_code(c[1])):
            found += _knitr_chunk(chunk, chunk.code, walk)
        elif t == "CodeBlock":
            out = _Text()
            out.add(c[1])
            found.append(_Block(ParagraphKind.CODE, out))
        elif t == "Table":
            found.append(_table(c, walk))
        elif t == "Figure":
            out = _Text()
            for sub in _blocks(c[1][1], walk):
                _append(out, sub.text)
            found.append(_Block(ParagraphKind.FIGURE, out, label=c[0][0]))
        elif t == "Div" and FIGURE_LABEL.match(c[0][0]):
            found += _figure_of_parts(c, walk)
        elif t == "Div":
            found += _blocks(c[1], walk, kind)
        elif t == "RawBlock" and not c[1].lstrip().startswith("<!--"):
            walk.note(ReportAction.NEEDS_HUMAN, f"raw {c[0]} block kept out of the page: {c[1][:60]!r}",
                      walk.line_with(c[1]))
    return [b for b in found if b.text.text.strip() or b.table is not None
            or b.kind in (ParagraphKind.FIGURE, ParagraphKind.LOST_TABLE)]


def _figure_of_parts(div: list[Any], walk: _Walk) -> list[_Block]:
    """Quarto's `::: {#fig-x}` holding sub-figures and, last, the figure's
    caption: one figure, captioned as printed ("Elephants (a) Surus (b) Hanno").
    Code or a table inside it (a cell that draws the plots) stays a block of
    its own before the figure, never caption text."""
    parts = sub_figure_labels(div[1])
    caption, lettered = _Text(), _Text()
    letters = iter(LETTERS)
    others: list[_Block] = []
    for block in _blocks(div[1], walk):
        if block.kind is ParagraphKind.FIGURE:
            part = _Text()
            if block.label in parts:
                part.add(f"({next(letters)})")
            _append(part, block.text)
            _append(lettered, part)
        elif block.kind is ParagraphKind.TEXT:
            _append(caption, block.text)
        else:
            others.append(block)
    _append(caption, lettered)
    return [*others, _Block(ParagraphKind.FIGURE, caption, label=div[0][0])]


def _knitr_chunk(chunk: KnitrChunk, code: str, walk: _Walk) -> list[_Block]:
    """A knitr chunk as the knitted paper shows it: its code when knitr
    prints it (else a line in the report), then the figure or table it
    makes, which only exists once the paper is knitted: kept as a captioned
    place (so cross-references reach it) and reported for a human."""
    name = f"chunk '{chunk.label}'" if chunk.label else f"unnamed chunk {chunk.number}"
    blocks: list[_Block] = []
    if chunk.shown and code.strip():
        out = _Text()
        out.add(without_option_lines(code))
        blocks.append(_Block(ParagraphKind.CODE, out, line=chunk.line))
    elif code.strip():
        why = "include=FALSE" if chunk.options.get("include") in ("FALSE", "F") else "echo=FALSE"
        walk.note(ReportAction.REMOVED, f"{name} ({chunk.engine}, {why}): its code is not printed in the paper, "
                  "so it is left out", chunk.line)
    if chunk.output:
        out = _Text()
        if chunk.caption:
            _inlines(_caption_inlines(chunk.caption, walk), out, walk)
        else:  # the place of a figure or table R makes: say whose, or it is an empty box
            out.add(f"({chunk.output.capitalize()} made by R from {name} when the paper is knitted.)")
        kind = ParagraphKind.FIGURE if chunk.output == "figure" else ParagraphKind.LOST_TABLE
        blocks.append(_Block(kind, out, label=chunk.cross_reference_label, line=chunk.line))
        walk.note(ReportAction.NEEDS_HUMAN,
                  f"{name} (line {chunk.line}) makes a {chunk.output} when the paper is knitted; R is not run "
                  f"here, so the page keeps {'its caption' if chunk.caption else 'its place'} only: "
                  f"see the original", chunk.line)
    return blocks


def _caption_inlines(caption: str, walk: _Walk) -> list[dict[str, Any]]:
    """A chunk's fig.cap is Markdown (citations, emphasis): read by Pandoc too."""
    try:
        blocks = pandoc_json(caption, PANDOC_FORMAT).get("blocks", [])
    except PandocFailed:
        return [{"t": "Str", "c": caption}]
    return [node for block in blocks if block.get("t") in ("Para", "Plain") for node in block.get("c", [])]


def _para(inlines: list[dict[str, Any]], walk: _Walk, kind: ParagraphKind) -> list[_Block]:
    """A paragraph; display maths in it is a block of its own, as printed.
    A paragraph that is one image is a figure: Pandoc makes a Figure only of
    an image with alt text, yet `![](plot.png)` prints as a figure too, its
    caption empty."""
    content = [node for node in inlines if node.get("t") not in ("Space", "SoftBreak", "LineBreak")]
    if len(content) == 1 and content[0].get("t") == "Image":
        caption = _Text()
        _inlines(content[0]["c"][1], caption, walk)
        return [_Block(ParagraphKind.FIGURE, caption, label=content[0]["c"][0][0])]
    if content and content[0].get("t") == "Str" and content[0]["c"] == "!INCLUDE":
        # markdown-include / pandoc-include: another file's text goes here.
        # Only this paper's own source is read (it is untrusted and must not
        # name other files), so the line is left out and reported.
        included = "".join(n.get("c", "") if n.get("t") == "Str" else " " for n in content[1:]).strip()
        walk.note(ReportAction.NEEDS_HUMAN,
                  f"!INCLUDE {included} asks for another file's text here; only the paper's source is read, "
                  "so that text is missing from the page", walk.line_with("!INCLUDE"))
        return []
    found: list[_Block] = []
    out = _Text()
    skip_label = False
    for position, node in enumerate(inlines):
        if skip_label:
            if node.get("t") == "Str" and TRAILING_LABEL.fullmatch(node["c"]):
                skip_label = False
                continue  # pandoc-crossref's "{#eq:x}": the formula's label, not text
            if node.get("t") not in ("Space", "SoftBreak"):
                skip_label = False
        if (tex := display_tex(node)) is not None:
            # `$$…$$`, or a LaTeX environment (\begin{align*}) Pandoc left raw.
            if out.text.strip():
                found.append(_Block(kind, out))
            formula = _Text()
            formula.add(tex.strip())
            found.append(_Block(ParagraphKind.FORMULA, formula, label=formula_label(inlines, position)))
            out = _Text()
            skip_label = True
        elif skip_label and node.get("t") in ("Space", "SoftBreak"):
            continue
        else:
            _inlines([node], out, walk)
    if out.text.strip():
        found.append(_Block(kind, out))
    return found


def _append(out: _Text, other: _Text) -> None:
    """Add another text with its spans (for captions made of blocks)."""
    if out.size:
        out.add(" ")
    shift = out.size
    out.add(other.text)
    out.cites += [CitationMarker(c.start + shift, c.end + shift, c.text, c.labels) for c in other.cites]
    out.notes += [FootnoteMarker(n.start + shift, n.end + shift, n.label) for n in other.notes]
    out.math += [MathSpan(m.start + shift, m.end + shift) for m in other.math]
    out.code += [CodeSpan(c.start + shift, c.end + shift) for c in other.code]
    out.refs += [CrossReference(r.start + shift, r.end + shift, r.target) for r in other.refs]


def _table(content: list[Any], walk: _Walk) -> _Block:
    attributes, caption, _, head, bodies, foot = content
    out = _Text()
    for sub in _blocks(caption[1], walk):
        _append(out, sub.text)
    label = attributes[0]
    if (m := TRAILING_LABEL.search(out.text)) and out.size == len(out.text):
        # pandoc-crossref's ": Caption {#tbl:x}" when Pandoc kept it as text.
        label = label or m.group("label")
        kept = out.text[:m.start()].rstrip()
        out.parts, out.size = [kept], len(kept)
        out.cites = [c for c in out.cites if c.end <= out.size]
        out.refs = [r for r in out.refs if r.end <= out.size]
    head_rows = _rows(head[1], walk)
    body_rows = [r for body in bodies for r in _rows(body[2] + body[3], walk)] + _rows(foot[1], walk)
    width = max((len(r) for r in head_rows + body_rows), default=0)
    pad = [tuple(r) + (EMPTY,) * (width - len(r)) for r in head_rows + body_rows]
    head_cells, body_cells = pad[:len(head_rows)], pad[len(head_rows):]
    header = joined_header(head_cells, width) if head_cells else ()
    printed = m.group(0) if (m := re.match(r"Table\s+\w+", out.text)) else ""
    return _Block(ParagraphKind.TABLE, out, table_of_cells(header, body_cells, printed), label=label)


def _rows(rows: list[Any], walk: _Walk) -> list[list[Cell]]:
    """Cells with their citations; a spanning cell keeps its text in its
    first column and row."""
    result: list[list[Cell]] = []
    pending: dict[int, int] = {}
    for _, cells in rows:
        row: list[Cell] = []
        for _, _, rowspan, colspan, blocks in cells:
            while pending.get(len(row), 0) > 0:
                pending[len(row)] -= 1
                row.append(EMPTY)
            out = _Text()
            for block in _blocks(blocks, walk):
                _append(out, block.text)
            cell = stripped_cell(out.text, out.cites)
            for extra in range(max(1, colspan)):
                if rowspan > 1:
                    pending[len(row)] = rowspan - 1
                row.append(cell if extra == 0 else EMPTY)
        while pending.get(len(row), 0) > 0:
            pending[len(row)] -= 1
            row.append(EMPTY)
        result.append(row)
    return result


def _paragraphs(section_id: str, blocks: list[_Block], walk: _Walk) -> tuple[Paragraph, ...]:
    """Ids are `<section id>-p<n>`, as in every reader."""
    paragraphs = []
    for ordinal, block in enumerate(blocks, start=1):
        text = block.text.text
        end = len(text.rstrip())
        paragraph_id = f"{section_id}-p{ordinal}"
        if block.label:
            walk.targets.setdefault(block.label, paragraph_id)
        paragraphs.append(Paragraph(
            id=paragraph_id, text=text[:end], kind=block.kind,
            location=walk.where(block.line or walk.line_of(text)),
            citations=tuple(block.text.cites), footnotes=tuple(block.text.notes),
            math=tuple(MathSpan(m.start, min(m.end, end)) for m in block.text.math), table=block.table,
            code=tuple(CodeSpan(c.start, min(c.end, end)) for c in block.text.code if c.start < end),
            cross_references=tuple(block.text.refs)))
    return tuple(paragraphs)


def _link_cross_references(paragraphs: tuple[Paragraph, ...], walk: _Walk) -> tuple[Paragraph, ...]:
    """Cross-references name labels while the text is walked; once every
    section and block has its id, each names the anchor of its part."""
    return tuple(replace(p, cross_references=tuple(replace(r, target=walk.targets[r.target])
                                                   for r in p.cross_references if r.target in walk.targets))
                 if p.cross_references else p for p in paragraphs)


def _sections(blocks: list[dict[str, Any]], walk: _Walk) -> tuple[Section, ...]:
    """Headers at any level start sections; ids follow their position
    ("s2-1" is the first subsection of the second section), like JATS. A
    top-level "References" heading is where Pandoc puts the bibliography: the
    references are `Paper.references`, so it is no section."""
    sections: list[Section] = []
    counters: list[int] = []
    heading: tuple[str, str, int, int, bool] | None = None  # id, title, level, line, back matter
    pending: list[dict[str, Any]] = []
    back_levels: list[int] = []

    def close() -> None:
        if heading is None:
            paragraphs = _paragraphs("s0", _blocks(pending, walk), walk)
            if paragraphs:  # text before the first heading
                sections.append(Section("s0", "", "", 1, walk.where(1), paragraphs))
        elif heading[0] == "references":
            if _blocks(pending, walk):
                walk.report.append(ReportItem(
                    ReportAction.NEEDS_HUMAN,
                    f"text under the '{heading[1]}' heading is left out: Pandoc fills it from the .bib",
                    walk.where(heading[3])))
        else:
            section_id, title, level, line, back = heading
            sections.append(Section(section_id, "", title, level, walk.where(line),
                                    _paragraphs(section_id, _blocks(pending, walk), walk), back_matter=back))

    for block in blocks:
        if block.get("t") != "Header":
            pending.append(block)
            continue
        close()
        pending = []
        out = _Text()
        _inlines(block["c"][2], out, walk)
        title = out.text.strip()
        line = walk.line_of(title)
        depth = min(int(block["c"][0]), len(counters) + 1)
        counters = [*counters[:depth - 1], counters[depth - 1] + 1 if len(counters) >= depth else 1]
        back_levels = [level for level in back_levels if level < depth]
        if BACK_MATTER_TITLE.match(title):
            back_levels.append(depth)
        if depth == 1 and REFERENCES_TITLE.match(title):
            heading = ("references", title, depth, line, True)
        else:
            heading = ("s" + "-".join(map(str, counters)), title, depth, line, bool(back_levels))
            if block["c"][1][0]:  # {#sec:motivation}: what cross-references name
                walk.targets.setdefault(block["c"][1][0], heading[0])
    close()
    return tuple(sections)


# --- metadata ----------------------------------------------------------------------


def _meta_text(value: dict[str, Any] | None, walk: _Walk) -> str:
    if not value:
        return ""
    t, c = value.get("t"), value.get("c", [])
    if t == "MetaString":
        return str(c)
    if t == "MetaBool":
        return ""
    if t == "MetaInlines":
        out = _Text()
        _inlines(c, out, walk)
        return out.text.strip()
    if t == "MetaBlocks":
        return " ".join(b.text.text.strip() for b in _blocks(c, walk))
    if t == "MetaList":
        return ", ".join(_meta_text(v, walk) for v in c)
    return ""


def _meta_list(value: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not value:
        return []
    return list(value["c"]) if value.get("t") == "MetaList" else [value]


def _authors(meta: dict[str, Any], walk: _Walk) -> tuple[Author, ...]:
    """`author:` as names, or as maps with name (or given/surname),
    affiliation (names or JOSS indices into `affiliations:`), orcid."""
    indexed = {}
    for affiliation in _meta_list(meta.get("affiliations") or meta.get("institute")):
        if affiliation.get("t") == "MetaMap":
            fields = affiliation["c"]
            key = _meta_text(fields.get("index") or fields.get("id"), walk)
            indexed[key] = _meta_text(fields.get("name"), walk)
    authors = []
    for entry in _meta_list(meta.get("author") or meta.get("authors")):
        if entry.get("t") != "MetaMap":
            authors.append(Author(_meta_text(entry, walk)))
            continue
        fields = entry["c"]
        name = _meta_text(fields.get("name"), walk) or " ".join(
            x for x in (_meta_text(fields.get(k), walk) for k in ("given-names", "given", "dropping-particle",
                                                                 "surname", "family")) if x)
        affiliations = []
        for value in _meta_list(fields.get("affiliation") or fields.get("affiliations")):
            for part in re.split(r"\s*,\s*", _meta_text(value, walk)) if value.get("t") != "MetaMap" else []:
                affiliations.append(indexed.get(part, part))
            if value.get("t") == "MetaMap":
                affiliations.append(_meta_text(value["c"].get("name"), walk))
        orcid = _meta_text(fields.get("orcid"), walk)
        orcid = m.group(0) if (m := re.search(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", orcid)) else ""
        corresponding = (fields.get("corresponding") or {}).get("c") is True
        authors.append(Author(name, tuple(a for a in affiliations if a),
                              (("ORCID", orcid),) if orcid else (), corresponding))
    return tuple(a for a in authors if a.name)


def _keywords(meta: dict[str, Any], walk: _Walk) -> tuple[str, ...]:
    value = meta.get("keywords") or meta.get("tags")
    items = _meta_list(value)
    if len(items) == 1 and items[0].get("t") != "MetaList":
        return tuple(k.strip() for k in _meta_text(items[0], walk).split(",") if k.strip())
    return tuple(t for t in (_meta_text(v, walk) for v in items) if t)


# --- the bibliography -----------------------------------------------------------------


def bibliography_paths(source: PaperSource, meta_value: list[str]) -> list[Path]:
    """paper.yml's `bibliography`, else the YAML's, else the one .bib beside
    the source. Only files inside the paper directory: the source is
    untrusted and must not name other files on the machine."""
    folder = source.path.parent.resolve()
    if source.metadata.bibliography is not None:
        candidates = [source.metadata.bibliography]
    else:
        candidates = [source.path.parent / name for name in meta_value]
    found = [p for p in candidates if p.is_file() and p.resolve().is_relative_to(folder)]
    if found:
        return found
    beside = [p for p in bibliographies_beside(source.path) if p.resolve().is_relative_to(folder)]
    if len(beside) == 1:
        return beside
    where = source.metadata.location or SourceLocation(source.path, 1)
    raise ReaderError(where, "no BibTeX file found for this Pandoc Markdown paper"
                      + (f" (the source names {', '.join(meta_value)})" if meta_value else ""),
                      "put the .bib beside the source, or name it with 'bibliography:' in paper.yml")


def _latex(value: str) -> str:
    """A BibTeX field as plain text: accents decoded, braces and `~` gone."""
    value = value.replace("---", "—").replace("--", "–")
    try:
        text = (_LATEX.latex_to_text(value, latex_context=_LATEX_MACROS) if re.search(r"[\\{}~$]", value)
                else value)
    except (IndexError, AttributeError):  # `\href{x}`: an argument its text needs is missing
        text = TEX_MARKUP.sub("", value)
    return " ".join(text.split())


def _bib_names(value: str) -> list[dict[str, str]]:
    names = []
    for part in split_name_list(value):
        part = part.strip()
        if part.startswith("{") and part.endswith("}") and "," not in part:
            names.append(csl_name(literal=_latex(part[1:-1])))  # {R Core Team}: an organisation
            continue
        if extended := extended_name(part):
            family, given = extended
            names.append(csl_name(_latex(family), _latex(given)) if family else csl_name(literal=_latex(given)))
            continue
        try:
            person = Person(part)
        except PybtexError:  # "Smith, John, Jr, Extra": BibTeX too reads it only in part
            names.append(csl_name(literal=_latex(part)))
            continue
        family = _latex(" ".join(person.prelast_names + person.last_names + person.lineage_names))
        given = _latex(" ".join(person.first_names + person.middle_names))
        names.append(csl_name(family, given) if family else csl_name(literal=_latex(part)))
    return names


def csl_from_bibtex(entry_type: str, key: str, fields: dict[str, str]) -> CslItem:
    """CSL-JSON mapped field by field from a BibTeX entry, as Pandoc's
    citeproc maps them; no text is parsed beyond BibTeX's own name syntax."""
    entry_type = entry_type.lower()
    get = {k.lower(): v for k, v in fields.items()}
    item: CslItem = {"id": key, "type": CSL_TYPES.get(entry_type, "document")}
    if "author" in get:
        item["author"] = _bib_names(get["author"])
    if "editor" in get:
        item["editor"] = _bib_names(get["editor"])
    item["title"] = _latex(get.get("title", ""))
    container = get.get("journal") or get.get("journaltitle") or get.get("booktitle") or ""
    if entry_type in ("book", "proceedings", "collection", "mvbook") and not container:
        container = get.get("series", "")
        item["collection-title"] = _latex(container)
    else:
        item["container-title"] = _latex(container)
    if item["type"] == "document" and item.get("container-title"):
        item["type"] = "article-journal"  # @misc in a journal (JOSS's fidgit example)
    year = re.search(r"\d{4}", get.get("year") or get.get("date") or "")
    if year:
        item["issued"] = {"date-parts": [[int(year.group(0))]]}
    for variable, name in (("volume", "volume"), ("issue", "number"), ("page", "pages"),
                           ("publisher", "publisher"), ("publisher-place", "address"),
                           ("edition", "edition"), ("URL", "url"), ("note", "note")):
        if get.get(name):
            item[variable] = _latex(get[name])
    if get.get("location") and not item.get("publisher-place"):
        item["publisher-place"] = _latex(get["location"])
    for fallback in ("institution", "organization", "school"):
        if get.get(fallback) and not item.get("publisher"):
            item["publisher"] = _latex(get[fallback])
    if entry_type in ("techreport", "report") and get.get("number"):
        item["number"], item["issue"] = _latex(get["number"]), ""
    if not item.get("URL") and (m := re.search(r"https?://[^\s}]+", get.get("howpublished", ""))):
        item["URL"] = m.group(0)
    if accessed := re.match(r"(\d{4})-(\d{2})-(\d{2})", get.get("urldate", "")):
        item["accessed"] = {"date-parts": [[int(x) for x in accessed.groups()]]}
    if get.get("doi"):
        item["DOI"] = re.sub(r"^https?://(dx\.)?doi\.org/", "", get["doi"].strip())
    return item


def _read_bibliography(paths: list[Path], walk: _Walk) -> dict[str, tuple[CslItem, SourceLocation]]:
    entries: dict[str, tuple[CslItem, SourceLocation]] = {}
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            line = path.read_bytes()[:error.start].count(b"\n") + 1
            kind = "CSL JSON" if path.suffix.lower() in CSL_BIBLIOGRAPHY_SUFFIXES else "BibTeX"
            raise ReaderError(SourceLocation(path, line), f"this {kind} file is not UTF-8 text",
                              "save it as UTF-8 (BibTeX accents like {\\'e} are fine too)") from None
        if path.suffix.lower() in CSL_BIBLIOGRAPHY_SUFFIXES:
            for key, (item, where) in _csl_bibliography(path, text).items():
                entries.setdefault(key, (item, where))
            continue
        try:
            library = parse_string(text)
        except RecursionError:
            raise ReaderError(SourceLocation(path, 1), "this BibTeX file nests braces too deeply to read",
                              "look for an entry with thousands of '{'") from None
        for failed in library.failed_blocks:
            walk.report.append(ReportItem(ReportAction.NEEDS_HUMAN,
                                          f"BibTeX block could not be read: {(failed.raw or '')[:60]!r}",
                                          SourceLocation(path, (failed.start_line or 0) + 1)))
        for entry in library.entries:
            where = SourceLocation(path, (entry.start_line or 0) + 1)
            fields = {f.key: str(f.value) for f in entry.fields}
            try:
                item = csl_from_bibtex(entry.entry_type, entry.key, fields)
            except RecursionError:  # braces nested thousands deep: no real entry does this
                walk.report.append(ReportItem(ReportAction.NEEDS_HUMAN,
                                              f"BibTeX entry {entry.key} nests braces too deeply to read; left out",
                                              where))
                continue
            entries.setdefault(entry.key, (item, where))
    return entries


CSL_ID = re.compile(r'"id"\s*+:\s*+(?:"([^"\\]*+)"|(\d++))')


def _csl_bibliography(path: Path, text: str) -> dict[str, tuple[CslItem, SourceLocation]]:
    """A CSL JSON bibliography: a list of CSL items, each with its "id".
    The items are CSL already; only their shape is checked, since the file
    is untrusted."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReaderError(SourceLocation(path, error.lineno), f"this CSL JSON bibliography is not valid JSON: "
                          f"{error.msg}", "export it again from the reference manager (CSL JSON)") from None
    except RecursionError:
        raise ReaderError(SourceLocation(path, 1), "this CSL JSON bibliography nests too deeply to read",
                          "look for an item with thousands of '[' or '{'") from None
    if not isinstance(data, list):
        raise ReaderError(SourceLocation(path, 1), "a CSL JSON bibliography is a list of items, each with an "
                          "\"id\"", "export it again from the reference manager as CSL JSON")
    # Each item's line, for its problems: where its "id" is written (one pass).
    id_lines: dict[str, int] = {}
    for number, row in enumerate(text.split("\n"), start=1):
        for written in CSL_ID.finditer(row):
            id_lines.setdefault(written.group(1) or written.group(2), number)
    entries: dict[str, tuple[CslItem, SourceLocation]] = {}
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str | int):
            continue
        key = str(item["id"])
        entries.setdefault(key, ({**_csl_shape(item), "id": key}, SourceLocation(path, id_lines.get(key, 1))))
    return entries


CSL_NAME_PARTS = ("family", "given", "literal", "non-dropping-particle", "dropping-particle", "suffix")


def _csl_shape(item: dict[Any, Any]) -> CslItem:
    """Only what CSL allows, in the types it gives them: text and numbers as
    text, names as lists of name parts, dates as year-month-day parts (a
    "raw" or "literal" date gives its year); anything else is left out."""
    shaped: CslItem = {}
    for variable, value in item.items():
        variable = str(variable)
        if variable in ("author", "editor"):
            if isinstance(value, list):
                shaped[variable] = [{part: str(name[part]) for part in CSL_NAME_PARTS
                                     if isinstance(name.get(part), str | int)}
                                    for name in value if isinstance(name, dict)]
        elif variable in ("issued", "accessed"):
            if date := _csl_date_parts(value):
                shaped[variable] = {"date-parts": [date]}
        elif isinstance(value, str):
            shaped[variable] = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            shaped[variable] = str(value)
    return shaped


def _csl_date_parts(value: Any) -> list[int]:
    if not isinstance(value, dict):
        return []
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        numbers = [int(p) for p in parts[0][:3] if isinstance(p, int | str) and re.fullmatch(r"\d{1,4}", str(p))]
        if numbers:
            return numbers
    written = value.get("raw") or value.get("literal")
    year = re.search(r"\b\d{4}\b", written) if isinstance(written, str) else None
    return [int(year.group(0))] if year else []


# --- the reader ---------------------------------------------------------------------------


def read_pandoc_markdown(source: PaperSource) -> Paper:
    path = source.path
    refuse_deep_brackets(source.text, path)  # before Pandoc, which takes minutes on them
    # R Markdown: a .Rmd file, or knitr chunks in a .md (a paper knitted by hand).
    knitr = None
    text = source.text
    # Quarto runs a .qmd's R chunks through knitr too.
    rmd = path.suffix.lower() in (".rmd", ".rmarkdown", ".qmd")
    if rmd or any(CHUNK_OPENING.match(line) for line in text.split("\n")):
        # Knitted: an .Rmd, or Markdown whose YAML names an R Markdown output.
        yaml_block = m.group("yaml") if (m := PANDOC_YAML.match(text)) else ""
        knitr = find_knitr_chunks(text, knitted=rmd or bool(re.search(r"^output\s*:", yaml_block, re.M)))
        text = knitr.text
    try:
        ast = pandoc_json(text, PANDOC_FORMAT)
    except PandocFailed as error:
        raise ReaderError(SourceLocation(path, 1), f"pandoc could not read this Markdown: {error}",
                          "run 'pandoc -f markdown' on it to see the problem") from None
    walk = _Walk(path, source.text.split("\n"), knitr=knitr)
    walk.labels = number_labels(ast.get("blocks", []), knitr)
    walk.report.append(ReportItem(ReportAction.DETECTED, "Pandoc Markdown with a YAML metadata block",
                                  SourceLocation(path, 1)))
    if knitr is not None and knitr.knitted:
        walk.note(ReportAction.DETECTED,
                  f"R Markdown: {len(knitr.chunks)} knitr code chunks, shown as code where the paper prints them; "
                  "R is not run, so what they compute (tables, figures, inline values) is listed below", 1)
    elif knitr is not None:
        walk.note(ReportAction.DETECTED,
                  f"{len(knitr.chunks)} code blocks fenced as knitr chunks (```{{r}}) in Markdown that is not "
                  "knitted: shown as code", 1)
    meta: dict[str, Any] = ast.get("meta", {})
    title = _meta_text(meta.get("title"), walk)
    if not title:
        raise ReaderError(SourceLocation(path, 1), "the YAML metadata block has no 'title'",
                          "start the file with '---', a 'title: …' line, the authors, and '---'")
    authors = _authors(meta, walk)
    abstract_value = meta.get("abstract")
    abstract_blocks: list[_Block] = []
    if abstract_value and abstract_value.get("t") == "MetaBlocks":
        abstract_blocks = _blocks(abstract_value["c"], walk)
    elif abstract_value:
        out = _Text()
        if abstract_value.get("t") == "MetaInlines":
            _inlines(abstract_value["c"], out, walk)
        else:
            out.add(_meta_text(abstract_value, walk))
        abstract_blocks = [_Block(ParagraphKind.TEXT, out)]
    abstract = _paragraphs("abstract", abstract_blocks, walk)
    keywords = _keywords(meta, walk)
    walk.cursor = _body_start(walk.source_lines)
    sections = _sections(ast.get("blocks", []), walk)
    footnotes = tuple(Footnote(label, _paragraphs(urls.footnote_id(label), blocks, walk), walk.where(line))
                      for label, blocks, line in walk.footnotes)

    named = [_meta_text(v, walk) for v in _meta_list(meta.get("bibliography"))]
    entries = _read_bibliography(bibliography_paths(source, named), walk)
    references = []
    for key, raw_line in walk.cited.items():
        if key not in entries:
            walk.report.append(ReportItem(
                ReportAction.NEEDS_HUMAN,
                f"citation key @{key} is not in the BibTeX file; cited in: {raw_line[:120]}",
                walk.where(walk.cited_lines.get(key, 1))))
            continue
        item, where = entries[key]
        references.append(RawReference(source.metadata.slug, key, readable_reference(item), where,
                                       csl_json=csl_text(item)))
    known = {r.label for r in references}
    abstract = _link_cross_references(_keep_known(abstract, known), walk)
    sections = tuple(replace(s, paragraphs=_link_cross_references(_keep_known(s.paragraphs, known), walk))
                     for s in sections)
    footnotes = tuple(replace(f, paragraphs=_link_cross_references(_keep_known(f.paragraphs, known), walk))
                      for f in footnotes)

    date = _meta_text(meta.get("date"), walk)
    venue = source.metadata.venue
    if not venue.year and (m := re.search(r"\b(1[89]|20)\d{2}\b", date)):
        venue = Venue(**{**venue.__dict__, "year": m.group(0)})
    return Paper(
        metadata=source.metadata, format=SourceFormat.PANDOC_MARKDOWN, title=title, authors=authors,
        abstract=abstract, keywords=keywords, sections=sections, references=tuple(references),
        venue=venue, doi=source.metadata.doi or _meta_text(meta.get("doi"), walk), footnotes=footnotes,
        licence=_meta_text(meta.get("license") or meta.get("licence"), walk),
        import_report=tuple(walk.report),
    )


def _body_start(lines: list[str]) -> int:
    """The line after the YAML block, where the body's search starts."""
    if lines and lines[0].strip() == "---":
        for number in range(1, len(lines)):
            if lines[number].strip() in ("---", "..."):
                return number + 1
    return 0


def _keep_known(paragraphs: tuple[Paragraph, ...], known: set[str]) -> tuple[Paragraph, ...]:
    """A citation to a key missing from the .bib stays text (it is in the
    import report); its marker would link nowhere. The same in table cells."""
    kept_paragraphs = []
    for paragraph in paragraphs:
        table = paragraph.table
        if table is not None and table.cell_citations:
            table = replace(table, cell_citations=tuple(
                replace(cell, citations=kept) for cell in table.cell_citations
                if (kept := _known_markers(cell.citations, known))))
        kept_paragraphs.append(replace(paragraph, citations=_known_markers(paragraph.citations, known), table=table))
    return tuple(kept_paragraphs)


def _known_markers(markers: tuple[CitationMarker, ...], known: set[str]) -> tuple[CitationMarker, ...]:
    kept = []
    for marker in markers:
        labels = tuple(label for label in marker.labels if label in known)
        if labels:
            kept.append(CitationMarker(marker.start, marker.end, marker.text, labels))
    return tuple(kept)
