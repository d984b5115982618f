"""Export: works as RIS, the tagged format that EndNote, Zotero, Mendeley
and most reference managers import. Built from the same `Work` data as the
BibTeX export, so the two never disagree; rispy writes the tags."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from build_tools import urls
from build_tools.cache import BuildCache
from build_tools.export.bibtex import iso_date
from build_tools.model import Name, Work, WorkType

RIS_TYPES = {
    WorkType.ARTICLE: "JOUR",
    WorkType.REVIEW: "JOUR",
    WorkType.BOOK: "BOOK",
    WorkType.CHAPTER: "CHAP",
    WorkType.ENCYCLOPEDIA_ENTRY: "ENCYC",
    WorkType.REPORT: "RPRT",
    WorkType.WORKING_PAPER: "RPRT",
    WorkType.WEBPAGE: "ELEC",
    WorkType.MANUSCRIPT: "UNPB",
}
LANGUAGES = {"en": "English", "ru": "Russian"}


def works_to_ris(works: Iterable[Work], cache: BuildCache | None = None) -> str:
    """The works as one RIS file, sorted by key (same bytes on every build);
    with a `cache`, kept by the works, on disk too."""
    ordered = tuple(sorted(works, key=lambda w: w.key))
    if cache is None:
        return _ris(ordered)
    return cache.remembered("export.ris", ordered, lambda: _ris(ordered), limit=4096, lasting=True)


def _ris(works: tuple[Work, ...]) -> str:
    import rispy  # here, not with the build: kept files need none

    class PlainRisWriter(rispy.RisWriter):  # type: ignore[misc]
        """rispy numbers each entry ("1.") before its TY line; the RIS
        specification has no such line, and some importers stumble on it."""

        def set_header(self, count: int) -> str:
            return ""

    return str(rispy.dumps([work_to_ris(w) for w in works], implementation=PlainRisWriter))


def work_to_ris(work: Work) -> dict[str, Any]:
    entry: dict[str, Any] = {"type_of_reference": RIS_TYPES[work.type], "id": work.key}
    if work.authors:
        entry["authors"] = [_name(n) for n in work.authors]
    if work.editors:
        entry["secondary_authors"] = [_name(n) for n in work.editors]
    start, _, end = (re.sub(r"\s*[-–]+\s*", "-", work.pages)).partition("-")
    optional = {
        "title": work.title, "translated_title": work.translated_title,
        "journal_name" if work.type in (WorkType.ARTICLE, WorkType.REVIEW) else "secondary_title": work.container,
        # RIS has no "no date": a work without a year simply has no PY.
        "year": work.year if work.year.isdigit() else "",
        "volume": work.volume, "number": work.issue, "start_page": start, "end_page": end,
        "publisher": work.publisher, "place_published": work.place, "edition": work.edition,
        "doi": urls.work_doi(work.doi), "access_date": iso_date(work.accessed) if work.accessed else "",
        "language": LANGUAGES.get(work.language, work.language),
    }
    entry.update({k: _one_line(v) for k, v in optional.items() if v})
    if urls.work_url(work.url):
        entry["urls"] = [urls.work_url(work.url)]
    return entry


def _name(name: Name) -> str:
    return _one_line(name.family if name.is_organisation or not name.given else f"{name.family}, {name.given}")


def _one_line(text: str) -> str:
    # A newline inside a value would start a new (bogus) tag line.
    return " ".join(text.split())
