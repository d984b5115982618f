"""Stage 1: `papers/<slug>/` → `Paper`. Loads metadata and source, applies
corrections, and dispatches to the reader for the detected format."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from build_tools.cache import BuildCache, files_digest
from build_tools.inputs import METADATA_LIMIT, read_text
from build_tools.model import Paper, Problems, ReaderError, ReaderErrors, SourceFormat, SourceLocation
from build_tools.read.paper_directory import PAPER_FILE, PaperSource, load_paper_source
from build_tools.read.paragraph_limits import limit_paragraphs


def reader_for(source_format: SourceFormat) -> Callable[[PaperSource], Paper]:
    """The reader of one source form. Each is imported here, when a paper of
    its form is read, not with the build: a reader brings its libraries
    (wordfreq, defusedxml, pypandoc, pylatexenc), and importing them all
    cost a two-paper site a fifth of its build."""
    if source_format is SourceFormat.POLIS_LANDING_PAGE:
        from build_tools.read.polis_landing_page import read_polis_landing_page
        return read_polis_landing_page
    if source_format is SourceFormat.CONVERTED_MARKDOWN:
        from build_tools.read.converted_markdown import read_converted_markdown
        return read_converted_markdown
    if source_format is SourceFormat.JATS:
        from build_tools.read.jats import read_jats
        return read_jats
    if source_format is SourceFormat.PANDOC_MARKDOWN:
        from build_tools.read.pandoc_markdown import read_pandoc_markdown
        return read_pandoc_markdown
    raise KeyError(source_format)  # load_paper_source gives only the forms above


def read_paper(paper_dir: Path, cache: BuildCache | None = None) -> Paper:
    """The paper in `paper_dir`; with a `cache`, parsed again only when a
    file it was read from changed (kept on disk too: reading is the
    build's most expensive stage)."""
    if cache is None:
        return _parse(paper_dir)
    return cache.from_file("read.paper", paper_dir, _parse, digest=_content_stamp(paper_dir), lasting=True)


def _parse(paper_dir: Path) -> Paper:
    source = load_paper_source(paper_dir)
    paper = limit_paragraphs(reader_for(source.format)(source))
    if not paper.metadata.language:  # neither paper.yml nor the source says
        paper = replace(paper, metadata=replace(paper.metadata, language="en"))
    return paper


def _content_stamp(paper_dir: Path) -> bytes:
    """Every file in the paper directory (the source must be one of them);
    not a symlink, which reading refuses if it leaves the repository."""
    return files_digest(sorted(p for p in paper_dir.iterdir() if p.is_file() and not p.is_symlink()))


def read_papers(papers_dir: Path, cache: BuildCache | None = None,
                problems: Problems | None = None) -> tuple[Paper, ...]:
    """Every paper directory, in slug order so builds are reproducible. The
    problems of every paper, and of the recorded checksums, are reported
    together: raised, or with `problems` recorded there, and the papers
    that could be read returned."""
    found = Problems()
    found.attempt(lambda: check_checksums(papers_dir), None)
    papers = found.each(paper_directories(papers_dir), lambda d: read_paper(d, cache))
    found.pass_on(problems)
    return papers


# --- the recorded checksums of the raw sources ---------------------------

CHECKSUMS_FILE = "SHA256SUMS"
UPDATE_CHECKSUMS = "python -m build_tools checksums"


def source_files(papers_dir: Path) -> list[Path]:
    """Every file received as is: each paper's source and, for a Pandoc
    paper, its BibTeX or CSL JSON bibliography."""
    return sorted(p for pattern in ("*/source.*", "*/*.bib", "*/*.json") for p in papers_dir.glob(pattern)
                  if p.is_file())


def checksums_text(papers_dir: Path) -> str:
    """`sha256sum */source.* */*.bib */*.json` run in `papers_dir`: what `SHA256SUMS` holds."""
    return "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(papers_dir).as_posix()}\n"
                   for p in source_files(papers_dir))


def check_checksums(papers_dir: Path) -> None:
    """Raw sources are never edited (fixes go in paper.yml `corrections`), so
    each must still have the bytes `papers/SHA256SUMS` records. A project
    without the file (a test corpus) records nothing and is not checked."""
    record = papers_dir / CHECKSUMS_FILE
    if not record.is_file():
        return
    lines = read_text(record, METADATA_LIMIT, CHECKSUMS_FILE, root=papers_dir.parent).split("\n")
    recorded: dict[str, tuple[str, int]] = {}
    errors: list[ReaderError] = []
    hint = (f"sources are never edited: put fixes in paper.yml 'corrections'; after adding or replacing a "
            f"source on purpose, run `{UPDATE_CHECKSUMS}`")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        digest, _, name = line.partition("  ")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or not name:
            errors.append(ReaderError(SourceLocation(record, number),
                                      "expected '<sha256 digest>  <slug>/source.<ext>'", hint))
            continue
        recorded[name] = (digest, number)
    for source in source_files(papers_dir):
        name = source.relative_to(papers_dir).as_posix()
        if name not in recorded:
            errors.append(ReaderError(SourceLocation(record, len(lines)),
                                      f"{name} has no recorded checksum", hint))
            continue
        digest, number = recorded.pop(name)
        if hashlib.sha256(source.read_bytes()).hexdigest() != digest:
            errors.append(ReaderError(SourceLocation(record, number),
                                      f"{name} has changed since its checksum was recorded", hint))
    for name, (_, number) in recorded.items():
        errors.append(ReaderError(SourceLocation(record, number), f"{name} is recorded but does not exist", hint))
    if errors:
        raise ReaderErrors(errors)


def paper_directories(papers_dir: Path) -> list[Path]:
    return [d for d in sorted(papers_dir.iterdir())
            if (d.is_dir() and (d / PAPER_FILE).exists()) or _looks_like_paper(d)]


def _looks_like_paper(path: Path) -> bool:
    # A directory with a source but no paper.yml is an error, not something to skip.
    return path.is_dir() and any(path.glob("source.*"))
