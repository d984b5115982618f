"""Stage 5: `Paper` → the Markdown of its page.

The only stage that knows Markdown and HTML syntax. Paper text is escaped so
that nothing in a source can become markup by accident; what the build adds
(ids, permalinks, citation links) is written here on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby

import yaml

from build_tools import urls
from build_tools.cache import BuildCache
from build_tools.model import (
    Author,
    CitationMarker,
    EditorialCorrection,
    Paper,
    Paragraph,
    ParagraphKind,
    RawReference,
    ReaderError,
    ReportItem,
    Section,
)
from build_tools.render import blocks
from build_tools.render.escape import attr_list_value, href, html_attribute, html_text, markdown_text
from build_tools.render.inline_spans import LinkKind, LinkSpan, MarkSpan, Piece, split_into_pieces
from build_tools.render.note_html import render_untrusted_markdown
from build_tools.render.paper_facts import has_full_text, holdings_sentence
from build_tools.spans import Spans

# libyaml's emitter writes what yaml.safe_dump writes, several times faster;
# every paper page's front matter (with its citation_* tags) goes through it.
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# Kept under its old name: every generated page escapes plain text with it.
escape_markdown = markdown_text


@dataclass(frozen=True)
class ReferenceEntry:
    """A reference list entry in the site style: `html` is the formatted
    work, `links` are extra (text, url) links such as "same work as", and
    `bibliography_url` the work's entry on the bibliography page."""

    key: str
    html: str
    links: tuple[tuple[str, str], ...] = ()
    short: str = ""   # "Wickham and Henry 2019": how a formatted citation names the work
    bibliography_url: str = ""


@dataclass(frozen=True)
class RenderContext:
    """What the other stages found in a paper, keyed by paragraph id; empty
    by default so a paper renders on its own."""

    references: Mapping[str, ReferenceEntry] = field(default_factory=dict)
    term_links: Mapping[str, Sequence[LinkSpan]] = field(default_factory=dict)
    highlights: Mapping[str, Sequence[MarkSpan]] = field(default_factory=dict)
    after_paragraph: Mapping[str, str] = field(default_factory=dict)
    after_references: str = ""
    cite_box: str = ""  # "Cite this paper", right under the header
    editorial: Mapping[str, Sequence[EditorialCorrection]] = field(default_factory=dict)
    front_matter: Mapping[str, object] = field(default_factory=dict)
    # What the references stage could not read in this paper's list, for its import report.
    reference_report: Sequence[ReportItem] = ()
    cite_as: str = ""  # "Zou n.d.": how "Cite this passage" names the paper


def render_paper(paper: Paper, context: RenderContext | None = None, cache: BuildCache | None = None) -> str:
    _check_ids(paper)
    context = context or RenderContext()
    cache = cache or BuildCache()
    # Keywords belong to the abstract, so the notes on its last paragraph
    # come after them rather than between the two.
    abstract = list(paper.abstract)
    last_notes = context.after_paragraph.get(abstract[-1].id, "") if abstract else ""
    parts = [
        _front_matter(paper, context.front_matter),
        f"# {escape_markdown(' '.join(paper.title.split()))}\n",  # a heading is one line
        _header(paper, context.cite_as),
        blocks.render_page_notices(paper),
        context.cite_box,
        _heading(2, "Abstract", "abstract") if abstract else "",
        *(_paragraph(p, context, with_notes=p is not abstract[-1]) for p in abstract),
    ]
    if paper.keywords:
        parts.append(f'<p class="reader-keywords" id="{urls.KEYWORDS_ANCHOR}"><strong>Keywords:</strong> '
                     + ", ".join(f'<span class="reader-keyword">{html_text(k)}</span>'
                                 for k in paper.keywords) + "</p>\n")
    parts.append(last_notes)
    if paper.funding_note:
        parts.append(_heading(2, "Funding and acknowledgements", "funding"))
        parts.extend(escape_markdown(note) + "\n" for note in paper.funding_note.split("\n\n"))
    for section in paper.sections:
        parts.append(_section(section, context))
    parts.append(blocks.render_notes(paper, lambda p: _paragraph_text(p, context), escape_markdown))
    parts.append(_references(paper, context, cache))
    parts.append(context.after_references)
    parts.append(blocks.render_import_report(paper, context.reference_report))
    return "\n".join(p for p in parts if p)


