"""Stage 1, converted Markdown: which superscript numbers that point at no
note text are lost footnote calls, and which are other superscripts.

A paper without footnotes still sets numbers in superscript: the authors'
affiliation numbers at the foot of the first page ("Accra, Ghana.<sup>2</sup>
Medical Department"), residue numbers ("Tyr<sup>369</sup>"), exponents and
indices ("X<sup>0</sup>"). Reported as "footnote call N has no note text",
they send a maintainer hunting for notes that never existed. Note calls
count 1, 2, 3 in reading order; these do not.
"""

from __future__ import annotations


def lost_calls(calls_without_note: list[tuple[str, int]], paper_has_notes: bool) -> list[tuple[str, int]]:
    """The calls (label, line) worth reporting as having no note text: never
    a superscript 0 (notes count from 1); on a paper with no note text at
    all, only when the labels count up from 1 as calls do (1, 2, … a lost
    notes list), else none."""
    calls = [(label, line) for label, line in calls_without_note if label != "0"]
    if paper_has_notes or not calls:
        return calls
    if not all(label.isdigit() for label, _ in calls):
        return calls
    first_seen = list(dict.fromkeys(int(label) for label, _ in calls))
    return calls if first_seen == list(range(1, len(first_seen) + 1)) else []
