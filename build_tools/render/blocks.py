"""Stage 5 helper: render what converted papers carry beyond text paragraphs:
tables with captions, tables lost in conversion, figure captions, display
and inline maths (KaTeX markup, rendered offline by the vendored KaTeX),
garbled formulas, footnote calls and the notes list, and the import report.

Every value from a source is escaped here for the place it lands, with the
helpers of render/escape.py: HTML text, HTML attributes, attr_list values;
Markdown text with the page's `escape_markdown`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from build_tools import urls
from build_tools.model import CitationMarker, Paper, Paragraph, ParagraphKind, ReportAction, ReportItem
from build_tools.render.escape import attr_list_value, html_attribute, html_text
from build_tools.render.inline_spans import LinkKind, LinkSpan

BLOCK_KINDS = frozenset({ParagraphKind.TABLE, ParagraphKind.LOST_TABLE, ParagraphKind.FIGURE,
                         ParagraphKind.FORMULA, ParagraphKind.GARBLED_FORMULA, ParagraphKind.LIST_ITEM,
                         ParagraphKind.CODE})
REPORT_TITLES = {
    ReportAction.NEEDS_HUMAN: "Needs a human",
    ReportAction.REPAIRED: "Repaired",
    ReportAction.REMOVED: "Removed (page furniture, e-mail addresses)",
    ReportAction.DETECTED: "Detected",
}


def inline_spans(paragraph: Paragraph) -> list[LinkSpan]:
    """Footnote calls and inline maths as spans the paragraph renderer lays
    out beside citations and concept links."""
    spans = [LinkSpan(m.start, m.end, LinkKind.FOOTNOTE, f"#{urls.footnote_anchor(m.label)}",
                      (("id", urls.footnote_call_anchor(m.label)), ("aria-label", f"Note {m.label}")))
             for m in paragraph.footnotes]
    spans += [LinkSpan(m.start, m.end, LinkKind.MATH, "") for m in paragraph.math]
    spans += [LinkSpan(c.start, c.end, LinkKind.CODE, "") for c in paragraph.code]
    spans += [LinkSpan(r.start, r.end, LinkKind.CROSS_REFERENCE, f"#{r.target}") for r in paragraph.cross_references]
    return spans


def render_inline_span(link: LinkSpan, text: str, escape_markdown: Callable[[str], str]) -> str:
    if link.kind is LinkKind.CODE:
        return f"<code>{escape_markdown(text)}</code>"
    if link.kind is LinkKind.MATH:
        # Python-Markdown reads the span's content as Markdown, so the TeX
        # and its \( \) delimiters are escaped to arrive literally.
        return f'<span class="arithmatex">{escape_markdown(chr(92) + "(" + text + chr(92) + ")")}</span>'
    attributes = "".join(f' {name}="{attr_list_value(value)}"' for name, value in link.attributes
                         if name != "id")
    anchor = next((f" #{value}" for name, value in link.attributes if name == "id"), "")
    return f"[{escape_markdown(text)}]({link.href}){{ .reader-{link.kind.value}{anchor}{attributes} }}"


def render_block(paragraph: Paragraph, body: str, permalink: str,
                 citation_html: Callable[[CitationMarker], str]) -> str:
    """A non-prose block; `body` is the paragraph's text already rendered
    (escaped, with its citations), `permalink` its ¶ link, `citation_html`
    the link of a citation inside a table cell (HTML: cells are raw HTML)."""
    attrs = f"{{: #{paragraph.id} .reader-paragraph .reader-{paragraph.kind.value} }}"
    if paragraph.kind is ParagraphKind.FORMULA:
        return (f'<div class="arithmatex reader-formula" id="{paragraph.id}">'
                f"\\[{html_text(paragraph.text)}\\]</div>\n")
    if paragraph.kind is ParagraphKind.CODE:
        # As the author wrote it; never run (an R Markdown chunk's code).
        return (f'<div class="reader-code" id="{paragraph.id}" markdown="0">'
                f"<pre><code>{html_text(paragraph.text)}</code></pre></div>\n")
    if paragraph.kind is ParagraphKind.GARBLED_FORMULA:
        return (f'<div class="reader-garbled-formula" id="{paragraph.id}" markdown="0">'
                '<p class="reader-block-label">Formula garbled in conversion — see the original.</p>'
                f"<pre>{html_text(paragraph.text)}</pre></div>\n")
    if paragraph.kind is ParagraphKind.TABLE and paragraph.table is not None:
        caption = f"{body} {permalink}\n{attrs}\n\n" if paragraph.text else ""
        return caption + _table_html(paragraph, citation_html) + "\n"
    if paragraph.kind is ParagraphKind.LOST_TABLE:
        return ('<div class="reader-lost-table" markdown="1">\n'
                # Lost in a PDF conversion, given only as an image (JATS), or
                # made by R when the paper is knitted: not text here, either way.
                '<p class="reader-block-label">Table not available as text here — see the original.</p>\n\n'
                f"{body} {permalink}\n{attrs}\n\n</div>\n")
    return f"{body} {permalink}\n{attrs}\n"


def _table_html(paragraph: Paragraph, citation_html: Callable[[CitationMarker], str]) -> str:
    table = paragraph.table
    assert table is not None
    cited = {(c.row, c.column): c.citations for c in table.cell_citations}

    def cells(row_number: int, row: Sequence[str], tag: str) -> str:
        return "".join(f"<{tag}>{_cell_html(text, cited.get((row_number, column), ()), citation_html)}</{tag}>"
                       for column, text in enumerate(row))

    head = f"<thead><tr>{cells(0, table.header, 'th')}</tr></thead>" if table.header else ""
    rows = "".join(f"<tr>{cells(number, row, 'td')}</tr>" for number, row in enumerate(table.rows, start=1))
    label = f' aria-label="{html_attribute(table.label)}"' if table.label else ""
    return (f'<div class="reader-table-wrap" markdown="0"><table class="reader-table"{label}>'
            f"{head}<tbody>{rows}</tbody></table></div>\n")


def _cell_html(text: str, citations: Sequence[CitationMarker], citation_html: Callable[[CitationMarker], str]) -> str:
    """A cell's text, escaped, with each of its citations as a link."""
    out: list[str] = []
    position = 0
    for marker in sorted(citations, key=lambda m: m.start):
        if marker.start < position or marker.end > len(text):
            continue  # overlapping or out of the cell: left as text rather than cut
        out += [html_text(text[position:marker.start]), citation_html(marker)]
        position = marker.end
    out.append(html_text(text[position:]))
    return "".join(out)


