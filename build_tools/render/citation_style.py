"""Stage 2b: the site's one citation style (APSA, through citeproc-py).

Works are data first (`Work` in model.py); this module turns them into
CSL-JSON and formats, with the same CSL style, every reference list entry,
every `[@key]` citation in hand-written pages and annotations, and each
paper's own "cite this paper" text. Output is HTML with DOIs and URLs linked.
"""

from __future__ import annotations

import html
import json
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter
from citeproc.model import CitationStylesElement
from citeproc.source.json import CiteProcJSON

from build_tools.model import Name, Work, WorkType

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
        self._entries: dict[str, str]
        self._citations: dict[tuple[Cite, ...], str]
        data = [work_to_csl(w) for w in works]
        texts = tuple(json.dumps(item, sort_keys=True) for item in data)
        if _LAST_STYLED and _LAST_STYLED[0] == texts:
            # Same works as the last build (live reload after an edit that
            # changed no reference): its sorted, formatted bibliography holds.
            self._style, self._bibliography, self._entries, self._citations = _LAST_STYLED[1]
            return
        _XPATH_RESULTS.clear()  # the previous formatter's style tree is not used again
        self._style = CitationStylesStyle(STYLE_NAME, validate=False)
        self._bibliography = _KeyedBibliography(self._style, CiteProcJSON(data), formatter.html)
        for work in works:
            self._bibliography.register(Citation([CitationItem(work.key)]))
        self._bibliography.sort()
        self._entries = self._format_entries(dict(zip((item["id"].lower() for item in data), texts, strict=True)))
        self._citations = {}
        _LAST_STYLED[:] = [texts, (self._style, self._bibliography, self._entries, self._citations)]

    def _format_entries(self, cache_keys: dict[str, str]) -> dict[str, str]:
        """Each work's entry, in bibliography order. The style renders every
        entry on its own (citeproc-py does no disambiguation, and APSA has no
        subsequent-author substitution), so an entry depends only on its
        work's CSL data and is reused from `_ENTRY_CACHE` when that is
        unchanged: on live reload only new or edited works are formatted."""
        items = self._bibliography.items
        missing = [item for item in items if cache_keys[item.key] not in _ENTRY_CACHE]
        if missing:
            if len(_ENTRY_CACHE) > ENTRY_CACHE_SIZE:
                _ENTRY_CACHE.clear()
            rendered = self._style.render_bibliography(missing)
            for item, entry in zip(missing, rendered, strict=True):
                _ENTRY_CACHE[cache_keys[item.key]] = _finish(str(entry))
        return {key: _ENTRY_CACHE[cache_keys[item.key]]
                for key, item in zip(self._bibliography.keys, items, strict=True)}

    def reference_html(self, key: str) -> str:
        return self._entries[key]

    def reference_text(self, key: str) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", self._entries[key]))

    def citation_html(self, cites: Iterable[Cite]) -> str:
        """One in-text citation. Remembered for as long as the works are the
        same: its text depends only on the cited works and locators (the
        style has no "ibid." or other position-dependent form), and concept
        pages cite the same few works on every build."""
        cites = tuple(cites)
        remembered = self._citations.get(cites)
        if remembered is None:
            remembered = self._citations[cites] = self._format_citation(cites)
        return remembered

    def _format_citation(self, cites: tuple[Cite, ...]) -> str:
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


# citeproc-py looks up macros, terms and the enclosing layout with an XPath
# query on the style's XML for every variable of every entry: 40% of its
# time. The style tree never changes while it renders, so each (element,
# query) result is kept; the key holds the element, so its id is never
# reused. Callers get a fresh list, as from lxml.
_XPATH_RESULTS: dict[tuple[Any, str], tuple[Any, ...]] = {}


def _remembered_xpath_search(self: Any, expression: str) -> list[Any]:
    key = (self, expression)
    found = _XPATH_RESULTS.get(key)
    if found is None:
        found = _XPATH_RESULTS[key] = tuple(self.xpath(expression, namespaces=self.nsmap))
    return list(found)


CitationStylesElement.xpath_search = _remembered_xpath_search


# The last formatter's CSL-JSON texts and its (style, bibliography, entries,
# citations).
# Citing a registered work again adds nothing that changes an entry or a
# citation (the style has no position-dependent forms such as "ibid.").
_LAST_STYLED: list[Any] = []

# Formatted entries by CSL-JSON text (see `CitationFormatter._format_entries`);
# cleared when it outgrows a large corpus several times over.
_ENTRY_CACHE: dict[str, str] = {}
ENTRY_CACHE_SIZE = 100_000


class _KeyList(list[str]):
    """citeproc-py keeps the registered keys in a list and asks `key in
    keys` for every registration and `keys.index(key)` for every cite: both
    linear, so registering n works took time growing with n². Same list,
    with those two answered from a dict."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        super().__init__(keys)
        self._positions: dict[str, int] = {}
        for position, key in enumerate(self):
            self._positions.setdefault(key, position)

    def append(self, key: str) -> None:
        self._positions.setdefault(key, len(self))
        super().append(key)

    def __contains__(self, key: object) -> bool:
        return key in self._positions

    def index(self, key: str, *bounds: Any) -> int:
        if bounds:
            return super().index(key, *bounds)
        try:
            return self._positions[key]
        except KeyError:
            raise ValueError(f"{key!r} is not in list") from None


class _KeyedBibliography(CitationStylesBibliography):  # type: ignore[misc]
    """citeproc-py's bibliography with `_KeyList` keys."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = _KeyList()

    def sort(self) -> None:
        super().sort()
        self.keys = _KeyList(self.keys)


def _finish(entry: str) -> str:
    """Repair citeproc-py's empty-field punctuation and link DOIs and URLs."""
    entry = entry.replace("”. .", "”.").replace(". .", ".")
    entry = DOI_IN_TEXT.sub(lambda m: f'<a href="https://doi.org/{m.group(1)}">doi:{m.group(1)}</a>', entry)
    return URL_IN_TEXT.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', entry)
