"""Stage 5: annotations on pages.

On a paper page each anchored quote is highlighted and its note sits below
the paragraph as a closed <details> (keyboard-operable, out of the way of
reading). The note's `[@key]` citations become author-date links with a
popover, and `concept:`/`passage:` links become page links; anything that
does not resolve stops the build at the note's file and line. The
annotations page lists every note, grouped by paper and passage, with tag
and author filters that run in the browser.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from build_tools import urls
from build_tools.cache import BuildCache
from build_tools.model import Anchor, Annotation, Note, Paper
from build_tools.render.bibliography_page import paragraph_label
from build_tools.render.citation_style import CitationFormatter, inner_quotes_single
from build_tools.render.citations import markdown_safe_html
from build_tools.render.escape import html_attribute, html_text, markdown_text
from build_tools.render.inline_spans import MarkSpan
from build_tools.render.notes import note_body_html, relative_links_from
from build_tools.render.paper_facts import paper_label

MOTIVATION_LABELS = {"commenting": "Comment", "questioning": "Question", "linking": "Link",
                     "correcting": "Correction", "describing": "Description", "assessing": "Assessment",
                     "highlighting": "Highlight", "tagging": "Tags", "classifying": "Classification",
                     "editing": "Edit", "replying": "Reply", "bookmarking": "Bookmark",
                     "identifying": "Identification", "moderating": "Moderation"}


@dataclass(frozen=True)
class RenderedNote:
    note: Note
    paper_body: str   # links relative to /papers/<slug>/
    index_body: str   # links relative to /annotations/

    @property
    def annotation(self) -> Annotation:
        return self.note.annotation

    @property
    def anchor(self) -> Anchor:
        return self.note.anchor

    @property
    def cited_keys(self) -> tuple[str, ...]:
        return self.note.cited_keys


def render_notes(notes: Sequence[Note], formatter: CitationFormatter, cache: BuildCache) -> tuple[RenderedNote, ...]:
    """Every note's text as HTML, once for its paper page and once for the
    annotations page, since their URLs sit at different depths."""
    return tuple(
        RenderedNote(note,
                     note_body_html(note, formatter,
                                    relative_links_from(urls.paper_page(note.annotation.paper_slug)), cache),
                     note_body_html(note, formatter, relative_links_from(urls.ANNOTATIONS_PAGE), cache))
        for note in notes)


def highlights(notes: Iterable[RenderedNote], paper_slug: str) -> dict[str, list[MarkSpan]]:
    marks: dict[str, list[MarkSpan]] = defaultdict(list)
    for note in notes:
        if note.annotation.paper_slug == paper_slug:
            marks[note.anchor.paragraph_id].append(
                MarkSpan(note.anchor.start, note.anchor.end, (urls.note_anchor(note.annotation.id),)))
    return dict(marks)


def notes_after_paragraphs(notes: Iterable[RenderedNote], paper_slug: str) -> dict[str, str]:
    by_paragraph: dict[str, list[RenderedNote]] = defaultdict(list)
    for note in notes:
        if note.annotation.paper_slug == paper_slug:
            by_paragraph[note.anchor.paragraph_id].append(note)
    # In text order, as a reader meets the quotes (not in file-name order);
    # each box named for its paragraph, so landmarks stay distinct.
    return {pid: "\n" + f'<aside class="reader-notes" aria-label="Notes on paragraph {html_attribute(pid)}" '
            f'data-paragraph="{html_attribute(pid)}">\n'
            + "\n".join(_note_details(n) for n in sorted(group, key=lambda n: (n.anchor.start, n.annotation.id)))
            + "\n</aside>\n"
            for pid, group in by_paragraph.items()}


def _note_details(note: RenderedNote) -> str:
    a = note.annotation
    all_notes = urls.html_link(urls.paper_page(a.paper_slug), urls.ANNOTATIONS_PAGE, urls.note_anchor(a.id))
    label = MOTIVATION_LABELS.get(a.motivation, a.motivation.title())
    return (f'<details class="reader-note reader-note--{html_attribute(a.motivation)}" '
            f'id="{html_attribute(urls.note_anchor(a.id))}">'
            f'<summary><span class="reader-note__kind">{html_text(label)}</span> '
            f'<span class="reader-note__by">by @{html_text(a.author)}, {html_text(a.created)}</span> '
            f'<span class="reader-note__quote">on “{html_text(_short(a.selector.exact))}”</span></summary>'
            f'<div class="reader-note__body">{note.paper_body}</div>'
            f'{_meta_line(a, "All notes", all_notes)}</details>')


def _meta_line(annotation: Annotation, other_text: str, other_href: str) -> str:
    """Tags, the note's permalink, and where else the note is shown."""
    permalink = "#" + urls.note_anchor(annotation.id)
    return (f'<p class="reader-note__meta">{_tags(annotation)}<a href="{html_attribute(permalink)}">Permalink</a> · '
            f'<a href="{html_attribute(other_href)}">{html_text(other_text)}</a></p>')


def _tags(annotation: Annotation) -> str:
    if not annotation.tags:
        return ""
    return ("Tags: " + " ".join(f'<span class="reader-tag">{html_text(t)}</span>' for t in annotation.tags)
            + " · ")


def _short(text: str, words: int = 10) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def cited_in_notes(notes: Iterable[RenderedNote], paper_slug: str, formatter: CitationFormatter) -> str:
    """A "Works cited in the notes" list on the paper page: the popover
    content for note citations and a reference list readers expect."""
    keys: list[str] = []
    for note in notes:
        if note.annotation.paper_slug == paper_slug:
            keys.extend(k for k in note.cited_keys if k not in keys)
    if not keys:
        return ""
    ordered = sorted(keys, key=lambda k: formatter.reference_text(k).lower())
    items = "".join(f"- {markdown_safe_html(formatter.reference_html(k))}\n{{: #{urls.cited_work_anchor(k)} }}\n"
                    for k in ordered)
    return f"## Works cited in the notes {{ #works-cited-in-notes }}\n\n{items}"


