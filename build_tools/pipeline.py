"""The whole pipeline for one site: read → references → concepts →
annotations → render → export.

`build_site_content` runs the stages in that order, each taking what the
earlier ones returned, and returns the generated files (paper pages, the
bibliography, concept index, notes page, downloads) plus what hand-written
pages need. The MkDocs plugin, the CLI's `check` and the Markdown export all
call it, so they can never disagree. The caller owns the `BuildCache` that
keeps work between rebuilds; nothing else does.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from pathlib import Path

from build_tools import urls
from build_tools.annotations import annotate
from build_tools.cache import BuildCache, content_digest, files_digest
from build_tools.comparison.claims import load_claims
from build_tools.concepts.entry_history import last_revisions
from build_tools.concepts.glossary import choose_term_links, find_term_occurrences, load_glossary, unused_concepts
from build_tools.concepts.paper_definitions import paper_definitions
from build_tools.editorial import load_editorial_corrections
from build_tools.export.bibtex import bibliography_file, bibliography_to_bibtex
from build_tools.export.csl_json import works_to_csl_json
from build_tools.export.jsonld import annotations_to_jsonld, jsonld_text
from build_tools.export.ris import works_to_ris
from build_tools.inputs import INCLUDES, SITE_SOURCES, refuse_symlinks
from build_tools.model import (
    Bibliography,
    DefinitionInPaper,
    EditorialCorrection,
    Glossary,
    Note,
    Paper,
    Problems,
    ReaderError,
    ReportAction,
    ReportItem,
    SourceLocation,
    TermOccurrence,
    Work,
)
from build_tools.read.papers import paper_directories, read_papers
from build_tools.read.word_frequencies import release_frequency_tables
from build_tools.references.bibliography import build_references, index_by_citation
from build_tools.references.citation_syntax import find_citations
from build_tools.references.papers_as_works import paper_as_work
from build_tools.references.published import published_files, read_published, readable_published
from build_tools.render.annotation_pages import (
    RenderedNote,
    cited_in_notes,
    highlights,
    notes_after_paragraphs,
    render_annotations_page,
    render_notes,
)
from build_tools.render.bibliography_page import SiteCitation, render_bibliography
from build_tools.render.citation_style import CitationFormatter
from build_tools.render.citations import cite_in_markdown
from build_tools.render.cite_entry import EntryVersion, cite_this_entry, entry_work
from build_tools.render.cite_paper import cite_this_paper, highwire_tags
from build_tools.render.compare_page import render_compare_page
from build_tools.render.concept_pages import (
    render_concept_backlinks,
    render_glossary_index,
    render_paper_definitions,
    render_related_entries,
)
from build_tools.render.contributed_markdown import refuse_outside_snippets, sanitized_concept_markdown
from build_tools.render.escape import attr_list_value, html_text
from build_tools.render.home import PAPER_LIST_MARKER, render_paper_list
from build_tools.render.inline_spans import LinkKind, LinkSpan
from build_tools.render.notes import absolute_links, note_body_html
from build_tools.render.paper_page import ReferenceEntry, RenderContext, render_paper
from build_tools.render.papers_index import render_papers_index
from build_tools.render.quotation import passage_text


@dataclass(frozen=True)
class SiteContent:
    papers: tuple[Paper, ...]
    works: tuple[Work, ...]
    formatter: CitationFormatter
    glossary: Glossary
    occurrences: tuple[TermOccurrence, ...]
    notes: tuple[Note, ...]
    # docs-relative path → file content, for files that exist only in the build
    generated: dict[str, str] = field(default_factory=dict)
    # problems a strict build must refuse but a draft build may show
    warnings: tuple[ReaderError, ...] = ()
    # worth a maintainer's look, but nothing to refuse (a paper that disagrees
    # with a published entry, a note citing a work by an older key)
    notices: tuple[ReaderError, ...] = ()
    # paper slug → what its page renders with (its reference list, its
    # editorial corrections), so quotations elsewhere show the same text
    quoting: Mapping[str, RenderContext] = field(default_factory=dict)
    # where each paper defines a concept, as concept pages record it
    definitions: tuple[DefinitionInPaper, ...] = ()
    # concept slug → its "Cite this entry" box
    entry_boxes: Mapping[str, str] = field(default_factory=dict)
    # the one folder snippets may include files from (mkdocs.yml)
    includes: Path = Path("includes")
    # the build's cache, and the bytes of the papers, concept pages and
    # published works, which concept pages' backlinks follow from
    cache: BuildCache | None = None
    inputs_digest: bytes = b""

    def concept_backlinks(self, page_uri: str) -> str:
        """The "Where the papers use this" section for a concept page, or ""."""
        slug = page_uri.removeprefix("concepts/").removesuffix(".md")
        concept = self.glossary.concepts.get(slug)
        if concept is None or page_uri != urls.concept_page(slug):
            return ""
        uses = self.occurrences_by_concept.get(slug, ())

        def backlinks() -> str:
            return (render_paper_definitions(concept, self.definitions, uses, self.papers, page_uri, self.quoting)
                    + render_related_entries(concept, self.glossary, page_uri)
                    + render_concept_backlinks(concept, uses, self.papers, page_uri, self.quoting,
                                               None if self.cache is None else self.cache.table("render.sentences")))
        if self.cache is None:
            return backlinks()
        return self.cache.lasting_value("render.concept-backlinks", self.inputs_digest + page_uri.encode(), backlinks)

    @cached_property
    def occurrences_by_concept(self) -> dict[str, tuple[TermOccurrence, ...]]:
        """Concept slug → its uses, in text order: grouped once, as every
        concept page looked through the uses of all concepts."""
        grouped: dict[str, list[TermOccurrence]] = {}
        for occurrence in self.occurrences:
            grouped.setdefault(occurrence.concept_slug, []).append(occurrence)
        return {slug: tuple(uses) for slug, uses in grouped.items()}

    def hand_written_markdown(self, markdown: str, source: Path, page_uri: str, first_line: int) -> str:
        """A hand-written page's Markdown as the site shows it: `[@key]`
        citations formatted, then concept backlinks appended and the home
        page's paper list filled in. Only what a person wrote is read for
        citations: text the build generates (quotations of papers, titles)
        is escaped for the page and never checked as if hand-written.
        `first_line` is where `markdown` starts in `source`, for errors. A
        concept page's own text is made inert first: concept pages are
        contributed like notes. Kept on disk by the page's text and place
        and the bytes of the papers, concept pages and published works,
        which the rest follows from (git's record of the concept page, in
        its "Cite this entry" box, is added after)."""
        if not urls.is_concept_page(page_uri):
            # Every build: it looks at the files the page includes.
            refuse_outside_snippets(markdown, source, self.includes, first_line)

        def cited() -> str:
            return self._cited_markdown(markdown, source, page_uri, first_line)
        if self.cache is None:
            markdown = cited()
        else:
            page = json.dumps([markdown, str(source), page_uri, first_line]).encode()
            markdown = self.cache.lasting_value("render.hand-written", content_digest(page) + self.inputs_digest
                                                + self.formatter.works_digest, cited)
        slug = page_uri.removeprefix("concepts/").removesuffix(".md")
        if page_uri == urls.concept_page(slug):
            markdown += self.entry_boxes.get(slug, "")
        return markdown

    def _cited_markdown(self, markdown: str, source: Path, page_uri: str, first_line: int) -> str:
        if urls.is_concept_page(page_uri):
            markdown = sanitized_concept_markdown(markdown, source, first_line)
        markdown = cite_in_markdown(markdown, source, page_uri, self.formatter, first_line=first_line,
                                    generated=self.concept_backlinks(page_uri))
        if PAPER_LIST_MARKER in markdown:
            markdown = markdown.replace(PAPER_LIST_MARKER, render_paper_list(self.papers, page_uri))
        return markdown


def build_site_content(root: Path, docs_dir: Path | None = None, site_url: str = "",
                       cache: BuildCache | None = None, problems: Problems | None = None,
                       repo_url: str = "") -> SiteContent:
    """Every stage goes on past a bad file, so one run finds every problem
    of every file. Without `problems` they are raised together before
    anything is rendered; with it (`mkdocs serve`, `check`) they are
    recorded there and the site is rendered from the files that passed."""
    docs_dir = docs_dir or root / "docs"
    cache = cache or BuildCache()
    refuse_symlinks([docs_dir, *(root / folder for folder in SITE_SOURCES if folder != "docs")])
    found = Problems()
    # 1. Read
    papers = read_papers(root / "papers", cache, found)
    release_frequency_tables()
    unreadable = {d.name for d in paper_directories(root / "papers")} - {p.slug for p in papers}
    editorial = found.attempt(lambda: load_editorial_corrections(root / "papers", papers), ())
    # The same objects while the corrections are equal, so a paper page is
    # reused below (`same_inputs` compares by identity).
    editorial = cache.remembered("editorial.corrections", editorial, lambda: editorial, limit=64)
    # Stages that follow from the papers alone are kept on disk by their files' bytes.
    papers_digest = _papers_digest(root / "papers", papers)
    # 2. References: the published keys first, then every paper's list
    try:
        published_digest = files_digest(path for path, _ in published_files(root))
        try:
            published = cache.from_file("references.published", root, read_published, digest=published_digest,
                                        lasting=True)
        except ReaderError as error:
            if problems is None:
                raise
            # serve and check: show the error beside a site made from the entries that read
            found.record(error)
            published = readable_published(root)
            published_digest += b"\0readable"
        # On disk by the bytes of every paper's files and the published entries: the works follow from them.
        bibliography = cache.same_inputs("references", (papers, published), lambda: cache.lasting_value(
            "references", published_digest + papers_digest,
            lambda: build_references(papers, published, cache)))
    except ReaderError as error:  # nothing renders without the works: stop with what was found so far
        found.record(error)
        found.raise_if_any()
        raise
    works = bibliography.works
    # The same objects while the papers are: a note edit under `mkdocs serve`
    # then reuses the formatter and every paper's reference list below.
    own_works = cache.same_inputs("references.own-works", (papers,), lambda: {p.slug: paper_as_work(p) for p in papers})
    # 3. Concepts
    glossary = load_glossary(docs_dir / "concepts", cache, found)
    concept_files = {p.stem for p in (docs_dir / "concepts").glob("*.md") if p.name != "index.md"}
    # ... and those of the papers and concept pages by both files' bytes
    with_concepts = papers_digest + files_digest(sorted((docs_dir / "concepts").glob("*.md")))
    occurrences = cache.same_inputs("concepts.occurrences", (papers, glossary), lambda: cache.lasting_value(
        "concepts.occurrences", with_concepts, lambda: find_term_occurrences(papers, glossary)))
    definitions = found.attempt(lambda: cache.same_inputs("concepts.definitions", (papers, glossary),
                                                          lambda: cache.lasting_value(
        "concepts.definitions", with_concepts, lambda: paper_definitions(glossary, papers))), ())
    claims = found.attempt(lambda: load_claims(root / "papers", papers), ())
    # 4. Annotations
    citable = cache.same_inputs("annotations.citable", (works, tuple(own_works.values()), bibliography.aliases),
                                lambda: frozenset({w.key for w in works} | {w.key for w in own_works.values()}
                                                  | set(bibliography.aliases)))
    notes = annotate(root / "annotations", papers, glossary, None if unreadable else citable, cache, found,
                     unreadable, concept_files - set(glossary.concepts))
    found.pass_on(problems)  # raised before a page is rendered: a strict build leaves no half-made site
    # 5. Render
    formatter = cache.same_inputs("render.formatter", (works, tuple(own_works.values()), bibliography.aliases),
                                  lambda: CitationFormatter([*works, *own_works.values()], cache, bibliography.aliases))
    rendered_notes = render_notes(notes, formatter, cache)
    by_citation = index_by_citation(works)  # once: rebuilding it per paper made the build quadratic
    generated: dict[str, str] = {}
    names = {p.slug: p.metadata.short_title for p in papers}
    works_by_key = {w.key: w for w in works}  # once: building both per paper made it papers × works
    citing_links: dict[tuple[str, str], tuple[tuple[str, str, str], ...]] = {}  # see `reference_entries`
    entries = cache.same_inputs("render.reference-entries", (papers, bibliography, formatter), lambda: {
        paper.slug: reference_entries(paper, bibliography, by_citation, names, works_by_key, formatter, citing_links)
        for paper in papers})
    quoting = {paper.slug: RenderContext(
        references=entries[paper.slug],
        editorial=_by_paragraph(c for c in editorial if c.paper_slug == paper.slug)) for paper in papers}

    @lru_cache(maxsize=1)
    def term_links() -> dict[str, dict[str, list[LinkSpan]]]:
        # Only a paper page rendered again needs them (see `paper_page`);
        # asked once per build, as comparing the inputs (every occurrence)
        # again for each paper made it papers × occurrences.
        return cache.same_inputs("render.term-links", (occurrences, glossary, definitions, papers, entries, editorial),
                                 lambda: term_link_spans(choose_term_links(occurrences), glossary,
                                                         own_words(definitions, papers, quoting)))
    notes_of = _by_paper(rendered_notes)  # once: each paper's helpers looked through every note
    site_url = sys.intern(site_url)  # compared by identity below

    def paper_page(paper: Paper, own_bibtex: str) -> str:
        notes_here = notes_of.get(paper.slug, ())
        cited = [by_citation[(paper.slug, r.label)] for r in paper.references]
        return render_paper(paper, RenderContext(
            references=quoting[paper.slug].references,
            term_links=term_links().get(paper.slug, {}),
            highlights=highlights(notes_here, paper.slug),
            after_paragraph=notes_after_paragraphs(notes_here, paper.slug),
            cite_box=cite_this_paper(paper, formatter, own_bibtex, site_url),
            editorial=quoting[paper.slug].editorial,
            after_references=cited_in_notes(notes_here, paper.slug, formatter),
            front_matter={"highwire": highwire_tags(paper, cited, formatter)},
            reference_report=reference_report(bibliography, paper),
            cite_as=short_citation(own_works[paper.slug]),
        ), cache)
    for paper in papers:
        # The paper's own entry as BibTeX, RIS and CSL-JSON: the same while its work is.
        own = own_works[paper.slug]
        own_bibtex, own_ris, own_csl = cache.same_inputs(f"export.paper-entry\0{paper.slug}", (own,),
                                                         partial(_own_entry_files, own, cache))
        # A page follows from these (its notes and corrections, the site's
        # papers, works and concepts): under `mkdocs serve` a note edit
        # renders its own paper's page again, not every paper's.
        generated[urls.paper_page(paper.slug)] = cache.same_inputs(
            f"render.paper-page\0{paper.slug}",
            (papers, bibliography, formatter, glossary, occurrences, definitions, site_url,
             tuple(n.note for n in notes_of.get(paper.slug, ())),
             tuple(c for c in editorial if c.paper_slug == paper.slug)), partial(paper_page, paper, own_bibtex))
        generated[urls.paper_bib_file(paper.slug)] = own_bibtex
        generated[urls.paper_ris_file(paper.slug)] = own_ris
        generated[urls.paper_csl_file(paper.slug)] = own_csl
    generated[urls.PAPERS_INDEX_PAGE] = render_papers_index(papers, notes)
    # The page shows which notes cite a work, nothing else of them: a note
    # edit that cites as before keeps it (the tuple is the kept one while equal).
    citing = tuple((n.annotation.id, n.annotation.author, n.annotation.paper_slug, n.cited_keys) for n in notes)
    citing = cache.remembered("render.notes-citing", citing, lambda: citing, limit=64)
    generated[urls.BIBLIOGRAPHY_PAGE] = cache.same_inputs(
        "render.bibliography-page", (works, papers, formatter, glossary, bibliography, citing),
        lambda: render_bibliography(works, papers, formatter, site_citations(glossary, notes, bibliography, papers)))
    generated[urls.CONCEPT_INDEX_PAGE] = cache.same_inputs(
        "render.concept-index", (glossary, occurrences, papers),
        lambda: cache.lasting_value("render.concept-index", with_concepts,
                                    lambda: render_glossary_index(glossary, occurrences, papers)))
    generated[urls.ANNOTATIONS_PAGE] = render_annotations_page(rendered_notes, papers, formatter)
    entry_boxes = cite_entries(glossary, formatter, site_url, repo_url, generated, cache)
    generated[urls.COMPARE_PAGE] = render_compare_page(papers, claims)
    # 6. Export: the same resolved notes, with links that work away from the site
    generated[urls.BIBLIOGRAPHY_FILE] = bibliography_file(works, published, with_curated=True)
    bodies = {n.annotation.id: note_body_html(n, formatter, absolute_links(site_url), cache) for n in notes}
    generated[urls.ANNOTATIONS_EXPORT] = jsonld_text(annotations_to_jsonld(notes, bodies, papers, site_url))
    warnings = [*unused_concepts(glossary, occurrences)]
    if bibliography.new_keys:
        warnings.append(unpublished_works_warning(root, bibliography.new_keys))
    return SiteContent(papers, works, formatter, glossary, occurrences, notes, generated,
                       tuple(warnings), bibliography.notices + alias_notices(notes, bibliography),
                       quoting=quoting, definitions=definitions, entry_boxes=entry_boxes,
                       includes=root / INCLUDES, cache=cache, inputs_digest=with_concepts + published_digest)


def _papers_digest(papers_dir: Path, papers: Iterable[Paper]) -> bytes:
    """Every file of every paper directory, and which papers were read (a
    paper with an error is left out of a `serve` build)."""
    files = sorted(p for d in paper_directories(papers_dir) for p in d.rglob("*") if p.is_file())
    return files_digest(files) + " ".join(p.slug for p in papers).encode()


def _own_entry_files(work: Work, cache: BuildCache) -> tuple[str, str, str]:
    return (bibliography_to_bibtex([work], header="", cache=cache), works_to_ris([work], cache),
            works_to_csl_json([work]))


def cite_entries(glossary: Glossary, formatter: CitationFormatter, site_url: str, repo_url: str,
                 generated: dict[str, str], cache: BuildCache) -> dict[str, str]:
    """Each concept page's "Cite this entry" box; its BibTeX, RIS and
    CSL-JSON go into `generated`. Git is asked once for every page."""
    concepts = list(glossary.concepts.values())
    revisions = last_revisions(c.path for c in concepts)
    boxes = {}
    for concept in concepts:
        version = EntryVersion(None if revisions is None else revisions.get(concept.path.resolve()), repo_url)
        work = entry_work(concept, version, site_url)
        bibtex = bibliography_to_bibtex([work], header="", cache=cache)
        generated[urls.concept_bib_file(concept.slug)] = bibtex
        generated[urls.concept_ris_file(concept.slug)] = works_to_ris([work], cache)
        generated[urls.concept_csl_file(concept.slug)] = works_to_csl_json([work])
        citation = cache.remembered("render.concept-entry", work, partial(formatter.edition_html, work))
        boxes[concept.slug] = cite_this_entry(concept, citation, bibtex, version, site_url)
    return boxes


def _by_paper(notes: Iterable[RenderedNote]) -> dict[str, list[RenderedNote]]:
    out: dict[str, list[RenderedNote]] = {}
    for note in notes:
        out.setdefault(note.annotation.paper_slug, []).append(note)
    return out


def _by_paragraph(corrections: Iterable[EditorialCorrection]) -> dict[str, list[EditorialCorrection]]:
    out: dict[str, list[EditorialCorrection]] = {}
    for correction in corrections:
        out.setdefault(correction.paragraph_id, []).append(correction)
    return out


def own_words(definitions: Iterable[DefinitionInPaper], papers: Iterable[Paper],
              quoting: Mapping[str, RenderContext]) -> dict[tuple[str, str], tuple[str, str]]:
    """(concept slug, paper slug) → (the paper's first recorded definition
    as plain text, as its page shows it; what makes its sense its own)."""
    paragraphs = {(p.slug, paragraph.id): paragraph for p in papers for paragraph in p.paragraphs()}
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for d in definitions:
        if (d.concept_slug, d.paper_slug) not in out:
            text = passage_text(paragraphs[(d.paper_slug, d.paragraph_id)], d.start, d.end, quoting[d.paper_slug])
            out[(d.concept_slug, d.paper_slug)] = (text, d.own_sense)
    return out


def term_link_spans(links: tuple[TermOccurrence, ...], glossary: Glossary,
                    own: Mapping[tuple[str, str], tuple[str, str]] | None = None
                    ) -> dict[str, dict[str, list[LinkSpan]]]:
    """Concept links per paper and paragraph; the summary rides along for the
    preview popover (reader.js), the title names the concept. Where the
    paper defines the term itself (`own`), its words come first in the
    popover, then the site's summary."""
    own = own or {}
    spans: dict[str, dict[str, list[LinkSpan]]] = {}
    for occurrence in links:
        concept = glossary.concepts[occurrence.concept_slug]
        href = urls.markdown_link(urls.paper_page(occurrence.paper_slug), urls.concept_page(concept.slug))
        attributes: tuple[tuple[str, str], ...] = (("data-summary", attr_list_value(concept.summary)),
                                                   ("data-term", attr_list_value(concept.title)))
        if (concept.slug, occurrence.paper_slug) in own:
            words, own_sense = own[(concept.slug, occurrence.paper_slug)]
            attributes += (("data-paper-definition", attr_list_value(words)),)
            if own_sense:
                attributes += (("data-own-sense", attr_list_value(own_sense)),)
        spans.setdefault(occurrence.paper_slug, {}).setdefault(occurrence.paragraph_id, []).append(
            LinkSpan(occurrence.start, occurrence.end, LinkKind.TERM, href, attributes))
    return spans


