"""Stage 2, references: the AAAS style of Science and Science Advances, read
by rule when an entry has its whole shape.

    A. B. Surname, C. Other, Title. J. Abbrev. 12, 345–350 (2019).
    T. Persson, G. E. Tabellini, Political Economics (MIT Press, 2002).
    J. D. Fearon, Title, in Book, A. Przeworski, B. Manin, Eds. (Cambridge Univ. Press, 1999), pp. 55–97.

Initials come first, the title is neither quoted nor set apart, the journal
is abbreviated, the year stands last in parentheses. Converters keep the
journal in italics and the volume in bold ("_Polit. Behav._ **36** ,
263–289 (2014)"); the markup is used where it is there and not needed where
it is not. An entry of any other shape returns None, for the other parsers.
"""

from __future__ import annotations

import re

from build_tools.model import Citing, Name, RawReference, Work, WorkType

INITIALS = r"[A-Z][a-z]?\.(?:\s?-?\s?[A-Z][a-z]?\.){0,3}"
PARTICLE = r"(?:van|von|der|den|de|da|del|della|di|du|la|le|dos|das|ter|St\.)"
FAMILY_WORD = r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]*\w|[A-Z](?![\w.]))"
FAMILY = rf"(?:{PARTICLE}\s+){{0,3}}{FAMILY_WORD}(?:\s+(?:{PARTICLE}\s+){{0,2}}{FAMILY_WORD}){{0,3}}"
NAME = re.compile(rf"^(?:and\s+)?(?P<given>{INITIALS})\s+(?P<family>{FAMILY})(?:\s+(?P<suffix>Jr\.|Sr\.|II|III|IV))?$")
YEAR = r"(?:1[5-9]|20)\d\d[a-z]?"
# The end of every shape: "(2014)." / "(MIT Press, 2002)." / "(Cambridge Univ. Press, 1999), pp. 55–97."
ENDING = re.compile(rf"\((?P<inner>[^()]*?(?P<year>{YEAR}))\)"
                    r"(?:,\s*(?:pp?\.\s*)?(?P<pages>\w+(?:\s*[–-]\s*\w+)?))?\.?$")
# "J. Econ. Perspect. 19, 43" / "Science 348, 1260799" / "Polit. Anal. 21, 1–20".
VOLUME_AND_PAGES = re.compile(
    r"^(?P<head>.+?)\s+(?P<volume>\d{1,4}[A-Z]?)(?:\s*\((?P<issue>[^()]{1,12})\))?,\s*"
    r"(?P<pages>[A-Za-z]{0,2}\d+(?:\s*[–-]\s*[A-Za-z]{0,2}\d+)?)$")
EDITORS_MARK = re.compile(r",\s+Eds?\.$")
# Small words a journal's name may hold ("Annals of Statistics", "Science and Society").
JOURNAL_MAX_CHARACTERS = 120
JOURNAL_SMALL_WORDS = {"of", "and", "the", "in", "for", "on", "&", "de", "der", "und", "et"}


def science_style_work(raw: RawReference) -> Work | None:
    """The work an entry in the AAAS style names, or None for any other shape."""
    text = _plain(raw.text)
    authors, more, rest = _authors(text)
    ending = ENDING.search(rest)
    if not authors or ending is None:
        return None
    year = ending.group("year")
    before = rest[:ending.start()].rstrip(" ,")
    publisher = ending.group("inner")[:-len(year)].strip(" ,")
    publisher = re.sub(r",?\s*(?:ed\.|vol\.|rev\. ed\.)\s*\w+$", "", publisher).strip(" ,")
    citing = (Citing(raw.paper_slug, raw.label, raw.text, year, "", raw.location),)
    if not publisher:
        return _article(raw.text, before, authors, more, year, citing)
    if not before:
        return None
    pages = ending.group("pages") or ""
    if (inside := re.search(r",\s+in\s+", before)) is not None:
        book = before[inside.end():]
        book, editors = _book_and_editors(book)
        return Work(key="", type=WorkType.CHAPTER, title=before[:inside.start()].strip(), year=year,
                    authors=authors, more_authors=more, editors=editors, container=book.strip(),
                    publisher=publisher, pages=pages, cited_as=citing)
    return Work(key="", type=WorkType.BOOK, title=before.strip(), year=year, authors=authors, more_authors=more,
                publisher=publisher, cited_as=citing)


