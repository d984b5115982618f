"""Stage 5, concepts: the Markdown that concept pages and the concepts index
show: where each paper uses a concept, the A–Z glossary, and the concept map
as inline SVG. Links to pages are Markdown links to `.md` sources, so
`mkdocs build --strict` checks them; only the map, being raw SVG, carries
URLs, which the caller's `link_for` makes right for the page it lands on.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from build_tools import urls
from build_tools.concepts.sentences import sentence_spans
from build_tools.model import Concept, Glossary, Paper, TermOccurrence
from build_tools.render.escape import href, html_attribute, html_text
from build_tools.render.paper_facts import has_full_text, only_abstract_note, paper_label
from build_tools.render.paper_page import escape_markdown

BACKLINKS_HEADING = "Where the papers use this"
# The map draws a co-occurrence edge for pairs that share at least this many
# paragraphs, and at most this many edges, so it stays readable.
MIN_SHARED_PARAGRAPHS = 2
MAX_CO_OCCURRENCE_EDGES = 24
MAP_WIDTH, MAP_HEIGHT = 960, 800
LAYOUT_ITERATIONS = 150
# Past this many nodes the map is unreadable and its layout (quadratic in the
# nodes) dominates the build; the A–Z list below it always has every concept.
MAP_MAX_CONCEPTS = 60


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


# --- "Where the papers use this" ----------------------------------------------

def render_concept_backlinks(concept: Concept, occurrences: Iterable[TermOccurrence],
                             papers: Sequence[Paper], from_page: str) -> str:
    """The section a concept page ends with: how often each paper uses the
    concept, then each sentence that does, grouped by paper and section,
    with the term marked and a link to the paragraph."""
    mine = [o for o in occurrences if o.concept_slug == concept.slug]
    counts = Counter(o.paper_slug for o in mine)
    out = [f"## {BACKLINKS_HEADING} {{ #where-the-papers-use-this }}\n",
           _usage_summary(concept, counts, papers) + "\n"]
    for paper in _papers_by_use(papers, counts):
        if not counts[paper.slug]:
            continue
        out.append(f"### {escape_markdown(paper_label(paper))} {{ #used-in-{paper.slug} }}\n")
        out.extend(_paper_uses(paper, [o for o in mine if o.paper_slug == paper.slug], from_page))
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


def _paper_uses(paper: Paper, uses: list[TermOccurrence], from_page: str) -> list[str]:
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
        for ordinal, paragraph_id, text in paragraphs:
            here = in_section.get(paragraph_id, [])
            if not here:
                continue
            for sentence, marked in _sentences_with_uses(text, here):
                place = f"§ {number} ¶ {ordinal}" if number else f"{title} ¶ {ordinal}"
                link = urls.markdown_link(from_page, urls.paper_page(paper.slug), paragraph_id)
                items.append(f"- {_marked_sentence(text, sentence, marked)} [{escape_markdown(place)}]({link})")
        out.append("\n".join(items) + "\n")
    return out


def _sections_in_order(paper: Paper) -> list[tuple[str, str, str, list[tuple[int, str, str]]]]:
    """(section id, number, heading text as the paper page shows it, paragraphs)."""
    sections = [("abstract", "", "Abstract",
                 [(i, p.id, p.text) for i, p in enumerate(paper.abstract, start=1)])]
    sections += [(s.id, s.number, f"{s.number}. {s.title}",
                  [(i, p.id, p.text) for i, p in enumerate(s.paragraphs, start=1)])
                 for s in paper.sections]
    return sections


def _sentences_with_uses(text: str, uses: list[TermOccurrence]
                         ) -> list[tuple[tuple[int, int], list[TermOccurrence]]]:
    """Each sentence holding at least one use, once, with all its uses; one
    walk over sentences and uses together, both in text order."""
    found = []
    ordered = sorted(uses, key=lambda o: o.start)
    next_use = 0
    for start, end in sentence_spans(text):
        while next_use < len(ordered) and ordered[next_use].start < start:
            next_use += 1  # a use across a sentence boundary is in no sentence
        inside = []
        while next_use < len(ordered) and ordered[next_use].end <= end:
            inside.append(ordered[next_use])
            next_use += 1
        if inside:
            found.append(((start, end), inside))
    return found


def _marked_sentence(text: str, sentence: tuple[int, int], uses: list[TermOccurrence]) -> str:
    start, end = sentence
    pieces: list[str] = []
    position = start
    for use in sorted(uses, key=lambda o: o.start):
        pieces.append(escape_markdown(text[position:use.start]))
        pieces.append(f"<mark>{escape_markdown(text[use.start:use.end])}</mark>")
        position = use.end
    pieces.append(escape_markdown(text[position:end]))
    return "".join(pieces)


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
    out.append("Each circle is a concept; a bigger circle means the papers use it more. Lines join "
               "concepts that list each other as related; hollow circles are concepts the text here "
               "does not use. Point at or focus a concept to highlight its neighbours. Every circle "
               "links to its page; the A–Z list below has the same links.\n")
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


# --- the concept map ------------------------------------------------------------

@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    related: bool
    shared_paragraphs: int


def concept_map_edges(glossary: Glossary, occurrences: Iterable[TermOccurrence]) -> list[MapEdge]:
    """`related` links in either direction, and the pairs of concepts that
    share the most paragraphs; one edge per pair, in a fixed order."""
    related = {tuple(sorted((c.slug, r))) for c in glossary.concepts.values() for r in c.related
               if r in glossary.concepts and r != c.slug}
    in_paragraph: dict[tuple[str, str], set[str]] = defaultdict(set)
    for o in occurrences:
        in_paragraph[(o.paper_slug, o.paragraph_id)].add(o.concept_slug)
    shared: Counter[tuple[str, str]] = Counter()
    for slugs in in_paragraph.values():
        shared.update(combinations(sorted(slugs), 2))
    strongest = sorted(((pair, n) for pair, n in shared.items() if n >= MIN_SHARED_PARAGRAPHS),
                       key=lambda item: (-item[1], item[0]))[:MAX_CO_OCCURRENCE_EDGES]
    kept = dict(strongest)
    pairs = sorted(related | set(kept))
    return [MapEdge(a, b, (a, b) in related, kept.get((a, b), 0)) for a, b in pairs]


def mapped_concepts(glossary: Glossary, uses: Counter[str]) -> list[str]:
    """Every concept, or the `MAP_MAX_CONCEPTS` the papers use most (ties by
    slug), in slug order."""
    slugs = sorted(glossary.concepts)
    if len(slugs) > MAP_MAX_CONCEPTS:
        slugs = sorted(sorted(slugs, key=lambda s: (-uses[s], s))[:MAP_MAX_CONCEPTS])
    return slugs


def _map_extent(shown: int, total: int) -> str:
    return f"{total} concepts" if shown == total else f"The {shown} most used of {total} concepts"


def layout_concept_map(slugs: Sequence[str], edges: Sequence[MapEdge],
                       width: float = MAP_WIDTH, height: float = MAP_HEIGHT
                       ) -> dict[str, tuple[float, float]]:
    """A force-directed layout (Fruchterman–Reingold) started from a circle in
    slug order: no randomness, so two builds draw the same map."""
    return dict(_layout(tuple(slugs), tuple(edges), width, height))


def _layout(slugs: tuple[str, ...], edges: tuple[MapEdge, ...], width: float, height: float
            ) -> tuple[tuple[str, tuple[float, float]], ...]:
    count = len(slugs)
    if count == 0:
        return ()
    margin_x, margin_y = 40.0, 30.0
    centre_x, centre_y = width / 2, height / 2
    # Plain lists indexed like `slugs`: the pair loop runs count² × iterations
    # times, and dict lookups by slug were most of its cost.
    xs = [centre_x + (width / 2 - margin_x) * math.cos(2 * math.pi * i / count) for i in range(count)]
    ys = [centre_y + (height / 2 - margin_y) * math.sin(2 * math.pi * i / count) for i in range(count)]
    k = 0.9 * math.sqrt((width - 2 * margin_x) * (height - 2 * margin_y) / count)
    index = {slug: i for i, slug in enumerate(slugs)}
    weights = {(index[e.source], index[e.target]): (1.0 if e.related else 0.0) + min(e.shared_paragraphs, 6) / 3
               for e in edges}
    pairs = list(combinations(range(count), 2))
    hypot = math.hypot
    for step in range(LAYOUT_ITERATIONS):
        temperature = width / 10 * (1 - step / LAYOUT_ITERATIONS)
        sx, sy = [0.0] * count, [0.0] * count
        for a, b in pairs:
            dx, dy = xs[a] - xs[b], ys[a] - ys[b]
            distance = max(hypot(dx, dy), 0.01)
            force = k * k / distance
            push_x, push_y = dx / distance * force, dy / distance * force
            sx[a] += push_x
            sy[a] += push_y
            sx[b] -= push_x
            sy[b] -= push_y
        for (a, b), weight in weights.items():
            dx, dy = xs[a] - xs[b], ys[a] - ys[b]
            distance = max(hypot(dx, dy), 0.01)
            force = distance * distance / k * weight
            pull_x, pull_y = dx / distance * force, dy / distance * force
            sx[a] -= pull_x
            sy[a] -= pull_y
            sx[b] += pull_x
            sy[b] += pull_y
        for i in range(count):
            # A weak pull to the centre keeps concepts without edges on the map.
            sx[i] += (centre_x - xs[i]) * 0.02
            sy[i] += (centre_y - ys[i]) * 0.02
            length = max(hypot(sx[i], sy[i]), 0.01)
            step_length = min(length, temperature)
            xs[i] = min(max(xs[i] + sx[i] / length * step_length, margin_x), width - margin_x)
            ys[i] = min(max(ys[i] + sy[i] / length * step_length, margin_y), height - margin_y)
    position = {slug: [xs[i], ys[i]] for i, slug in enumerate(slugs)}
    return tuple(_fill_frame(position, width, height, margin_x, margin_y).items())


def _fill_frame(position: dict[str, list[float]], width: float, height: float,
                margin_x: float, margin_y: float) -> dict[str, tuple[float, float]]:
    """Stretch the layout to the frame: the forces settle into a blob in the
    middle, and the labels need the room."""
    xs = [x for x, _ in position.values()]
    ys = [y for _, y in position.values()]
    span_x, span_y = max(max(xs) - min(xs), 1.0), max(max(ys) - min(ys), 1.0)
    return {slug: (round(margin_x + (x - min(xs)) / span_x * (width - 2 * margin_x), 1),
                   round(margin_y + (y - min(ys)) / span_y * (height - 2 * margin_y), 1))
            for slug, (x, y) in position.items()}


# Labels are drawn at LABEL_FONT_SIZE map units (concepts.css), which is at
# least 12 px on screen while the map is shown 690 px wide or more; the
# widths are a generous average for system sans-serif fonts, so boxes that do
# not overlap here do not overlap on screen (a browser test checks).
LABEL_FONT_SIZE = 17
LABEL_CHARACTER_WIDTH = 0.6 * LABEL_FONT_SIZE
LABEL_HEIGHT = LABEL_FONT_SIZE + 3.0
Box = tuple[float, float, float, float]


def place_labels(slugs: Sequence[str], titles: dict[str, str], position: dict[str, tuple[float, float]],
                 radius: dict[str, float]) -> dict[str, tuple[float, float, str]]:
    """(x, y, text-anchor) of each label: right, left, above or below its
    node, whichever overlaps the labels and nodes placed so far the least.
    Bigger nodes choose first, so the busy middle of the map reads best."""
    taken: list[Box] = [(x - radius[s], y - radius[s], x + radius[s], y + radius[s])
                        for s, (x, y) in position.items()]
    placed: dict[str, tuple[float, float, str]] = {}
    for slug in sorted(slugs, key=lambda s: (-radius[s], s)):
        x, y = position[slug]
        r = radius[slug]
        width = len(titles[slug]) * LABEL_CHARACTER_WIDTH
        right, left = (x + r + 4, "start"), (x - r - 4, "end")
        if x > MAP_WIDTH / 2:
            right, left = left, right
        # Beside, above and below the node first, then the same places
        # nudged up or down: the first option with no overlap wins.
        options = [(right[0], y + 5, right[1]), (left[0], y + 5, left[1]),
                   (x, y - r - 5, "middle"), (x, y + r + LABEL_FONT_SIZE, "middle")]
        options += [(ox, oy + shift, anchor) for shift in (-12, 12, -24, 24, -36, 36)
                    for ox, oy, anchor in options[:4]]

        def overlap(option: tuple[float, float, str], width: float = width) -> float:
            box = _label_box(option, width)
            outside = (max(0.0, -box[0]) + max(0.0, box[2] - MAP_WIDTH)
                       + max(0.0, -box[1]) + max(0.0, box[3] - MAP_HEIGHT))
            return outside * LABEL_HEIGHT + sum(_area(box, other) for other in taken)

        best = min(options, key=overlap)
        placed[slug] = (round(best[0], 1), round(best[1], 1), best[2])
        taken.append(_label_box(best, width))
    return placed


def _label_box(option: tuple[float, float, str], width: float) -> Box:
    x, y, anchor = option
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return (left, y - LABEL_FONT_SIZE, left + width, y + LABEL_HEIGHT - LABEL_FONT_SIZE)


def _area(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def render_concept_map_svg(glossary: Glossary, occurrences: Iterable[TermOccurrence],
                           link_for: Callable[[str], str]) -> str:
    """The concept map as inline SVG inside a `<figure>`.

    Accessibility: the SVG is a labelled group (`role="group"`), not an
    image, because its nodes are real links that keyboard and screen-reader
    users can reach; each link is named by its concept's title and described
    by its summary (`<title>`, also the hover tooltip). The edges are
    decoration (`aria-hidden`); the A–Z list gives the same links in text.
    """
    occurrences = tuple(occurrences)
    uses = Counter(o.concept_slug for o in occurrences)
    slugs = mapped_concepts(glossary, uses)
    on_map = set(slugs)
    edges = [e for e in concept_map_edges(glossary, occurrences) if e.source in on_map and e.target in on_map]
    position = layout_concept_map(slugs, edges)
    radius = {slug: round(min(4 + 1.5 * math.sqrt(uses[slug]), 18), 1) for slug in slugs}
    labels = place_labels(slugs, {s: glossary.concepts[s].title for s in slugs}, position, radius)
    papers_using = defaultdict(set)
    for o in occurrences:
        papers_using[o.concept_slug].add(o.paper_slug)
    all_papers = {o.paper_slug for o in occurrences}

    lines = [
        '<figure class="concept-map-figure" tabindex="0" role="region" aria-label="Concept map, scrollable">',
        f'<svg class="concept-map" xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 {MAP_WIDTH} '
        f'{MAP_HEIGHT}" role="group" aria-labelledby="concept-map-title" '
        'aria-describedby="concept-map-desc">',
        '<title id="concept-map-title">Concept map</title>',
        f'<desc id="concept-map-desc">{_map_extent(len(slugs), len(glossary.concepts))}, each a link to its '
        "page, joined by "
        "related links and by sharing paragraphs in the papers.</desc>",
        '<g class="edges" aria-hidden="true">',
    ]
    for edge in edges:
        (x1, y1), (x2, y2) = position[edge.source], position[edge.target]
        classes = "edge" + (" related" if edge.related else "") + (
            " co-occurrence" if edge.shared_paragraphs else "")
        width = 1 + min(edge.shared_paragraphs, 8) * 0.5 if edge.shared_paragraphs else 1
        dash = "" if edge.related else ' stroke-dasharray="4 3"'
        ends = f' data-ends="{edge.source} {edge.target}"'
        lines.append(f'<line class="{classes}"{ends} x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
                     f'stroke="currentColor" stroke-width="{width:g}"{dash}>'
                     f"<title>{edge.shared_paragraphs} shared paragraphs</title></line>"
                     if edge.shared_paragraphs else
                     f'<line class="{classes}"{ends} x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
                     f'stroke="currentColor" stroke-width="{width:g}"{dash}/>')
    lines.append("</g>")
    lines.append('<g class="nodes">')
    neighbours: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        neighbours[edge.source].add(edge.target)
        neighbours[edge.target].add(edge.source)
    for slug in slugs:
        concept = glossary.concepts[slug]
        x, y = position[slug]
        state = ("unused" if not uses[slug]
                 else "used-by-all" if papers_using[slug] == all_papers and len(all_papers) > 1
                 else "used")
        label_x, label_y, anchor = labels[slug]
        title = html_attribute(concept.title)
        lines.append(
            # xlink:href, not href: Material's instant navigation rewrites every
            # [href] on a new page, and an SVG link's href cannot be assigned.
            f'<a class="node {state}" xlink:href="{href(link_for(slug))}" aria-label="{title}" '
            f'data-slug="{html_attribute(slug)}" data-papers="{html_attribute(" ".join(sorted(papers_using[slug])))}" '
            f'data-neighbours="{html_attribute(" ".join(sorted(neighbours[slug])))}">'
            f"<title>{title}: {html_attribute(concept.summary)}</title>"
            f'<circle cx="{x}" cy="{y}" r="{radius[slug]:g}" fill="currentColor"/>'
            f'<text x="{label_x}" y="{label_y}" text-anchor="{anchor}" '
            f'fill="currentColor">{title}</text></a>')
    lines.append("</g>")
    lines.append("</svg>")
    shown = "" if len(slugs) == len(glossary.concepts) else f" {_map_extent(len(slugs), len(glossary.concepts))}."
    lines.append('<figcaption>Concept map: solid lines join related concepts; dashed lines, shown on '
                 f"request, join concepts that share paragraphs.{shown}</figcaption>")
    lines.append("</figure>\n")
    return "\n".join(lines)
