"""Stage 2, references: the works whose keys are already published.

A key on main is a promise: notes, concept pages and other sites cite it.
The committed `bibliography.bib` is therefore read before the papers'
references are merged, and every entry in it keeps its key and its fields
whatever papers are added; `classic-works.bib` adds hand-curated works that
concept pages and notes may cite though no paper does. An entry's `ids`
field lists aliases: older keys of the same work, which still resolve.

Entries are read back into `Work`s field by field (the inverse of
export/bibtex.py), so the site shows the published record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools import urls
from build_tools.inputs import read_text
from build_tools.model import PublishedEntry, ReaderError, ReaderErrors, SourceLocation, Work, WorkType

CURATED_FILE = "classic-works.bib"
BIBTEX_LIMIT = 8 * 1024 * 1024
KEY = re.compile(r"[A-Za-z0-9_-]+")
ENCYCLOPEDIA = re.compile(r"\bencyclop", re.IGNORECASE)
TRANSLATED = re.compile(r"^(?P<original>[^\[\]]+?)\s*\[(?P<translation>[^\[\]]+)\]$")
# export/bibtex.py's `type` of a work it had to write as @misc.
MISC_TYPES = {"report": WorkType.REPORT, "working paper": WorkType.WORKING_PAPER, "article": WorkType.ARTICLE,
              "review": WorkType.REVIEW, "chapter": WorkType.CHAPTER, "encyclopedia entry": WorkType.ENCYCLOPEDIA_ENTRY,
              "manuscript": WorkType.MANUSCRIPT}
if TYPE_CHECKING:
    from bibtexparser.model import Entry

LANGUAGES = {"russian": "ru", "english": "en", "german": "de", "french": "fr", "spanish": "es",
             "portuguese": "pt", "italian": "it", "chinese": "zh", "japanese": "ja"}


def published_files(root: Path) -> tuple[tuple[Path, bool], ...]:
    """The files whose keys are published, each with whether it is curated."""
    return ((root / urls.BIBLIOGRAPHY_FILE, False), (root / CURATED_FILE, True))


def read_published(root: Path) -> tuple[PublishedEntry, ...]:
    """Every entry of the committed bibliography and the curated list; a
    missing file is an empty one (a new project has neither). Keys and
    aliases must be unique across both files: one error per clash."""
    entries: list[PublishedEntry] = []
    for path, curated in published_files(root):
        if path.is_file():
            entries += read_bibtex_entries(path, root, curated)
    check_unique_keys(entries)
    return tuple(entries)


def readable_published(root: Path) -> tuple[PublishedEntry, ...]:
    """The published entries that can be read, each key's first: what
    `mkdocs serve` and `check` go on with after `read_published` refused a
    file, so the rest of the site still renders beside the error (`bib`
    and a strict build never do)."""
    entries: dict[str, PublishedEntry] = {}
    for path, curated in published_files(root):
        if not path.is_file():
            continue
        try:
            readable, _ = _bibtex_entries_and_errors(path, root, curated)
        except ReaderError:  # the whole file: not UTF-8, too large, nested too deep
            continue
        for entry in readable:
            if not any(key.lower() in entries for key in (entry.work.key, *entry.work.aliases)):
                entries.update({key.lower(): entry for key in (entry.work.key, *entry.work.aliases)})
    return tuple(dict.fromkeys(entries.values()))


def read_bibtex_entries(path: Path, root: Path, curated: bool) -> list[PublishedEntry]:
    entries, errors = _bibtex_entries_and_errors(path, root, curated)
    if errors:
        raise ReaderErrors(errors)
    return entries


def _bibtex_entries_and_errors(path: Path, root: Path,
                               curated: bool) -> tuple[list[PublishedEntry], list[ReaderError]]:
    # bibtexparser is imported when a file is read, not with the build: the
    # entries of unchanged files come from the build's on-disk cache.
    from bibtexparser.entrypoint import parse_string

    text = read_text(path, BIBTEX_LIMIT, "a BibTeX file", root=root)
    try:
        library = parse_string(text)
    except RecursionError:
        raise ReaderError(SourceLocation(path, 1), "this BibTeX file nests braces too deeply to read",
                          "look for an entry with thousands of '{'") from None
    errors = [ReaderError(SourceLocation(path, (block.start_line or 0) + 1),
                          f"this BibTeX block cannot be read: {(block.raw or '').strip()[:60]!r}",
                          "every entry is @type{key, field = {value}, …}; check the braces and commas")
              for block in library.failed_blocks]
    entries = []
    for entry in library.entries:
        where = SourceLocation(path, (entry.start_line or 0) + 1)
        try:
            entries.append(PublishedEntry(work_from_bibtex(entry.entry_type, entry.key, _fields(entry), where),
                                          where, (entry.raw or "").strip(), curated))
        except ReaderError as error:
            errors.append(error)
    return entries, errors


def _fields(entry: Entry) -> dict[str, str]:
    return {field.key.lower(): str(field.value) for field in entry.fields}


def work_from_bibtex(entry_type: str, key: str, fields: dict[str, str], where: SourceLocation) -> Work:
    """One entry as a `Work`: the fields export/bibtex.py writes, read back,
    and the common fields of hand-written BibTeX."""
    from build_tools.bibtex_values import field_names, field_text

    if not KEY.fullmatch(key):
        raise ReaderError(where, f"the key {key!r} has characters a [@key] citation cannot hold",
                          "keys are letters, digits, '-' and '_' (mkdocs-bibtex and Pandoc read the same)")
    entry_type = entry_type.lower()
    authors, more = field_names(fields.get("author", ""))
    editors, _ = field_names(fields.get("editor", ""))
    title, translated_title = _translated(field_text(fields.get("title", "")))
    container_field = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle",
                       "techreport": "series"}.get(entry_type, "howpublished")
    container_text = field_text(fields.get(container_field) or fields.get("journaltitle") or "")
    # export/bibtex.py writes a part the source gives no title as a @misc "In <the whole>".
    part_of = entry_type == "misc" and not title and container_text.startswith("In ")
    container, translated_container = _translated(container_text.removeprefix("In ") if part_of
                                                  else container_text)
    year = re.search(r"\d{4}", fields.get("year") or fields.get("date") or "")
    url = re.sub(r"\s", "", fields.get("url", ""))
    # A report's publisher is its institution, unless that only repeats the
    # organisation that wrote it (BibTeX requires an institution).
    publisher = field_text(fields.get("publisher") or fields.get("institution") or "")
    if not fields.get("publisher") and (publisher == container_text or any(
            n.is_organisation and n.family == publisher for n in authors)):
        publisher = ""
    accessed = re.match(r"\d{4}-\d{2}-\d{2}", fields.get("urldate", ""))
    return Work(
        key=key, type=_work_type("incollection" if part_of else entry_type, fields, container, url), title=title,
        year=year.group(0) if year else "n.d.", authors=authors, more_authors=more, editors=editors,
        translated_title=translated_title, container=container, translated_container=translated_container,
        volume=field_text(fields.get("volume", "")), issue=field_text(fields.get("number", "")),
        pages=field_text(fields.get("pages", "")).replace("-", "–"),
        publisher=publisher, place=field_text(fields.get("address") or fields.get("location") or ""),
        edition=field_text(fields.get("edition", "")),
        doi=re.sub(r"^https?://(dx\.)?doi\.org/|\s", "", fields.get("doi", "")), url=url,
        accessed=accessed.group(0) if accessed else "",
        language=LANGUAGES.get(fields.get("langid", "").lower(), "en"),
        note=field_text(fields.get("note", "")),
        aliases=tuple(a.strip() for a in fields.get("ids", "").split(",") if a.strip()),
    )


def _work_type(entry_type: str, fields: dict[str, str], container: str, url: str) -> WorkType:
    if entry_type == "article":
        return WorkType.ARTICLE
    if entry_type in ("incollection", "inbook", "inproceedings"):
        return WorkType.ENCYCLOPEDIA_ENTRY if ENCYCLOPEDIA.search(container) else WorkType.CHAPTER
    if entry_type == "techreport":
        return WorkType.WORKING_PAPER if "working" in fields.get("type", "").lower() else WorkType.REPORT
    if entry_type == "unpublished":
        return WorkType.MANUSCRIPT
    if entry_type == "misc" and fields.get("type", "").lower() in MISC_TYPES:
        return MISC_TYPES[fields["type"].lower()]
    if entry_type in ("misc", "online", "electronic") and url and not fields.get("publisher"):
        return WorkType.WEBPAGE
    return WorkType.BOOK


def _translated(text: str) -> tuple[str, str]:
    """"Transliterated title [English title]", as export/bibtex.py writes it."""
    if m := TRANSLATED.match(text):
        return m.group("original").strip(), m.group("translation").strip()
    return text, ""


def check_unique_keys(entries: Iterable[PublishedEntry]) -> None:
    """A key or alias names one entry in all the published files together."""
    seen: dict[str, PublishedEntry] = {}
    errors = []
    for entry in entries:
        for key in (entry.work.key, *entry.work.aliases):
            first = seen.get(key.lower())
            if first is not None:
                errors.append(ReaderError(
                    entry.location, f"the key {key} is already used by the entry at {first.location}",
                    "a published key names one work for good; give this entry another key"))
            else:
                seen[key.lower()] = entry
    if errors:
        raise ReaderErrors(errors)
