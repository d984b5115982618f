"""Stage 5, concepts: the concept map on the concepts index, as inline SVG.

Concepts are grouped by theme (formation, management, hierarchy, order …:
each page's `theme`), each group drawn as a labelled region, so the layout
reads at a glance. Edges say what relation they are: typed relations from
the pages' `relations` (is a kind of, is part of, contrasts with, can lead
to), plain `related` links, and, on request, concepts that share
paragraphs. A legend names each kind; each edge's `<title>` names its
relation on hover, and a concept's relations are announced when it is
focused (concept_map.js reads `data-relations`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from build_tools.concepts.glossary import KEYWORDS_ID, RELATIONS, THEMES
from build_tools.model import Glossary, TermOccurrence
from build_tools.render.escape import href, html_attribute, html_text

# The map draws a co-occurrence edge for pairs that share at least this many
# paragraphs, and at most this many edges, so it stays readable.
MIN_SHARED_PARAGRAPHS = 2
MAX_CO_OCCURRENCE_EDGES = 24
MAP_WIDTH, MAP_HEIGHT = 960, 1020
LAYOUT_ITERATIONS = 150
# Past this many nodes the map is unreadable and its layout (quadratic in the
# nodes) dominates the build; the A–Z list below it always has every concept.
MAP_MAX_CONCEPTS = 60
RELATED = "related"
Box = tuple[float, float, float, float]
THEME_FONT_SIZE = 14
THEME_LABEL_SPACE = 22.0
OTHER_THEME = "other"
THEME_LABELS = {**THEMES, OTHER_THEME: "Other concepts"}
# How each kind of edge is drawn: dash pattern ("" solid) and end marker.
EDGE_STYLES = {
    "kind-of": ("", "arrow"),
    "part-of": ("2 3", "diamond"),
    "contrasts-with": ("9 4", ""),
    "leads-to": ("", "arrow-open"),
    RELATED: ("", ""),
}
LEGEND = {
    "kind-of": "is a kind of (arrow to the broader concept)",
    "part-of": "is part of (diamond at the whole)",
    "contrasts-with": "contrasts with",
    "leads-to": "can lead to (open arrow to the result)",
    RELATED: "related (listed as related on a concept page)",
}


@dataclass(frozen=True)
class MapEdge:
    """One line of the map. `kind` is a relation of `RELATIONS`, or
    "related"; typed edges point from `source` to `target` as the page that
    lists them reads ("entrapment" is part of "alliance-security-dilemma")."""

    source: str
    target: str
    related: bool
    shared_paragraphs: int
    kind: str = RELATED


def concept_map_edges(glossary: Glossary, occurrences: Iterable[TermOccurrence]) -> list[MapEdge]:
    """Typed relations, `related` links in either direction that no typed
    relation already joins, and the pairs of concepts that share the most
    paragraphs; one edge per pair, in a fixed order."""
    typed: dict[tuple[str, str], tuple[str, str, str]] = {}
    for concept in glossary.concepts.values():
        for kind, other in concept.relations:
            if other in glossary.concepts and other != concept.slug:
                typed.setdefault(_pair(concept.slug, other), (concept.slug, other, kind))
    related = {_pair(c.slug, r) for c in glossary.concepts.values() for r in c.related
               if r in glossary.concepts and r != c.slug} | set(typed)
    in_paragraph: dict[tuple[str, str], set[str]] = defaultdict(set)
    for o in occurrences:
        if o.section_id != KEYWORDS_ID:  # a keyword line is a list, not a passage that joins ideas
            in_paragraph[(o.paper_slug, o.paragraph_id)].add(o.concept_slug)
    shared: Counter[tuple[str, str]] = Counter()
    for slugs in in_paragraph.values():
        shared.update(combinations(sorted(slugs), 2))
    strongest = sorted(((pair, n) for pair, n in shared.items() if n >= MIN_SHARED_PARAGRAPHS),
                       key=lambda item: (-item[1], item[0]))[:MAX_CO_OCCURRENCE_EDGES]
    kept = dict(strongest)
    edges = []
    for pair in sorted(related | set(kept)):
        source, target, kind = typed.get(pair, (*pair, RELATED))
        edges.append(MapEdge(source, target, pair in related, kept.get(pair, 0), kind))
    return edges


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def mapped_concepts(glossary: Glossary, uses: Counter[str]) -> list[str]:
    """Every concept, or the `MAP_MAX_CONCEPTS` the papers use most (ties by
    slug), in slug order."""
    slugs = sorted(glossary.concepts)
    if len(slugs) > MAP_MAX_CONCEPTS:
        slugs = sorted(sorted(slugs, key=lambda s: (-uses[s], s))[:MAP_MAX_CONCEPTS])
    return slugs


def map_extent(shown: int, total: int) -> str:
    return f"{total} concepts" if shown == total else f"The {shown} most used of {total} concepts"


def theme_of(glossary: Glossary, slug: str) -> str:
    return glossary.concepts[slug].theme or OTHER_THEME


def theme_cells(themes: Sequence[str], width: float = MAP_WIDTH, height: float = MAP_HEIGHT) -> dict[str, Box]:
    """Each theme's panel of the map: a grid of two columns, in the order of
    `THEMES`, so the groups never overlap and read at a glance."""
    ordered = [t for t in THEME_LABELS if t in themes]
    if not ordered:
        return {}
    columns = 1 if len(ordered) == 1 else 2
    rows = math.ceil(len(ordered) / columns)
    cell_w, cell_h = width / columns, height / rows
    cells = {theme: (round(i % columns * cell_w, 1), round(i // columns * cell_h, 1),
                     round((i % columns + 1) * cell_w, 1), round((i // columns + 1) * cell_h, 1))
             for i, theme in enumerate(ordered)}
    if len(ordered) % columns:
        # An odd last group takes the whole bottom row.
        _, y1, _, y2 = cells[ordered[-1]]
        cells[ordered[-1]] = (0.0, y1, float(width), y2)
    return cells


def layout_concept_map(slugs: Sequence[str], edges: Sequence[MapEdge], themes: dict[str, str] | None = None,
                       width: float = MAP_WIDTH, height: float = MAP_HEIGHT
                       ) -> dict[str, tuple[float, float]]:
    """Each theme's concepts laid out in its own panel (theme_cells) by a
    force-directed layout (Fruchterman–Reingold) of the lines inside the
    group, started from a circle in slug order: no randomness, so two builds
    draw the same map. Lines between groups are drawn but do not pull.
    `themes` maps slug → theme (all one group when None)."""
    themes = themes or {}
    group_of = {s: themes.get(s, OTHER_THEME) for s in slugs}
    cells = theme_cells(sorted(set(group_of.values())), width, height)
    position: dict[str, tuple[float, float]] = {}
    for theme, (x1, y1, x2, y2) in cells.items():
        members = tuple(s for s in slugs if group_of[s] == theme)
        inside = tuple(e for e in edges if group_of[e.source] == theme and group_of[e.target] == theme)
        # Room at the top of each panel for the theme's name.
        for slug, (x, y) in _layout(members, inside, x2 - x1, y2 - y1 - THEME_LABEL_SPACE):
            position[slug] = (round(x1 + x, 1), round(y1 + THEME_LABEL_SPACE + y, 1))
    return position


def _layout(slugs: tuple[str, ...], edges: tuple[MapEdge, ...], width: float, height: float
            ) -> tuple[tuple[str, tuple[float, float]], ...]:
    count = len(slugs)
    if count == 0:
        return ()
    margin_x, margin_y = 40.0, 30.0
    if count == 1:
        return ((slugs[0], (width / 2, height / 2)),)
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


def place_labels(slugs: Sequence[str], titles: dict[str, str], position: dict[str, tuple[float, float]],
                 radius: dict[str, float], taken: Sequence[Box] = ()) -> dict[str, tuple[float, float, str]]:
    """(x, y, text-anchor) of each label: right, left, above or below its
    node, whichever overlaps the labels, nodes and `taken` boxes placed so
    far the least. Bigger nodes choose first, so the busy middle of the map
    reads best."""
    boxes: list[Box] = [(x - radius[s], y - radius[s], x + radius[s], y + radius[s])
                        for s, (x, y) in position.items()] + list(taken)
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
            return outside * LABEL_HEIGHT + sum(_area(box, other) for other in boxes)

        best = min(options, key=overlap)
        placed[slug] = (round(best[0], 1), round(best[1], 1), best[2])
        boxes.append(_label_box(best, width))
    return placed


def _label_box(option: tuple[float, float, str], width: float) -> Box:
    x, y, anchor = option
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return (left, y - LABEL_FONT_SIZE, left + width, y + LABEL_HEIGHT - LABEL_FONT_SIZE)


def _area(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def theme_regions(themes: dict[str, str]) -> list[tuple[str, Box]]:
    """Each theme's panel, a little inset, in `THEMES` order."""
    inset = 4.0
    return [(theme, (x1 + inset, y1 + inset, x2 - inset, y2 - inset))
            for theme, (x1, y1, x2, y2) in theme_cells(sorted(set(themes.values()))).items()]


