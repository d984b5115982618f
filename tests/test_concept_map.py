"""The concept map groups concepts by theme and says what each line means:
a panel per theme, typed relations drawn and named, a legend, and each
concept's relations in the text its focus announces (issue 21, item 8).
Reads the frozen project's concept pages (tests/fixtures/project/)."""

from __future__ import annotations

import re

import pytest

from build_tools.concepts.glossary import RELATIONS, find_term_occurrences, load_glossary
from build_tools.model import Glossary, TermOccurrence
from build_tools.render.concept_map import (
    LEGEND,
    concept_map_edges,
    layout_concept_map,
    render_concept_map_svg,
    theme_cells,
    theme_of,
)
from build_tools.render.concept_pages import concept_links_from
from tests.conftest import FIXTURE, read_seed_papers

pytestmark = pytest.mark.unit

GLOSSARY = FIXTURE / "docs" / "concepts"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(GLOSSARY)


@pytest.fixture(scope="module")
def occurrences(glossary: Glossary) -> tuple[TermOccurrence, ...]:
    return find_term_occurrences(read_seed_papers(), glossary)


@pytest.fixture(scope="module")
def svg(glossary: Glossary, occurrences: tuple[TermOccurrence, ...]) -> str:
    return render_concept_map_svg(glossary, occurrences, concept_links_from("concepts/index.md"))


def test_every_concept_sits_in_its_themes_panel(glossary: Glossary, occurrences: tuple[TermOccurrence, ...]) -> None:
    themes = {slug: theme_of(glossary, slug) for slug in glossary.concepts}
    cells = theme_cells(sorted(set(themes.values())))
    position = layout_concept_map(sorted(glossary.concepts), concept_map_edges(glossary, occurrences), themes)
    for slug, (x, y) in position.items():
        x1, y1, x2, y2 = cells[themes[slug]]
        assert x1 <= x <= x2 and y1 <= y <= y2, slug
    # Panels do not overlap.
    boxes = list(cells.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1])


def test_a_typed_relation_is_drawn_and_named(svg: str) -> None:
    line = re.search(r'<line class="edge edge-part-of[^"]*" data-ends="entrapment alliance-security-dilemma"[^>]*>'
                     r"<title>([^<]*)</title>", svg)
    assert line is not None
    assert line.group(1) == "Entrapment is part of Alliance security dilemma"
    assert 'marker-end="url(#map-diamond)"' in line.group(0)


def test_a_focused_concept_carries_its_relations_in_words(svg: str) -> None:
    node = re.search(r'<a class="node[^"]*"[^>]*data-slug="alliance-security-dilemma"[^>]*>', svg)
    assert node is not None
    relations = re.search(r'data-relations="([^"]*)"', node.group(0))
    assert relations is not None
    assert "has as a part Entrapment" in relations.group(1)
    assert "has as a part Abandonment" in relations.group(1)


def test_the_legend_names_every_kind_of_line(svg: str) -> None:
    legend = svg.split('<div class="concept-map-legend"', 1)[1]
    for kind in RELATIONS:
        assert LEGEND[kind] in legend
    assert "share at least 2 paragraphs" in legend


def test_each_theme_is_a_labelled_region(glossary: Glossary, svg: str) -> None:
    labels = re.findall(r'<text class="theme-label"[^>]*>([^<]*)</text>', svg)
    assert labels == ["Forms of alignment", "Why states align", "Managing an alliance", "Hierarchy and power",
                      "Order and strategy"]
