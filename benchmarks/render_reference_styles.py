"""Render labelled references of the real sources in other citation styles (synthetic, labelled).

    python -m benchmarks.render_reference_styles [--out PATH]

The real sources have few references in the styles political science uses
(APSA, ISA's International Studies Quarterly, Journal of Peace Research) and
in some others readers meet (APA, Chicago, Vancouver, Phys. Rev., ACS, German
"und", French "et"). Here the fields of real references (their human labels
read by the same rules as the benchmark, `csl_from_spans`) are printed again in
those styles, with every printed field labelled. Each style's pattern is written
from the style's own rules; nothing is copied from a style file.

Only references from split sources (AnyStyle good/bad/ugly, GROBID, PLOS) are
used, and each rendered string records its `origin` (the real string), so the
split rule holds an origin's renderings out with it: no held-out work is seen in
training in any style. Same input, same output (choices are seeded by a hash of
the origin). The strings are synthetic: the benchmark reports them apart.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks.labelled_references import (
    DATA_DIRECTORY,
    LabelledReference,
    read_labelled_file,
    segments_from_pieces,
    write_labelled_file,
)
from benchmarks.reference_parser_accuracy import expected_item
from build_tools.references.parse_reference import CslItem

DEFAULT_OUT = DATA_DIRECTORY / "styles" / "rendered.xml"
ORIGIN_FILES = ("good.xml", "bad.xml", "ugly.xml", "grobid/citations.xml", "plos/mixed-citations.xml")
RENDERINGS_PER_ITEM = 2
MAXIMUM_ITEMS = 3000

# Surnames with particles and apostrophes, the shapes a parser must keep whole.
PARTICLE_FAMILIES = (
    "Le Yaouanc", "van der Berg", "de Souza", "von Neumann", "Van den Broeck", "De Gaulle", "della Porta",
    "dos Santos", "ter Haar", "al-Sayyid", "Da Silva", "van Evera", "de Mesquita", "Le Roy", "du Bois",
    "O'Neill", "McGee", "D'Angelo", "MacArthur", "de la Cruz", "van Wijk", "El Khoury", "Abu-Lughod",
)
# Words of journal names and their ISO 4 abbreviations, for the styles that abbreviate.
ABBREVIATIONS = {
    "journal": "J", "review": "Rev", "physical": "Phys", "physics": "Phys", "american": "Am",
    "international": "Int", "political": "Polit", "politics": "Polit", "science": "Sci", "sciences": "Sci",
    "studies": "Stud", "chemical": "Chem", "chemistry": "Chem", "society": "Soc", "research": "Res",
    "letters": "Lett", "quarterly": "Q", "proceedings": "Proc", "national": "Natl", "academy": "Acad",
    "medicine": "Med", "medical": "Med", "biology": "Biol", "biological": "Biol", "european": "Eur",
    "economic": "Econ", "economics": "Econ", "annals": "Ann", "bulletin": "Bull", "conflict": "Confl",
    "resolution": "Resolut", "security": "Secur", "organization": "Organ", "applied": "Appl",
    "computer": "Comput", "computing": "Comput", "engineering": "Eng", "british": "Br", "clinical": "Clin",
    "environmental": "Environ", "molecular": "Mol", "psychology": "Psychol", "sociology": "Sociol",
    "transactions": "Trans", "communications": "Commun", "general": "Gen", "experimental": "Exp",
}
_SMALL_WORDS = {"of", "the", "and", "&", "for", "in", "on", "de", "la", "des", "der", "und", "et"}


@dataclass(frozen=True)
class Work:
    authors: tuple[tuple[str, str], ...]  # (family, given) pairs
    et_al: bool
    year: str
    title: str
    kind: str  # article, book, chapter
    container: str = ""
    volume: str = ""
    issue: str = ""
    first_page: str = ""
    last_page: str = ""
    publisher: str = ""
    place: str = ""
    editors: tuple[tuple[str, str], ...] = ()
    doi: str = ""


Piece = tuple[str | None, str]  # (label, printed text); None: a space or mark between fields


def _names(item: CslItem, role: str) -> tuple[tuple[str, str], ...] | None:
    names = []
    for name in item.get(role) or []:
        family, given = str(name.get("family", "")), str(name.get("given", ""))
        if not family or not given or not re.fullmatch(r"[^\W\d_][\w'’.\- ]*", family) or len(family) < 2:
            return None
        words = given.split()
        if not re.fullmatch(r"[^\W\d_][\w.\- ]*", given) or len(words) > 3 or (
            len(words) > 1 and any(re.fullmatch(r"[A-Z]{2,}", word) for word in words)
        ):
            return None  # "JA Von SB": the rules misread this name list
        names.append((family.title() if family.isupper() and len(family) > 3 else family, given))
    return tuple(names)


def work_from(item: CslItem) -> Work | None:
    """The fields a style prints, when the labelled reference has them cleanly."""
    authors = _names(item, "author")
    year = str(item["issued"]["date-parts"][0][0]) if item.get("issued") else ""
    title = str(item.get("title", ""))
    if not authors or not year or not 10 <= len(title) <= 220 or not re.search(r"[^\W\d_]{3}", title):
        return None
    page = str(item.get("page", ""))
    first_page, _, last_page = page.partition("-")
    editors = _names(item, "editor") or ()
    container = str(item.get("container-title", ""))
    kind = {"article-journal": "article", "book": "book", "chapter": "chapter"}.get(str(item.get("type")), "")
    if kind == "article" and not (container and item.get("volume")):
        return None
    if kind == "book" and not item.get("publisher"):
        return None
    if kind == "chapter" and not (container and (editors or item.get("publisher"))):
        return None
    if not kind or not re.fullmatch(r"[\w.]*", first_page + last_page):
        return None
    return Work(
        authors=authors, et_al=bool(item.get("author-et-al")), year=year, title=title.rstrip(".?! "), kind=kind,
        container=container, volume=str(item.get("volume", "")), issue=str(item.get("issue", "")),
        first_page=first_page, last_page=last_page, publisher=str(item.get("publisher", "")),
        place=str(item.get("publisher-place", "")), editors=editors, doi=str(item.get("DOI", "")),
    )


# --- pieces of names, titles and numbers -------------------------------------------


def initials(given: str, periods: bool = True, spaced: bool = True) -> str:
    """'Stephen M.' → 'S. M.' / 'S.M.' / 'SM'; 'J.-P.' keeps its hyphen."""
    parts = []
    for word in re.findall(r"[^\W\d_][^\s.]*\.?", given):
        letters = "-".join(piece[0] for piece in word.rstrip(".").split("-") if piece)
        parts.append(letters.replace("-", ".-") + "." if periods else letters.replace("-", ""))
    return (" " if spaced and periods else "").join(parts)


def inverted(name: tuple[str, str], given: str) -> str:
    return f"{name[0]}, {given}"


def direct(name: tuple[str, str], given: str) -> str:
    return f"{given} {name[0]}"


def joined(names: list[str], separator: str, last: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return separator.join(names[:-1]) + last + names[-1]


def sentence_case(title: str) -> str:
    words = title.split(" ")
    out = [words[0]]
    for previous, word in itertools.pairwise(words):
        keep = previous.endswith((":", "?", ".")) or sum(char.isupper() for char in word) > 1 or not word[:1].isupper()
        out.append(word if keep else word.lower())
    return " ".join(out)


def abbreviated(journal: str, periods: bool) -> str:
    if "." in journal or len(journal.split()) == 1:
        return journal if periods else journal.replace(".", "")
    words = [word for word in journal.split() if word.lower() not in _SMALL_WORDS]
    out = []
    for word in words:
        short = ABBREVIATIONS.get(word.lower())
        out.append((f"{short}." if periods else short) if short else word)
    return " ".join(out)


def pages(work: Work, dash: str = "–", shorten: bool = False) -> str:
    if not work.last_page:
        return work.first_page
    last = work.last_page
    if shorten and work.first_page.isdigit() and last.isdigit() and len(last) == len(work.first_page) > 2:
        common = 0
        while common < len(last) - 2 and last[common] == work.first_page[common]:
            common += 1
        last = last[common:]
    return f"{work.first_page}{dash}{last}"


def volume_issue(work: Work, template: str = "{volume} ({issue})") -> str:
    return template.format(volume=work.volume, issue=work.issue) if work.issue else work.volume


# --- the styles ------------------------------------------------------------------------
# Each returns (label, text) pieces; a None piece is text between fields (a space, "In").


def _authors(work: Work, render: Callable[[int, tuple[str, str]], str], separator: str, last: str,
             limit: int = 99, et_al: str = " et al.") -> str:
    shown = [render(index, name) for index, name in enumerate(work.authors[:limit])]
    if work.et_al or len(work.authors) > limit:
        return separator.join(shown) + et_al
    return joined(shown, separator, last)


def _period(text: str) -> str:
    return text if text.endswith(".") else f"{text}."


def _book(work: Work, title_end: str = ".", place_end: str = ":", publisher_end: str = ".") -> list[Piece]:
    """'Title. Place: Publisher.', the book part most styles share."""
    out: list[Piece] = [("title", f"{work.title}{title_end}"), (None, " ")]
    if work.place:
        out += [("location", f"{work.place}{place_end}"), (None, " ")]
    return [*out, ("publisher", f"{work.publisher}{publisher_end}")]


def apa(work: Work, rng: random.Random) -> list[Piece]:
    names = _authors(work, lambda _, n: inverted(n, initials(n[1])), ", ", ", & ", limit=20)
    out: list[Piece] = [("author", names), (None, " "), ("date", f"({work.year})."), (None, " ")]
    title = sentence_case(work.title)
    if work.kind == "article":
        out += [("title", f"{title}."), (None, " "), ("journal", f"{work.container},"), (None, " "),
                ("volume", volume_issue(work, "{volume}({issue})") + ("," if work.first_page else ".")), (None, " ")]
        if work.first_page:
            out += [("pages", pages(work) + "."), (None, " ")]
    elif work.kind == "book":
        out += [("title", f"{title}."), (None, " "), ("publisher", f"{work.publisher}."), (None, " ")]
    else:
        last = ", & " if len(work.editors) > 2 else " & "
        editors = joined([direct(e, initials(e[1])) for e in work.editors], ", ", last)
        out += [("title", f"{title}."), (None, " In ")]
        if editors:
            out += [("editor", f"{editors} ({'Eds.' if len(work.editors) > 1 else 'Ed.'}),"), (None, " ")]
        out += [("container-title", work.container + (" " if work.first_page else ".")), (None, "")]
        if work.first_page:
            out += [("pages", f"(pp. {pages(work)})."), (None, " ")]
        if work.publisher:
            out += [("publisher", f"{work.publisher}."), (None, " ")]
    if work.doi:
        out.append(("doi", f"https://doi.org/{work.doi}"))
    return out


def _chicago_like(work: Work, rng: random.Random, doi_prefix: str, issue_space: str) -> list[Piece]:
    names = _authors(work, lambda i, n: inverted(n, n[1]) if i == 0 else direct(n, n[1]), ", ", ", and ", limit=10)
    out: list[Piece] = [("author", _period(names)), (None, " "), ("date", f"{work.year}."), (None, " ")]
    if work.kind == "article":
        numbers = volume_issue(work, "{volume}" + issue_space + "({issue})")
        out += [("title", f"“{work.title}.”"), (None, " "), ("journal", work.container), (None, " "),
                ("volume", numbers + (":" if work.first_page else "."))]
        if work.first_page:
            out += [(None, " "), ("pages", pages(work, shorten=True) + ".")]
    elif work.kind == "book":
        out += _book(work)
    else:
        out += [("title", f"“{work.title}.”"), (None, " In "), ("container-title", f"{work.container},")]
        if work.editors:
            editors = joined([direct(e, e[1]) for e in work.editors], ", ", " and ")
            out += [(None, " "), ("editor", f"edited by {editors}" + ("," if work.first_page else "."))]
        if work.first_page:
            out += [(None, " "), ("pages", pages(work, shorten=True) + ".")]
        if work.place:
            out += [(None, " "), ("location", f"{work.place}:")]
        if work.publisher:
            out += [(None, " "), ("publisher", f"{work.publisher}.")]
    if work.doi:
        out += [(None, " "), ("doi", f"{doi_prefix}{work.doi}.")]
    return out


def chicago_author_date(work: Work, rng: random.Random) -> list[Piece]:
    return _chicago_like(work, rng, "https://doi.org/", " ")


def apsa(work: Work, rng: random.Random) -> list[Piece]:
    return _chicago_like(work, rng, "doi:", " ")


def isa(work: Work, rng: random.Random) -> list[Piece]:
    """International Studies Quarterly: author-date, issue without a space."""
    return _chicago_like(work, rng, "https://doi.org/", "")


def journal_of_peace_research(work: Work, rng: random.Random) -> list[Piece]:
    """'Walt, Stephen M (1987) The Origins of Alliances. Ithaca, NY: Cornell University Press.'"""
    def name(index: int, n: tuple[str, str]) -> str:
        given = re.sub(r"\.", "", n[1])
        return f"{n[0]}, {given}" if index == 0 else f"{given} {n[0]}"
    out: list[Piece] = [("author", _authors(work, name, ", ", " & ")), (None, " "), ("date", f"({work.year})"),
                        (None, " ")]
    if work.kind == "article":
        out += [("title", f"{sentence_case(work.title)}."), (None, " "), ("journal", work.container), (None, " "),
                ("volume", volume_issue(work, "{volume}({issue})") + (":" if work.first_page else "."))]
        if work.first_page:
            out += [(None, " "), ("pages", pages(work) + ".")]
    elif work.kind == "book":
        out += _book(work)
    else:
        out += [("title", f"{sentence_case(work.title)}."), (None, " In: ")]
        if work.editors:
            editors = joined([direct(e, re.sub(r"\.", "", e[1])) for e in work.editors], ", ", " & ")
            out += [("editor", f"{editors} ({'eds' if len(work.editors) > 1 else 'ed.'})"), (None, " ")]
        out += [("container-title", f"{work.container}.")]
        if work.place:
            out += [(None, " "), ("location", f"{work.place}:")]
        if work.publisher:
            out += [(None, " "), ("publisher", work.publisher + ("," if work.first_page else "."))]
        if work.first_page:
            out += [(None, " "), ("pages", f"{pages(work)}.")]
    return out


def _numbered(rng: random.Random, out: list[Piece], number: int) -> list[Piece]:
    form = rng.choice(["", "", f"{number}.", f"[{number}]", f"{number}"])
    return [("citation-number", form), (None, " "), *out] if form else out


def vancouver(work: Work, rng: random.Random) -> list[Piece]:
    names = _authors(work, lambda _, n: f"{n[0]} {initials(n[1], periods=False)}", ", ", ", ", limit=6,
                     et_al=", et al")
    out: list[Piece] = [("author", _period(names)), (None, " ")]
    if work.kind == "article":
        numbers = volume_issue(work, "{volume}({issue})")
        out += [("title", f"{sentence_case(work.title)}."), (None, " "),
                ("journal", abbreviated(work.container, periods=False) + "."), (None, " "),
                ("date", f"{work.year};"), ("volume", numbers + (":" if work.first_page else "."))]
        if work.first_page:
            out += [("pages", pages(work, dash="-", shorten=True) + ".")]
        if work.doi:
            out += [(None, " "), ("doi", f"doi:{work.doi}")]
    else:
        out += [("title", f"{work.title}."), (None, " ")]
        if work.kind == "chapter":
            out = [*out[:-1], (None, " In: ")]
            if work.editors:
                editors = ", ".join(f"{e[0]} {initials(e[1], periods=False)}" for e in work.editors)
                out += [("editor", f"{editors}, editor{'s' if len(work.editors) > 1 else ''}."), (None, " ")]
            out += [("container-title", f"{work.container}."), (None, " ")]
        if work.place:
            out += [("location", f"{work.place}:"), (None, " ")]
        out += [("publisher", f"{work.publisher or 'Publisher'};"), (None, " "), ("date", f"{work.year}.")]
        if work.first_page:
            out += [(None, " "), ("pages", f"p. {pages(work, dash='-')}.")]
    return _numbered(rng, out, rng.randint(1, 120))


def physical_review(work: Work, rng: random.Random) -> list[Piece]:
    """'G. H. Snyder and P. Diesing, Phys. Rev. 155, 1554 (1967).'; newer issues print the title."""
    names = _authors(work, lambda _, n: direct(n, initials(n[1])), ", ", ", and " if len(work.authors) > 2 else " and ",
                     limit=10)
    out: list[Piece] = [("author", f"{names},"), (None, " ")]
    if work.kind == "article":
        if rng.random() < 0.5:
            out += [("title", f"{work.title},"), (None, " ")]
        out += [("journal", abbreviated(work.container, periods=True)), (None, " "),
                ("volume", f"{work.volume},"), (None, " ")]
        if work.first_page:
            out += [("pages", work.first_page), (None, " ")]
        out += [("date", f"({work.year}).")]
    else:
        out += [("title", work.title), (None, " ("), ("publisher", f"{work.publisher},")]
        if work.place:
            out += [(None, " "), ("location", f"{work.place},")]
        out += [(None, " "), ("date", f"{work.year})"), (None, ".")]
    return _numbered(rng, out, rng.randint(1, 80))


def american_chemical_society(work: Work, rng: random.Random) -> list[Piece]:
    """'Snyder, G. H.; Diesing, P. Title. J. Am. Chem. Soc. 2010, 132, 1554–1560.'"""
    names = "; ".join(inverted(n, initials(n[1])) for n in work.authors[:10])
    out: list[Piece] = [("author", names + (" et al." if work.et_al else "")), (None, " ")]
    if work.kind == "article":
        out += [("title", f"{work.title}."), (None, " "), ("journal", abbreviated(work.container, periods=True)),
                (None, " "), ("date", f"{work.year},"), (None, " "),
                ("volume", work.volume + ("," if work.first_page else "."))]
        if work.first_page:
            out += [(None, " "), ("pages", pages(work) + ".")]
    else:
        out += [("title", f"{work.title};"), (None, " "), ("publisher", f"{work.publisher}:" if work.place else
                                                                  f"{work.publisher},")]
        if work.place:
            out += [(None, " "), ("location", f"{work.place},")]
        out += [(None, " "), ("date", f"{work.year}.")]
    return _numbered(rng, out, rng.randint(1, 60))


def harvard(work: Work, rng: random.Random) -> list[Piece]:
    names = _authors(work, lambda _, n: inverted(n, initials(n[1], spaced=False)), ", ", " and ", limit=3)
    out: list[Piece] = [("author", names), (None, " "), ("date", f"({work.year})"), (None, " ")]
    if work.kind == "article":
        out += [("title", f"‘{sentence_case(work.title)}’,"), (None, " "), ("journal", f"{work.container},"),
                (None, " "), ("volume", volume_issue(work, "{volume}({issue})") + ("," if work.first_page else "."))]
        if work.first_page:
            out += [(None, " "), ("pages", f"pp. {pages(work)}.")]
    else:
        out += _book(work)
    return out


def mla(work: Work, rng: random.Random) -> list[Piece]:
    if len(work.authors) > 2 or work.et_al:
        names = inverted(work.authors[0], work.authors[0][1]) + ", et al."
    else:
        names = joined([inverted(n, n[1]) if i == 0 else direct(n, n[1]) for i, n in enumerate(work.authors)],
                       ", ", ", and ") + "."
    out: list[Piece] = [("author", names), (None, " ")]
    if work.kind == "article":
        out += [("title", f"“{work.title}.”"), (None, " "), ("journal", f"{work.container},"), (None, " "),
                ("volume", f"vol. {work.volume}," + (f" no. {work.issue}," if work.issue else "")), (None, " "),
                ("date", f"{work.year}" + ("," if work.first_page else "."))]
        if work.first_page:
            out += [(None, " "), ("pages", f"pp. {pages(work, shorten=True)}.")]
    else:
        out += [("title", f"{work.title}."), (None, " "), ("publisher", f"{work.publisher},"), (None, " "),
                ("date", f"{work.year}.")]
    return out


def ieee(work: Work, rng: random.Random) -> list[Piece]:
    names = _authors(work, lambda _, n: direct(n, initials(n[1])), ", ", ", and " if len(work.authors) > 2 else " and ",
                     limit=6)
    out: list[Piece] = [("citation-number", f"[{rng.randint(1, 90)}]"), (None, " "), ("author", f"{names},"),
                        (None, " ")]
    if work.kind == "article":
        out += [("title", f"“{work.title},”"), (None, " "),
                ("journal", abbreviated(work.container, periods=True) + ","),
                (None, " "), ("volume", f"vol. {work.volume}," + (f" no. {work.issue}," if work.issue else ""))]
        if work.first_page:
            out += [(None, " "), ("pages", f"pp. {pages(work)},")]
        out += [(None, " "), ("date", f"{work.year}.")]
    else:
        out += [*_book(work, publisher_end=","), (None, " "), ("date", f"{work.year}.")]
    return out


def nature(work: Work, rng: random.Random) -> list[Piece]:
    names = _authors(work, lambda _, n: inverted(n, initials(n[1])), ", ", " & ", limit=5)
    out: list[Piece] = [("author", _period(names)), (None, " ")]
    if work.kind == "article":
        out += [("title", f"{sentence_case(work.title)}."), (None, " "),
                ("journal", abbreviated(work.container, periods=True)), (None, " "),
                ("volume", work.volume + ("," if work.first_page else "")), (None, " ")]
        if work.first_page:
            out += [("pages", pages(work)), (None, " ")]
        out += [("date", f"({work.year}).")]
    else:
        out += [("title", work.title), (None, " ("), ("publisher", f"{work.publisher},"), (None, " "),
                ("date", f"{work.year})"), (None, ".")]
    return _numbered(rng, out, rng.randint(1, 70))


def german(work: Work, rng: random.Random) -> list[Piece]:
    """'Snyder, Glenn H. und Paul Diesing (1984): Title. In: Journal 36 (4), S. 461–495.'"""
    names = _authors(work, lambda i, n: inverted(n, n[1]) if i == 0 else direct(n, n[1]), ", ", " und ", limit=3,
                     et_al=" u. a.")
    out: list[Piece] = [("author", names), (None, " "), ("date", f"({work.year}):"), (None, " ")]
    if work.kind == "article":
        out += [("title", f"{work.title}."), (None, " In: "), ("journal", work.container), (None, " "),
                ("volume", volume_issue(work) + ("," if work.first_page else "."))]
        if work.first_page:
            out += [(None, " "), ("pages", f"S. {pages(work)}.")]
    else:
        out += _book(work)
    return out


def french(work: Work, rng: random.Random) -> list[Piece]:
    """'Snyder G. H. et Diesing P. (1984), « Title », Journal, vol. 36, n° 4, p. 461-495.'"""
    names = _authors(work, lambda _, n: f"{n[0]} {initials(n[1])}", ", ", " et ", limit=3, et_al=" et al.")
    out: list[Piece] = [("author", names), (None, " "), ("date", f"({work.year}),"), (None, " ")]
    if work.kind == "article":
        out += [("title", f"« {work.title} »,"), (None, " "), ("journal", f"{work.container},"), (None, " "),
                ("volume", f"vol. {work.volume}" + (f", n° {work.issue}" if work.issue else "") +
                 ("," if work.first_page else "."))]
        if work.first_page:
            out += [(None, " "), ("pages", f"p. {pages(work, dash='-')}.")]
    else:
        out += _book(work, title_end=",", place_end=",")
    return out


def chicago_notes_bibliography(work: Work, rng: random.Random) -> list[Piece]:
    names = _authors(work, lambda i, n: inverted(n, n[1]) if i == 0 else direct(n, n[1]), ", ", ", and ", limit=10)
    out: list[Piece] = [("author", _period(names)), (None, " ")]
    if work.kind == "article":
        out += [("title", f"“{work.title}.”"), (None, " "), ("journal", work.container), (None, " "),
                ("volume", work.volume + (f", no. {work.issue}" if work.issue else "")), (None, " "),
                ("date", f"({work.year})" + (":" if work.first_page else "."))]
        if work.first_page:
            out += [(None, " "), ("pages", pages(work, shorten=True) + ".")]
    else:
        out += [*_book(work, publisher_end=","), (None, " "), ("date", f"{work.year}.")]
    return out


STYLES: dict[str, Callable[[Work, random.Random], list[Piece]]] = {
    "apa": apa,
    "chicago-author-date": chicago_author_date,
    "apsa": apsa,
    "isa": isa,
    "journal-of-peace-research": journal_of_peace_research,
    "vancouver": vancouver,
    "physical-review": physical_review,
    "american-chemical-society": american_chemical_society,
    "harvard": harvard,
    "mla": mla,
    "ieee": ieee,
    "nature": nature,
    "german": german,
    "french": french,
    "chicago-notes-bibliography": chicago_notes_bibliography,
}
# Styles without chapters print a chapter as a book would mislead: they get articles and books only.
_CHAPTER_STYLES = {"apa", "chicago-author-date", "apsa", "isa", "journal-of-peace-research", "vancouver"}


def _with_particle(work: Work, rng: random.Random) -> Work:
    index = rng.randrange(len(work.authors))
    authors = list(work.authors)
    authors[index] = (rng.choice(PARTICLE_FAMILIES), authors[index][1])
    return replace(work, authors=tuple(authors))


def rendered(origin: LabelledReference) -> Iterator[tuple[dict[str, str], list[tuple[str, str]]]]:
    work = work_from(expected_item(origin))
    if work is None:
        return
    rng = random.Random(hashlib.sha1(origin.text.encode("utf-8")).hexdigest())
    if rng.random() < 0.15:
        work = _with_particle(work, rng)
    names = [name for name in STYLES if work.kind != "chapter" or name in _CHAPTER_STYLES]
    for style in rng.sample(names, RENDERINGS_PER_ITEM):
        pieces = [(label, text) for label, text in STYLES[style](work, rng) if text]
        yield {"style": style, "origin": origin.text}, segments_from_pieces(pieces)


def rendered_sequences() -> Iterator[tuple[dict[str, str], list[tuple[str, str]]]]:
    origins = [reference for name in ORIGIN_FILES for reference in read_labelled_file(DATA_DIRECTORY / name)]
    # A fixed, spread-out choice of items: the first MAXIMUM_ITEMS by hash that render.
    origins.sort(key=lambda reference: hashlib.sha1(reference.text.encode("utf-8")).digest())
    used = 0
    seen: set[str] = set()
    for origin in origins:
        if used >= MAXIMUM_ITEMS or origin.text in seen:
            continue
        seen.add(origin.text)
        sequences = list(rendered(origin))
        used += bool(sequences)
        yield from sequences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    arguments = parser.parse_args()
    count = write_labelled_file(arguments.out, rendered_sequences())
    print(f"{count} rendered references → {arguments.out}")


if __name__ == "__main__":
    main()
