"""Character spans over one text, as the stages give them (citations,
footnote calls, maths, term links): whether a span overlaps any of a set,
in logarithmic time. Asking each pair in turn made a paragraph with
thousands of citations and calls quadratic."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable


class Spans:
    """A set of spans (start, end), which may overlap one another."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        # The furthest end among the spans up to each one.
        self.reach = list(itertools.accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with one of the spans."""
        index = bisect.bisect_left(self.starts, end) - 1  # the spans starting before `end`
        return index >= 0 and self.reach[index] > start
