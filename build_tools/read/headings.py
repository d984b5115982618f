"""Stage 1, converted Markdown: recognise section headings however the
converter marked them.

A heading may be a Markdown heading of any level, a line that is all bold, or
a bare line such as "6 Results" or "REFERENCES". The number, when there is
one, gives the level ("4.1" is level 2) whatever the Markdown level says; back
matter (acknowledgments, funding, appendix, references …) is recognised by
its name. Numbering out of order is reported, never fatal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The closing #s and spaces are stripped in code (parse_heading):
# `(.*?)\s*#*\s*$` took cubic time on a heading with a long run of spaces.
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# "4.1.", "4.1", "IV.", "A." (appendix letters); the title must start with a
# capital or a digit so that "3 of the 5 cases …" is not a heading.
NUMBER_AND_TITLE = re.compile(
    r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,5}(?=\.)|[A-H](?=\.\s))\.?\s+(?P<title>[A-Z\d“\"'‘(].*)$")
BARE_HEADING_MAX_WORDS = 12
REFERENCES_TITLE = re.compile(
    r"^(?:references?(?: cited| list)?|bibliography|works cited|literature cited|literature|sources|"
    r"cited works|список литературы)$", re.I)
NOTES_TITLE = re.compile(r"^(?:notes|endnotes|footnotes)$", re.I)
BACK_MATTER_TITLE = re.compile(
    r"^(?:acknowledge?ments?|funding(?: information| statement)?|data (?:availability|access)(?: statement)?|"
    r"replication (?:data|materials?)|appendix(?:\s+\S+)?(?:[:.].*)?|appendices|online appendix.*|"
    r"supplementary (?:materials?|information|data)|supporting information|notes|endnotes|footnotes|"
    r"(?:declaration|statement) of (?:competing|conflicting) interests?|conflicts? of interest|"
    r"competing interests|disclosure statement|author(?:s'?)? contributions?|ethics statement|"
    r"about the authors?|author biograph(?:y|ies)|biographical notes?|"
    r"references?(?: cited| list)?|bibliography|works cited|literature cited)$", re.I)
ABSTRACT_TITLE = re.compile(r"^(?:abstract|summary)$", re.I)
KEYWORDS_TITLE = re.compile(r"^(?:key ?words|index terms)$", re.I)


@dataclass(frozen=True)
class Heading:
    number: str       # "4.1", "" when unnumbered
    title: str
    markdown_level: int  # 0 when the converter gave no Markdown heading
    back_matter: bool

    @property
    def depth(self) -> int:
        """1 for "4", 2 for "4.1"; 0 when the number does not say."""
        return self.number.count(".") + 1 if self.number else 0

    @property
    def is_references(self) -> bool:
        return bool(REFERENCES_TITLE.match(self.title.rstrip(":. ")))

    @property
    def is_notes(self) -> bool:
        return bool(NOTES_TITLE.match(self.title.rstrip(":. ")))


def strip_emphasis(text: str) -> str:
    """Remove emphasis markers the converter wrapped around whole lines."""
    text = text.strip()
    while len(text) > 2 and text[0] in "*_" and text[-1] == text[0]:
        text = text[1:-1].strip()
    return text


def _clean_title(text: str) -> str:
    text = re.sub(r"</?(?:sup|sub|b|strong|i|em|mark|span|u|small)\b[^>]*>", "", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>])", r"\1", strip_emphasis(text))
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return " ".join(text.split())


def parse_heading(block_text: str) -> Heading | None:
    """The heading `block_text` is, or None when it is body text."""
    if "\n" in block_text:
        return None
    line = block_text.strip()
    m = MARKDOWN_HEADING.match(line)
    if m:
        return _heading(_clean_title(m.group(2).rstrip().rstrip("#").rstrip()), len(m.group(1)))
    bold = len(line) > 4 and line[:2] in ("**", "__") and line.endswith(line[:2])
    title = _clean_title(line)
    # A sentence ending in a period is text, but "Acknowledgements." is a heading.
    too_long = not title or len(title.split()) > BARE_HEADING_MAX_WORDS or title.endswith((".", ",", ";"))
    if too_long and not (title.endswith(".") and BACK_MATTER_TITLE.match(title.rstrip(". "))):
        return None
    if bold and not re.search(r"[.:]\S", title):
        return _heading(title, 0)
    if BACK_MATTER_TITLE.match(title.rstrip(":. ")) or ABSTRACT_TITLE.match(title.rstrip(":. ")) \
            or KEYWORDS_TITLE.match(title.rstrip(":. ")):
        return _heading(title.rstrip(":. "), 0)
    numbered = NUMBER_AND_TITLE.match(title)
    if numbered and not _looks_like_sentence(numbered.group("title")):
        return _heading(title, 0)
    return None


def _looks_like_sentence(title: str) -> bool:
    """A numbered line that is really a list item or a table row: ends like a
    sentence, or is mostly numbers."""
    tokens = title.split()
    numeric = sum(1 for t in tokens if re.fullmatch(r"[\d.,%()\-–]+", t))
    return title.endswith((".", ";", ",")) or numeric * 2 > len(tokens)


def _heading(title: str, markdown_level: int) -> Heading:
    numbered = NUMBER_AND_TITLE.match(title)
    number = ""
    if numbered:
        number = numbered.group("number").rstrip(".")
        title = numbered.group("title").strip()
    title = title.rstrip(":").strip() or title
    return Heading(number, title, markdown_level, bool(BACK_MATTER_TITLE.match(title.rstrip(". "))))


def expected_next_numbers(previous: str) -> list[str]:
    """The numbers that may follow section `previous` ("3.2" → 3.2.1, 3.3, 4)."""
    if not previous:
        return ["1"]
    if not previous.replace(".", "").isdigit():
        return []
    parts = previous.split(".")
    options = [".".join([*parts, "1"])]
    for depth in reversed(range(len(parts))):
        options.append(".".join([*parts[:depth], str(int(parts[depth]) + 1)]))
    return options