def render_notes(paper: Paper, paragraph_text: Callable[[Paragraph], str],
                 escape_markdown: Callable[[str], str]) -> str:
    """The "Notes" list: each note with its number and a link back to the
    call in the text."""
    if not paper.footnotes:
        return ""
    out = ["## Notes { #notes }\n"]
    # Author notes (JATS <author-notes>) have no call in the text: no way back.
    called = {m.label for p in paper.paragraphs() for m in p.footnotes}
    for note in paper.footnotes:
        for index, paragraph in enumerate(note.paragraphs):
            # Inside the span is still Markdown: the label is Markdown text.
            label = (f'<span class="reader-footnote-label">{escape_markdown(note.label)}</span> '
                     if index == 0 else "")
            back = (f' [↩](#{urls.footnote_call_anchor(note.label)}){{ .reader-footnote-back '
                    f'aria-label="Back to the call of note {attr_list_value(note.label)}" }}'
                    if index == len(note.paragraphs) - 1 and note.label in called else "")
            out.append(f"{label}{paragraph_text(paragraph)}{back}\n{{: #{paragraph.id} .reader-footnote }}\n")
    return "\n".join(out)


def render_page_notices(paper: Paper) -> str:
    """What makes the whole page unreliable (a conversion that interleaved two
    columns), said where a reader starts: under the page's header."""
    notices = [r for r in paper.import_report if r.whole_page]
    if not notices:
        return ""
    parts = ['<div class="admonition warning reader-needs-human" role="note" markdown="0">',
             '<p class="admonition-title">Needs a human: this page cannot be trusted as it stands</p>']
    parts.extend(f"<p>{html_text(r.message)} (source line {r.location.line}; the import report at the foot of "
                 "the page lists every repair)</p>" for r in notices)
    parts.append("</div>\n")
    return "\n".join(parts)


def render_import_report(paper: Paper, more: Sequence[ReportItem] = ()) -> str:
    """A collapsed list of what the importer detected, repaired, removed and
    could not place, with raw source lines; `more` are the references
    stage's items for the same paper."""
    report = (*paper.import_report, *more)
    if not report:
        return ""
    parts = ['<details class="reader-import-report" markdown="0">',
             f"<summary>Import report: {len(report)} items, "
             f"{sum(1 for r in report if r.action is ReportAction.NEEDS_HUMAN)} need a human</summary>"]
    for action, title in REPORT_TITLES.items():
        items = [r for r in report if r.action is action]
        if not items:
            continue
        parts.append(f"<p><strong>{html_text(title)}</strong> ({len(items)})</p><ul>")
        parts.extend(f"<li>line {r.location.line}: {html_text(r.message)}</li>" for r in items)
        parts.append("</ul>")
    parts.append("</details>\n")
    return "\n".join(parts)
