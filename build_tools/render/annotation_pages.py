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

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from build_tools.annotations.notes import anchor_annotations
from build_tools.model import Anchor, Annotation, Glossary, Paper, ReaderError, SourceLocation
from build_tools.render.bibliography_page import paragraph_label
from build_tools.render.citation_style import CitationFormatter
from build_tools.render.citations import (
    CITATION,
    check_citation_keys,
    citation_text,
    find_citations,
    markdown_safe_html,
)
from build_tools.render.inline_spans import MarkSpan
from build_tools.render.note_html import LinkResolver, render_note

ANNOTATIONS_PAGE = "annotations.md"
MOTIVATION_LABELS = {"commenting": "Comment", "questioning": "Question", "linking": "Link",
                     "correcting": "Correction", "describing": "Description", "assessing": "Assessment",
                     "highlighting": "Highlight", "tagging": "Tags", "classifying": "Classification",
                     "editing": "Edit", "replying": "Reply", "bookmarking": "Bookmark",
                     "identifying": "Identification", "moderating": "Moderation"}


@dataclass(frozen=True)
class RenderedNote:
    annotation: Annotation
    anchor: Anchor
    paper_body: str   # links relative to /papers/<slug>/
    index_body: str   # links relative to /annotations/
    cited_keys: tuple[str, ...]


def render_notes(annotations: Sequence[Annotation], papers: Sequence[Paper], glossary: Glossary,
                 formatter: CitationFormatter) -> tuple[RenderedNote, ...]:
    """Anchor and render every note, once for the paper page and once for the
    annotations page, since their URLs sit at different depths."""
    anchors = {a.annotation_id: a for a in anchor_annotations(annotations, papers)}
    paragraph_ids = {p.slug: {q.id for q in p.paragraphs()} for p in papers}
    notes = []
    for annotation in annotations:
        paper_body, keys = _note_body(annotation, paragraph_ids, glossary, formatter, root="../../")
        index_body, _ = _note_body(annotation, paragraph_ids, glossary, formatter, root="../")
        notes.append(RenderedNote(annotation, anchors[annotation.id], paper_body, index_body, keys))
    return tuple(notes)


def _note_body(annotation: Annotation, paragraph_ids: dict[str, set[str]], glossary: Glossary,
               formatter: CitationFormatter, root: str) -> tuple[str, tuple[str, ...]]:
    where = annotation.body_location

    def line_of(fragment: str) -> SourceLocation:
        at = annotation.body_markdown.find(fragment)
        return SourceLocation(where.path, where.line + annotation.body_markdown.count("\n", 0, max(at, 0)))

    def resolve(href: str) -> str:
        scheme, _, rest = href.partition(":")
        if scheme == "concept":
            if rest not in glossary.concepts:
                raise ReaderError(line_of(href), f"unknown concept {rest!r} in link {href!r}",
                                  f"concept links name a page in docs/concepts/, e.g. concept:entrapment; "
                                  f"known: {', '.join(sorted(glossary.concepts)[:8])}, …")
            return f"{root}concepts/{rest}/"
        slug, _, paragraph = rest.partition("#")
        if slug not in paragraph_ids or (paragraph and paragraph not in paragraph_ids[slug]):
            raise ReaderError(line_of(href), f"link {href!r} points at no paragraph",
                              "write passage:<paper-slug>#<paragraph-id>, e.g. passage:zou-balancing-act#s3-p3; "
                              "the id is in the paragraph's ¶ link")
        return f"{root}papers/{slug}/" + (f"#{paragraph}" if paragraph else "")

    citations = find_citations(annotation.body_markdown, where.path, where.line)
    check_citation_keys(citations, annotation.body_markdown, where.path, where.line, formatter)
    body = _rendered_with_links(annotation.body_markdown, root, resolve)
    keys: list[str] = []

    def link_citation(match: re.Match[str]) -> str:
        found = find_citations(match.group(0), where.path)
        if not found:
            return match.group(0)
        citation = found[0]
        keys.extend(c.key for c in citation.cites if c.key not in keys)
        targets = " ".join(f"#cite-{c.key}" for c in citation.cites)
        text = html.escape(citation_text(citation, formatter))
        prefix = f"{html.escape(citation.prefix)} " if citation.prefix else ""
        return (f'{prefix}<a class="reader-cite" href="{root}bibliography/#{citation.cites[0].key}" '
                f'data-popover="{targets}">{text}</a>')

    # Only text between tags: a citation never sits inside an attribute.
    parts = re.split(r"(<[^>]+>)", body)
    body = "".join(p if p.startswith("<") else CITATION.sub(link_citation, p) for p in parts)
    return body, tuple(keys)


def _rendered_with_links(markdown_text: str, root: str, resolve: LinkResolver) -> str:
    """`render_note(markdown_text, resolve)`, reusing the last rendering of
    the same text when every link in it still resolves to the same URL (the
    links are resolved again, so a link that broke still raises)."""
    kept = _RENDERED.get((markdown_text, root))
    if kept is not None and all(resolve(href) == url for href, url in kept[1]):
        return kept[0]
    resolved: list[tuple[str, str]] = []

    def recording(href: str) -> str:
        resolved.append((href, resolve(href)))
        return resolved[-1][1]

    body = render_note(markdown_text, link_resolver=recording)
    _RENDERED[(markdown_text, root)] = (body, tuple(resolved))
    return body


# (note text, link root) → (HTML, the links it resolved); see above.
_RENDERED: dict[tuple[str, str], tuple[str, tuple[tuple[str, str], ...]]] = {}


