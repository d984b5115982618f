"""Stage 5, render: the site's one citation style (APSA, through citeproc-py).

Works are data first (`Work` in model.py); this module turns them into
CSL-JSON and formats, with the same CSL style, every reference list entry,
every `[@key]` citation in hand-written pages and annotations, and each
paper's own "cite this paper" text. Output is HTML with DOIs and URLs linked.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from typing import Any

from build_tools import urls
from build_tools.cache import BuildCache, content_digest
from build_tools.model import Name, Work, WorkType
from build_tools.references.citation_syntax import Cite
from build_tools.render import escape

STYLE_NAME = "american-political-science-association"

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
EMPTY_FIELD = re.compile(r",(?:\s*,)+")
DOI_IN_TEXT = re.compile(r"doi:(10\.[^\s<]+[^\s.,;<])")


def csl_name(name: Name, text: Callable[[str], str] = escape.html_text) -> dict[str, str]:
    if name.is_organisation:
        return {"literal": text(name.family)}
    return {"family": text(name.family), "given": text(name.given)}


def year_suffixes(works: Iterable[Work]) -> dict[str, str]:
    """Key → "a", "b", … for works with the same authors and year, so two
    different works never share one citation ("Ikenberry 2019a" and
    "Ikenberry 2019b"); letters follow the titles' alphabetical order."""
    groups: dict[tuple[tuple[str, ...], str], list[Work]] = {}
    for work in works:
        if work.authors and work.year.isdigit():
            names = tuple(n.family.casefold() for n in work.authors)
            groups.setdefault((names, work.year), []).append(work)
    suffixes = {}
    for group in groups.values():
        if len(group) > 1:
            for letter, work in zip("abcdefghijklmnopqrstuvwxyz", sorted(group, key=lambda w: (w.title, w.key)),
                                    strict=False):
                suffixes[work.key] = letter
    return suffixes


def with_fullest_initials(works: Sequence[Work]) -> list[Work]:
    """One person, one name on a page: where two works name the same family
    with initials of which one is the start of the other ("Waltz, K." in one
    paper, "Waltz, K.N." in another), both print the fuller. Initials that
    differ ("Snyder, G.H." and "Snyder, J.") are two people and stay."""
    given: dict[str, set[str]] = {}
    for work in works:
        for name in (*work.authors, *work.editors):
            if name.given and not name.is_organisation:
                given.setdefault(name.family, set()).add(name.given)

    def fullest(name: Name) -> Name:
        if name.is_organisation or not name.given:
            return name
        mine = _initials(name.given)
        longer = [g for g in given.get(name.family, ()) if len(_initials(g)) > len(mine)
                  and _initials(g).startswith(mine) and all(
                      not _initials(o).startswith(mine) or _initials(g).startswith(_initials(o))
                      for o in given[name.family])]
        return replace(name, given=max(longer, key=lambda g: (len(_initials(g)), g))) if longer else name

    out = []
    for work in works:
        authors, editors = tuple(map(fullest, work.authors)), tuple(map(fullest, work.editors))
        out.append(work if (authors, editors) == (work.authors, work.editors)
                   else replace(work, authors=authors, editors=editors))
    return out


def _initials(given: str) -> str:
    """"K.N." and "K. N." → "KN"; "Kenneth N." → "KN"."""
    return "".join(part[0] for part in re.split(r"[\s.]+", given) if part).upper()


def work_to_csl(work: Work, year_suffix: str = "", as_html: bool = True) -> dict[str, Any]:
    """The work as CSL data: for citeproc-py's HTML formatter (`as_html`),
    which writes field text as it is, each value is escaped as the HTML text
    it becomes; as data for a file (CSL-JSON), values are plain text."""
    text: Callable[[str], str] = escape.html_text if as_html else str
    item: dict[str, Any] = {"id": work.key, "type": CSL_TYPES.get(work.type, "book")}
    if work.authors:
        item["author"] = [csl_name(n, text) for n in work.authors]
    if work.editors:
        item["editor"] = [csl_name(n, text) for n in work.editors]
    if work.year.isdigit() and year_suffix:
        # citeproc-py ignores CSL's year-suffix; a literal date prints it.
        item["issued"] = {"literal": work.year + year_suffix}
    elif work.year.isdigit():
        item["issued"] = {"date-parts": [[int(work.year)]]}
    else:
        item["issued"] = {"literal": "n.d."}
    title = inner_quotes_single(work.title)
    if work.translated_title:
        title = f"{title} [{inner_quotes_single(work.translated_title)}]"
    optional = {
        "title": title, "container-title": work.container, "volume": work.volume,
        "issue": work.issue, "page": work.pages, "publisher": work.publisher,
        "publisher-place": work.place, "edition": work.edition, "DOI": urls.work_doi(work.doi),
        "URL": urls.work_url(work.url), "language": work.language,
        "genre": "Working paper" if work.type is WorkType.WORKING_PAPER else "",
    }
    item.update({k: v if k == "language" else text(v) for k, v in optional.items() if v})
    return item