def relation_sentence(edge: MapEdge, titles: dict[str, str], from_slug: str) -> str:
    """How `edge` reads from the concept `from_slug`: "is part of
    Alliance security dilemma", "has as a part Entrapment"."""
    other = edge.target if edge.source == from_slug else edge.source
    if edge.kind == RELATED:
        return f"related to {titles[other]}" if edge.related else f"shares paragraphs with {titles[other]}"
    forward, backward = RELATIONS[edge.kind]
    return f"{forward if edge.source == from_slug else backward} {titles[other]}"


def _markers() -> str:
    """Arrow and diamond ends for typed edges, in the edge's colour."""
    return ('<defs>'
            '<marker id="map-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker>'
            '<marker id="map-arrow-open" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none" stroke="currentColor" '
            'stroke-width="1.5"/></marker>'
            '<marker id="map-diamond" viewBox="0 0 12 12" refX="12" refY="6" markerWidth="8" markerHeight="8" '
            'orient="auto-start-reverse"><path d="M0,6 L6,0 L12,6 L6,12 z" fill="currentColor"/></marker>'
            '</defs>')


def render_legend() -> str:
    """The key to the lines, as a list beside the map (HTML, shown with or
    without script)."""
    items = []
    for kind, text in LEGEND.items():
        dash, marker = EDGE_STYLES[kind]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        marker_attr = f' marker-end="url(#map-{marker})"' if marker else ""
        items.append(f'<li><svg class="concept-map-legend__sample edge-{kind}" width="46" height="12" '
                     f'viewBox="0 0 46 12" aria-hidden="true" focusable="false">'
                     f'<line x1="2" y1="6" x2="40" y2="6" stroke="currentColor" stroke-width="2"{dash_attr}'
                     f'{marker_attr}/></svg> {html_text(text)}</li>')
    items.append('<li><svg class="concept-map-legend__sample edge-co-occurrence" width="46" height="12" '
                 'viewBox="0 0 46 12" aria-hidden="true" focusable="false"><line x1="2" y1="6" x2="40" y2="6" '
                 'stroke="currentColor" stroke-width="2" stroke-dasharray="4 3"/></svg> '
                 f"share at least {MIN_SHARED_PARAGRAPHS} paragraphs in the papers (shown on request)</li>")
    return ('<div class="concept-map-legend" markdown="0"><p class="concept-map-legend__title">Lines</p>'
            f'<ul>{"".join(items)}</ul></div>\n')


