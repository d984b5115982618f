"""Citations, concept links and highlighted quotes nest properly in a paragraph."""

from __future__ import annotations

import pytest

from build_tools.render.inline_spans import LinkKind, LinkSpan, MarkSpan, settle_spans, split_into_pieces

pytestmark = pytest.mark.unit

TEXT = "Snyder on entrapment [5] and abandonment."
CITATION = LinkSpan(21, 24, LinkKind.CITATION, "#ref-5")
TERM = LinkSpan(10, 20, LinkKind.TERM, "../concepts/entrapment/")


def test_pieces_cover_the_text_exactly_once() -> None:
    pieces = split_into_pieces(TEXT, [CITATION, TERM], [MarkSpan(0, 9, ("a",))])
    assert "".join(p.text for p in pieces) == TEXT
    assert [(p.text, p.link is not None, p.mark is not None) for p in pieces] == [
        ("Snyder on", False, True), (" ", False, False), ("entrapment", True, False),
        (" ", False, False), ("[5]", True, False), (" and abandonment.", False, False)]


def test_a_quote_ending_inside_a_citation_grows_to_cover_it() -> None:
    links, marks = settle_spans([CITATION], [MarkSpan(10, 22, ("a",))])
    assert links == [CITATION]
    assert marks == [MarkSpan(10, 24, ("a",))]


def test_a_term_link_cut_by_a_quote_gives_way_to_the_highlight() -> None:
    links, marks = settle_spans([TERM, CITATION], [MarkSpan(15, 30, ("a",))])
    assert links == [CITATION]
    assert marks == [MarkSpan(15, 30, ("a",))]


def test_overlapping_quotes_become_one_mark_naming_both_notes() -> None:
    _, marks = settle_spans([], [MarkSpan(0, 10, ("a",)), MarkSpan(5, 20, ("b",))])
    assert marks == [MarkSpan(0, 20, ("a", "b"))]
