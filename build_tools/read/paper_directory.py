"""Stage 1a: load `papers/<slug>/`: its `paper.yml`, its raw source, the
recorded corrections applied to that source, and the detected format.

The raw file is only ever read; corrections change the in-memory text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from build_tools.front_matter import LocatedMapping, load_located_mapping
from build_tools.inputs import METADATA_LIMIT, SOURCE_LIMIT, read_text
from build_tools.model import Correction, PaperMetadata, ReaderError, SourceFormat, SourceLocation, Venue

PAPER_FILE = "paper.yml"
REQUIRED_FIELDS = ("slug", "source", "short_title", "provenance", "licence")
KNOWN_FIELDS = set(REQUIRED_FIELDS) | {
    "format", "language", "venue", "doi", "url", "corrections",
}
VENUE_FIELDS = ("journal", "year", "volume", "issue", "pages", "publisher")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# These two go into the .bib download, link targets and meta tags: no
# character that ends a quoted attribute, a BibTeX field or a URL.
DOI = re.compile(r'10\.\d{4,9}/[^\s"<>{}\\]+')
WEB_URL = re.compile(r'https?://[^\s"<>{}\\]+')


@dataclass(frozen=True)
class PaperSource:
    """A paper directory read from disk, corrections applied."""

    metadata: PaperMetadata
    path: Path
    text: str
    format: SourceFormat


def load_paper_source(paper_dir: Path) -> PaperSource:
    metadata = load_metadata(paper_dir)
    raw_path = metadata.source
    raw = read_text(raw_path, SOURCE_LIMIT, "a paper source", root=paper_dir.parent.parent)
    text = apply_corrections(raw, metadata.corrections, raw_path)
    detected = detect_format(text, raw_path)
    if metadata.format is not None and metadata.format is not detected:
        assert metadata.location is not None
        raise ReaderError(
            metadata.location,
            f"paper.yml says format {metadata.format.value!r} but the source looks like "
            f"{detected.value!r}",
            "remove the 'format' field or fix the source file name",
        )
    return PaperSource(metadata, raw_path, text, detected)


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
    for key in values:
        if key not in KNOWN_FIELDS:
            raise ReaderError(
                mapping.where(key),
                f"unknown field {key!r}",
                f"known fields are: {', '.join(sorted(KNOWN_FIELDS))}",
            )
    for key in REQUIRED_FIELDS:
        if not isinstance(values.get(key), str) or not values[key].strip():
            raise ReaderError(
                mapping.where(key),
                f"missing or empty required field {key!r}; expected a text value",
                f"every paper.yml needs: {', '.join(REQUIRED_FIELDS)}",
            )
    slug = values["slug"]
    if not SLUG_PATTERN.match(slug) or slug != paper_dir.name:
        raise ReaderError(
            mapping.where("slug"),
            f"slug {slug!r} must be lowercase words joined by '-' and equal the directory "
            f"name {paper_dir.name!r}",
            "the slug is the paper's URL (/papers/<slug>/); keep it stable once published",
        )
    source = paper_dir / values["source"]
    if source.resolve().parent != paper_dir.resolve():
        raise ReaderError(
            mapping.where("source"),
            f"source {values['source']!r} is not a file in this paper's directory",
            f"put the raw text in {paper_dir} and give its file name, e.g. source: source.md",
        )
    if not source.is_file():
        raise ReaderError(
            mapping.where("source"),
            f"source file {values['source']!r} does not exist",
            f"put the raw text at {source} or fix the 'source' field",
        )
    return PaperMetadata(
        slug=slug,
        source=source,
        format=_format_field(mapping),
        short_title=values["short_title"],
        provenance=values["provenance"].strip(),
        licence=values["licence"].strip(),
        language=_optional_text(mapping, "language") or "en",
        venue=_venue_field(mapping),
        doi=_checked(mapping, "doi", DOI, "a DOI such as 10.1080/01402390.2023.2203890, without https://doi.org/"),
        url=_checked(mapping, "url", WEB_URL, "a web address starting with https:// or http://"),
        corrections=_corrections_field(mapping),
        location=mapping.where(),
    )


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


def _corrections_field(mapping: LocatedMapping) -> tuple[Correction, ...]:
    items = mapping.values.get("corrections") or []
    if not isinstance(items, list):
        raise ReaderError(mapping.where("corrections"), "corrections must be a list",
                          "write each correction as '- find: …' with replace and reason")
    corrections = []
    for index, item in enumerate(items):
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
        corrections.append(Correction(str(item["find"]), str(item["replace"]),
                                      str(item["reason"]), where))
    return tuple(corrections)


def apply_corrections(text: str, corrections: tuple[Correction, ...], source: Path) -> str:
    """Apply each correction in order; each must match exactly once so that a
    changed source can never be silently mis-corrected."""
    for number, correction in enumerate(corrections, start=1):
        count = text.count(correction.find)
        if count != 1:
            raise ReaderError(
                correction.location,
                f"correction {number} matched {count} times in {source.name}; expected exactly 1",
                "lengthen 'find' with neighbouring words so it is unique"
                if count > 1 else
                "the source no longer contains this text; remove or update the correction",
            )
        text = text.replace(correction.find, correction.replace)
    return text


def detect_format(text: str, path: Path) -> SourceFormat:
    """Recognise the source kind from its content, not its file name."""
    if re.search(r"^DOI: 10\.\S+$", text, re.M) and re.search(r"^For citation:\s*$", text, re.M):
        return SourceFormat.POLIS_LANDING_PAGE
    if re.search(r"^# \S", text, re.M) and re.search(r"^\*\*Abstract:?\*\*", text, re.M):
        return SourceFormat.PDF_MARKDOWN
    raise ReaderError(
        SourceLocation(path, 1),
        "the source matches no known format",
        "expected a journal landing page (lines 'DOI: …' and 'For citation:') or Markdown "
        "converted from PDF (a '# Title' line and a '**Abstract:**' label)",
    )