def render_concept_map_svg(glossary: Glossary, occurrences: Iterable[TermOccurrence],
                           link_for: Callable[[str], str]) -> str:
    """The concept map as inline SVG inside a `<figure>`, with its legend.

    Accessibility: the SVG is a labelled group (`role="group"`), not an
    image, because its nodes are real links that keyboard and screen-reader
    users can reach; each link is named by its concept's title and described
    by its summary (`<title>`, also the hover tooltip), and its relations are
    in `data-relations`, which the page's script announces on focus. The
    edges and theme regions are decoration (`aria-hidden`); the A–Z list
    gives the same links in text.
    """
    occurrences = tuple(occurrences)
    uses = Counter(o.concept_slug for o in occurrences)
    slugs = mapped_concepts(glossary, uses)
    on_map = set(slugs)
    themes = {slug: theme_of(glossary, slug) for slug in slugs}
    titles = {slug: glossary.concepts[slug].title for slug in slugs}
    edges = [e for e in concept_map_edges(glossary, occurrences) if e.source in on_map and e.target in on_map]
    position = layout_concept_map(slugs, edges, themes)
    radius = {slug: round(min(4 + 1.5 * math.sqrt(uses[slug]), 18), 1) for slug in slugs}
    regions = theme_regions(themes)
    theme_label_boxes = [_theme_label_box(box, THEME_LABELS[theme]) for theme, box in regions]
    labels = place_labels(slugs, titles, position, radius, theme_label_boxes)
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
        f'<desc id="concept-map-desc">{map_extent(len(slugs), len(glossary.concepts))}, grouped by theme, each a '
        "link to its page, joined by the relations their pages name and by sharing paragraphs in the "
        "papers.</desc>",
        _markers(),
        '<g class="themes" aria-hidden="true">',
    ]
    for (theme, (x1, y1, x2, y2)), label_box in zip(regions, theme_label_boxes, strict=True):
        lines.append(f'<rect class="theme-region theme-{theme}" x="{x1}" y="{y1}" width="{round(x2 - x1, 1)}" '
                     f'height="{round(y2 - y1, 1)}" rx="18"/>'
                     f'<text class="theme-label" x="{round(label_box[0], 1)}" y="{round(label_box[3] - 4, 1)}">'
                     f"{html_text(THEME_LABELS[theme])}</text>")
    lines.append("</g>")
    lines.append('<g class="edges" aria-hidden="true">')
    for edge in edges:
        lines.append(_edge_svg(edge, position, titles, radius, themes[edge.source] != themes[edge.target]))
    lines.append("</g>")
    lines.append('<g class="nodes">')
    # (plain "related", sentence): typed relations are read out first
    relations: dict[str, list[tuple[bool, str]]] = defaultdict(list)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        neighbours[edge.source].add(edge.target)
        neighbours[edge.target].add(edge.source)
        for end in (edge.source, edge.target):
            if edge.related or edge.kind != RELATED:
                relations[end].append((edge.kind == RELATED, relation_sentence(edge, titles, end)))
    for slug in slugs:
        concept = glossary.concepts[slug]
        x, y = position[slug]
        state = ("unused" if not uses[slug]
                 else "used-by-all" if papers_using[slug] == all_papers and len(all_papers) > 1
                 else "used")
        label_x, label_y, anchor = labels[slug]
        title = html_attribute(concept.title)
        said = "; ".join(text for _, text in sorted(relations[slug])) or "no relations on the map"
        lines.append(
            # xlink:href, not href: Material's instant navigation rewrites every
            # [href] on a new page, and an SVG link's href cannot be assigned.
            f'<a class="node {state}" xlink:href="{href(link_for(slug))}" aria-label="{title}" '
            f'data-slug="{html_attribute(slug)}" data-theme="{html_attribute(themes[slug])}" '
            f'data-papers="{html_attribute(" ".join(sorted(papers_using[slug])))}" '
            f'data-neighbours="{html_attribute(" ".join(sorted(neighbours[slug])))}" '
            f'data-relations="{html_attribute(said)}">'
            f"<title>{title}: {html_attribute(concept.summary)}</title>"
            f'<circle cx="{x}" cy="{y}" r="{radius[slug]:g}" fill="currentColor"/>'
            f'<text x="{label_x}" y="{label_y}" text-anchor="{anchor}" '
            f'fill="currentColor">{title}</text></a>')
    lines.append("</g>")
    lines.append("</svg>")
    shown = "" if len(slugs) == len(glossary.concepts) else f" {map_extent(len(slugs), len(glossary.concepts))}."
    lines.append('<figcaption>Concept map, grouped by theme: each kind of line is a relation the concept pages '
                 f"name (see the key below the map); dashed accent lines, shown on request, join concepts that "
                 f"share paragraphs.{shown}</figcaption>")
    lines.append("</figure>\n")
    return "\n".join(lines) + render_legend()