def short_citation(work: Work) -> str:
    """"Wickham 2014", "Wickham and Henry 2019", "Baumer et al. 2021"."""
    names = work.authors or work.editors
    families = [n.family for n in names]
    if not families:
        who = work.title
    elif len(families) == 1 and not work.more_authors:
        who = families[0]
    elif len(families) == 2 and not work.more_authors:
        who = f"{families[0]} and {families[1]}"
    else:
        who = f"{families[0]} et al."
    return f"{who} {work.year}"


def reference_entries(paper: Paper, bibliography: Bibliography, by_citation: Mapping[tuple[str, str], Work],
                      names: Mapping[str, str], works: Mapping[str, Work], formatter: CitationFormatter,
                      citing_links: dict[tuple[str, str], tuple[tuple[str, str, str], ...]] | None = None
                      ) -> dict[str, ReferenceEntry]:
    """Each entry of `paper`'s list as that paper printed it (its own fields
    and year: Istomin & Baykov's Walt is the 1990 printing, whatever another
    paper gives), in the site style, with a link to the work on the
    bibliography page, to the other papers' entries for the same work, and
    to other editions the site holds. Links are raw HTML, so directory URLs
    relative to /papers/<slug>/. `by_citation` is `index_by_citation` of the
    site's works; `names` each paper's short title by slug, `works` the
    site's works by key. `citing_links` keeps, for the other papers' pages,
    each work's (paper slug, link text, anchor) for every paper citing it."""
    page = urls.paper_page(paper.slug)
    to_paper: dict[str, str] = {}
    citing_links = {} if citing_links is None else citing_links

    def entry_link(slug: str, anchor: str) -> str:
        # A work many papers cite links from each of their pages to all the
        # others: the link to each paper page is worked out once per page.
        if slug not in to_paper:
            to_paper[slug] = urls.html_link(page, urls.paper_page(slug))
        return f"{to_paper[slug]}#{anchor}"

    def same_work(work: Work) -> tuple[tuple[str, str, str], ...]:
        # The same on each of the k pages citing the work: made once.
        key = ("same", work.key)
        if key not in citing_links:
            citing_links[key] = tuple((c.paper_slug, f"Same work as {names[c.paper_slug]} [{c.label}]",
                                       urls.reference_anchor(c.label)) for c in work.cited_as)
        return citing_links[key]

    def edition_of(edition: Work) -> tuple[tuple[str, str, str], ...]:
        key = ("edition", edition.key)
        if key not in citing_links:
            citing_links[key] = tuple(
                (c.paper_slug, f"{names[c.paper_slug]} [{c.label}] cites the {edition.year} edition",
                 urls.reference_anchor(c.label)) for c in edition.cited_as if c.paper_slug in names)
        return citing_links[key]

    entries = {}
    for reference in paper.references:
        work = by_citation[(paper.slug, reference.label)]
        printed = bibliography.as_printed[(paper.slug, reference.label)]
        own = next((c for c in work.cited_as if c.paper_slug == paper.slug and c.label == reference.label), None)
        links = [(text, entry_link(slug, anchor)) for slug, text, anchor in same_work(work) if slug != paper.slug]
        for key in work.other_editions:
            links += [(text, entry_link(slug, anchor)) for slug, text, anchor in edition_of(works[key])]
        formatted = formatter.edition_html(printed)
        if own and own.pages:
            # The pages this paper points at (Zou: Mandelbaum "151") are not
            # the work's own pages, so the style has no field for them.
            pages = own.pages.replace("-", "–")
            formatted += (f' <span class="reader-cited-pages">Cited at {"pp." if "–" in pages else "p."} '
                          f"{html_text(pages)}.</span>")
        entries[reference.label] = ReferenceEntry(
            work.key, formatted, tuple(links),
            bibliography_url=urls.html_link(page, urls.BIBLIOGRAPHY_PAGE, urls.work_anchor(work.key)),
            short=short_citation(printed))
    return entries


