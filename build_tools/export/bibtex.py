"""Export: the bibliography as BibTeX (`bibliography.bib`, and each paper's
own entry).

Runs after the references stage; mkdocs-bibtex, Zotero and biber read the file, so it
is UTF-8, one entry per work, sorted by key with a fixed field order: two runs
over the same papers give the same bytes, and a test keeps the committed file
fresh.
"""

from __future__ import annotations

import re
from datetime import datetime

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.middlewares import default_unparse_stack
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

from build_tools import urls
from build_tools.cache import BuildCache
from build_tools.model import Name, Work, WorkType
from build_tools.render.escape import bibtex_field, bibtex_verbatim

HEADER = ("% Every work the papers cite, one entry per work. Generated; do not edit.\n"
          "% Regenerate with: python -m build_tools bib\n\n")

ENTRY_TYPES = {
    WorkType.ARTICLE: "article",
    WorkType.REVIEW: "article",
    WorkType.BOOK: "book",
    WorkType.CHAPTER: "incollection",
    WorkType.ENCYCLOPEDIA_ENTRY: "incollection",
    WorkType.REPORT: "techreport",
    WorkType.WORKING_PAPER: "techreport",
    WorkType.WEBPAGE: "misc",
    WorkType.MANUSCRIPT: "unpublished",
}
# BibTeX's own field for the work a part appears in differs by entry type.
CONTAINER_FIELD = {"article": "journal", "incollection": "booktitle", "techreport": "series"}
LANGIDS = {"ru": "russian"}
# Access dates as the papers write them: Zou "December 23, 2023", Polis "09.10.2020".
ACCESS_DATE_FORMATS = ("%B %d, %Y", "%d.%m.%Y")
# Printed as they are by BibTeX styles; `bibtex_verbatim` keeps them inside their field.
VERBATIM_FIELDS = frozenset({"url", "doi"})
TRAILING_PUNCTUATION = ":,;?!”’\"')]"


def bibliography_to_bibtex(works: tuple[Work, ...] | list[Work], header: str = HEADER,
                           cache: BuildCache | None = None) -> str:
    """The works as BibTeX, sorted by key. With a `cache`, remembered by the
    works themselves: on live reload most papers' own entries and often the
    whole bibliography are unchanged."""
    works = tuple(works)
    if cache is None:
        return _bibtex(works, header)
    return cache.remembered("export.bibtex", (works, header), lambda: _bibtex(works, header), limit=4096)


def _bibtex(works: tuple[Work, ...], header: str) -> str:
    library = Library()
    for work in sorted(works, key=lambda w: w.key):
        library.add(Entry(entry_type(work), work.key,
                          [Field(name, value) for name, value in work_fields(work)]))
    layout = BibtexFormat()  # type: ignore[no-untyped-call]  # untyped __init__
    layout.indent = "  "
    layout.block_separator = "\n"  # the writer ends each entry with its own newline
    # The library is thrown away after writing, so the writer may change it in
    # place instead of deep-copying every entry (slow at thousands of works).
    unparse = default_unparse_stack(allow_inplace_modification=True)
    return header + write_string(library, unparse_stack=unparse, bibtex_format=layout).strip() + "\n"


def entry_type(work: Work) -> str:
    """BibTeX requires a publisher for @book, and mkdocs-bibtex's pybtex style
    stops the build without one; a book the papers cite without a publisher
    (Lanoszka 2022, Nish 1985) is therefore a @misc, which requires nothing."""
    if work.type is WorkType.BOOK and not work.publisher:
        return "misc"
    return ENTRY_TYPES[work.type]