def _theme_label_box(region: Box, text: str) -> Box:
    """Where a theme's name goes: inside its region's top-left corner."""
    x1, y1, _, _ = region
    width = len(text) * 0.6 * THEME_FONT_SIZE
    return (x1 + 10, y1 + 4, x1 + 10 + width, y1 + 8 + THEME_FONT_SIZE)


def _edge_svg(edge: MapEdge, position: dict[str, tuple[float, float]], titles: dict[str, str],
              radius: dict[str, float], across: bool) -> str:
    (x1, y1), (x2, y2) = position[edge.source], position[edge.target]
    # Stop at the target's circle, so an arrow or diamond shows beside it.
    length = max(math.hypot(x2 - x1, y2 - y1), 0.01)
    back = min(radius[edge.target] + 2, length / 2)
    x2, y2 = round(x2 - (x2 - x1) / length * back, 1), round(y2 - (y2 - y1) / length * back, 1)
    classes = f"edge edge-{edge.kind}" + (" related" if edge.related else "") + (
        " co-occurrence" if edge.shared_paragraphs else "") + (" across" if across else "")
    width = 1 + min(edge.shared_paragraphs, 8) * 0.5 if edge.shared_paragraphs else 1
    dash, marker = EDGE_STYLES[edge.kind] if edge.related else ("4 3", "")
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    marker_attr = f' marker-end="url(#map-{marker})"' if marker else ""
    said = (relation_sentence(edge, titles, edge.source) if edge.related
            else f"shares paragraphs with {titles[edge.target]}")
    shared = (f"; {edge.shared_paragraphs} shared paragraphs" if edge.shared_paragraphs and edge.related else "")
    return (f'<line class="{classes}" data-ends="{edge.source} {edge.target}" x1="{x1}" y1="{y1}" x2="{x2}" '
            f'y2="{y2}" stroke="currentColor" stroke-width="{width:g}"{dash_attr}{marker_attr}>'
            f"<title>{html_text(titles[edge.source])} {html_text(said)}{shared}</title></line>")
