"""Stage 2b: the site's one citation style (APSA, through citeproc-py).

Works are data first (`Work` in model.py); this module turns them into
CSL-JSON and formats, with the same CSL style, every reference list entry,
every `[@key]` citation in hand-written pages and annotations, and each
paper's own "cite this paper" text. Output is HTML with DOIs and URLs linked.
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter
from citeproc.source.json import CiteProcJSON

from .model import Name, Work, WorkType

STYLE_NAME = "american-political-science-association"
STYLE_TITLE = "American Political Science Association (APSA)"

CSL_TYPES = {
    WorkType.BOOK: "book",
    WorkType.ARTICLE: "article-journal",
    WorkType.CHAPTER: "chapter",
    # citeproc-py's APSA drops the publisher of encyclopedia entries; as a
    # chapter of the encyclopedia it prints "In <title>, ed. …, 1–2".
    WorkType.ENCYCLOPEDIA_ENTRY: "chapter",
    WorkType.REPORT: "report",
    WorkType.WORKING_PAPER: "report",
    WorkType.WEBPAGE: "webpage",
    WorkType.REVIEW: "review",
    WorkType.MANUSCRIPT: "manuscript",
}
LOCATOR_LABELS = {"p.": "page", "pp.": "page", "ch.": "chapter", "chap.": "chapter",
                  "sec.": "section", "para.": "paragraph", "fig.": "figure", "n.": "note"}
URL_IN_TEXT = re.compile(r"(?<![\"'>=])(https?://[^\s<]+[^\s<.,;:)])")
DOI_IN_TEXT = re.compile(r"doi:(10\.\S+[^\s.,;<])")


@dataclass(frozen=True)
class Cite:
    """One work cited at one place, with an optional locator ("p. 5")."""

    key: str
    locator: str = ""


def csl_name(name: Name) -> dict[str, str]:
    if name.is_organisation:
        return {"literal": name.family}
    return {"family": name.family, "given": name.given}


def work_to_csl(work: Work) -> dict[str, Any]:
    item: dict[str, Any] = {"id": work.key, "type": CSL_TYPES.get(work.type, "book")}
    if work.authors:
        item["author"] = [csl_name(n) for n in work.authors]
    if work.editors:
        item["editor"] = [csl_name(n) for n in work.editors]
    if work.year.isdigit():
        item["issued"] = {"date-parts": [[int(work.year)]]}
    else:
        item["issued"] = {"literal": "n.d."}
    title = work.title
    if work.translated_title:
        title = f"{title} [{work.translated_title}]"
    optional = {
        "title": title, "container-title": work.container, "volume": work.volume,
        "issue": work.issue, "page": work.pages, "publisher": work.publisher,
        "publisher-place": work.place, "edition": work.edition, "DOI": work.doi,
        "URL": work.url, "language": work.language,
        "genre": "Working paper" if work.type is WorkType.WORKING_PAPER else "",
    }
    item.update({k: v for k, v in optional.items() if v})
    return item


def parse_locator(text: str) -> Locator | None:
    """"p. 5" → page 5; a bare "5" is a page too."""
    text = text.strip()
    if not text:
        return None
    label, _, value = text.partition(" ")
    if label.lower() in LOCATOR_LABELS and value:
        return Locator(LOCATOR_LABELS[label.lower()], value.strip())
    return Locator("page", text)


class CitationFormatter:
    """Formats a fixed set of works together, so the style can sort and
    disambiguate them as one bibliography."""

    def __init__(self, works: Sequence[Work]) -> None:
        self.works = {w.key: w for w in works}
        self._style = CitationStylesStyle(STYLE_NAME, validate=False)
        self._bibliography = CitationStylesBibliography(
            self._style, CiteProcJSON([work_to_csl(w) for w in works]), formatter.html)
        for work in works:
            self._bibliography.register(Citation([CitationItem(work.key)]))
        self._bibliography.sort()
        self._entries = {key: _finish(str(entry)) for key, entry in
                         zip(self._bibliography.keys, self._bibliography.bibliography(), strict=True)}

    def reference_html(self, key: str) -> str:
        return self._entries[key]

    def reference_text(self, key: str) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", self._entries[key]))

    def citation_html(self, cites: Iterable[Cite]) -> str:
        items = []
        for cite in cites:
            locator = parse_locator(cite.locator)
            items.append(CitationItem(cite.key, locator=locator) if locator else CitationItem(cite.key))
        citation = Citation(items)
        self._bibliography.register(citation)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc-py warns about unused item arguments
            rendered = self._bibliography.cite(citation, lambda item: None)
        return "".join(rendered) if isinstance(rendered, list) else str(rendered)


def _finish(entry: str) -> str:
    """Repair citeproc-py's empty-field punctuation and link DOIs and URLs."""
    entry = entry.replace("”. .", "”.").replace(". .", ".")
    entry = DOI_IN_TEXT.sub(lambda m: f'<a href="https://doi.org/{m.group(1)}">doi:{m.group(1)}</a>', entry)
    return URL_IN_TEXT.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', entry)
