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

import difflib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from build_tools.model import Problems, ReaderError, SourceLocation, each_checked

# A following "(" or "[" makes it a Markdown link, not a citation; an escaped
# "\[" is text (a concept page quoting a Pandoc paper's "[@key]" escapes it).
CITATION = re.compile(r"(?<!\\)\[(?P<body>[^\[\]]*@[A-Za-z0-9_-]+[^\[\]]*)\](?![(\[])")
CITE_ITEM = re.compile(
    r"^\s*(?P<prefix>[^@]*?)\s*(?P<suppress>(?<![^\s])-)?@(?P<key>[A-Za-z0-9_-]+)\s*(?:,\s*(?P<locator>.+?))?\s*$")
# Pandoc's narrative citation: @key, or @key [p. 5]. Not after a word
# character (a@b.org), a slash or a dot (a URL, a path), nor inside brackets.
NARRATIVE = re.compile(r"(?<![\w@/.:\[\-\\])@(?P<key>[A-Za-z0-9_-]*[A-Za-z0-9])(?![\w@])"
                       r"(?:[ \t]?\[(?P<locator>[^\[\]@\n]+)\](?![(\[]))?")
CODE = re.compile(r"(^(?P<fence>```|~~~)[^\n]*\n.*?^(?P=fence)[ \t]*$|`[^`\n]+`)", re.M | re.S)


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
    code_spans = [(m.start(), m.end()) for m in CODE.finditer(markdown)]
    matches = [m for m in CITATION.finditer(markdown)
               if not any(start <= m.start() < end for start, end in code_spans)]
    found = list(each_checked(matches, lambda match: _citation(match, markdown, source, first_line)))
    taken = code_spans + [(f.start, f.end) for f in found]
    for match in NARRATIVE.finditer(markdown):
        if match.group("key") in (known or ()) and not any(start <= match.start() < end for start, end in taken):
            found.append(FoundCitation(match.start(), match.end(), "",
                                       (Cite(match.group("key"), (match.group("locator") or "").strip()),),
                                       narrative=True))
    return sorted(found, key=lambda f: f.start)


def _citation(match: re.Match[str], markdown: str, source: Path, first_line: int) -> FoundCitation:
    cites, prefix = [], ""
    for number, part in enumerate(match.group("body").split(";")):
        item = CITE_ITEM.match(part)
        if not item:
            raise ReaderError(
                SourceLocation(source, first_line + markdown.count("\n", 0, match.start())),
                f"cannot read the citation {match.group(0)!r}",
                "write [@key], [@key, p. 5] or [@key1; @key2]")
        if number == 0:
            prefix = item.group("prefix")
        cites.append(Cite(item.group("key"), item.group("locator") or "", bool(item.group("suppress"))))
    return FoundCitation(match.start(), match.end(), prefix, tuple(cites))


def check_citation_keys(citations: Sequence[FoundCitation], markdown: str, source: Path, first_line: int,
                        known: Collection[str]) -> None:
    """Every key must name a known work; each unknown one is an error at
    its line, all raised together."""
    problems = Problems()
    for citation in citations:
        for cite in citation.cites:
            if cite.key not in known:
                line = first_line + markdown.count("\n", 0, citation.start)
                close = difflib.get_close_matches(cite.key, list(known), n=3, cutoff=0.6)
                problems.record(ReaderError(
                    SourceLocation(source, line),
                    f"unknown citation key @{cite.key}; expected a key from bibliography.bib",
                    f"did you mean {', '.join('@' + c for c in close)}?" if close else
                    "keys are <family><year><first title word>, e.g. @walt1987origins; "
                    "see the Bibliography page for every key"))
    problems.raise_if_any()
