"""Stage 1a: load `papers/<slug>/`: its `paper.yml`, its raw source, the
recorded corrections applied to that source, and the detected format.

The raw file is only ever read; corrections change the in-memory text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, fields
from pathlib import Path

from build_tools import urls
from build_tools.front_matter import LocatedMapping, load_located_mapping
from build_tools.inputs import METADATA_LIMIT, SOURCE_LIMIT, read_text
from build_tools.model import (
    Correction,
    PaperMetadata,
    Problems,
    ReaderError,
    SourceFormat,
    SourceLocation,
    Venue,
    each_checked,
)

PAPER_FILE = "paper.yml"
REQUIRED_FIELDS = ("slug", "source", "short_title", "provenance", "licence")
KNOWN_FIELDS = set(REQUIRED_FIELDS) | {
    "format", "language", "venue", "doi", "url", "corrections", "bibliography",
}
VENUE_FIELDS = ("journal", "year", "volume", "issue", "pages", "article_number", "publisher")
# These two go into the .bib download, link targets and meta tags: no
# character that ends a quoted attribute, a BibTeX field or a URL.
DOI = re.compile(r'10\.\d{4,9}/[^\s"<>{}\\]+')
WEB_URL = re.compile(r'https?://[^\s"<>{}\\]+')
# Pandoc reads a bibliography by its extension: BibTeX or BibLaTeX, or CSL
# JSON (Zotero's and Quarto's export). (Pandoc's CSL YAML is not read: a
# paper's folder holds other YAML files, so it could not be told apart.)
CSL_BIBLIOGRAPHY_SUFFIXES = (".json",)
BIBLIOGRAPHY_SUFFIXES = (".bib", *CSL_BIBLIOGRAPHY_SUFFIXES)


@dataclass(frozen=True)
class PaperSource:
    """A paper directory read from disk, corrections applied."""

    metadata: PaperMetadata
    path: Path
    text: str
    format: SourceFormat
    # raw_lines[n - 1] is the line of the RAW file that line n of `text` came
    # from, so messages point at the file a maintainer can open.
    raw_lines: tuple[int, ...] = ()

    def where(self, line: int) -> SourceLocation:
        """The raw-source location of line `line` of the corrected text."""
        if 0 < line <= len(self.raw_lines):
            return SourceLocation(self.path, self.raw_lines[line - 1])
        return SourceLocation(self.path, line)


def bibliographies_beside(source: Path) -> list[Path]:
    """The bibliographies beside a Pandoc source that names none: its .bib
    files, else its CSL JSON files (a YAML file there is as likely paper.yml
    or Quarto's configuration)."""
    return sorted(source.parent.glob("*.bib")) or sorted(source.parent.glob("*.json"))


def load_paper_source(paper_dir: Path) -> PaperSource:
    metadata = load_metadata(paper_dir)
    raw_path = metadata.source
    raw = read_text(raw_path, SOURCE_LIMIT, "a paper source", root=paper_dir.parent.parent)
    text, raw_lines = apply_corrections_with_line_map(raw, metadata.corrections, raw_path)
    declared = metadata.format
    if declared is SourceFormat.PDF_MARKDOWN:
        # The old name of converted Markdown; papers that still say it are
        # read by the converted-Markdown reader.
        declared = SourceFormat.CONVERTED_MARKDOWN
    # A structured source may say what it is in paper.yml: its evidence is in
    # markup a text sniff can miss (a JATS file with a long prolog).
    structured = declared in (SourceFormat.JATS, SourceFormat.PANDOC_MARKDOWN)
    detected = declared if structured and declared else detect_format(text, raw_path)
    if declared is not None and declared is not detected:
        assert metadata.location is not None
        raise ReaderError(
            metadata.location,
            f"paper.yml says format {declared.value!r} but the source looks like "
            f"{detected.value!r}",
            "remove the 'format' field or fix the source file name",
        )
    return PaperSource(metadata, raw_path, text, detected, raw_lines)


def load_metadata(paper_dir: Path) -> PaperMetadata:
    yml = paper_dir / PAPER_FILE
    if not yml.is_file():
        raise ReaderError(
            paper_dir,
            f"no {PAPER_FILE} in this paper directory",
            "copy papers/zou-balancing-act/paper.yml and edit it; see README 'Adding a paper'",
        )
    text = read_text(yml, METADATA_LIMIT, PAPER_FILE, root=paper_dir.parent.parent, hand_written=True)
    mapping = load_located_mapping(text, yml)
    values = mapping.values
    # Every problem of the file in one run: each field is checked on its own.
    problems = Problems()
    for key in values:
        if key not in KNOWN_FIELDS:
            close = difflib.get_close_matches(str(key), sorted(KNOWN_FIELDS), n=1)
            problems.record(ReaderError(
                mapping.where(key),
                f"unknown field {key!r}",
                (f"did you mean {close[0]!r}? " if close else "")
                + f"known fields are: {', '.join(sorted(KNOWN_FIELDS))}",
            ))
    for key in REQUIRED_FIELDS:
        if not isinstance(values.get(key), str) or not values[key].strip():
            problems.record(ReaderError(
                mapping.where(key),
                f"missing or empty required field {key!r}; expected a text value",
                f"every paper.yml needs: {', '.join(REQUIRED_FIELDS)}",
            ))
    slug = values.get("slug")
    if isinstance(slug, str) and slug.strip() and (not urls.is_slug(slug) or slug != paper_dir.name):
        problems.record(ReaderError(
            mapping.where("slug"),
            f"slug {slug!r} must be lowercase words joined by '-' and equal the directory "
            f"name {paper_dir.name!r}",
            "the slug is the paper's URL (/papers/<slug>/); keep it stable once published",
        ))
    source = problems.attempt(lambda: _source_field(mapping, paper_dir), None)
    format_ = problems.attempt(lambda: _format_field(mapping), None)
    language = problems.attempt(lambda: _optional_text(mapping, "language"), "")
    venue = problems.attempt(lambda: _venue_field(mapping), Venue())
    doi = problems.attempt(lambda: _checked(mapping, "doi", DOI, "a DOI such as 10.1080/01402390.2023.2203890, "
                                            "without https://doi.org/"), "")
    url = problems.attempt(lambda: _checked(mapping, "url", WEB_URL, "a web address starting with https:// or "
                                            "http://"), "")
    corrections = problems.attempt(lambda: _corrections_field(mapping), ())
    problems.raise_if_any()
    assert isinstance(slug, str) and source is not None
    return PaperMetadata(
        slug=slug,
        source=source,
        format=format_,
        short_title=values["short_title"],
        provenance=values["provenance"].strip(),
        licence=values["licence"].strip(),
        language=language,  # "" = not stated: the source may say (JATS xml:lang), else English
        venue=venue,
        doi=doi,
        url=url,
        corrections=corrections,
        bibliography=paper_dir / str(values["bibliography"]) if values.get("bibliography") else None,
        location=mapping.where(),
    )


def _source_field(mapping: LocatedMapping, paper_dir: Path) -> Path | None:
    """The raw source file named by `source` (None when the field is missing,
    which the required-field check reports)."""
    name = mapping.values.get("source")
    if not isinstance(name, str) or not name.strip():
        return None
    source = paper_dir / name
    if source.resolve().parent != paper_dir.resolve():
        raise ReaderError(
            mapping.where("source"),
            f"source {name!r} is not a file in this paper's directory",
            f"put the raw text in {paper_dir} and give its file name, e.g. source: source.md",
        )
    if not source.is_file():
        raise ReaderError(
            mapping.where("source"),
            f"source file {name!r} does not exist",
            f"put the raw text at {source} or fix the 'source' field",
        )
    return source


def _optional_text(mapping: LocatedMapping, key: str) -> str:
    """A text field that may be left out; YAML's yes/no/on/off, numbers and
    dates are refused rather than turned into "True" or "2020-01-01"."""
    value = mapping.values.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ReaderError(mapping.where(key), f"{key!r} must be text, not {type(value).__name__} {value!r}",
                          f"put the value in quotes: {key}: \"…\"")
    return value.strip()


def _checked(mapping: LocatedMapping, key: str, pattern: re.Pattern[str], expected: str) -> str:
    value = _optional_text(mapping, key)
    if value and not pattern.fullmatch(value):
        raise ReaderError(mapping.where(key), f"{key} {value!r} is not {expected}",
                          "quotes, braces, backslashes, '<', '>' and spaces are not allowed in it")
    return value


def _format_field(mapping: LocatedMapping) -> SourceFormat | None:
    value = mapping.values.get("format")
    if value is None:
        return None
    try:
        return SourceFormat(value)
    except ValueError:
        raise ReaderError(
            mapping.where("format"),
            f"unknown format {value!r}",
            f"use one of: {', '.join(f.value for f in SourceFormat)}, or leave it out to detect",
        ) from None


def _venue_field(mapping: LocatedMapping) -> Venue:
    value = mapping.values.get("venue") or {}
    if not isinstance(value, dict) or set(value) - set(VENUE_FIELDS):
        raise ReaderError(
            mapping.where("venue"),
            "venue must be a mapping with only these fields: " + ", ".join(VENUE_FIELDS),
            "e.g. venue: {journal: Polis. Political Studies, year: 2020, issue: 6}",
        )
    for key, item in value.items():
        if isinstance(item, bool) or not isinstance(item, str | int | None):
            raise ReaderError(mapping.where("venue"), f"venue {key} must be text or a number, not {item!r}",
                              f"put the value in quotes: {key}: \"…\"")
    return Venue(**{k: str(v) for k, v in value.items() if v is not None})


def stated_venue_first(stated: Venue, found: Venue) -> Venue:
    """The venue a reader found in the source, with every field paper.yml
    states put over it: paper.yml states what the source gets wrong or lacks."""
    return Venue(**{f.name: getattr(stated, f.name) or getattr(found, f.name) for f in fields(Venue)})


def _corrections_field(mapping: LocatedMapping) -> tuple[Correction, ...]:
    items = mapping.values.get("corrections") or []
    if not isinstance(items, list):
        raise ReaderError(mapping.where("corrections"), "corrections must be a list",
                          "write each correction as '- find: …' with replace and reason")
    return each_checked(enumerate(items), lambda numbered: _correction(mapping, *numbered))


def _correction(mapping: LocatedMapping, index: int, item: object) -> Correction:
    where = SourceLocation(mapping.path, mapping.item_line("corrections", index))
    if not isinstance(item, dict) or not {"find", "replace", "reason"} <= set(item):
        raise ReaderError(
            where,
            f"correction {index + 1} needs 'find', 'replace' and 'reason'",
            "say why the raw text is wrong in 'reason', so a reviewer can check it",
        )
    wrong = [k for k in ("find", "replace", "reason") if not isinstance(item[k], str)]
    if wrong:
        raise ReaderError(where, f"correction {index + 1}: {wrong[0]!r} must be text, not {item[wrong[0]]!r}",
                          "put the value in quotes; write replace: \"\" to delete text")
    if not str(item["find"]):
        raise ReaderError(where, f"correction {index + 1} has an empty 'find'",
                          "quote the exact wrong text from the source")
    unknown = set(item) - {"find", "replace", "reason", "all"}
    if unknown:
        raise ReaderError(where, f"correction {index + 1} has unknown field {sorted(unknown)[0]!r}",
                          "a correction has find, replace, reason and optionally all: true")
    every = item.get("all", False)
    if not isinstance(every, bool):
        raise ReaderError(where, f"correction {index + 1}: 'all' must be true or false",
                          "write 'all: true' to replace every occurrence of 'find'")
    return Correction(str(item["find"]), str(item["replace"]), str(item["reason"]), where, every)


def apply_corrections(text: str, corrections: tuple[Correction, ...], source: Path) -> str:
    return apply_corrections_with_line_map(text, corrections, source)[0]


def apply_corrections_with_line_map(text: str, corrections: tuple[Correction, ...],
                                    source: Path) -> tuple[str, tuple[int, ...]]:
    """Apply each correction in order; each must match exactly once (or, with
    `all: true`, at least once) so that a changed source can never be silently
    mis-corrected. Also returns, for each line of the corrected text, the raw
    line it came from: a correction that adds or removes line breaks must not
    shift the line numbers of every later message."""
    raw_lines = list(range(1, text.count("\n") + 2))
    problems = Problems()  # every correction that no longer fits, in one run
    for number, correction in enumerate(corrections, start=1):
        count = text.count(correction.find)
        if count == 0 or (count > 1 and not correction.every_occurrence):
            problems.record(ReaderError(
                correction.location,
                f"correction {number} matched {count} times in {source.name}; expected "
                + ("at least 1" if correction.every_occurrence else "exactly 1"),
                "lengthen 'find' with neighbouring words so it is unique, or add 'all: true'"
                if count > 1 else
                "the source no longer contains this text; remove or update the correction",
            ))
            continue
        text, raw_lines = _replace_keeping_line_map(text, raw_lines, correction.find, correction.replace)
    problems.raise_if_any()
    return text, tuple(raw_lines)


def _replace_keeping_line_map(text: str, raw_lines: list[int], find: str,
                              replace: str) -> tuple[str, list[int]]:
    """Replace every `find`; each output line keeps the raw line it starts on
    (a line a correction joins keeps its first raw line)."""
    old_breaks = find.count("\n")
    pieces: list[str] = []
    lines: list[int] = []
    line = 0                  # input line at `position`
    open_raw = raw_lines[0]   # raw line the output line being written started on
    position = 0
    while (found := text.find(find, position)) >= 0:
        before = text[position:found]
        pieces.append(before)
        for _ in range(before.count("\n")):
            lines.append(open_raw)
            line += 1
            open_raw = raw_lines[line]
        pieces.append(replace)
        for k in range(replace.count("\n")):
            lines.append(open_raw)
            open_raw = raw_lines[line + min(k + 1, old_breaks)]
        line += old_breaks
        position = found + len(find)
    rest = text[position:]
    pieces.append(rest)
    for _ in range(rest.count("\n")):
        lines.append(open_raw)
        line += 1
        open_raw = raw_lines[line]
    lines.append(open_raw)
    return "".join(pieces), lines


# XML whose first element is <article>, after the prolog (declaration,
# processing instructions, comments, DOCTYPE). Each prolog item is atomic and
# the run of them possessive: 30 processing instructions before <html> took
# exponential time when the match backtracked into them.
JATS_ROOT = re.compile(r"\A\ufeff?\s*(?:(?><\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*+(?:\[.*?\])?\s*>)\s*)*+"
                       r"<(?:[\w-]+:)?article[\s>/]", re.S)
# A Pandoc YAML metadata block opening the file.
PANDOC_YAML = re.compile(r"\A\ufeff?---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def detect_format(text: str, path: Path) -> SourceFormat:
    """Recognise the source kind from its content, not its file name.
    Structured sources first, and only on unambiguous evidence: XML whose
    root is <article>; a YAML block with a bibliography (named in it or a
    .bib beside the source). Then the landing page by its two labels; any
    other plain text (Markdown from any PDF converter, or text with no
    markup at all) is read by evidence."""
    if JATS_ROOT.match(text[:100_000]):
        return SourceFormat.JATS
    if (m := PANDOC_YAML.match(text)) and (re.search(r"^bibliography\s*:", m.group("yaml"), re.M)
                                           or any(path.parent.glob("*.bib"))):
        return SourceFormat.PANDOC_MARKDOWN
    if re.search(r"^DOI: 10\.\S+$", text, re.M) and re.search(r"^For citation:\s*$", text, re.M):
        return SourceFormat.POLIS_LANDING_PAGE
    head = text.lstrip("\ufeff \t\r\n")[:200]
    # Markup that is not a JATS article (HTML, other XML), binary data, or nothing.
    if head.startswith("<") or "\x00" in text or not head:
        raise ReaderError(
            SourceLocation(path, 1),
            "the source matches no known format",
            "expected JATS XML (root <article>), Pandoc Markdown (a YAML block and a bibliography), a journal "
            "landing page (lines 'DOI: …' and 'For citation:') or Markdown / plain text converted from a PDF "
            "(docling, marker, pymupdf4llm, markitdown, …)",
        )
    return SourceFormat.CONVERTED_MARKDOWN