def _book_and_editors(text: str) -> tuple[str, tuple[Name, ...]]:
    """"Democracy, Accountability, and Representation, A. Przeworski, B.
    Manin, Eds." → the book and its editors, read from the end (the book's
    title may hold commas too)."""
    mark = EDITORS_MARK.search(text)
    if mark is None:
        return text.strip(), ()
    pieces = text[:mark.start()].split(", ")
    editors: list[Name] = []
    while len(pieces) > 1 and (name := _name(pieces[-1])) is not None:
        editors.insert(0, name)
        pieces.pop()
    return (", ".join(pieces).strip(), tuple(editors)) if editors else (text.strip(), ())


def _article(markdown: str, before: str, authors: tuple[Name, ...], more: bool, year: str,
             citing: tuple[Citing, ...]) -> Work | None:
    m = VOLUME_AND_PAGES.match(before)
    if m is None:
        return None
    head = m.group("head").strip()
    journal = _italic_journal(markdown, m.group("volume"))
    if journal and head.endswith(journal):
        title = head[:-len(journal)].strip()
    else:
        title, journal = _title_and_journal(head)
    if not journal:
        return None
    return Work(key="", type=WorkType.ARTICLE, title=title.rstrip(". ").strip(), year=year, authors=authors,
                more_authors=more, container=journal, volume=m.group("volume"), issue=m.group("issue") or "",
                pages=m.group("pages"), cited_as=citing)


def _authors(text: str) -> tuple[tuple[Name, ...], bool, str]:
    """The names the entry opens with, whether it says "et al.", and the rest."""
    names: list[Name] = []
    position = 0
    while True:
        comma = text.find(", ", position)
        if comma < 0:
            return (), False, text
        piece = text[position:comma].strip()
        if piece == "et al." and names:
            return tuple(names), True, text[comma + 2:]
        more = piece.endswith(" et al.")
        # "A. B. Smith et al.", "T. Persson and G. Tabellini": one piece, several names.
        found = [_name(part) for part in re.split(r"\s+and\s+", piece.removesuffix(" et al."))]
        if not all(found):
            return tuple(names), False, text[position:]
        names += [n for n in found if n is not None]
        position = comma + 2
        if more:
            return tuple(names), True, text[position:]


def _name(piece: str) -> Name | None:
    m = NAME.match(piece.strip())
    if m is None:
        return None
    family = m.group("family") + (f" {m.group('suffix')}" if m.group("suffix") else "")
    return Name(family, m.group("given"))


def _italic_journal(markdown: str, volume: str) -> str:
    """The journal a converter kept in italics right before the volume
    ("_Am. Polit. Sci. Rev._ **105** , 135"), markup dropped."""
    m = re.search(rf"(?:^|\s)(?:_(?P<a>[^_]+)_|\*(?P<b>[^*]+)\*)\s*(?:\*\*)?{re.escape(volume)}(?:\*\*)?\s*,", markdown)
    return " ".join((m.group("a") or m.group("b")).split()) if m else ""


def _title_and_journal(head: str) -> tuple[str, str]:
    """"Political selection. J. Econ. Perspect." → the two parts: the journal
    is the longest tail after a sentence's end that reads as a journal's
    name (capitalised or abbreviated words); a shorter one ("Perspect.") is
    the end of the journal's own abbreviations."""
    words = head.split()
    if len(words) == 1 or all(w.endswith(".") and w[0].isupper() for w in words):
        return "", head   # "Phys. Rev. 155, 1554 (1967)": older Science prints no title
    # A journal's name is a few words: only the end of the text is looked at.
    start = max(0, len(head) - JOURNAL_MAX_CHARACTERS)
    for m in re.finditer(r"[.?!]\s+", head[start:]):
        tail = head[start + m.end():]
        if _journal_like(tail):
            return head[:start + m.end()].strip(), tail.strip()
    return "", head if _journal_like(head) else ""


def _journal_like(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 10 and words[0][0].isupper() and all(
        w[0].isupper() or w[0].isdigit() or w in JOURNAL_SMALL_WORDS for w in words)


def _plain(markdown: str) -> str:
    """The entry without Markdown emphasis and with the converter's spacing
    tidied: "_P_ -curve" → "P-curve", "**36** ," → "36,"."""
    text = re.sub(r"\*\*|__", "", markdown)
    text = re.sub(r"(?<![\w*])[*_](?=\S)([^*_]+?)(?<=\S)[*_](?![\w*])", r"\1", text)
    text = re.sub(r"(?<=\b\w) -(?=\w)", "-", text)
    text = re.sub(r"\s+([,;])", r"\1", text)
    return " ".join(text.split())
