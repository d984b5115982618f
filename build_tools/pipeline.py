"""The whole pipeline for one site: read → references → render.

`build_site_content` runs every stage over the project and returns the
generated files (paper pages, bibliography page, .bib downloads) plus what
hand-written pages need (the citation formatter). The MkDocs plugin and the
CLI both call it, so they can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .bibliography import build_bibliography, index_by_citation
from .bibtex import bibliography_to_bibtex
from .citation_style import CitationFormatter
from .cite_paper import cite_this_paper, highwire_tags, paper_as_work
from .model import Paper, Work
from .read import read_papers
from .render import ReferenceEntry, RenderContext, paper_url, render_paper
from .render_bibliography import render_bibliography


@dataclass(frozen=True)
class SiteContent:
    papers: tuple[Paper, ...]
    works: tuple[Work, ...]
    formatter: CitationFormatter
    # docs-relative path → file content, for files that exist only in the build
    generated: dict[str, str] = field(default_factory=dict)


def build_site_content(root: Path) -> SiteContent:
    papers = read_papers(root / "papers")
    works = build_bibliography(papers)
    own_works = {p.slug: paper_as_work(p) for p in papers}
    formatter = CitationFormatter([*works, *own_works.values()])
    generated: dict[str, str] = {}
    by_citation = index_by_citation(works)  # once: rebuilding it per paper made the build quadratic
    for paper in papers:
        own_bibtex = bibliography_to_bibtex([own_works[paper.slug]], header="")
        cited = [by_citation[(paper.slug, r.label)] for r in paper.references]
        bib_file = f"{paper.slug}.bib"
        context = RenderContext(
            references=reference_entries(paper, by_citation, papers, formatter),
            after_references=cite_this_paper(paper, formatter, own_bibtex, bib_file),
            front_matter={"highwire": highwire_tags(paper, cited, formatter)},
        )
        generated[paper_url(paper)] = render_paper(paper, context)
        generated[f"papers/{bib_file}"] = own_bibtex
    generated["bibliography.md"] = render_bibliography(works, papers, formatter)
    generated["bibliography.bib"] = bibliography_to_bibtex(works)
    return SiteContent(papers, works, formatter, generated)


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
