"""Stage 1, converted Markdown: reference entries a converter put before the
list's heading.

A page of two or three columns ends the list in the next column; a
converter that keeps the columns' order may put that column, with the end of
the list, before the column that holds the heading ("Milagro, L. S. (2012):
…" / "Özbilgin, M. F. (2008): …" / "Sharifi, A. (2012): …" / "#### Endnoten"
/ … / "### Literatur" / "Bicker, B. (2009): …"). Read as body text, those
entries are never linked. A run of blocks shortly before the heading that
open exactly as the list's own entries do (name, initials, the year in
parentheses and the same stop after it) is taken back into the list, after
its last entry, and reported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from build_tools.read.paragraphs import Block

# "Milagro, L. S. (2012):", "Özbilgin, M. F. (2008):", "Smith, J., & Lee, K. (2010).": the stop after the year.
ENTRY_OPENING = re.compile(r"^[*_]{0,2}[A-ZÀ-Þ][\w’'\-]+(?:\s[A-ZÀ-Þ][\w’'\-]+)?,\s+[^()]{1,120}?"
                           r"\((?:1[6-9]|20)\d\d[a-z]?\)(?P<stop>[.:,])")
LOOKBACK_BLOCKS = 12
RUN_MIN = 2
ENTRY_MAX_CHARACTERS = 600


def entries_before_the_list(body: list[Block], entry_like: Callable[[Block], bool]) -> tuple[list[Block], list[Block]]:
    """`body` with such a run moved to the end of the list under the first
    references heading, and the blocks moved; unchanged when there is none."""
    heading = next((i for i, b in enumerate(body) if (h := b.heading) and h.is_references), None)
    if heading is None:
        return body, []
    end = heading + 1
    while end < len(body) and entry_like(body[end]):
        end += 1
    stops = Counter(m.group("stop") for b in body[heading + 1:end] if (m := ENTRY_OPENING.match(b.text)))
    if end - heading - 1 < RUN_MIN or not stops:
        return body, []
    stop = stops.most_common(1)[0][0]
    run: list[int] = []
    for i in range(max(0, heading - LOOKBACK_BLOCKS), heading):
        m = ENTRY_OPENING.match(body[i].text)
        if m and m.group("stop") == stop and entry_like(body[i]) and len(body[i].text) <= ENTRY_MAX_CHARACTERS:
            run = [*run, i] if run and run[-1] == i - 1 else [i]
            if len(run) >= RUN_MIN and (i + 1 >= heading or not ENTRY_OPENING.match(body[i + 1].text)):
                break
        elif len(run) >= RUN_MIN:
            break
        else:
            run = []
    if len(run) < RUN_MIN:
        return body, []
    moved = [body[i] for i in run]
    kept = [b for i, b in enumerate(body) if i not in set(run)]
    at = end - len(run)   # the list's end, in the body without the run
    return kept[:at] + moved + kept[at:], moved