def _check_ids(paper: Paper) -> None:
    """Ids are written unescaped into attr_lists, links and attributes, so
    every one must be what urls.py makes; a reader that let a source's text
    into one is refused here rather than published."""
    parts: list[Section | Paragraph] = [*paper.sections, *paper.paragraphs()]
    for part in parts:
        if not urls.is_fragment(part.id):
            raise ReaderError(part.location, f"the reader gave a part of the paper the id {part.id!r}, "
                              "which is not safe in a link",
                              "ids are letters, digits and _ . : - ~; please report this as a bug")


def _front_matter(paper: Paper, extra: Mapping[str, object]) -> str:
    description = paper.abstract[0].text if paper.abstract else paper.title
    description = description[:200].rsplit(" ", 1)[0] + "…" if len(description) > 200 else description
    meta = {"title": paper.title, "description": description, **extra}
    return "---\n" + yaml.dump(meta, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def _header(paper: Paper, cite_as: str = "") -> str:
    """Authors, venue, DOI, what the site holds of the paper and under what
    licence: the part of the page a reader checks first and a citation
    manager reads."""
    affiliations = _affiliation_list(paper.authors)
    several = len(paper.authors) > 1
    rows = ['<ul class="reader-authors">'
            + "".join(_author_html(a, affiliations, several) for a in paper.authors) + "</ul>"]
    if affiliations:
        rows.append('<ol class="reader-affiliations">'
                    + "".join(f"<li>{html_text(a)}</li>" for a in affiliations) + "</ol>")
    venue = paper.venue
    bits = [b for b in (
        f"<cite>{html_text(venue.journal)}</cite>" if venue.journal else "",
        html_text(venue.year),
        f"vol. {html_text(venue.volume)}" if venue.volume else "",
        f"no. {html_text(venue.issue)}" if venue.issue else "",
        f"pp. {html_text(venue.pages)}" if venue.pages else "",
        f"article {html_text(venue.article_number)}" if venue.article_number else "",
    ) if b]
    venue_line = ", ".join(bits) or "Publication details not given in the source"
    if paper.doi:
        doi = html_text(paper.doi)
        venue_line += f' · DOI <a href="{href(urls.doi_url(paper.doi))}">{doi}</a>'
    rows.append(f'<p class="reader-venue">{venue_line}</p>')
    rows.append(_holdings(paper))
    # The terms of this text as its paper.yml records them: the site's own
    # licence (footer) does not cover the papers.
    rows.append(f'<p class="reader-licence"><strong>Licence of this text:</strong> '
                f"{html_text(paper.metadata.licence)}</p>")
    # "Cite this passage" (passages.js) names the paper as `cite_as`.
    cite = f' data-cite-as="{html_attribute(cite_as)}"' if cite_as else ""
    return f'<div class="reader-paper-header"{cite} markdown="0">\n' + "\n".join(rows) + "\n</div>\n"


def _holdings(paper: Paper) -> str:
    """What the site has of the paper, said before anything else is read."""
    sentence = html_text(holdings_sentence(paper))
    if has_full_text(paper):
        return f'<p class="reader-holdings reader-holdings--full">{sentence}</p>'
    link = urls.doi_url(paper.doi) if paper.doi else paper.metadata.url
    where = (f': <a href="{href(link)}">{html_text(link.removeprefix("https://"))}</a>.'
             if link else " (no link was given).")
    return f'<p class="reader-holdings reader-holdings--partial" role="note">{sentence}{where}</p>'


def _affiliation_list(authors: Sequence[Author]) -> list[str]:
    seen: list[str] = []
    for author in authors:
        seen.extend(a for a in author.affiliations if a not in seen)
    return seen


def _author_html(author: Author, affiliations: Sequence[str], several: bool) -> str:
    """One line per author: name, affiliation numbers (into the page's shared
    list), then small identifier links. "Corresponding author" only tells
    something when there is more than one author."""
    marks = ",".join(str(affiliations.index(a) + 1) for a in author.affiliations)
    ids = " · ".join(_identifier_html(scheme, value) for scheme, value in author.identifiers)
    corresponding = (' <span class="reader-corresponding">(corresponding author)</span>'
                     if author.corresponding and several else "")
    sup = f"<sup>{marks}</sup>" if marks else ""
    id_part = f' <span class="reader-author-ids">{ids}</span>' if ids else ""
    return f'<li class="reader-author">{html_text(author.name)}{sup}{corresponding}{id_part}</li>'


def _identifier_html(scheme: str, value: str) -> str:
    url = urls.identifier_url(scheme, value)
    shown = f"{html_text(_ID_SHORT.get(scheme, scheme))} {html_text(value)}"
    return f'<a href="{href(url)}" title="{html_attribute(scheme)}">{shown}</a>' if url else shown


_ID_SHORT = {"eLibrary ID": "eLibrary"}


def _heading(level: int, title: str, anchor: str) -> str:
    return f"{'#' * level} {escape_markdown(title)} {{ #{anchor} }}\n"


def _section(section: Section, context: RenderContext) -> str:
    title = f"{section.number}. {section.title}" if section.number else section.title
    # Text before a paper's first heading has no heading of its own.
    heading = _heading(section.level + 1, title, section.id) if title else f'<a id="{section.id}"></a>\n'

    body = heading + "\n" + "\n".join(_paragraph(p, context, section=section.number) for p in section.paragraphs)
    if section.language:
        # A section in another language (a translated abstract): screen
        # readers and hyphenation follow the `lang` of its block.
        lang = html_attribute(section.language)
        return f'<div class="reader-other-language" lang="{lang}" markdown="1">\n\n{body}\n</div>\n'
    return body


def _paragraph(paragraph: Paragraph, context: RenderContext, with_notes: bool = True, section: str = "") -> str:
    body = _paragraph_text(paragraph, context)
    # data-search-exclude: Material's search leaves the ¶ out of snippets.
    permalink = (f'[¶](#{paragraph.id}){{ .reader-permalink data-search-exclude title="Link to this paragraph" '
                 f'aria-label="Link to paragraph {paragraph.id}" }}')
    if paragraph.kind in blocks.BLOCK_KINDS:
        return (blocks.render_block(paragraph, body, permalink, lambda marker: _citation_html(marker, context))
                + context.after_paragraph.get(paragraph.id, ""))
    block = f"{body} {permalink}\n{{: #{paragraph.id} .reader-paragraph{_where_attributes(paragraph, section)} }}\n"
    if paragraph.kind is ParagraphKind.QUOTE:
        block = "".join(f"> {line}\n" for line in block.rstrip("\n").split("\n"))
    return block + (context.after_paragraph.get(paragraph.id, "") if with_notes else "")


def _where_attributes(paragraph: Paragraph, section: str) -> str:
    """Where the passage is in the original, for "Cite this passage": its
    pages when the source shows them, else its numbered section."""
    if paragraph.pages:
        return f' data-pages="{attr_list_value(paragraph.pages)}"'
    return f' data-section="{attr_list_value(section)}"' if section else ""


# A page-break marker while the text is being escaped: PAGE_MARK + label + PAGE_MARK_END.
PAGE_MARK, PAGE_MARK_END = "\ue006", "\ue007"
PAGE_MARKS = re.compile(f"{PAGE_MARK}([^{PAGE_MARK_END}]*){PAGE_MARK_END}")


def _page_marker(page: str) -> str:
    """Where a page of the original begins: a quiet number in the margin
    (CSS draws it from data-page, so copied text leaves it out), words for
    screen readers, and nothing for search."""
    return (f'<span class="reader-page-start" data-page="{html_attribute(page)}" data-search-exclude>'
            f'<span class="reader-sr-only">page {html_text(page)}</span></span>')


def _paragraph_text(paragraph: Paragraph, context: RenderContext) -> str:
    return PAGE_MARKS.sub(lambda m: _page_marker(m.group(1)), _paragraph_markdown(paragraph, context))


def _with_page_marks(pieces: Sequence[Piece], paragraph: Paragraph) -> list[Piece]:
    """The pieces with a page mark in front of each one a page begins with."""
    starts = {b.offset: b.page for b in paragraph.page_breaks}
    out: list[Piece] = []
    position = 0
    for piece in pieces:
        page = starts.get(position)
        position += len(piece.text)
        out.append(replace(piece, text=f"{PAGE_MARK}{page}{PAGE_MARK_END}{piece.text}") if page else piece)
    return out


def _paragraph_markdown(paragraph: Paragraph, context: RenderContext) -> str:
    corrections = [_editorial_span(paragraph.text, c) for c in context.editorial.get(paragraph.id, ())]
    links = [_citation_span(marker) for marker in paragraph.citations] + blocks.inline_spans(paragraph) + corrections
    # A concept link may not cut a citation, a footnote call, maths or an
    # editorial correction; they win.
    taken = Spans((s.start, s.end) for s in links)
    links += [t for t in context.term_links.get(paragraph.id, ()) if not taken.overlaps(t.start, t.end)]
    marks = list(context.highlights.get(paragraph.id, ()))
    out: list[str] = []
    pieces = split_into_pieces(paragraph.text, links, marks, (b.offset for b in paragraph.page_breaks))
    for mark, mark_pieces in groupby(_with_page_marks(pieces, paragraph), key=lambda p: p.mark):
        inner = "".join(_link_markdown(link, "".join(p.text for p in group), context)
                        for link, group in groupby(mark_pieces, key=lambda p: p.link))
        if mark is None:
            out.append(inner)
        else:
            ids = " ".join(mark.annotation_ids)
            out.append(f'<mark class="reader-highlight" data-annotations="{html_attribute(ids)}">{inner}</mark>')
    return "".join(out)


def _link_markdown(link: LinkSpan | None, text: str, context: RenderContext) -> str:
    if link is None:
        return escape_markdown(text)
    # A page that begins inside a link is marked just before it: the number
    # is no part of the link's text.
    pages = "".join(m.group(0) for m in PAGE_MARKS.finditer(text))
    return pages + _link_markup(link, PAGE_MARKS.sub("", text), context)


def _link_markup(link: LinkSpan, text: str, context: RenderContext) -> str:
    if link.kind in (LinkKind.FOOTNOTE, LinkKind.MATH, LinkKind.CODE):
        return blocks.render_inline_span(link, text, escape_markdown)
    if link.kind is LinkKind.CITATION:
        text = _formatted_pandoc_citation(text, context)
    if link.kind is LinkKind.EDITORIAL:
        # `text` is what the paper printed; the page shows the correction,
        # marked, with the printed reading in data-original (print CSS and
        # the popover show it).
        values = dict(link.attributes)
        return (f'<ins class="reader-editorial" tabindex="0" data-original="{html_attribute(text)}" '
                f'data-term="Editorial correction" data-summary="{html_attribute(values["data-summary"])}">'
                f"{escape_markdown(values['replacement'])}</ins>")
    # Values arrive ready for an attr_list (LinkSpan.attributes).
    attributes = "".join(f' {name}="{value}"' for name, value in link.attributes)
    return f"[{escape_markdown(text)}]({link.href}){{ .reader-{link.kind.value}{attributes} }}"


PANDOC_KEY = re.compile(r"(-?)@([\w:.#$%&+?<>~/-]*\w)")


def _formatted_pandoc_citation(text: str, context: RenderContext) -> str:
    """A Pandoc citation ("[@R:2021; @Wickham:2014, p. 3]", "@Coe2018") as
    Pandoc's author-date output shows it: "(R Core Team 2021; Wickham 2014,
    p. 3)". Any other marker is the paper's own words and stays as written."""
    keys = PANDOC_KEY.findall(text)
    if not keys or not text.lstrip().startswith(("[", "@", "-@")):
        return text
    short = {entry.key: entry.short for entry in context.references.values()}
    by_label = {label: entry.short for label, entry in context.references.items()}
    if not all(by_label.get(key) or short.get(key) for _, key in keys):
        return text

    def name(match: re.Match[str]) -> str:
        cited = by_label.get(match.group(2)) or short[match.group(2)]
        return cited.rsplit(" ", 1)[-1] if match.group(1) else cited  # "-@key": the year only

    if text.startswith("["):
        return "(" + PANDOC_KEY.sub(name, text[1:-1]) + ")"
    cited = by_label.get(keys[0][1]) or short[keys[0][1]]
    author, _, year = cited.rpartition(" ")
    return f"{author} ({year})" + PANDOC_KEY.sub(name, text)[len(cited):]


def _editorial_span(text: str, correction: EditorialCorrection) -> LinkSpan:
    printed = text[correction.start:correction.end]
    # The word before a punctuation slip, so "“,,”" reads as "“balance,,”".
    lead = text[:correction.start].rsplit(" ", 1)[-1] if not printed[:1].isalnum() else ""
    summary = f"The paper prints “{lead}{printed}”; corrected here ({correction.reason})."
    return LinkSpan(correction.start, correction.end, LinkKind.EDITORIAL, "",
                    (("replacement", correction.replacement), ("data-summary", summary)))


def _citation_span(marker: CitationMarker) -> LinkSpan:
    """The author's marker, kept as written, linked to the first reference it
    names; the popover shows every reference it names ("[3-5]")."""
    first, targets = _citation_targets(marker)
    return LinkSpan(marker.start, marker.end, LinkKind.CITATION, first, (("data-popover", targets),))


def _citation_targets(marker: CitationMarker) -> tuple[str, str]:
    """The link's target (the first reference named) and the popover's."""
    return ("#" + urls.reference_anchor(marker.labels[0]),
            " ".join("#" + urls.reference_anchor(label) for label in marker.labels))


def _citation_html(marker: CitationMarker, context: RenderContext) -> str:
    """A citation inside a table cell, which is raw HTML: the same link as
    in a paragraph (class, target, popover, Pandoc keys shown as Pandoc
    prints them), written as HTML."""
    first, targets = _citation_targets(marker)
    return (f'<a class="reader-{LinkKind.CITATION.value}" href="{html_attribute(first)}" '
            f'data-popover="{html_attribute(targets)}">'
            f"{html_text(_formatted_pandoc_citation(marker.text, context))}</a>")


def _references(paper: Paper, context: RenderContext, cache: BuildCache) -> str:
    items: list[RawReference] = []
    group = None
    out = [_heading(2, "References", "references")]
    for reference in paper.references:
        if reference.group != group and reference.group:
            if items:
                out.append(_reference_list(items, context, cache))
                items = []
            group = reference.group
            out.append(_heading(3, _GROUP_TITLES.get(group, group.title()), f"references-{group}"))
        items.append(reference)
    out.append(_reference_list(items, context, cache))
    return "\n".join(out)


_GROUP_TITLES = {"english": "Works in English", "russian": "Works in Russian"}


def _reference_list(references: Sequence[RawReference], context: RenderContext, cache: BuildCache) -> str:
    items = "\n".join(
        f'<li id="{html_attribute(urls.reference_anchor(r.label))}" value="{html_attribute(r.label)}">'
        f"{_reference_html(r, context, cache)}</li>"
        for r in references)
    return f'<ol class="reader-references" markdown="0">\n{items}\n</ol>\n'


def _reference_html(reference: RawReference, context: RenderContext, cache: BuildCache) -> str:
    """The entry in the site style, then links, then the entry exactly as the
    paper printed it, so nothing the authors wrote is lost to formatting."""
    as_printed = cache.remembered("render.reference-as-printed", reference.text,
                                  lambda: _reference_text_html(reference.text, cache), lasting=True)
    entry = context.references.get(reference.label)
    if entry is None:
        return as_printed
    # The bibliography link is a small icon at the end (its words stay for
    # screen readers and the popover); links to other papers stay words.
    # A work k papers cite links each of their lists to the k - 1 others:
    # the same links on k pages, each escaped once.
    made = cache.table("render.backref")
    links = [made[link] if link in made else made.setdefault(link, _backref(*link)) for link in entry.links]
    if entry.bibliography_url:
        links.append(f'<a class="reader-backref reader-bib-link" href="{href(entry.bibliography_url)}" '
                     'title="In the bibliography"><span class="reader-sr-only">In the bibliography</span></a>')
    return (f'{entry.html} <span class="reader-ref-links">{" ".join(links)}</span>'
            f'<details class="reader-as-printed"><summary>As printed</summary>'
            f'<span class="reader-as-printed__text">{as_printed}</span></details>')


def _backref(text: str, url: str) -> str:
    return f'<a class="reader-backref" href="{href(url)}">{html_text(text)}</a>'


def _reference_text_html(text: str, cache: BuildCache) -> str:
    # Converted sources keep Markdown in references (italic titles, links);
    # the converter doubled the escapes inside link text. The text is a
    # source's, so it goes through the notes' sanitiser: raw HTML stays
    # text, and a `javascript:` link loses its target.
    text = text.replace("\\\\_", "\\_")
    rendered = render_untrusted_markdown(text, cache)
    return re.sub(r"^<p>|</p>$", "", rendered.strip())
