"""The whole pipeline for one site: read → references → render.

`build_site_content` runs every stage over the project and returns the
generated files (paper pages, bibliography page, .bib downloads) plus what
hand-written pages need (the citation formatter). The MkDocs plugin and the
CLI both call it, so they can never disagree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.annotations.notes import load_annotations
from build_tools.concepts.glossary import choose_term_links, find_term_occurrences, load_glossary, unused_concepts
from build_tools.export.bibtex import bibliography_to_bibtex
from build_tools.export.jsonld import EXPORT_FILE, annotations_to_jsonld
from build_tools.model import Annotation, Glossary, Paper, ReaderError, TermOccurrence, Work
from build_tools.read.papers import read_papers
from build_tools.references.bibliography import build_bibliography, index_by_citation
from build_tools.render.annotation_pages import (
    ANNOTATIONS_PAGE,
    cited_in_notes,
    highlights,
    notes_after_paragraphs,
    render_annotations_page,
    render_notes,
)
from build_tools.render.bibliography_page import render_bibliography
from build_tools.render.citation_style import CitationFormatter
from build_tools.render.citations import cite_in_markdown
from build_tools.render.cite_paper import cite_this_paper, highwire_tags, paper_as_work
from build_tools.render.concept_pages import (
    concept_page,
    relative_link,
    render_concept_backlinks,
    render_glossary_index,
)
from build_tools.render.home import PAPER_LIST_MARKER, render_paper_list
from build_tools.render.inline_spans import LinkKind, LinkSpan
from build_tools.render.paper_page import ReferenceEntry, RenderContext, paper_url, render_paper


@dataclass(frozen=True)
class SiteContent:
    papers: tuple[Paper, ...]
    works: tuple[Work, ...]
    formatter: CitationFormatter
    glossary: Glossary
    occurrences: tuple[TermOccurrence, ...]
    annotations: tuple[Annotation, ...]
    # docs-relative path → file content, for files that exist only in the build
    generated: dict[str, str] = field(default_factory=dict)
    # problems a strict build must refuse but a draft build may show
    warnings: tuple[ReaderError, ...] = ()

    def concept_backlinks(self, page_uri: str) -> str:
        """The "Where the papers use this" section for a concept page, or ""."""
        slug = page_uri.removeprefix("concepts/").removesuffix(".md")
        concept = self.glossary.concepts.get(slug)
        if concept is None or page_uri != concept_page(slug):
            return ""
        return render_concept_backlinks(concept, self.occurrences, self.papers, page_uri)

    def hand_written_markdown(self, markdown: str, source: Path, page_uri: str, first_line: int) -> str:
        """A hand-written page's Markdown as the site shows it: concept
        backlinks appended, the home page's paper list filled in, and `[@key]`
        citations formatted. `first_line` is where `markdown` starts in
        `source`, for errors."""
        markdown += self.concept_backlinks(page_uri)
        if PAPER_LIST_MARKER in markdown:
            markdown = markdown.replace(PAPER_LIST_MARKER, render_paper_list(self.papers, page_uri))
        return cite_in_markdown(markdown, source, page_uri, self.formatter, first_line=first_line)


def build_site_content(root: Path, docs_dir: Path | None = None, site_url: str = "") -> SiteContent:
    docs_dir = docs_dir or root / "docs"
    papers = read_papers(root / "papers")
    glossary = load_glossary(docs_dir / "concepts")
    occurrences = find_term_occurrences(papers, glossary)
    term_links = term_link_spans(choose_term_links(occurrences), glossary)
    works = build_bibliography(papers)
    own_works = {p.slug: paper_as_work(p) for p in papers}
    formatter = CitationFormatter([*works, *own_works.values()])
    annotations = load_annotations(root / "annotations", papers)
    notes = render_notes(annotations, papers, glossary, formatter)
    generated: dict[str, str] = {}
    by_citation = index_by_citation(works)  # once: rebuilding it per paper made the build quadratic
    for paper in papers:
        own_bibtex = bibliography_to_bibtex([own_works[paper.slug]], header="")
        cited = [by_citation[(paper.slug, r.label)] for r in paper.references]
        bib_file = f"{paper.slug}.bib"
        context = RenderContext(
            references=reference_entries(paper, by_citation, papers, formatter),
            term_links=term_links.get(paper.slug, {}),
            highlights=highlights(notes, paper.slug),
            after_paragraph=notes_after_paragraphs(notes, paper.slug),
            after_references=cite_this_paper(paper, formatter, own_bibtex, bib_file)
            + "\n" + cited_in_notes(notes, paper.slug, formatter),
            front_matter={"highwire": highwire_tags(paper, cited, formatter)},
        )
        generated[paper_url(paper)] = render_paper(paper, context)
        generated[f"papers/{bib_file}"] = own_bibtex
    generated["bibliography.md"] = render_bibliography(works, papers, formatter)
    generated["bibliography.bib"] = bibliography_to_bibtex(works)
    generated["concepts/index.md"] = render_glossary_index(glossary, occurrences, papers)
    generated[ANNOTATIONS_PAGE] = render_annotations_page(notes, papers, formatter)
    jsonld = annotations_to_jsonld(annotations, [n.anchor for n in notes], papers, site_url)
    generated[EXPORT_FILE] = json.dumps(jsonld, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return SiteContent(papers, works, formatter, glossary, occurrences, annotations, generated,
                       tuple(unused_concepts(glossary, occurrences)))


def term_link_spans(links: tuple[TermOccurrence, ...], glossary: Glossary
                    ) -> dict[str, dict[str, list[LinkSpan]]]:
    """Concept links per paper and paragraph; the summary rides along for the
    preview popover (reader.js), the title names the concept."""
    spans: dict[str, dict[str, list[LinkSpan]]] = {}
    for occurrence in links:
        concept = glossary.concepts[occurrence.concept_slug]
        href = relative_link(f"papers/{occurrence.paper_slug}.md", concept_page(concept.slug))
        attributes = (("data-summary", _attribute_text(concept.summary)),
                      ("data-term", _attribute_text(concept.title)))
        spans.setdefault(occurrence.paper_slug, {}).setdefault(occurrence.paragraph_id, []).append(
            LinkSpan(occurrence.start, occurrence.end, LinkKind.TERM, href, attributes))
    return spans


def _attribute_text(text: str) -> str:
    # attr_list values are double-quoted and not entity-decoded.
    return text.replace('"', "”")


def reference_entries(paper: Paper, by_citation: Mapping[tuple[str, str], Work], papers: tuple[Paper, ...],
                      formatter: CitationFormatter) -> dict[str, ReferenceEntry]:
    """Each entry of `paper`'s list in the site style, with a link to the work
    on the bibliography page and to the other papers' entries for it. Links
    are URLs relative to /papers/<slug>/ (raw HTML is not rewritten by MkDocs).
    `by_citation` is `index_by_citation` of the site's works."""
    names = {p.slug: p.metadata.short_title for p in papers}
    entries = {}
    for reference in paper.references:
        work = by_citation[(paper.slug, reference.label)]
        links = [(f"Also cited by {names[c.paper_slug]} [{c.label}]" if c.paper_slug != paper.slug else "",
                  f"../{c.paper_slug}/#ref-{c.label}")
                 for c in work.cited_as if c.paper_slug != paper.slug]
        links.append(("In the bibliography", f"../../bibliography/#{work.key}"))
        entries[reference.label] = ReferenceEntry(work.key, formatter.reference_html(work.key), tuple(links))
    return entries