def render_annotations_page(notes: Sequence[RenderedNote], papers: Sequence[Paper],
                            formatter: CitationFormatter) -> str:
    by_paper: dict[str, list[RenderedNote]] = defaultdict(list)
    for note in notes:
        by_paper[note.annotation.paper_slug].append(note)
    tags = sorted({t for n in notes for t in n.annotation.tags})
    authors = sorted({n.annotation.author for n in notes})
    kinds = sorted({n.annotation.motivation for n in notes}, key=_kind_label)
    with_notes = [p for p in papers if by_paper.get(p.slug)]
    lines = [
        "---", "title: Annotations", "---", "", "# Annotations", "",
        f"{len(notes)} notes by readers, each anchored to the passage it discusses. Add yours with the "
        "*annotate* link beside any paragraph; see [how to contribute](contribute.md). All notes are also "
        "available as W3C Web Annotations: [annotations.jsonld](annotations/annotations.jsonld).", "",
        '<form class="reader-note-filters" aria-label="Filter notes">',
        '<label>Paper <select data-filter="paper"><option value="">any</option>'
        + "".join(f'<option value="{html_attribute(p.slug)}">{html_text(paper_label(p))}</option>' for p in with_notes)
        + "</select></label>",
        '<label>Kind <select data-filter="kind"><option value="">any</option>'
        + "".join(f'<option value="{html_attribute(k)}">{html_text(_kind_label(k))}</option>' for k in kinds)
        + "</select></label>",
        '<label>Tag <select data-filter="tags"><option value="">any</option>'
        + "".join(f'<option value="{html_attribute(t)}">{html_text(t)}</option>' for t in tags)
        + "</select></label>",
        '<label>Author <select data-filter="author"><option value="">any</option>'
        + "".join(f'<option value="{html_attribute(a)}">@{html_text(a)}</option>' for a in authors)
        + "</select></label>",
        '<output class="reader-note-count" aria-live="polite"></output>',
        "</form>", "",
    ]
    keys: list[str] = []
    for paper in papers:
        group = by_paper.get(paper.slug, [])
        if not group:
            continue
        lines += [f"## {markdown_text(paper_label(paper))} {{ #{paper.slug} }}", ""]
        by_paragraph: dict[str, list[RenderedNote]] = defaultdict(list)
        for note in group:
            by_paragraph[note.anchor.paragraph_id].append(note)
        order = [p.id for p in paper.paragraphs()]
        for pid in sorted(by_paragraph, key=order.index):
            link = urls.markdown_link(urls.ANNOTATIONS_PAGE, urls.paper_page(paper.slug), pid)
            lines += [f"### [{markdown_text(passage_label(paper, pid))}]({link}) {{ #{paper.slug}-{pid} }}", ""]
            for note in sorted(by_paragraph[pid], key=lambda n: (n.anchor.start, n.annotation.id)):
                keys.extend(k for k in note.cited_keys if k not in keys)
                lines += [_note_card(note), ""]
    if keys:
        ordered = sorted(keys, key=lambda k: formatter.reference_text(k).lower())
        lines += ["## Works cited in the notes { #works-cited-in-notes }", ""]
        lines += [f"- {markdown_safe_html(formatter.reference_html(k))}\n{{: #{urls.cited_work_anchor(k)} }}"
                  for k in ordered]
    return "\n".join(lines) + "\n"


def _kind_label(motivation: str) -> str:
    return MOTIVATION_LABELS.get(motivation, motivation.title())


def passage_label(paper: Paper, paragraph_id: str) -> str:
    """Where a passage is, in words a reader recognises: "2. Historical
    Development of Military Alliances, paragraph 4: “Renowned scholars like
    Michael…”" rather than "§2 ¶4"."""
    places = [("Abstract", paper.abstract)] + [
        (f"{s.number}. {s.title}" if s.number else s.title, s.paragraphs) for s in paper.sections]
    for title, paragraphs in places:
        for position, paragraph in enumerate(paragraphs, start=1):
            if paragraph.id == paragraph_id:
                where = title if len(paragraphs) == 1 else f"{title}, paragraph {position}"
                return f"{where}: “{inner_quotes_single(_short(paragraph.text, 6))}”"
    return paragraph_label(paragraph_id)


def _note_card(note: RenderedNote) -> str:
    a = note.annotation
    label = _kind_label(a.motivation)
    on_page = urls.html_link(urls.ANNOTATIONS_PAGE, urls.paper_page(a.paper_slug), urls.note_anchor(a.id))
    return (f'<article class="reader-note-card" id="{html_attribute(urls.note_anchor(a.id))}" '
            f'data-tags="{html_attribute("|".join(a.tags))}" '
            f'data-author="{html_attribute(a.author)}" data-paper="{html_attribute(a.paper_slug)}" '
            f'data-kind="{html_attribute(a.motivation)}">\n'
            f'<blockquote class="reader-note-card__quote">{html_text(a.selector.exact)}</blockquote>\n'
            f'<p class="reader-note-card__by"><strong class="reader-note__kind reader-note__kind--'
            f'{html_attribute(a.motivation)}">{html_text(label)}</strong> by @{html_text(a.author)}, '
            f"{html_text(a.created)}</p>\n"
            f'<div class="reader-note__body">{note.index_body}</div>\n'
            f'{_meta_line(a, "On the page", on_page)}\n</article>')