def work_fields(work: Work) -> list[tuple[str, str]]:
    """The fields of one entry, in a fixed order, already escaped."""
    kind = entry_type(work)
    notes = [work.note] if work.note else []
    found: list[tuple[str, str]] = []

    def add(name: str, value: str) -> None:
        if value:
            found.append((name, bibtex_verbatim(value) if name in VERBATIM_FIELDS else escape(value)))

    if work.authors:
        found.append(("author", _names(work.authors, work.more_authors)))
    if work.editors:
        found.append(("editor", _names(work.editors, False)))
    found.append(("title", _title(work)))
    container = _with_translation(work.container, work.translated_container)
    if kind == "techreport" and not work.publisher:
        add("institution", container)  # a series with no publisher (Istomin 2019)
    else:
        add(CONTAINER_FIELD.get(kind, "howpublished"), container)
    add("year", work.year if work.year.isdigit() else "")  # "n.d." is no year
    add("volume", work.volume)
    add("number", work.issue)
    if work.pages:
        found.append(("pages", escape(re.sub(r"\s*[-–]+\s*", "--", work.pages))))
    add("edition", work.edition)
    if kind == "techreport":
        add("institution", work.publisher or _organisation(work))
        add("type", "Working Paper" if work.type is WorkType.WORKING_PAPER else "")
    else:
        add("publisher", work.publisher)
    add("address", work.place)
    add("doi", urls.work_doi(work.doi))
    add("url", urls.work_url(work.url))
    if work.accessed:
        iso = iso_date(work.accessed)
        if iso:
            add("urldate", iso)
        else:
            notes.append(f"accessed {work.accessed}")
    add("langid", LANGIDS.get(work.language, ""))
    add("note", "; ".join(notes))
    return found


def iso_date(written: str) -> str:
    """"December 23, 2023" or "09.10.2020" → "2023-12-23"; "" if unsure."""
    for layout in ACCESS_DATE_FORMATS:
        try:
            return datetime.strptime(written.strip(), layout).date().isoformat()
        except ValueError:
            continue
    return ""


def escape(text: str) -> str:
    """BibTeX specials and backslashes outside verbatim fields; UTF-8 stays."""
    return bibtex_field(text)


def _names(names: tuple[Name, ...], more: bool) -> str:
    written = [f"{{{escape(n.family)}}}" if n.is_organisation
               else escape(f"{n.family}, {n.given}" if n.given else n.family) for n in names]
    return " and ".join(written + (["others"] if more else []))


def _organisation(work: Work) -> str:
    return next((n.family for n in work.authors if n.is_organisation), "")


def _with_translation(text: str, translation: str) -> str:
    return f"{text} [{translation}]" if translation else text


def _title(work: Work) -> str:
    if not work.title:
        # Zou [2] gives Kimball's entry no title; a bracketed description is
        # the usual stand-in and keeps the field every style requires.
        return "{" + escape(f"[Entry in {work.container}]") + "}"
    # A transliterated title is in sentence case and its translation in title
    # case, so each part is judged on its own.
    translation = protect_capitals(work.translated_title) if work.translated_title else ""
    return _with_translation(protect_capitals(work.title), translation)


def protect_capitals(title: str) -> str:
    """Brace what a style must not lowercase: acronyms ("NATO", "U.S.",
    "SShA") always, and in a sentence-case title ("How closely aligned are
    China and Russia?") its capitalised words, which can only be names."""
    tokens = title.split(" ")
    sentence_case = _is_sentence_case(tokens)
    out = []
    for position, token in enumerate(tokens):
        first = position == 0
        m = re.match(rf"^([“‘\"'(\[]*)(.*?)([{re.escape(TRAILING_PUNCTUATION)}.]*)$", token, re.S)
        assert m is not None  # every part is optional
        lead, core, trail = m.groups()
        if trail.startswith(".") and re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", core):
            core, trail = core + ".", trail[1:]  # "U.S." keeps its last full stop
        capitals = sum(c.isupper() for c in core)
        # In sentence case a capital after the first word is a name or starts
        # a sentence ("…Russia? Measuring…"): either way it must stay.
        protect = capitals >= 2 or (sentence_case and not first and capitals == 1
                                    and core[:1].isupper())
        out.append(escape(lead) + (f"{{{escape(core)}}}" if protect and core else escape(core))
                   + escape(trail))
    return " ".join(out)


def _is_sentence_case(tokens: list[str]) -> bool:
    words = [re.sub(r"\W", "", t) for t in tokens[1:]]
    long_words = [w for w in words if len(w) >= 4 and w.isalpha() and sum(c.isupper() for c in w) < 2]
    capitalised = sum(w[0].isupper() for w in long_words)
    return bool(long_words) and capitalised * 2 < len(long_words)
