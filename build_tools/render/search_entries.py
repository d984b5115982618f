"""Stage 5: what site search indexes for papers and concept pages.

Material's search cuts a page into sections at its headings and indexes the
HTML text between them. For a paper page that gave a student headings
instead of passages (a result led to a section, never to the paragraph),
reference-list text run together ("In the bibliographyAs printed…"), and
nothing marked a concept page as the place a term is defined. So the
entries for those pages are written here from the model: a paper is its
title and abstract, each section heading, and each paragraph as its own
entry at its permalink, in clean text; its reference list and import report
are left to the bibliography page and the maintainers. A concept page keeps
Material's entries, and its first one carries the concept's title and
aliases as tags (the field Material boosts most) and a document boost, so a
concept ranks first for its own name, and the shortest matching name first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from build_tools import urls
from build_tools.cache import BuildCache
from build_tools.model import Concept, Paper, Paragraph
from build_tools.render.escape import html_text

# Document boosts, kept small: Material's query adds a trailing wildcard
# to every word ("a*" in "contribute a note"), so a large boost lets a page
# that matches one stray prefix beat a title that matches every word. A
# paper's paragraphs come before notes and guides that quote them; a
# concept page's name and aliases count as much as a title (mkdocs.yml
# gives tags the title's field boost, not Material's 10^6), and of two
# concepts matching a name, the one with the shorter title comes first
# ("Security dilemma" before "Alliance security dilemma").
PARAGRAPH_BOOST = 2.0


@dataclass(frozen=True)
class SearchEntry:
    """One entry of Material's search index: `location` relative to the site
    root ("papers/zou/#s2-p3"), `title` and `text` as HTML."""

    location: str
    title: str
    text: str
    tags: tuple[str, ...] = ()
    boost: float | None = None

    def as_json(self) -> dict[str, object]:
        entry: dict[str, object] = {"location": self.location, "title": self.title, "text": self.text}
        if self.tags:
            entry["tags"] = list(self.tags)
        if self.boost is not None:
            entry["boost"] = self.boost
        return entry


def paper_search_entries(paper: Paper) -> list[SearchEntry]:
    """The page, its headings and its paragraphs, each paragraph at its
    permalink and named by where it is ("¶ s2-p3 · p. 4")."""
    page = urls.page_url(urls.paper_page(paper.slug))
    authors = ", ".join(a.name for a in paper.authors)
    lead = [authors, *(p.text for p in paper.abstract), ", ".join(paper.keywords)]
    # Titled as the papers index names it, so the authors' names find it.
    entries = [SearchEntry(page, html_text(f"{paper.metadata.short_title}: {paper.title}"),
                           _paragraphs_html(t for t in lead if t))]
    for section in paper.sections:
        title = f"{section.number}. {section.title}" if section.number else section.title
        if title:
            entries.append(SearchEntry(f"{page}#{section.id}", html_text(title), ""))
        entries.extend(_paragraph_entry(page, p, title) for p in section.paragraphs if p.text.strip())
    for footnote in paper.footnotes:
        entries.extend(_paragraph_entry(page, p, f"Note {footnote.label}") for p in footnote.paragraphs)
    return entries


def _paragraph_entry(page: str, paragraph: Paragraph, section_title: str) -> SearchEntry:
    where = f"¶ {paragraph.id}" + (f" · p. {paragraph.pages}" if paragraph.pages else "")
    title = f"{section_title} · {where}" if section_title else where
    return SearchEntry(f"{page}#{paragraph.id}", html_text(title), _paragraphs_html([paragraph.text]),
                       boost=PARAGRAPH_BOOST)


def _paragraphs_html(texts: Iterable[str]) -> str:
    return "".join(f"<p>{html_text(text)}</p>" for text in texts)


def concept_boost(concept: Concept) -> float:
    # 1 + 1/words left "Alliance security dilemma" (whose aliases repeat
    # "dilemma" five times) ahead of "Security dilemma" for its own name.
    return 1 + 2 / len(concept.title.split())


def _quote_out_of_title(entry: dict[str, object]) -> dict[str, object]:
    """A notes-page heading names a passage by its opening words ("2. …,
    paragraph 10: “NATO's intervention in Kosovo…”"): those are the paper's
    words, not a title, so they are searched as text, and a word of the
    paper finds the paper's paragraph before the heading of its notes."""
    title = str(entry["title"])
    where, colon, quote = title.partition(": “")
    if not colon:
        return entry
    return {**entry, "title": where, "text": f"<p>“{quote}</p>" + str(entry["text"])}


def with_site_entries(entries: Sequence[dict[str, object]], papers: Sequence[Paper],
                      concepts: Sequence[Concept], cache: BuildCache | None = None,
                      build_order: Mapping[str, int] | None = None) -> list[dict[str, object]]:
    """Material's index entries with every paper page's replaced by ours and
    every concept page's first entry given its aliases and boost. Order is
    kept: a page's entries stay where its first one was. A paper page
    Material left out (the plugin asks it to: parsing the page was wasted)
    gets its entries where Material would have put them: `build_order`
    gives each built page's place, so they go before the first entry of a
    page built after it. Without `build_order` such a page stays out. With
    a `cache` (`mkdocs serve`), a paper's entries are kept while the paper is."""
    by_paper = {urls.page_url(urls.paper_page(p.slug)): p for p in papers}
    by_concept = {urls.page_url(urls.concept_page(c.slug)): c for c in concepts}
    notes_page = urls.page_url(urls.ANNOTATIONS_PAGE)
    order = build_order or {}
    indexed = {str(entry["location"]).split("#", 1)[0] for entry in entries}
    left_out = sorted((order[page], page) for page in by_paper if page in order and page not in indexed)
    out: list[dict[str, object]] = []
    done: set[str] = set()

    def add_paper(page: str) -> None:
        paper = by_paper[page]
        out.extend(_paper_entries_json(paper) if cache is None else cache.same_inputs(
            f"search.paper-entries\0{paper.slug}", (paper,), partial(_paper_entries_json, paper)))

    for entry in entries:
        location = str(entry["location"])
        page = location.split("#", 1)[0]
        while left_out and page in order and left_out[0][0] < order[page]:
            add_paper(left_out.pop(0)[1])
        if page in by_paper:
            if page not in done:
                done.add(page)
                add_paper(page)
            continue
        if page == notes_page and location != page:
            entry = _quote_out_of_title(entry)
        concept = by_concept.get(page)
        if concept is not None and location == page:
            tags = [*dict.fromkeys([concept.title, *concept.aliases])]
            entry = {**entry, "tags": tags, "boost": concept_boost(concept)}
        out.append(entry)
    for _, page in left_out:
        add_paper(page)
    return out


def _paper_entries_json(paper: Paper) -> list[dict[str, object]]:
    return [e.as_json() for e in paper_search_entries(paper)]
