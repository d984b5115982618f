"""`[@key]` citations as Pandoc and mkdocs-bibtex users write them, in
hand-written pages and notes: finding them and checking their keys.

[@key], [@a; @b], [@key, p. 5], [see @key, pp. 21-26]; Pandoc's
author-suppressed [-@key] ("Lake argues (2011)") and narrative @key or
@key [p. 5] ("Lake (2011, 5) argues"). Code blocks and inline code are left
alone. In brackets, an unknown key is an error at its line with the closest
known keys; a bare @word is a citation only when it is a known key (else it
is a handle such as @reader-team), and never inside a word (an e-mail
address) or a path. Formatting them is the render stage's job
(render/citations.py).
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from build_tools.model import Problems, ReaderError, SourceLocation, each_checked
from build_tools.spans import Spans

# A following "(" or "[" makes it a Markdown link, not a citation; an escaped
# "\[" is text (a concept page quoting a Pandoc paper's "[@key]" escapes it).
# Linear by construction: the text before the key cannot also be the key
# (an "@" there is one no key follows), and the key is possessive.
CITATION = re.compile(r"(?<!\\)\[(?P<body>(?:[^\[\]@]|@(?![A-Za-z0-9_-]))*@[A-Za-z0-9_-]++[^\[\]]*)\](?![(\[])")
KEY = re.compile(r"[A-Za-z0-9_-]+")
# Pandoc's narrative citation: @key, or @key [p. 5]. Not after a word
# character (a@b.org), a slash or a dot (a URL, a path), nor inside brackets.
NARRATIVE = re.compile(r"(?<![\w@/.:\[\-\\])@(?P<key>[A-Za-z0-9_-]*[A-Za-z0-9])(?![\w@])"
                       r"(?:[ \t]?\[(?P<locator>[^\[\]@\n]+)\](?![(\[]))?")
FENCE = re.compile(r"```|~~~")
INLINE_CODE = re.compile(r"`[^`\n]+`")


@dataclass(frozen=True)
class Cite:
    """One work cited at one place, with an optional locator ("p. 5")."""

    key: str
    locator: str = ""
    suppress_author: bool = False  # [-@key]: the year only, the text names the author


@dataclass(frozen=True)
class FoundCitation:
    start: int
    end: int
    prefix: str
    cites: tuple[Cite, ...]
    narrative: bool = False  # @key: "Lake (2011)", the author in the sentence


def find_citations(markdown: str, source: Path, first_line: int = 1,
                   known: Collection[str] | None = ()) -> list[FoundCitation]:
    """Every citation outside code, in order: bracketed ones always, bare
    narrative ones (`@key`) where the key is in `known`. Every bracketed one
    that cannot be read is an error at its line, all raised together."""
    code = code_spans(markdown)
    in_code = Spans(code)
    lines = LineIndex(markdown, first_line)
    matches = [m for m in CITATION.finditer(markdown) if not in_code.overlaps(m.start(), m.start() + 1)]
    found = list(each_checked(matches, lambda m: _citation(m, SourceLocation(source, lines.line(m.start())))))
    taken = Spans([*code, *((f.start, f.end) for f in found)])
    for match in NARRATIVE.finditer(markdown):
        if match.group("key") in (known or ()) and not taken.overlaps(match.start(), match.start() + 1):
            found.append(FoundCitation(match.start(), match.end(), "",
                                       (Cite(match.group("key"), (match.group("locator") or "").strip()),),
                                       narrative=True))
    return sorted(found, key=lambda f: f.start)


def _citation(match: re.Match[str], where: SourceLocation) -> FoundCitation:
    cites, prefix = [], ""
    for number, part in enumerate(match.group("body").split(";")):
        item = _cite_item(part)
        if item is None:
            raise ReaderError(where, f"cannot read the citation {match.group(0)!r}",
                              "write [@key], [@key, p. 5] or [@key1; @key2]")
        if number == 0:
            prefix = item[0]
        cites.append(Cite(item[1], item[2], item[3]))
    return FoundCitation(match.start(), match.end(), prefix, tuple(cites))


def _cite_item(part: str) -> tuple[str, str, str, bool] | None:
    """(prefix, key, locator, author suppressed) of "see -@walt1987, p. 5",
    read in one pass (a regular expression with a lazy locator took
    quadratic time on spaces)."""
    prefix, at, after = part.partition("@")
    key = KEY.match(after) if at else None
    if key is None:
        return None
    # "-@key" suppresses the author when the "-" starts the part or a word.
    suppress = prefix.endswith("-") and (len(prefix) == 1 or prefix[-2].isspace())
    prefix = prefix[:-1] if suppress else prefix
    rest = after[key.end():].lstrip()
    if not rest:
        return prefix.strip(), key.group(), "", suppress
    if not rest.startswith(","):  # "[@a x]"
        return None
    locator = rest[1:]
    if not locator.replace("\n", "") or "\n" in locator.strip():  # "[@a,]", a locator across lines
        return None
    return prefix.strip(), key.group(), locator.strip(), suppress  # "[@a, ]" has none


def code_spans(markdown: str) -> list[tuple[int, int]]:
    """(start, end) of every fenced block (a line starting ``` or ~~~ to the
    next line that is only that fence) and inline `code`, in order. One
    pass: a fence that never closes is not searched for again per line."""
    lines = markdown.split("\n")
    offsets = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    closers: dict[str, list[int]] = {"```": [], "~~~": []}
    for number, line in enumerate(lines):
        if line[:3] in closers and not line[3:].strip(" \t"):
            closers[line[:3]].append(number)
    spans: list[tuple[int, int]] = []
    number = 0
    while number < len(lines):
        line = lines[number]
        fence = FENCE.match(line)
        if fence and number + 1 < len(lines):
            after = closers[fence.group()]
            index = bisect.bisect_right(after, number)
            if index < len(after):
                closing = after[index]
                spans.append((offsets[number], offsets[closing] + len(lines[closing])))
                number = closing + 1
                continue
        spans += [(offsets[number] + m.start(), offsets[number] + m.end()) for m in INLINE_CODE.finditer(line)]
        number += 1
    return spans


class LineIndex:
    """The line of an offset in a text, by binary search (counting newlines
    up to each offset made many citations quadratic)."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.first_line = first_line

    def line(self, offset: int) -> int:
        return self.first_line + bisect.bisect_left(self.newlines, offset)


def check_citation_keys(citations: Sequence[FoundCitation], markdown: str, source: Path, first_line: int,
                        known: Collection[str]) -> None:
    """Every key must name a known work; each unknown one is an error at
    its line, all raised together."""
    problems = Problems()
    lines = LineIndex(markdown, first_line)
    for citation in citations:
        for cite in citation.cites:
            if cite.key not in known:
                line = lines.line(citation.start)
                close = difflib.get_close_matches(cite.key, list(known), n=3, cutoff=0.6)
                problems.record(ReaderError(
                    SourceLocation(source, line),
                    f"unknown citation key @{cite.key}; expected a key from bibliography.bib",
                    f"did you mean {', '.join('@' + c for c in close)}?" if close else
                    "keys are <family><year><first title word>, e.g. @walt1987origins; "
                    "see the Bibliography page for every key"))
    problems.raise_if_any()