def inner_quotes_single(title: str) -> str:
    """The style puts an article title in double quotes, so quotes inside it
    become single (“The Empire Will Compensate You” → ‘The Empire Will
    Compensate You’), instead of printing ““…”."""
    return title.replace("“", "‘").replace("”", "’").replace('"', "'")


def parse_locator(text: str) -> tuple[str, str] | None:
    """"p. 5" → ("page", "5"); a bare "5" is a page too."""
    text = text.strip()
    if not text:
        return None
    label, _, value = text.partition(" ")
    if label.lower() in LOCATOR_LABELS and value:
        return LOCATOR_LABELS[label.lower()], value.strip()
    return "page", text


class CitationFormatter:
    """Formats a fixed set of works together, so the style can sort and
    disambiguate them as one bibliography. A `cache` keeps each formatted
    entry while its work's CSL data is unchanged, and each citation while
    the works are, on disk too (`BuildCache` with a `LastingCache`): a
    build whose works were all formatted before never starts citeproc-py."""

    def __init__(self, works: Sequence[Work], cache: BuildCache | None = None,
                 aliases: Mapping[str, str] | None = None) -> None:
        cache = cache or BuildCache()
        works = with_fullest_initials(works)
        # A published key that became an alias still cites its work.
        self.aliases = dict(aliases or {})
        self.works = {w.key: w for w in works}
        self.works.update({alias: self.works[key] for alias, key in self.aliases.items() if key in self.works})
        # One table of formatted entries for the works and for each paper's
        # printed editions: most editions are a work as the site lists it.
        self._formatted = cache.table("render.csl-entry", lasting=True)
        suffixes = year_suffixes(works)
        data = [work_to_csl(w, suffixes.get(w.key, "")) for w in works]
        texts = tuple(json.dumps(item, sort_keys=True) for item in data)
        # Same works as the last build (live reload after an edit that changed
        # no reference): the style and its bibliography hold. Citing a
        # registered work again changes no entry (APSA has no "ibid.").
        self._styled = cache.remembered("render.citation-style", texts, lambda: _StyledWorks(data), limit=1)
        # A citation's text depends on the cited works, their locators, the
        # site's works (sorted and registered together) and which keys are
        # aliases, nothing else.
        self.works_digest = content_digest(json.dumps([texts, sorted(self.aliases.items())]).encode())
        self._citations = cache.table("render.citation", lasting=True)
        entry_keys = {item["id"].lower(): entry_key(item) for item in data}
        if any(key not in self._formatted for key in entry_keys.values()):
            _format_entries(self._styled.style, self._styled.bibliography, entry_keys, self._formatted)
        self._entries = {key: str(self._formatted[entry]) for key, entry in entry_keys.items()}

    def canonical(self, key: str) -> str:
        return self.aliases.get(key, key)

    def reference_html(self, key: str) -> str:
        key = self.canonical(key)
        return _without_repeated_editors(self._entries[key], self.works[key])

    def edition_html(self, work: Work) -> str:
        """The entry for `work` as one paper printed it (its own fields and
        year), formatted alone in the same style; kept in the caller's cache
        by its CSL data, as every paper's list asks for its entries."""
        data = [work_to_csl(work)]
        key = entry_key(data[0])
        if key not in self._formatted:
            from build_tools.render import citeproc_engine
            self._formatted[key] = _finish(citeproc_engine.entry_alone(self._styled.style, data[0]))
        return _without_repeated_editors(str(self._formatted[key]), work)

    def reference_text(self, key: str) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", self._entries[self.canonical(key)]))

    def citation_html(self, cites: Iterable[Cite]) -> str:
        """One in-text citation. Remembered for as long as the works are the
        same: its text depends only on the cited works and locators (the
        style has no "ibid." or other position-dependent form), and concept
        pages cite the same few works on every build."""
        key = (self.works_digest, tuple(cites))
        remembered = self._citations.get(key)
        if remembered is None:
            remembered = self._citations[key] = self._format_citation(key[1])
        return str(remembered)

    def _format_citation(self, cites: tuple[Cite, ...]) -> str:
        from build_tools.render import citeproc_engine
        return citeproc_engine.citation(self._styled.bibliography,
                                        [(self.canonical(cite.key), parse_locator(cite.locator)) for cite in cites])


