"""Stage 5, concepts: the Markdown that concept pages and the concepts index
show: each paper's own definition, where each paper uses a concept, the A–Z
glossary, and the concept map (concept_map.py). Links to pages are Markdown links to `.md` sources, so
`mkdocs build --strict` checks them; only the map, being raw SVG, carries
URLs, which the caller's `link_for` makes right for the page it lands on.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any

from build_tools import urls
from build_tools.concepts.glossary import KEYWORDS_ID, keywords_paragraph
from build_tools.concepts.sentences import sentence_spans
from build_tools.model import Concept, DefinitionInPaper, Glossary, Paper, Paragraph, TermOccurrence
from build_tools.render.concept_map import MIN_SHARED_PARAGRAPHS, render_concept_map_svg
from build_tools.render.escape import html_attribute, html_text
from build_tools.render.paper_facts import has_full_text, only_abstract_note, paper_label
from build_tools.render.paper_page import RenderContext, escape_markdown
from build_tools.render.quotation import quote_passage

BACKLINKS_HEADING = "Where the papers use this"


def concept_links_from(page: str) -> Callable[[str], str]:
    """Concept slug → link written in raw HTML (the SVG map) on `page`."""
    return lambda slug: urls.html_link(page, urls.concept_page(slug))


# --- "Related entries" ----------------------------------------------------------

def render_related_entries(concept: Concept, glossary: Glossary, from_page: str) -> str:
    """The concepts the page's front matter lists as `related`, each with its
    one-line summary, so a reader can move sideways without the index."""
    related = [glossary.concepts[slug] for slug in concept.related if slug in glossary.concepts]
    if not related:
        return ""
    items = "\n".join(
        f"- [{escape_markdown(c.title)}]({urls.markdown_link(from_page, urls.concept_page(c.slug))}): "
        f"{escape_markdown(c.summary)}" for c in related)
    return f"\n\n## Related entries {{ #related-entries }}\n\n{items}\n\n"


# --- "In the papers' own words" -------------------------------------------------

OWN_WORDS_HEADING = "In the papers' own words"


def render_paper_definitions(concept: Concept, definitions: Iterable[DefinitionInPaper],
                             occurrences: Iterable[TermOccurrence], papers: Sequence[Paper], from_page: str,
                             quoting: Mapping[str, RenderContext] | None = None) -> str:
    """Under each paper's name, the passages where it defines or
    characterises the concept, quoted as its page shows them with the term
    marked, and what the page says when the paper's sense is its own."""
    quoting = quoting or {}
    mine = [d for d in definitions if d.concept_slug == concept.slug]
    if not mine:
        return ""
    uses = [o for o in occurrences if o.concept_slug == concept.slug]
    out = [f"\n\n## {OWN_WORDS_HEADING} {{ #in-the-papers-own-words }}\n"]
    for paper in papers:
        here = [d for d in mine if d.paper_slug == paper.slug]
        if not here:
            continue
        paragraphs = {p.id: p for p in paper.paragraphs()}
        places = paragraph_places(paper)
        out.append(f"### {escape_markdown(paper_label(paper))} {{ #defined-in-{paper.slug} }}\n")
        for definition in here:
            paragraph = paragraphs[definition.paragraph_id]
            marked = [(o.start, o.end) for o in uses if o.paper_slug == paper.slug
                      and o.paragraph_id == paragraph.id and definition.start <= o.start and o.end <= definition.end]
            quoted = quote_passage(paragraph, definition.start, definition.end,
                                   quoting.get(paper.slug, RenderContext()), marked)
            place = places.get(paragraph.id, (paragraph.id, ""))[0]
            link = urls.markdown_link(from_page, urls.paper_page(paper.slug), paragraph.id)
            out.append(f"> “{quoted}” [{escape_markdown(place)}]({link})\n")
            if definition.own_sense:
                out.append(f"**A sense of its own.** {escape_markdown(definition.own_sense)}\n")
    return "\n".join(out)


# --- "Where the papers use this" ----------------------------------------------

def render_concept_backlinks(concept: Concept, occurrences: Iterable[TermOccurrence],
                             papers: Sequence[Paper], from_page: str,
                             quoting: Mapping[str, RenderContext] | None = None,
                             sentences: MutableMapping[Hashable, Any] | None = None) -> str:
    """The section a concept page ends with: how often each paper uses the
    concept, then each sentence that does, grouped by paper and section,
    with the term marked and a link to the paragraph. Each sentence is
    quoted as the paper page shows it (quotation.py), with the paper's
    corrections and citations from `quoting` (paper slug → its page's
    context). `sentences` keeps each paragraph's sentence spans (by its
    text) for the other concept pages, which quote the same paragraphs."""
    quoting = quoting or {}
    sentences = {} if sentences is None else sentences
    mine = [o for o in occurrences if o.concept_slug == concept.slug]
    counts = Counter(o.paper_slug for o in mine)
    out = [f"## {BACKLINKS_HEADING} {{ #where-the-papers-use-this }}\n",
           _usage_summary(concept, counts, papers) + "\n"]
    by_paper: dict[str, list[TermOccurrence]] = defaultdict(list)
    for o in mine:  # once: filtering all uses for each paper made this papers × uses
        by_paper[o.paper_slug].append(o)
    for paper in _papers_by_use(papers, counts):
        if not counts[paper.slug]:
            continue
        out.append(f"### {escape_markdown(paper_label(paper))} {{ #used-in-{paper.slug} }}\n")
        out.extend(_paper_uses(paper, by_paper[paper.slug], from_page, quoting.get(paper.slug, RenderContext()),
                               sentences))
    return "\n".join(out)