def highlights(notes: Iterable[RenderedNote], paper_slug: str) -> dict[str, list[MarkSpan]]:
    marks: dict[str, list[MarkSpan]] = defaultdict(list)
    for note in notes:
        if note.annotation.paper_slug == paper_slug:
            marks[note.anchor.paragraph_id].append(
                MarkSpan(note.anchor.start, note.anchor.end, (note.annotation.html_id,)))
    return dict(marks)


def notes_after_paragraphs(notes: Iterable[RenderedNote], paper_slug: str) -> dict[str, str]:
    by_paragraph: dict[str, list[RenderedNote]] = defaultdict(list)
    for note in notes:
        if note.annotation.paper_slug == paper_slug:
            by_paragraph[note.anchor.paragraph_id].append(note)
    return {pid: "\n" + '<aside class="reader-notes" aria-label="Notes on this paragraph">\n'
            + "\n".join(_note_details(n) for n in group) + "\n</aside>\n"
            for pid, group in by_paragraph.items()}


def _note_details(note: RenderedNote) -> str:
    a = note.annotation
    label = MOTIVATION_LABELS.get(a.motivation, a.motivation.title())
    return (f'<details class="reader-note reader-note--{html.escape(a.motivation)}" id="{a.html_id}">'
            f'<summary><span class="reader-note__kind">{label}</span> '
            f'<span class="reader-note__by">by @{html.escape(a.author)}, {html.escape(a.created)}</span>'
            f'<span class="reader-note__quote">on “{html.escape(_short(a.selector.exact))}”</span></summary>'
            f'<div class="reader-note__body">{note.paper_body}</div>'
            f'{_meta_line(a, "All notes", f"../../annotations/#{a.html_id}")}</details>')


def _meta_line(annotation: Annotation, other_text: str, other_href: str) -> str:
    """Tags, the note's permalink, and where else the note is shown."""
    return (f'<p class="reader-note__meta">{_tags(annotation)}<a href="#{annotation.html_id}">Permalink</a> · '
            f'<a href="{other_href}">{other_text}</a></p>')


def _tags(annotation: Annotation) -> str:
    if not annotation.tags:
        return ""
    return ("Tags: " + " ".join(f'<span class="reader-tag">{html.escape(t)}</span>' for t in annotation.tags)
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
    items = "".join(f"- {markdown_safe_html(formatter.reference_html(k))}\n{{: #cite-{k} }}\n" for k in ordered)
    return f"## Works cited in the notes {{ #works-cited-in-notes }}\n\n{items}"


def render_annotations_page(notes: Sequence[RenderedNote], papers: Sequence[Paper],
                            formatter: CitationFormatter) -> str:
    by_paper: dict[str, list[RenderedNote]] = defaultdict(list)
    for note in notes:
        by_paper[note.annotation.paper_slug].append(note)
    tags = sorted({t for n in notes for t in n.annotation.tags})
    authors = sorted({n.annotation.author for n in notes})
    lines = [
        "---", "title: Annotations", "---", "", "# Annotations", "",
        f"{len(notes)} notes by readers, each anchored to the passage it discusses. Add yours with the "
        "*annotate* link beside any paragraph; see [how to contribute](contribute.md). All notes are also "
        "available as W3C Web Annotations: [annotations.jsonld](annotations/annotations.jsonld).", "",
        '<form class="reader-note-filters" aria-label="Filter notes">',
        '<label>Tag <select data-filter="tags"><option value="">any</option>'
        + "".join(f'<option value="{html.escape(t)}">{html.escape(t)}</option>' for t in tags)
        + "</select></label>",
        '<label>Author <select data-filter="author"><option value="">any</option>'
        + "".join(f'<option value="{html.escape(a)}">@{html.escape(a)}</option>' for a in authors)
        + "</select></label>",
        '<output class="reader-note-count" aria-live="polite"></output>',
        "</form>", "",
    ]
    keys: list[str] = []
    for paper in papers:
        group = by_paper.get(paper.slug, [])
        if not group:
            continue
        lines += [f"## {paper.metadata.short_title}: {html.escape(paper.title)} {{ #{paper.slug} }}", ""]
        by_paragraph: dict[str, list[RenderedNote]] = defaultdict(list)
        for note in group:
            by_paragraph[note.anchor.paragraph_id].append(note)
        order = [p.id for p in paper.paragraphs()]
        for pid in sorted(by_paragraph, key=order.index):
            lines += [f"### [{paragraph_label(pid)}](papers/{paper.slug}.md#{pid}) {{ #{paper.slug}-{pid} }}", ""]
            for note in sorted(by_paragraph[pid], key=lambda n: (n.anchor.start, n.annotation.id)):
                keys.extend(k for k in note.cited_keys if k not in keys)
                lines += [_note_card(note), ""]
    if keys:
        ordered = sorted(keys, key=lambda k: formatter.reference_text(k).lower())
        lines += ["## Works cited in the notes { #works-cited-in-notes }", ""]
        lines += [f"- {markdown_safe_html(formatter.reference_html(k))}\n{{: #cite-{k} }}" for k in ordered]
    return "\n".join(lines) + "\n"


def _note_card(note: RenderedNote) -> str:
    a = note.annotation
    label = MOTIVATION_LABELS.get(a.motivation, a.motivation.title())
    return (f'<article class="reader-note-card" id="{a.html_id}" data-tags="{html.escape("|".join(a.tags))}" '
            f'data-author="{html.escape(a.author)}">\n'
            f'<blockquote class="reader-note-card__quote">{html.escape(a.selector.exact)}</blockquote>\n'
            f'<p class="reader-note-card__by"><strong>{label}</strong> by @{html.escape(a.author)}, '
            f"{html.escape(a.created)}</p>\n"
            f'<div class="reader-note__body">{note.index_body}</div>\n'
            f'{_meta_line(a, "On the page", f"../papers/{a.paper_slug}/#{a.html_id}")}\n</article>')