def entry_key(item: Mapping[str, Any]) -> str:
    """What a formatted entry depends on: the item's CSL-JSON, with a page
    range's en dash read as a hyphen. citeproc-py reads `page` only to
    format it as a number range, and turns an en dash into a hyphen before
    anything else, so "7-48" (Istomin & Baykov's list) and "7–48" (the
    published entry) print the same."""
    if "page" in item:
        item = {**item, "page": item["page"].replace("–", "-")}
    return json.dumps(item, sort_keys=True)


class _StyledWorks:
    """The style and the site's works registered and sorted in citeproc-py,
    made only when an entry or citation is not in the cache."""

    def __init__(self, data: list[dict[str, Any]]) -> None:
        self.data = data

    @cached_property
    def style(self) -> Any:
        from build_tools.render import citeproc_engine  # citeproc-py and lxml: only when a build formats
        return citeproc_engine.RememberingStyle(STYLE_NAME)

    @cached_property
    def bibliography(self) -> Any:
        from build_tools.render import citeproc_engine
        return citeproc_engine.sorted_bibliography(self.style, self.data)


def _format_entries(style: Any, bibliography: Any, entry_keys: dict[str, str], formatted: dict[Any, Any]
                    ) -> None:
    """Each work's entry, into `formatted`. The style renders every
    entry on its own (citeproc-py does no disambiguation, and APSA has no
    subsequent-author substitution), so an entry depends only on its work's
    CSL data (`entry_keys`, by lowercased key) and is reused from
    `formatted` when that is unchanged: on live reload only new or edited
    works are formatted, and a paper's printed edition that is the work as
    listed is formatted once."""
    missing = [item for item in bibliography.items if entry_keys[item.key] not in formatted]
    if missing:
        rendered = style.render_bibliography(missing)
        for item, entry in zip(missing, rendered, strict=True):
            formatted[entry_keys[item.key]] = _finish(str(entry))


def _without_repeated_editors(entry: str, work: Work) -> str:
    """An edited book with no author is filed under its editors ("Knopf,
    J.W., ed. 2012. …"); citeproc-py ignores the style's rule that a name
    put in the author's place is not printed again, and adds "ed. J.W.
    Knopf." after the title. Drop that second listing."""
    if work.authors or not work.editors:
        return entry
    last = re.escape(escape.html_text(work.editors[-1].family))
    return re.sub(rf"(?<=[.>]) eds?\. [^<]*?{last}\.", "", entry, count=1)


def _finish(entry: str) -> str:
    """Repair citeproc-py's empty-field punctuation and link DOIs and URLs.
    The entry is HTML whose text came from a source: a URL in it is text
    (entities and all), so it is unescaped, then checked and escaped again
    as a link target; a `"` in it can never end the attribute."""
    entry = entry.replace("”. .", "”.").replace(". .", ".")
    entry = EMPTY_FIELD.sub(",", entry)  # "Relations</i>, , 221–46" → "Relations</i>, 221–46"
    entry = DOI_IN_TEXT.sub(lambda m: _link(urls.doi_url(_unescape(m.group(1))), f"doi:{m.group(1)}"), entry)
    return URL_IN_TEXT.sub(lambda m: _link(_unescape(m.group(1)), m.group(1)), entry)


def _unescape(text_html: str) -> str:
    # Only what an HTML escaper writes: citeproc-py leaves a URL's "&" bare,
    # and html.unescape would read "&para=1" as "¶=1".
    for entity, character in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#x27;", "'"), ("&amp;", "&")):
        text_html = text_html.replace(entity, character)
    return text_html


def _link(url: str, text_html: str) -> str:
    # A URL the converter cut ("https://[www.…") stays text: it leads nowhere.
    target = escape.href(url) if urls.is_web_address(url) else ""
    return f'<a href="{target}">{text_html}</a>' if target else text_html