def _papers_by_use(papers: Sequence[Paper], counts: Counter[str]) -> list[Paper]:
    order = {paper.slug: index for index, paper in enumerate(papers)}
    return sorted(papers, key=lambda p: (-counts[p.slug], order[p.slug]))


def _times(count: int, first: bool = True) -> str:
    """"12 times", then just "3" for the papers after the first."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times" if first else str(count))


def usage_counts(counts: Counter[str], papers: Sequence[Paper]) -> str:
    """"12 times in Zou, 3 in Istomin & Baykov", most frequent user first."""
    users = [p for p in _papers_by_use(papers, counts) if counts[p.slug]]
    return ", ".join(f"{_times(counts[p.slug], i == 0)} in {escape_markdown(p.metadata.short_title)}"
                     for i, p in enumerate(users))


def _usage_summary(concept: Concept, counts: Counter[str], papers: Sequence[Paper]) -> str:
    users = [p for p in papers if counts[p.slug]]
    absent = [p for p in papers if not counts[p.slug]]
    if not users:
        wordings = ", ".join(f"“{escape_markdown(t)}”" for t in concept.terms)
        full = [escape_markdown(p.metadata.short_title) for p in absent if has_full_text(p)]
        lead = f"{' and '.join(full)} {'does' if len(full) == 1 else 'do'} not use this concept. " if full else ""
        return f"{lead}{_abstract_only(absent)}The reader looked for {wordings}."
    if len(users) == len(papers) and len(papers) > 1:
        lead = "Used by both papers: " if len(papers) == 2 else "Used by every paper: "
        return lead + usage_counts(counts, papers) + "."
    full = [escape_markdown(p.metadata.short_title) for p in absent if has_full_text(p)]
    not_in = f" Not in {' or '.join(full)}." if full else ""
    return f"Used {usage_counts(counts, papers)}.{not_in} {_abstract_only(absent)}".rstrip()


def _abstract_only(papers: Sequence[Paper]) -> str:
    """A paper of which only the abstract is here is not counted as not
    using a concept: "Istomin & Baykov: only the abstract is here, and it
    does not use this concept." """
    return "".join(f"{escape_markdown(only_abstract_note(p))}, and it does not use this concept. "
                   for p in papers if not has_full_text(p))


def _paper_uses(paper: Paper, uses: list[TermOccurrence], from_page: str, context: RenderContext,
                sentences: MutableMapping[Hashable, Any]) -> list[str]:
    # Uses grouped by section and paragraph once: scanning every use of the
    # section for each paragraph made a long paper's page quadratic.
    by_section: dict[str, dict[str, list[TermOccurrence]]] = defaultdict(lambda: defaultdict(list))
    for use in uses:
        by_section[use.section_id][use.paragraph_id].append(use)
    out: list[str] = []
    for section_id, number, title, paragraphs in _sections_in_order(paper):
        in_section = by_section.get(section_id)
        if not in_section:
            continue
        out.append(f"**{escape_markdown(title)}**\n")
        items = []
        for ordinal, paragraph in paragraphs:
            here = in_section.get(paragraph.id, [])
            if not here:
                continue
            spans = sentences.get(paragraph.text)
            if spans is None:
                spans = sentences[paragraph.text] = sentence_spans(paragraph.text)
            for (start, end), marked in _sentences_with_uses(spans, here):
                place = paragraph_place(number, title, ordinal)
                link = urls.markdown_link(from_page, urls.paper_page(paper.slug), paragraph.id)
                quoted = quote_passage(paragraph, start, end, context, ((u.start, u.end) for u in marked))
                items.append(f"- {quoted} [{escape_markdown(place)}]({link})")
        out.append("\n".join(items) + "\n")
    return out


def paragraph_place(number: str, title: str, ordinal: int) -> str:
    """"§ 3 ¶ 2", "Abstract ¶ 1", or "Keywords" (ordinal 0: the only one)."""
    if not ordinal:
        return title
    return f"§ {number} ¶ {ordinal}" if number else f"{title} ¶ {ordinal}"


def paragraph_places(paper: Paper) -> dict[str, tuple[str, str]]:
    """Paragraph id → (its place as a link text, its section's heading)."""
    return {paragraph.id: (paragraph_place(number, title, ordinal), title)
            for _, number, title, paragraphs in _sections_in_order(paper) for ordinal, paragraph in paragraphs}