def site_citations(glossary: Glossary, notes: Iterable[Note], bibliography: Bibliography,
                   papers: Iterable[Paper]) -> dict[str, list[SiteCitation]]:
    """Work key → the concept pages and notes that cite it, for the
    bibliography page. A concept page whose citations cannot be read is
    reported where the page itself is checked, so here it cites nothing."""
    names = {p.slug: p.metadata.short_title for p in papers}
    cited: dict[str, list[SiteCitation]] = {}
    for concept in glossary.concepts.values():
        try:
            found = find_citations(concept.body_markdown, concept.path)
        except ReaderError:
            continue
        for key in dict.fromkeys(c.key for citation in found for c in citation.cites):
            cited.setdefault(bibliography.resolve(key), []).append(
                SiteCitation(concept.title, urls.concept_page(concept.slug)))
    for note in notes:
        annotation = note.annotation
        for key in note.cited_keys:
            cited.setdefault(bibliography.resolve(key), []).append(
                SiteCitation(f"a note by @{annotation.author} on {names.get(annotation.paper_slug, '')}",
                             urls.paper_page(annotation.paper_slug), urls.note_anchor(annotation.id)))
    return cited


def reference_report(bibliography: Bibliography, paper: Paper) -> tuple[ReportItem, ...]:
    """What the references stage noticed in `paper`'s list ("the source gives
    no year"), for the paper's import report, at each entry's raw line."""
    items = []
    for reference in paper.references:
        printed = bibliography.as_printed[(paper.slug, reference.label)]
        if printed.remarks:
            items.append(ReportItem(ReportAction.NEEDS_HUMAN, f"reference [{reference.label}]: {printed.remarks}",
                                    reference.location))
    return tuple(items)


def unpublished_works_warning(root: Path, keys: tuple[str, ...]) -> ReaderError:
    shown = ", ".join(keys[:5]) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")
    return ReaderError(SourceLocation(root / urls.BIBLIOGRAPHY_FILE, 1),
                       f"bibliography.bib lacks {len(keys)} work{'s' if len(keys) != 1 else ''} the papers cite "
                       f"({shown})",
                       "run `python -m build_tools bib`, which adds them and changes no entry, and commit "
                       "bibliography.bib")


def alias_notices(notes: Iterable[Note], bibliography: Bibliography) -> tuple[ReaderError, ...]:
    """A note citing a work by an older key still works; say which key is current."""
    return tuple(ReaderError(note.annotation.body_location,
                             f"@{key} is an older key of @{bibliography.resolve(key)}",
                             f"cite it as @{bibliography.resolve(key)}")
                 for note in notes for key in note.cited_keys if key in bibliography.aliases)
