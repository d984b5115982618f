"""`python -m build_tools add PATH`: a new `papers/<slug>/` from one file a
maintainer received (a PDF, Markdown a converter made, a JATS article, or a
Pandoc / R Markdown / Quarto file with its .bib), as README "Adding a
paper" describes it by hand.

The file is read by the real readers in a scratch folder first, so an input
they refuse leaves nothing behind; then the folder is made with the raw file
byte for byte (a PDF also gets its conversion, `source.md`), a paper.yml
filled with what was detected and marked for the maintainer to confirm, and
the checksums. Nothing that exists is ever overwritten.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from build_tools import urls
from build_tools.inputs import SOURCE_LIMIT, read_text
from build_tools.model import Paper, ReaderError, SourceFormat, SourceLocation
from build_tools.pdf_conversion import CHOSEN, PDF_MAGIC, check_pdf, converter_version, pdf_to_markdown
from build_tools.read.paper_directory import (
    BIBLIOGRAPHY_SUFFIXES,
    DOI,
    PANDOC_YAML,
    PAPER_FILE,
    bibliographies_beside,
    detect_format,
)
from build_tools.read.papers import CHECKSUMS_FILE, read_paper, source_files

STAGING_SLUG = "new-paper"
INTERNAL_ERROR = "the reader failed with an internal error"
SOURCE_NAMES = {
    SourceFormat.JATS: "source.xml",
    SourceFormat.POLIS_LANDING_PAGE: "source.txt",
    SourceFormat.CONVERTED_MARKDOWN: "source.md",
}
# Words a slug or short title skips.
MINOR_WORDS = {"a", "an", "the", "of", "on", "and", "in", "to", "for", "at", "by", "with", "from"}
COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|Copyright)\s*(?:©\s*)?(?:The Author\(s\)\s*)?((?:19|20)\d\d)\b")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Received:
    """The files the new folder will hold, by name, and how they were made."""

    files: dict[str, bytes]
    source_name: str
    format: SourceFormat
    bibliography: str = ""
    provenance: str = ""


def add_paper(root: Path, input_path: Path, slug: str = "", bib: Path | None = None,
              convert: Callable[[Path], str] = pdf_to_markdown) -> Path:
    """Make `papers/<slug>/` from `input_path`; returns the folder. Raises
    ReaderError, with nothing written, for an input the readers refuse, a
    slug that is taken or malformed, or a project without papers/."""
    papers = root / "papers"
    if not papers.is_dir():
        raise ReaderError(root, "no papers/ folder here: this is not the project's root",
                          "run the command from the repository root, or give --root")
    if slug and not urls.is_slug(slug):
        raise ReaderError(input_path, f"--slug {slug!r} is not lowercase words joined by '-'",
                          "e.g. --slug smith-2021-alliances")
    received = receive(input_path, bib, convert)
    with tempfile.TemporaryDirectory() as scratch:
        staged = Path(scratch) / "papers" / STAGING_SLUG
        write_folder(staged, received, STAGING_SLUG, None)
        paper = read_staged(staged, input_path)
    slug = slug or suggested_slug(paper, copyright_year(received.files[received.source_name].decode("utf-8",
                                                                                                  "replace")))
    target = papers / slug
    if target.exists() or target.is_symlink():
        raise ReaderError(target, f"papers/{slug} already exists; nothing was changed",
                          "give the new paper another slug with --slug (the slug is its URL, /papers/<slug>/)")
    write_folder(target, received, slug, paper)
    record_new_checksums(papers, target)
    return target


def read_staged(staged: Path, input_path: Path) -> Paper:
    """The staged paper, read by the build's own reader. A reader that fails
    with anything but a ReaderError has a bug; `add` still owes the user one
    message rather than a traceback, and writes nothing."""
    try:
        return read_paper(staged)
    except ReaderError:
        raise
    except Exception as error:  # an untrusted file met a reader bug: one message, nothing written
        said = one_line(f"{type(error).__name__}: {error}", 300)
        raise ReaderError(SourceLocation(input_path, 1), f"{INTERNAL_ERROR} while reading this file ({said}); "
                          "nothing was added",
                          "this is a bug in build_tools: please report it with the file") from None


# --- what was received ------------------------------------------------------


def receive(path: Path, bib: Path | None, convert: Callable[[Path], str]) -> Received:
    check_input(path)
    with path.open("rb") as handle:
        is_pdf = PDF_MAGIC in handle.read(1024)
    if path.suffix.lower() == ".pdf" and not is_pdf:
        check_pdf(path)   # named .pdf but not one: say so rather than read it as text
    if is_pdf:
        raw = path.read_bytes()
        markdown = convert(path)
        version = converter_version()
        return Received({"source.pdf": raw, "source.md": markdown.encode("utf-8")}, "source.md",
                        SourceFormat.CONVERTED_MARKDOWN,
                        provenance=f"{describe(path, raw)}, kept as source.pdf and converted to source.md by "
                                   f"{CHOSEN} (PyMuPDF {version or 'unknown version'}) with "
                                   "`python -m build_tools add`")
    text = read_text(path, SOURCE_LIMIT, "a paper source")
    raw = path.read_bytes()
    bibliographies = [bib] if bib is not None else named_bibliographies(text, path)
    if bib is not None:
        check_input(bib)
    form = detect_format(text, path) if bib is None else SourceFormat.PANDOC_MARKDOWN
    if form is SourceFormat.PANDOC_MARKDOWN and not PANDOC_YAML.match(text):
        raise ReaderError(SourceLocation(path, 1), "a Pandoc source opens with a YAML block ('---' … '---')",
                          "give the file its YAML block (title, author), or add it without --bib")
    files = {}
    bib_name = ""
    if form is SourceFormat.PANDOC_MARKDOWN:
        if len(bibliographies) != 1:
            raise ReaderError(SourceLocation(path, 1),
                              f"a Pandoc source needs exactly one bibliography (.bib or CSL JSON); found "
                              f"{len(bibliographies)}",
                              "name it with --bib PATH (merge several into one first)")
        # A CSL JSON bibliography keeps its suffix: Pandoc and the reader go by it.
        suffix = bibliographies[0].suffix.lower()
        bib_name = safe_file_name(bibliographies[0].name, suffix if suffix in BIBLIOGRAPHY_SUFFIXES else ".bib")
        check_input(bibliographies[0])
        if bibliographies[0].stat().st_size > SOURCE_LIMIT:
            raise ReaderError(SourceLocation(bibliographies[0], 1),
                              f"this .bib is over the {SOURCE_LIMIT // (1024 * 1024)} MB limit for a paper's files",
                              "keep only the entries the paper cites")
        files[bib_name] = bibliographies[0].read_bytes()
        source_name = "source" + (path.suffix if re.fullmatch(r"\.(md|markdown|Rmd|rmd|qmd|txt)", path.suffix)
                                  else ".md")
    else:
        source_name = SOURCE_NAMES[form]
    files[source_name] = raw
    described = describe(path, raw) + (f" with {describe(bibliographies[0], files[bib_name])}" if bib_name else "")
    return Received(files, source_name, form, bib_name,
                    provenance=f"{described}, copied byte for byte with `python -m build_tools add`")


def check_input(path: Path) -> None:
    where = SourceLocation(path, 1)
    if not path.exists():
        raise ReaderError(where, "no such file", "check the path (relative to where you run the command)")
    if not path.is_file():
        raise ReaderError(where, "this is not a file", "give the paper's file (PDF, .md, .xml, .Rmd, .qmd)")
    try:
        with path.open("rb") as handle:
            head = handle.read(1)
    except OSError as error:
        raise ReaderError(where, f"this file cannot be read: {error.strerror}", "check its permissions") from None
    if not head:
        raise ReaderError(where, "this file is empty", "give the paper's file")


def named_bibliographies(text: str, path: Path) -> list[Path]:
    """The bibliographies a Pandoc source names in its YAML (relative to the
    source), else the .bib files beside it, else its CSL JSON files."""
    block = PANDOC_YAML.match(text)
    if block:
        try:
            meta = yaml.safe_load(block.group("yaml"))
        except yaml.YAMLError:
            meta = None
        named = meta.get("bibliography") if isinstance(meta, dict) else None
        names = [named] if isinstance(named, str) else named if isinstance(named, list) else []
        found = [path.parent / str(n) for n in names if isinstance(n, str) and (path.parent / n).is_file()]
        if found:
            return found
    return bibliographies_beside(path)


def safe_file_name(name: str, suffix: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).stem).strip(".-") or "references"
    return stem + suffix


def describe(path: Path, data: bytes) -> str:
    return f"{one_line(path.name)} (sha256 {hashlib.sha256(data).hexdigest()}, {len(data)} bytes)"


def one_line(text: str, limit: int = 300) -> str:
    """Untrusted text made safe for a YAML comment or value: one line, no
    control characters, at most `limit` characters."""
    flat = " ".join(CONTROL.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


# --- the folder ----------------------------------------------------------------


def write_folder(folder: Path, received: Received, slug: str, paper: Paper | None) -> None:
    folder.mkdir(parents=True)
    for name, data in received.files.items():
        (folder / name).write_bytes(data)
    (folder / PAPER_FILE).write_text(paper_yml(received, slug, paper), encoding="utf-8", newline="\n")


def paper_yml(received: Received, slug: str, paper: Paper | None) -> str:
    """paper.yml with what was detected; every guess says so in a comment."""
    lines = ["# Written by `python -m build_tools add`. Check each value marked CONFIRM against the",
             "# paper itself, then delete these comments (README 'Adding a paper').",
             f"slug: {slug}", f"source: {received.source_name}"]
    if received.bibliography:
        lines.append(f"bibliography: {received.bibliography}")
    lines.append(f"format: {received.format.value}  # detected from the content")
    if paper is None:
        return "\n".join([*lines, "short_title: New paper", "provenance: staged", "licence: staged", ""])
    text = received.files[received.source_name].decode("utf-8", "replace")
    if paper.title:
        lines.append(f"# title, as detected (not a paper.yml field; fix a misread with a correction): "
                     f"{one_line(paper.title)}")
    if paper.authors:
        lines.append(f"# authors, as detected: {one_line('; '.join(a.name for a in paper.authors))}")
    venue = {k: v for k, v in asdict(paper.venue).items() if v}
    if not venue.get("year") and (year := copyright_year(text)):
        venue["year"] = year
    lines.append(f"short_title: {json.dumps(short_title(paper, venue.get('year', '')), ensure_ascii=False)}"
                 "  # CONFIRM: shown in lists")
    lines += ["# CONFIRM: say where the file came from (publisher URL, or repository and commit).",
              f"provenance: {json.dumps(one_line(received.provenance, 1000), ensure_ascii=False)}"]
    licence, evidence = detected_licence(paper, text)
    if licence:
        lines += [f"# CONFIRM: the licence as the source states it: {one_line(evidence, 200)}",
                  f"licence: {json.dumps(licence)}"]
    else:
        lines += ["# CONFIRM: no licence is stated in the source; give the paper's licence and where it is",
                  "# stated. Only openly licensed papers are published.",
                  'licence: "not stated in the source"']
    doi = paper.doi or (m.group(0).rstrip(".,;:)]*_`") if (m := DOI.search(text[:20_000])) else "")
    if doi and DOI.fullmatch(doi):
        lines.append(f"doi: {doi}  # CONFIRM: detected")
    if venue:
        lines.append(f"venue: {json.dumps(venue, ensure_ascii=False)}  # CONFIRM: detected")
    return "\n".join(lines) + "\n"


LICENCE_PATTERNS = (
    (re.compile(r"creativecommons\.org/publicdomain/zero/1\.0|\bCC0\b", re.I), lambda m: "CC0 1.0"),
    (re.compile(r"creativecommons\.org/licenses/(by(?:-nc)?(?:-nd|-sa)?)/(\d\.\d)", re.I),
     lambda m: f"CC {m.group(1).upper()} {m.group(2)}"),
    (re.compile(r"\bCC[ -]BY((?:[ -](?:NC|ND|SA))*)(?:[ -](\d\.\d))?", re.I),
     lambda m: "CC BY" + m.group(1).upper().replace(" ", "-") + (f" {m.group(2)}" if m.group(2) else "")),
    (re.compile(r"Creative Commons Attribution(?![- ]Non)(?:[^.]{0,40}?(\d\.\d))?", re.I),
     lambda m: "CC BY" + (f" {m.group(1)}" if m.group(1) else "")),
)


def detected_licence(paper: Paper, text: str) -> tuple[str, str]:
    """A licence label and the words it was read from: the JATS <license>,
    else a Creative Commons statement in the text."""
    for candidate in (paper.licence, text):
        for pattern, label in LICENCE_PATTERNS:
            if m := pattern.search(candidate):
                start = max(0, m.start() - 80)
                return label(m), candidate[start:m.end() + 80]
    return "", ""


def copyright_year(text: str) -> str:
    """The year of a copyright line near the start ("© 2023 The Authors")."""
    m = COPYRIGHT_YEAR.search(text[:20_000])
    return m.group(1) if m else ""


def short_title(paper: Paper, year: str) -> str:
    families = [family_name(a.name) for a in paper.authors][:3]
    if not families:
        return one_line(paper.title, 60) or "Untitled"
    names = (families[0] if len(families) == 1 else " & ".join(families) if len(families) == 2
             else f"{families[0]} et al.")
    return f"{names} {year}".strip()


def family_name(name: str) -> str:
    if "," in name:
        return name.split(",")[0].strip()
    return name.split()[-1] if name.split() else name


def suggested_slug(paper: Paper, detected_year: str = "") -> str:
    """first-author-year-two-title-words, e.g. ferrali-2023-low-cost."""
    parts = []
    if paper.authors:
        parts.append(ascii_word(family_name(paper.authors[0].name)))
    year = paper.venue.year[:4] or detected_year
    if year.isdigit():
        parts.append(year)
    words = [ascii_word(w) for w in paper.title.split()]
    parts += [w for w in words if w and w not in MINOR_WORDS][:2]
    slug = "-".join(p for p in parts if p)[:60].strip("-")
    if not urls.is_slug(slug):
        raise ReaderError(paper.metadata.source, "no slug could be made from the detected title and authors",
                          "give one with --slug, e.g. --slug smith-2021-alliances")
    return slug


def ascii_word(word: str) -> str:
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


# --- checksums --------------------------------------------------------------------


def record_new_checksums(papers: Path, folder: Path) -> None:
    """Add the new folder's raw files to papers/SHA256SUMS, keeping every
    line already there as it is (a changed old source stays an error)."""
    record = papers / CHECKSUMS_FILE
    existing = record.read_text(encoding="utf-8").splitlines() if record.is_file() else []
    new = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(papers).as_posix()}"
           for p in source_files(papers) if p.parent == folder]
    lines = sorted((*[line for line in existing if line.strip()], *new), key=lambda line: line.partition("  ")[2])
    record.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8", newline="\n")