def _sections_in_order(paper: Paper) -> list[tuple[str, str, str, list[tuple[int, Paragraph]]]]:
    """(section id, number, heading text as the paper page shows it,
    (ordinal, paragraph) pairs). The keyword line counts as a section of
    its own, with one paragraph."""
    sections = [("abstract", "", "Abstract", list(enumerate(paper.abstract, start=1)))]
    keywords = keywords_paragraph(paper)
    if keywords is not None:
        sections.append((KEYWORDS_ID, "", "Keywords", [(0, keywords)]))
    sections += [(s.id, s.number, f"{s.number}. {s.title}" if s.number else s.title or "Before the first heading",
                  list(enumerate(s.paragraphs, start=1)))
                 for s in paper.sections]
    return sections


def _sentences_with_uses(sentences: Iterable[tuple[int, int]], uses: list[TermOccurrence]
                         ) -> list[tuple[tuple[int, int], list[TermOccurrence]]]:
    """Each sentence (`sentence_spans` of the paragraph) holding at least
    one use, once, with all its uses; one walk over sentences and uses
    together, both in text order."""
    found = []
    ordered = sorted(uses, key=lambda o: o.start)
    next_use = 0
    for start, end in sentences:
        while next_use < len(ordered) and ordered[next_use].start < start:
            next_use += 1  # a use across a sentence boundary is in no sentence
        inside = []
        while next_use < len(ordered) and ordered[next_use].end <= end:
            inside.append(ordered[next_use])
            next_use += 1
        if inside:
            found.append(((start, end), inside))
    return found



# --- the concepts index ---------------------------------------------------------

def render_glossary_index(glossary: Glossary, occurrences: Iterable[TermOccurrence],
                          papers: Sequence[Paper], from_page: str = urls.CONCEPT_INDEX_PAGE,
                          link_for: Callable[[str], str] | None = None) -> str:
    """The Markdown of `/concepts/`: every concept A–Z with its summary and
    which papers use it, then the concept map. The A–Z list comes first so
    that keyboard and screen-reader users reach the plain list before the
    map's many links."""
    occurrences = tuple(occurrences)
    counts = Counter((o.concept_slug, o.paper_slug) for o in occurrences)
    concepts = sorted(glossary.concepts.values(), key=lambda c: (c.title.casefold(), c.slug))
    out = [
        "---\ntitle: Concepts\n"
        "description: \"The key concepts of the papers on military alliances, A–Z, "
        "with where each paper uses them.\"\n---\n",
        "# Concepts\n",
        f"{len(concepts)} concepts the papers rely on. Each page defines the term, cites its "
        "sources and quotes every sentence in which a paper uses it. The map shows how they "
        "connect; the [A–Z list](#letter-a) below it has every concept with its summary.\n",
    ]
    out.append("## Concept map { #concept-map }\n")
    out.append("[Skip the map to the A–Z list](#letter-a){ .reader-skip }\n")
    out.append("Each circle is a concept, drawn in the group of its theme; a bigger circle means the papers "
               "use it more, and hollow circles are concepts the text here does not use. Each kind of line "
               "is a relation the concept pages name (the key is below the map). Point at or focus a "
               "concept to highlight its neighbours and read its relations. Every circle links to its "
               "page; the A–Z list below has the same links.\n")
    out.append(_map_controls(papers))
    out.append(render_concept_map_svg(glossary, occurrences, link_for or concept_links_from(from_page)))
    letters: dict[str, list[Concept]] = defaultdict(list)
    for concept in concepts:
        letters[concept.title[:1].upper()].append(concept)
    for letter, members in letters.items():
        out.append(f"## {escape_markdown(letter)} {{ #letter-{letter.lower()} }}\n")
        out.append("\n".join(
            f"- [{escape_markdown(c.title)}]({urls.markdown_link(from_page, urls.concept_page(c.slug))}): "
            f"{escape_markdown(c.summary)} {_index_usage(c, counts, papers)}"
            for c in members) + "\n")
    return "\n".join(out)


def _map_controls(papers: Sequence[Paper]) -> str:
    """Shown by concept_map.js; without script the map shows related links
    and every concept."""
    options = "".join(f'<option value="{html_attribute(p.slug)}">{html_text(paper_label(p))}</option>'
                      for p in papers)
    return ('<form class="concept-map-controls" aria-label="Concept map options" hidden markdown="0">'
            '<label><input type="checkbox" data-map="co-occurrence"> Also show concepts that share '
            f"at least {MIN_SHARED_PARAGRAPHS} paragraphs (dashed)</label> "
            '<label>Concepts used in <select data-map="paper"><option value="">any paper</option>'
            f"{options}</select></label> "
            '<output class="concept-map-status" aria-live="polite"></output></form>\n')


def _index_usage(concept: Concept, counts: Counter[tuple[str, str]], papers: Sequence[Paper]) -> str:
    mine = Counter({p.slug: counts[(concept.slug, p.slug)] for p in papers})
    users = f"Used {usage_counts(mine, papers)}." if +mine else "Not found in the text here."
    return f'<span class="concept-usage">{users}</span>'


