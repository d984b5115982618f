"""Export: the bibliography as BibTeX (`bibliography.bib`, and each paper's
own entry).

Runs after the references stage; mkdocs-bibtex, Zotero and biber read the file, so it
is UTF-8, one entry per work, sorted by key with a fixed field order: two runs
over the same papers give the same bytes, and a test keeps the committed file
fresh.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from build_tools import urls
from build_tools.cache import BuildCache
from build_tools.model import Name, PublishedEntry, Work, WorkType
from build_tools.render.escape import bibtex_field, bibtex_verbatim

HEADER = ("% Every work the papers cite, one entry per work. Each key is published: notes, concept\n"
          "% pages and other sites cite it. `python -m build_tools bib` adds the works of new papers\n"
          "% and never rewrites an entry; correct an entry by hand if it is wrong, keeping its key.\n\n")

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
# What a work written as @misc is, in BibTeX's `type` field (read back by references/published.py).
MISC_TYPES = {WorkType.REPORT: "Report", WorkType.WORKING_PAPER: "Working Paper", WorkType.ARTICLE: "Article",
              WorkType.REVIEW: "Review", WorkType.CHAPTER: "Chapter", WorkType.ENCYCLOPEDIA_ENTRY: "Encyclopedia entry",
              WorkType.MANUSCRIPT: "Manuscript"}
# BibTeX's own field for the work a part appears in differs by entry type.
CONTAINER_FIELD = {"article": "journal", "incollection": "booktitle", "techreport": "series"}
LANGIDS = {"ru": "russian"}
# Access dates as the papers write them: Zou "December 23, 2023", Polis "09.10.2020";
# and as published entries give them back, ISO.
ACCESS_DATE_FORMATS = ("%B %d, %Y", "%d.%m.%Y", "%Y-%m-%d")
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
    return cache.remembered("export.bibtex", (works, header), lambda: _bibtex(works, header), limit=4096,
                            lasting=True)


def bibliography_file(works: Iterable[Work], published: Iterable[PublishedEntry], with_curated: bool) -> str:
    """bibliography.bib as `python -m build_tools bib` writes it: every
    published entry exactly as the file has it (published is forever), and
    an entry for each new work, in key order. `with_curated` adds the
    curated list's entries too, for the file the site serves."""
    kept = {e.work.key: e for e in published if with_curated or not e.curated}
    curated = {e.work.key for e in published if e.curated}
    blocks = []
    for work in sorted(works, key=lambda w: w.key):
        entry = kept.get(work.key)
        if entry is not None:
            blocks.append(entry.raw)
        elif work.key not in curated:
            blocks.append(_bibtex((work,), header="").strip())
    return HEADER + "\n\n".join(blocks) + "\n"


def _bibtex(works: tuple[Work, ...], header: str) -> str:
    # Imported here: a build whose entries are kept on disk writes none.
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.middlewares import default_unparse_stack
    from bibtexparser.model import Entry, Field
    from bibtexparser.writer import BibtexFormat

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
    """The BibTeX type whose required fields the work has. BibTeX requires a
    publisher for @book (mkdocs-bibtex's pybtex style stops the build
    without one), a title for @incollection and a note for @unpublished; a
    work that lacks them (Lanoszka 2022 without publisher, Kimball's
    encyclopedia entry without title, a manuscript nobody described) is a
    @misc, which requires nothing, rather than carrying an invented field."""
    if work.type is WorkType.BOOK and not work.publisher:
        return "misc"
    if work.type in (WorkType.CHAPTER, WorkType.ENCYCLOPEDIA_ENTRY) and not work.title:
        return "misc"
    if work.type is WorkType.MANUSCRIPT:
        return "unpublished" if work.note else "misc"
    if not work.year.isdigit():  # every other type but @misc requires a year
        return "misc"
    return ENTRY_TYPES[work.type]


def work_fields(work: Work) -> list[tuple[str, str]]:
    """The fields of one entry, in a fixed order, already escaped. What the
    reader noticed about a source (`remarks`) is no field: every style
    prints `note`, and a reference manager would show it as the work's."""
    kind = entry_type(work)
    found: list[tuple[str, str]] = []

    def add(name: str, value: str) -> None:
        if value:
            found.append((name, bibtex_verbatim(value) if name in VERBATIM_FIELDS else escape(value)))

    if work.aliases:
        found.append(("ids", ", ".join(work.aliases)))
    if work.authors:
        found.append(("author", _names(work.authors, work.more_authors)))
    if work.editors:
        found.append(("editor", _names(work.editors, False)))
    if work.title:
        found.append(("title", _title(work)))
    container = _with_translation(work.container, work.translated_container)
    if kind == "misc" and work.container and work.type is not WorkType.WEBPAGE:
        container = f"In {container}"  # a title-less part: say what it is part of
    add(CONTAINER_FIELD.get(kind, "howpublished"), container)
    add("year", work.year if work.year.isdigit() else "")  # "n.d." is no year
    add("volume", work.volume)
    add("number", work.issue)
    if work.pages:
        found.append(("pages", escape(re.sub(r"\s*[-–]+\s*", "--", work.pages))))
    add("edition", work.edition)
    if kind == "techreport":
        # BibTeX requires an institution; a series with no publisher named
        # (Istomin 2019, a council's working papers) is the nearest there is.
        add("institution", work.publisher or _organisation(work) or container)
        add("type", "Working Paper" if work.type is WorkType.WORKING_PAPER else "")
    else:
        add("publisher", work.publisher)
        if kind == "misc" and work.type in MISC_TYPES:
            # @misc (a work lacking what its own type requires) prints no
            # type; the field keeps what it is for whoever reads it back.
            add("type", MISC_TYPES[work.type])
    add("address", work.place)
    add("doi", urls.work_doi(work.doi))
    add("url", urls.work_url(work.url))
    add("urldate", iso_date(work.accessed) if work.accessed else "")
    add("langid", LANGIDS.get(work.language, ""))
    add("note", work.note)
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
