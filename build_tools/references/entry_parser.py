"""Stage 2, references: one raw reference string → one `Work` (key left empty).

Two styles reach us. Zou's converted PDF writes author–date references with
Markdown kept (`Walt, S.W. (1987) *Title*. Publisher.`); the Polis landing page
writes the Russian journal style (`Walt S. M. 1990. Title. Ithaca: Publisher.`,
articles after "–"). Each is parsed by rule from its end inward: links, access
dates, "(In Russ.)" and page ranges come off first, so what is left is the
author–year–title–container core. `bibliography` merges and keys the results.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

# pybtex ships no type information; it reads "Family, Given" names as BibTeX does.
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person
from pybtex.exceptions import PybtexError

from build_tools import urls
from build_tools.model import Citing, Name, RawReference, ReaderError, SourceLocation, Work, WorkType
from build_tools.references.parse_reference import UNDERSCORE_EMPHASIS
from build_tools.references.science_style import science_style_work

HINT = "record a correction in the paper's paper.yml if the source garbled this reference"

# --- shared rules ----------------------------------------------------------

DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(?P<doi>10\.\S+)$", re.IGNORECASE)
# Think tanks publish reports, not books; the publisher is the only sign of it.
REPORT_PUBLISHER = re.compile(r"\bRand Corporation\b|\bRAND\b|\bBrookings Institution\b")
WORKING_PAPER = re.compile(r"\bworking paper\b", re.IGNORECASE)
ENCYCLOPEDIA = re.compile(r"\bencyclop", re.IGNORECASE)
PAGES = r"\d+(?:\s*[-–]\s*\d+)?"
TRANSLATED = re.compile(r"^(?P<original>[^\[\]]+?)\s*\[(?P<translation>[^\[\]]+)\]$")


def work_from_reference(raw: RawReference) -> Work:
    """The work a reference names: from its CSL-JSON when a structured source
    (JATS, a Pandoc paper's .bib) gave one, else parsed from its text."""
    work = work_from_csl_json(raw) if raw.csl_json else parse_reference(raw)
    return _with_repeated_authors(work, raw)


def _with_repeated_authors(work: Work, raw: RawReference) -> Work:
    """"———. 1999a. Title": the dashes stand for the authors of the entry
    before, which the reader passes on; the work gets their names."""
    # The reader sets `repeated_authors` only on an entry that opens with the
    # rule ("———.", "~~.~~"), so whatever the parser took for its authors is the rule.
    if not raw.repeated_authors:
        return work
    names = tuple(_name(part) for part in re.split(r",?\s+(?:and|&)\s+|;\s*", raw.repeated_authors.strip(" ,"))
                  for part in _split_given_first(part) if part.strip())
    return replace(work, authors=names) if names else work


def _split_given_first(part: str) -> list[str]:
    """"Walt, Stephen M., Glenn H. Snyder" → the two names (a comma ends a
    "Family, Given" name only after its given names)."""
    pieces = [p.strip() for p in part.split(",") if p.strip()]
    names: list[str] = []
    while pieces:
        if len(pieces) >= 2 and " " not in pieces[0] and re.match(r"^[A-ZÀ-Þ][\w.\s-]*$", pieces[1]) \
                and not re.search(r"\s[A-Z][a-z]+$", pieces[1].strip()):
            names.append(f"{pieces[0]}, {pieces[1]}")
            pieces = pieces[2:]
        else:
            names.append(pieces.pop(0))
    return names


def _name(text: str) -> Name:
    """"Walt, Stephen M.", "Glenn H. Snyder", "Walt SM" → a name."""
    text = text.strip()
    if m := re.match(r"^(?P<family>[A-ZÀ-Þ][\w’'\- ]+?)\s+(?P<initials>[A-Z]{1,3})$", text):
        return Name(m.group("family"), " ".join(f"{c}." for c in m.group("initials")))
    try:
        person = Person(text)
    except PybtexError:
        return Name(text, "", is_organisation=True)
    family = " ".join(person.prelast_names + person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    return Name(family, given) if family else Name(text, "", is_organisation=True)


def parse_reference(raw: RawReference) -> Work:
    """Parse one reference in whichever style it is written."""
    if (science := science_style_work(raw)) is not None:
        return science
    # pymupdf4llm 2.x sets italics with underscores ("_The taming of …_ ."): the
    # rules read them as the asterisks other converters write; the work still
    # cites the entry as printed.
    as_asterisks = replace(raw, text=UNDERSCORE_EMPHASIS.sub("*", raw.text))
    work = _parse_author_date(as_asterisks) if _is_author_date_markdown(as_asterisks.text) \
        else _parse_polis(as_asterisks)
    return replace(work, cited_as=tuple(replace(c, raw_text=raw.text) for c in work.cited_as))


def _is_author_date_markdown(text: str) -> bool:
    # Author–date entries put the year in parentheses right after the
    # authors, or (Zou [9]) have no year but italic titles; the Polis style
    # has neither: its only parentheses are "(In Russ.)" and parts of titles.
    return "*" in text or bool(re.match(r"^[^()]{2,120}?\s\(\s*(?:\[?\d{4}|n\.d\.)", text))


def _clean_url(url: str) -> str:
    """Markdown escapes in a converted link ("topics\\\\_110496") are not part of it."""
    return re.sub(r"\\+(?=[_*\[\]()#.!~-])", "", url.strip())


def _url_fields(url: str) -> dict[str, str]:
    """A doi.org link is a DOI: keep the DOI itself and no separate URL."""
    url = _clean_url(url)
    if m := DOI_URL.match(url):
        return {"doi": m.group("doi"), "url": ""}
    # A link the converter cut ("https://[www.…") is no address: the entry
    # as printed still shows it, but the work gets no URL to export or link.
    return {"url": url if urls.is_web_address(url) else ""}


def _translated(text: str) -> tuple[str, str]:
    """"Transliterated title [English title]" → both parts."""
    if m := TRANSLATED.match(text.strip()):
        return m.group("original").strip(), m.group("translation").strip()
    return text.strip(), ""


def _join_notes(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def _citing(raw: RawReference, year: str, pages: str = "") -> tuple[Citing, ...]:
    return (Citing(raw.paper_slug, raw.label, raw.text, year, pages, raw.location),)


def _book_like_type(publisher: str, url: str, container: str) -> WorkType:
    if WORKING_PAPER.search(container):
        return WorkType.WORKING_PAPER
    if REPORT_PUBLISHER.search(publisher):
        return WorkType.REPORT
    if url and not publisher:
        # A bare document online: a PDF is a report, anything else a web page.
        return WorkType.REPORT if url.lower().endswith(".pdf") else WorkType.WEBPAGE
    return WorkType.BOOK


# --- CSL-JSON (structured sources) -----------------------------------------

# CSL types → ours; anything else is decided by what the item has.
CSL_WORK_TYPES = {
    "article": WorkType.ARTICLE, "article-journal": WorkType.ARTICLE, "article-magazine": WorkType.ARTICLE,
    "article-newspaper": WorkType.ARTICLE, "book": WorkType.BOOK, "chapter": WorkType.CHAPTER,
    "paper-conference": WorkType.CHAPTER, "entry": WorkType.ENCYCLOPEDIA_ENTRY,
    "entry-encyclopedia": WorkType.ENCYCLOPEDIA_ENTRY, "entry-dictionary": WorkType.ENCYCLOPEDIA_ENTRY,
    "report": WorkType.REPORT, "webpage": WorkType.WEBPAGE, "post": WorkType.WEBPAGE,
    "post-weblog": WorkType.WEBPAGE, "manuscript": WorkType.MANUSCRIPT, "thesis": WorkType.MANUSCRIPT,
    "review": WorkType.REVIEW, "review-book": WorkType.REVIEW,
}


def work_from_csl_json(raw: RawReference) -> Work:
    """A `Work` from the reference's CSL-JSON item, field by field: the
    structured source already says which part is the title, the journal, the
    volume, so nothing is parsed from text."""
    try:
        item = json.loads(raw.csl_json)
    except json.JSONDecodeError as error:
        raise ReaderError(raw.location, f"the reference's CSL-JSON is not valid JSON ({error})",
                          "this is a bug in the reader that made it; please report it") from None
    if not isinstance(item, dict):
        raise ReaderError(raw.location, "the reference's CSL-JSON is not an object", HINT)
    text = {k: _csl_str(v) for k, v in item.items() if isinstance(v, str | int)}
    container = text.get("container-title", "")
    url_fields = _url_fields(text["URL"]) if text.get("URL") else {}
    doi = text.get("DOI", "") or url_fields.get("doi", "")
    kind = CSL_WORK_TYPES.get(text.get("type", ""))
    if kind is WorkType.REPORT and WORKING_PAPER.search(text.get("genre", "") + " " + container):
        kind = WorkType.WORKING_PAPER
    if kind is None:  # software, dataset, document, …
        if container:
            kind = WorkType.ARTICLE
        elif text.get("publisher"):
            kind = WorkType.REPORT
        else:
            kind = WorkType.WEBPAGE if url_fields.get("url") else WorkType.BOOK
    year = _csl_date(item.get("issued")) or "n.d."
    if year[:1].isdigit() and re.fullmatch(r"[a-z]", text.get("year-suffix", "")):
        year += text["year-suffix"]  # "2020a": the list tells two works of one year apart so
    return Work(
        key="", type=kind, title=text.get("title", ""), year=year,
        authors=_csl_names(item.get("author")), more_authors=item.get("author-et-al") is True,
        editors=_csl_names(item.get("editor")),
        container=container, volume=text.get("volume", ""), issue=text.get("issue", ""),
        pages=re.sub(r"\s*(?:--|-)\s*", "–", text.get("page", "")), publisher=text.get("publisher", ""),
        place=text.get("publisher-place", ""), edition=text.get("edition", ""), doi=doi,
        url=url_fields.get("url", ""), accessed=_csl_date(item.get("accessed"), full=True),
        language=text.get("language", "") or "en", cited_as=_citing(raw, year),
    )


def _csl_str(value: Any) -> str:
    return " ".join(str(value).split())


def _csl_date(value: Any, full: bool = False) -> str:
    """"2015" from {"date-parts": [[2015, 3]]}; with `full`, "2015-03-01"."""
    if not isinstance(value, dict):
        return ""
    parts = value.get("date-parts") or [[]]
    first = parts[0] if parts and isinstance(parts[0], list) else []
    if not first:
        return _csl_str(value.get("literal") or value.get("raw") or "")
    if full:
        return "-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(first))
    return str(first[0])


def _csl_names(value: Any) -> tuple[Name, ...]:
    names = []
    for person in value if isinstance(value, list) else ():
        if not isinstance(person, dict):
            continue
        if person.get("literal"):
            names.append(Name(_csl_str(person["literal"]), "", is_organisation=True))
        elif person.get("family"):
            family = " ".join(x for x in (person.get("non-dropping-particle", ""), person["family"]) if x)
            names.append(Name(_csl_str(family), _initials_with_stops(_csl_str(person.get("given", "")))))
    return tuple(names)


def _initials_with_stops(given: str) -> str:
    """"S. M" → "S. M.": the parser's name rules drop the full stop of the
    last initial when it ends the author list ("Walt, S. M. (1987)")."""
    return given + "." if re.fullmatch(r"(?:[A-Z]\.\s?)+[A-Z]", given) else given


# --- the Polis (Russian journal) style -----------------------------------

# "Surname I.I." (initials may be spaced, "S. M.", or two letters, "N.Yu.").
POLIS_NAME = re.compile(r"(?P<family>[A-Z][\w’'-]+) (?P<given>(?:[A-Z][a-z]?\.\s?)+)")
# Editors after "Ed. by" are written the other way round: "H. Haftendorn".
POLIS_EDITOR = r"(?:[A-Z][a-z]?\.\s?)+[A-Z][\w’'-]+"
POLIS_EDITORS = re.compile(rf"\.\s+Ed\. by (?P<editors>{POLIS_EDITOR}(?:,\s*{POLIS_EDITOR})*)\.\s*")
POLIS_YEAR = re.compile(r"(?P<year>\d{4})\.?\s+")  # Gilpin 1981 has no full stop
POLIS_PLACE = r"[A-Z][a-z]+(?: [A-Z][a-z]+)*(?: [A-Z]\.[A-Z]\.)?|[A-Z]\.[A-Z]\."
POLIS_PUBLISHED = re.compile(rf"(?:^|\.\s+)(?P<place>{POLIS_PLACE}):\s+(?P<publisher>[^:]+?)\.?$")
# Searched for: a match starts only where a run of spaces starts, and each
# run is possessive, so a long run of spaces is read once, not once per start.
POLIS_URL = re.compile(r"(?<!\s)\s*+URL:\s*+(?P<url>[^\s(]++)?\s*+(?:\(accessed (?P<accessed>[^)]*+)\))?\.?\s*+$")
POLIS_IN_RUSSIAN = re.compile(r"(?<!\s)\s*+\(In Russ\.\)\.?\s*+$")
POLIS_PAGES = re.compile(rf"\.?\s*P\.\s*(?P<pages>{PAGES})\.?\s*$")
# Gelpi 1999 has no space after the dash: ". –Imperfect Unions".
POLIS_DASH = re.compile(r"(?<=\.)\s*–\s*")
POLIS_SERIAL = re.compile(
    r"^(?P<container>.+?)(?:\.\s+Vol\.\s*(?P<volume>[\w-]+))?(?:\.\s+No\.\s*(?P<issue>[\w-]+))?\.?$")
POLIS_NO_AUTHOR = re.compile(r"^(?P<title>.+?)\.\s+(?P<year>\d{4})\.\s+(?P<rest>Ed\. by .*)$")


@dataclass(frozen=True)
class _Tail:
    """What comes off the end of a Polis entry before the core is parsed."""

    core: str
    pages: str = ""
    url: str = ""
    accessed: str = ""
    language: str = "en"
    note: str = ""


def _strip_polis_tail(text: str) -> _Tail:
    core, url, accessed, note, language = text.strip(), "", "", "", "en"
    if m := POLIS_URL.search(core):
        core, url, accessed = core[:m.start()], m.group("url") or "", m.group("accessed") or ""
        if not url:
            note = "the source lost the URL (it reads 'URL:' with no address)"
    if m := POLIS_IN_RUSSIAN.search(core):
        core, language = core[:m.start()], "ru"
    pages = ""
    if m := POLIS_PAGES.search(core):
        core, pages = core[:m.start()], m.group("pages")
    return _Tail(core.strip().rstrip("."), pages, url, accessed, language, note)


def _polis_authors(text: str, raw: RawReference) -> tuple[tuple[Name, ...], bool, str, str]:
    """Leading "Surname I.I.," names, then the year; returns the rest too.

    A missing comma between two names ("Volodin D.A. Dyakova N.A.") is read
    as a separator too: initials always end a name."""
    names: list[Name] = []
    position, more = 0, False
    while m := POLIS_NAME.match(text, position):
        names.append(Name(m.group("family"), m.group("given").strip()))
        position = m.end()
        if sep := re.match(r",?\s*", text[position:]):
            position += sep.end()
        if etal := re.match(r"et al\.,?\s*", text[position:]):
            position, more = position + etal.end(), True
            break
    year = POLIS_YEAR.match(text, position)
    if not names or not year:
        raise ReaderError(raw.location, f"expected 'Surname I.I. 2015. Title…', found {text[:60]!r}",
                          HINT)
    return tuple(names), more, year.group("year"), text[year.end():]


def _polis_editors(text: str) -> tuple[Name, ...]:
    return tuple(Name(m.group(2), m.group(1).strip())
                 for m in re.finditer(r"((?:[A-Z][a-z]?\.\s?)+)([A-Z][\w’'-]+)", text))


def _parse_polis(raw: RawReference) -> Work:
    tail = _strip_polis_tail(raw.text)
    editors: tuple[Name, ...] = ()
    if m := POLIS_NO_AUTHOR.match(tail.core):
        # An edited volume listed under its title (Knopf 2012).
        authors: tuple[Name, ...] = ()
        more, year = False, m.group("year")
        body = m.group("title") + ". " + m.group("rest")
    else:
        authors, more, year, body = _polis_authors(tail.core, raw)
    fields: dict[str, str] = {}
    dash = POLIS_DASH.search(body)
    head, container_part = (body[:dash.start()], body[dash.end():]) if dash else (body, "")
    if m := POLIS_EDITORS.search(head + "."):
        editors = _polis_editors(m.group("editors"))
        head = head[:m.start()] + ". " + head[m.end():]
    if m := POLIS_EDITORS.search(container_part + "."):
        editors = _polis_editors(m.group("editors"))
        container_part = container_part[:m.start()] + ". " + container_part[m.end():]
    head, container_part = head.strip().rstrip("."), container_part.strip().rstrip(".")
    if container_part:
        title = head
        published = POLIS_PUBLISHED.search(container_part)
        if published:
            container = container_part[:published.start()]
            fields.update(place=published.group("place"), publisher=published.group("publisher"))
        else:
            serial = POLIS_SERIAL.match(container_part)
            if serial is None:  # a line break inside the entry (found by benchmarks/fuzz.py)
                raise ReaderError(raw.location, f"expected a journal or book after the title, found "
                                  f"{container_part[:60]!r}", HINT)
            container = serial.group("container")
            fields.update(volume=serial.group("volume") or "", issue=serial.group("issue") or "")
        if editors or published:
            kind = WorkType.ENCYCLOPEDIA_ENTRY if ENCYCLOPEDIA.search(container) else WorkType.CHAPTER
        else:
            kind = WorkType.ARTICLE
    else:
        # A book or report: "Title. Place: Publisher." or, for a series without
        # a publisher (Istomin 2019), "Title [Translation]. Series [Translation]. No. 49."
        published = POLIS_PUBLISHED.search(head)
        container = ""
        if published:
            title = head[:published.start()]
            fields.update(place=published.group("place"), publisher=published.group("publisher"))
        elif m := re.match(r"^(?P<title>[^\[\]]+\[[^\[\]]+\])\.\s+(?P<series>.+?)\.\s+No\.\s*(?P<issue>\w+)$",
                           head):
            title, container = m.group("title"), m.group("series")
            fields["issue"] = m.group("issue")
        else:
            raise ReaderError(raw.location,
                              f"expected 'Title. Place: Publisher.' or '– Journal. Vol. … No. …' "
                              f"after the year, found {body[:60]!r}", HINT)
        kind = _book_like_type(fields.get("publisher", ""), tail.url, container)
    title, translated_title = _translated(title)
    container, translated_container = _translated(container)
    # A page range after a book is the part the paper points at, not the book's.
    work_pages, cited_pages = (tail.pages, "") if container else ("", tail.pages)
    return Work(
        key="", type=kind, title=title.strip(), year=year, authors=authors, more_authors=more,
        editors=editors, translated_title=translated_title, container=container.strip(),
        translated_container=translated_container, pages=work_pages, url=tail.url,
        accessed=tail.accessed, language=tail.language, remarks=tail.note,
        cited_as=_citing(raw, year, cited_pages), volume=fields.get("volume", ""),
        issue=fields.get("issue", ""), publisher=fields.get("publisher", ""),
        place=fields.get("place", ""),
    )


# --- the author–date Markdown style (Zou) --------------------------------

# APA puts a full stop after the year: "Walt, S. M. (1987). *Title*. Publisher."
# Authors hold no digits or quotes (else "(3473)" in "CHEN, J. 2022. “Title.” 12 (3473)." is no year).
AUTHOR_DATE_HEAD = re.compile(
    r"^(?P<authors>[^()*“”\"\d]+?)\s+\(\s*(?P<year>(?P<bracket>\[)?\d{4}[a-z]?\]?|n\.d\.)"
    r"(?:\s*\[\d{4}\]|\s*/\s*\d{4})?"   # the original edition's year: "(1998 [1951])", "(1951/1998)"
    r"\s*(?P<close>\))?[.:]?\s+"
    r"(?P<rest>.*)$")
# "Angrist JD", "Walt SM": family name then initials, no comma (Vancouver and
# SAGE Harvard), which these rules would read as an organisation.
INITIALS_AFTER_FAMILY = re.compile(r"^(?:[A-Z][\w’'\-]+\s+)+[A-Z]{1,3}$")
AUTHOR_DATE_LINK = r"\[[^\]]*\]\((?P<target>[^)\s]+)\)|<(?P<auto>[^>\s]+)>"
# "Retrieved from <url>", "Available from: www.…", or a bare address at the end.
AUTHOR_DATE_RETRIEVED = re.compile(
    rf"[\s.,]*(?:(?:Retrieved|Available)\s+(?:(?P<accessed>[A-Z][a-z]+ \d{{1,2}}, \d{{4}}),\s+)?"
    rf"(?:from|at|online)?:?\s*)?"
    rf"(?:{AUTHOR_DATE_LINK}|(?<![\w/])(?P<bare>(?:https?://|www\.)[^\s<>]+?))\.?\s*$", re.IGNORECASE)
AUTHOR_DATE_DOI = re.compile(r"\s*+\bdoi:\s?(?P<doi>10\.\d{4,9}/\S+?)\.?$", re.IGNORECASE)
AUTHOR_DATE_REVIEW = re.compile(r"^\[Review of \*(?P<title>.+?)\*, by (?P<authors>[^\]]+)\]\.?\s*(?P<rest>.*)$")
# pymupdf4llm sets a space before the stop after italics: "*Title* . Place: …".
AUTHOR_DATE_ITALIC = re.compile(r"^\*(?P<text>.+?)\*\s?[.,]?\s*(?P<rest>.*)$")
# The title ends at the book's italics, or (APA) at ". In" before the editors.
# Editors' marks as printed: "(Eds.)", "(ed.)", "(eds)", "(Hrsg.)".
EDITORS_MARK = r"\((?:[Ee]ds?|Hrsg|Hg)\.?\)"
AUTHOR_DATE_PLAIN_TITLE = re.compile(rf"^(?P<text>[^*]+?)(?:[.,]\s+(?=[Ii]n:?\s+(?:[^*]+{EDITORS_MARK}[,:]?\s+)?\*)|"
                                     r"\.?\s*(?=\*|$))"
                                     r"(?P<rest>.*)$")
AUTHOR_DATE_IN = re.compile(
    rf"^[Ii]n:?\s++(?:(?P<editors>[^*]+?)(?<!\s)\s++{EDITORS_MARK}[,:]?\s++)?\*(?P<container>.+?)\*[.,]?\s*+(?P<rest>.*)$")
# "*13*, 121-129" and APA's "*13*(1), 121-129" (volume in italics, issue not).
AUTHOR_DATE_VOLUME = re.compile(
    rf"^,?\s*\*?(?P<volume>\d+)\*?\s*(?:\((?P<issue>[^()]{{1,12}})\))?,\s*(?P<pages>{PAGES})\.?$")
# pymupdf4llm sets italics with underscores and a space before the stop that
# follows ("_Sport in Society_ , _13_ (1), 121-129."): the same as "*…*".
UNDERSCORE_ITALIC = re.compile(r"(?<![\w_*])_(?=[^\s_])([^_]+?)(?<=[^\s_])_(?![\w_*])")
# "2nd ed.", APA's "(2nd ed.).", "2nd edn,".
AUTHOR_DATE_EDITION = re.compile(r"^\(?(?P<edition>\d+(?:st|nd|rd|th)|[A-Z][a-z]+) ed(?:n|ition)?\.?\)?[.,]?\s*")
AUTHOR_DATE_PUBLISHED = re.compile(
    rf"^(?:(?P<place>[^:,.]+):\s+)?(?P<publisher>[^,]*?[A-Za-z][^,]*?)(?:,\s*(?:S\.|pp?\.)?\s*(?P<pages>{PAGES}))?\.?$")
AUTHOR_DATE_PAGES_ONLY = re.compile(rf"^(?P<pages>{PAGES})\.?$")
# "Haider S. A.", "van der Berg J.", "Agha Beigi L.": a family name (maybe with particles, maybe of two
# words) and then initials with stops, no comma between (SciPress authors' lists, Harvard variants).
FAMILY_THEN_INITIALS = re.compile(
    r"^(?P<family>(?:(?:van|von|de|der|den|da|di|du|del|della|la|le|ter|al|el|abu|bin)\s+)*"
    r"[A-ZÀ-Þ][\w’'\-]+(?:\s+[A-ZÀ-Þ][\w’'\-]{2,})?)\s+(?P<initials>(?:[A-Z]\.\s?-?)+)$")
APA_NAME_BREAK = re.compile(r"(?<=\.),\s+(?=(?:(?:van|von|de|der|den|da|di|du|del|la|le|ter)\s+)?"
                            r"[A-ZÀ-Þ][\w’'\-]+(?:\s+[A-ZÀ-Þ][\w’'\-]+)*,\s)")
UNPUBLISHED = re.compile(r"^Unpublished manuscript\.?$", re.IGNORECASE)


def _plain(markdown: str) -> str:
    """Reference text without Markdown emphasis or escapes."""
    text = re.sub(r"\*(.+?)\*", r"\1", markdown)
    text = re.sub(r"\\+([\\`*_{}\[\]()#+\-.!<>'])", r"\1", text)
    return " ".join(text.split())


def _author_date_names(text: str, where: SourceLocation) -> tuple[Name, ...]:
    """"Brown, C. and Ainley, K." → two names; a name with no comma is an
    organisation ("North Atlantic Treaty Organization", "The White House")."""
    names = []
    # APA: "Bloom, M., Grant, M., & Watt, D.": "&" and the comma after an
    # initial's stop part the names, as "and" does.
    text = re.sub(r",?\s+&\s+|\s+/\s+", " and ", text)   # German lists part names with " / "
    # "Haider S., Qureshi N. A.": every comma parts two names, none a family from its initials
    # (pybtex read the first comma as "Family, Given": family "Haider S.", and the second name lost).
    pieces = [FAMILY_THEN_INITIALS.match(p.strip()) for p in re.split(r",|\s+and\s+", text.strip().rstrip(","))
              if p.strip()]
    if "," in text and all(pieces):
        return tuple(Name(m.group("family"), m.group("initials").strip()) for m in pieces if m)
    text = APA_NAME_BREAK.sub(" and ", text)
    for part in split_name_list(text.strip().rstrip(",")):
        # "Aste T, Di Matteo T, Hyde ST": Vancouver names, which pybtex would
        # read as one "Last, Jr, First" name; the CRF path reads them.
        if INITIALS_AFTER_FAMILY.match(part.split(",")[0].strip()):
            raise ReaderError(where, f"expected names like 'Surname, I.', found {part[:60]!r}", HINT)
        if "," not in part:
            # APA gives a book's editors initials first: "In M. Nicholson & R. Hoye (Eds.)".
            if family_first := FAMILY_THEN_INITIALS.match(part.strip()):   # "Binder J.", "van der Berg J."
                names.append(Name(family_first.group("family"), family_first.group("initials").strip()))
            elif initials_first := re.match(r"^((?:[A-Z]\.\s?-?)+)\s*([A-ZÀ-Þa-z][\w’'\- ]+)$", part.strip()):
                names.append(Name(initials_first.group(2), initials_first.group(1).strip()))
            else:
                names.append(Name(part.strip(), "", is_organisation=True))
            continue
        try:
            person = Person(part)
        except PybtexError:  # "Too many commas": not a name (found by benchmarks/fuzz.py)
            raise ReaderError(where, f"expected names like 'Surname, I.', found {part[:60]!r}", HINT) from None
        names.append(Name(" ".join(person.prelast_names + person.last_names),
                          " ".join(person.first_names + person.middle_names)))
    return tuple(names)


def _parse_tail(rest: str) -> dict[str, str]:
    """After the title or container: "[Place: ]Publisher[, pages]", an edition,
    a bare page range, or "Unpublished manuscript"."""
    found: dict[str, str] = {}
    rest = rest.strip()
    if m := AUTHOR_DATE_EDITION.match(rest):
        found["edition"], rest = m.group("edition"), rest[m.end():]
    if not rest:
        return found
    if UNPUBLISHED.match(rest):
        found["note"] = "Unpublished manuscript"
    elif m := AUTHOR_DATE_PAGES_ONLY.match(rest):
        found["pages"] = m.group("pages")
    elif m := AUTHOR_DATE_PUBLISHED.match(rest):
        found.update({k: v for k, v in m.groupdict().items() if v})
    else:
        found["unparsed"] = rest
    return found


def _with_asterisk_italics(text: str) -> str:
    """Converter italics in underscores as the Markdown these rules read:
    "_Journal_ , _13_ (1)" → "*Journal*, *13* (1)"; otherwise a title ran on
    through the journal, volume and pages (or the publisher)."""
    if "*" not in text:
        text = UNDERSCORE_ITALIC.sub(r"*\1*", text)
    # A title set over two lines comes as two spans: "*Strengthening* *Canada: …*".
    text = re.sub(r"(?<=[^*\s])\*\s+\*(?=[^*\s])", " ", text)
    return re.sub(r"(?<=[^*\s]\*)\s+(?=[.,])", "", text)


# A plain title's end: a full stop after a word (not an initial's, "U.S. Policy").
PLAIN_TITLE_END = re.compile(r"(?<=[\w”\"’)]{2})\.\s+(?=\S)")
# The book a chapter is in, before "Place: Publisher" and the chapter's pages.
CHAPTER_BOOK = re.compile(r"^(?P<book>[^.:]+?[\w)])\.\s+(?P<tail>[^.:]+:\s.+)$")


def _with_scheme(address: str) -> str:
    return address if "://" in address else f"https://{address}"


def _plain_title_and_book(rest: str, raw: RawReference) -> tuple[str, str, str] | None:
    """Title, book and what follows in an entry printed without italics:
    "Title. Place: Publisher." or a chapter, "Title. Book. Place: Publisher,
    pp. 12-34." (no "In" before the book, so the pages tell it is a chapter).
    None when the title runs to the end; a ReaderError (the CRF reads it) when
    what follows the title's end is no publisher."""
    quoted = re.match(r"^[\"“‘](?P<title>[^\"”’]+)[\"”’]\W*(?P<after>.*)$", rest)
    if quoted and re.search(r"\w", quoted.group("after")):
        # '"Title", Book, Place: Publisher, 12-34': the quotes end the title, the rules read no more.
        raise ReaderError(raw.location, f"expected 'Title. Place: Publisher.', found {rest[:60]!r}", HINT)
    end = PLAIN_TITLE_END.search(rest)
    if end is None:
        return None
    title, tail, book = _plain(rest[:end.start()]), rest[end.end():], ""
    if (chapter := CHAPTER_BOOK.match(tail)) and re.search(rf"(?:pp?\.|,)\s*{PAGES}\.?$", tail):
        book, tail = _plain(chapter.group("book")), chapter.group("tail")
    found = _parse_tail(tail)
    if "unparsed" in found or not found.get("publisher") or re.search(r"\d|\.\s", found["publisher"]):
        raise ReaderError(raw.location, f"expected 'Place: Publisher.' after the title, found {tail[:60]!r}", HINT)
    return title, book, tail


def _parse_author_date(raw: RawReference) -> Work:
    text = _with_asterisk_italics(raw.text.strip())
    notes: list[str] = []
    if m := AUTHOR_DATE_HEAD.match(text):
        authors_text, year, rest = m.group("authors"), m.group("year").strip("[]"), m.group("rest")
        if m.group("bracket"):
            unclosed = "" if m.group("close") else ", and never closes the parenthesis"
            notes.append(f"the source gives the year in brackets ('({m.group('year')}'){unclosed}")
    elif "*" in text and not re.search(r"\b(?:1[5-9]|20)\d\d[a-z]?\b",
                                       re.sub(rf"{AUTHOR_DATE_LINK}|(?:https?://|www\.)\S+", "", text)):
        # No year at all (Zou [9] Bush): the authors end where the title starts.
        # (A year before the title is another style, "Walt, Stephen M. 1987. *Title*", and so is
        # a year after it, "Jomhari F. *Title*. PhD thesis. University, 2002.": left to the CRF parser.)
        authors_text, rest = text.split("*", 1)
        rest, year = "*" + rest, "n.d."
        notes.append("the source gives no year")
    else:
        raise ReaderError(raw.location, f"expected 'Surname, I. (2015) *Title*…', found {text[:60]!r}",
                          HINT)
    authors = _author_date_names(authors_text, raw.location)   # names the rules cannot read stop here first
    fields: dict[str, str] = {}
    if link := AUTHOR_DATE_RETRIEVED.search(rest):
        fields.update(_url_fields(link.group("target") or link.group("auto") or _with_scheme(link.group("bare"))))
        fields["accessed"] = link.group("accessed") or ""
        rest = rest[:link.start()]
    elif doi := AUTHOR_DATE_DOI.search(rest):  # "… Press. doi:10.1017/cbo9781107706934"
        fields["doi"], rest = doi.group("doi"), rest[:doi.start()]
    rest = rest.strip()
    kind: WorkType | None = None
    title = reviewed_title = container = ""
    reviewed: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    if m := AUTHOR_DATE_REVIEW.match(rest):
        kind, reviewed_title, rest = WorkType.REVIEW, _plain(m.group("title")), m.group("rest")
        reviewed = _author_date_names(m.group("authors"), raw.location)
        title = f"Review of {reviewed_title}, by {', '.join(_given_first(n) for n in reviewed)}"
    elif m := AUTHOR_DATE_ITALIC.match(rest):
        title, rest = _plain(m.group("text")).rstrip("."), m.group("rest")
    elif "*" not in rest and (plain := _plain_title_and_book(rest, raw)) is not None:
        title, container, rest = plain
        kind = WorkType.CHAPTER if container else None
    elif not rest.startswith("In "):
        m = AUTHOR_DATE_PLAIN_TITLE.match(rest)
        if m is None:  # an unclosed '*' or a line break where the title should be (found by benchmarks/fuzz.py)
            raise ReaderError(raw.location, f"expected a title after the year, found {rest[:60]!r}", HINT)
        title, rest = _plain(m.group("text")), m.group("rest")
    # '"The Origins of Order,"': the quotes and the comma inside them are the style's, not the title's.
    title = re.sub(r"^[\"“‘](.+?)[,.]?[\"”’]$", r"\1", title)
    if m := AUTHOR_DATE_IN.match(rest):
        editors = _author_date_names(m.group("editors"), raw.location) if m.group("editors") else ()
        container, rest = _plain(m.group("container")), m.group("rest")
        kind = WorkType.ENCYCLOPEDIA_ENTRY if ENCYCLOPEDIA.search(container) else WorkType.CHAPTER
        if not title:
            notes.append("the source gives no title for the entry, only the work it is in")
    elif m := AUTHOR_DATE_ITALIC.match(rest):
        container, rest = _plain(m.group("text")), m.group("rest")
    if m := AUTHOR_DATE_VOLUME.match(rest.strip()):
        tail = {"volume": m.group("volume"), "pages": m.group("pages")}
        if m.group("issue"):
            tail["issue"] = m.group("issue")
    else:
        tail = _parse_tail(rest)
    if "unparsed" in tail:
        raise ReaderError(raw.location, f"could not read {tail['unparsed']!r} after the title",
                          "expected 'Place: Publisher, pages.' or 'Journal*, volume, pages.'")
    unpublished = tail.pop("note", "")
    fields.update(tail)
    if kind is None:
        if container:
            kind = WorkType.ENCYCLOPEDIA_ENTRY if ENCYCLOPEDIA.search(container) else WorkType.ARTICLE
        elif unpublished:
            kind = WorkType.MANUSCRIPT
        else:
            kind = _book_like_type(fields.get("publisher", ""), fields.get("url", ""), "")
    pages = fields.pop("pages", "")
    # A page number after a book is the page the paper points at, not the book's.
    work_pages, cited_pages = (pages, "") if container else ("", pages)
    return Work(
        key="", type=kind, title=title, year=year, authors=authors,
        editors=editors, container=container, pages=work_pages,
        reviewed_title=reviewed_title, reviewed_authors=reviewed,
        note=unpublished, remarks=_join_notes(*notes), cited_as=_citing(raw, year, cited_pages),
        volume=fields.get("volume", ""), issue=fields.get("issue", ""), publisher=fields.get("publisher", ""),
        place=fields.get("place", ""), edition=fields.get("edition", ""),
        doi=fields.get("doi", ""), url=fields.get("url", ""), accessed=fields.get("accessed", ""),
    )


def _given_first(name: Name) -> str:
    return f"{name.given} {name.family}".strip()
