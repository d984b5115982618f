"""Stage 1: `papers/<slug>/` → `Paper`. Loads metadata and source, applies
corrections, and dispatches to the reader for the detected format."""

from __future__ import annotations

from pathlib import Path

from build_tools.file_cache import files_digest
from build_tools.model import Paper, SourceFormat
from build_tools.read.jats import read_jats
from build_tools.read.pandoc_markdown import read_pandoc_markdown
from build_tools.read.paper_directory import PAPER_FILE, load_paper_source
from build_tools.read.pdf_markdown import read_pdf_markdown
from build_tools.read.polis_landing_page import read_polis_landing_page

READERS = {
    SourceFormat.POLIS_LANDING_PAGE: read_polis_landing_page,
    SourceFormat.PDF_MARKDOWN: read_pdf_markdown,
    SourceFormat.JATS: read_jats,
    SourceFormat.PANDOC_MARKDOWN: read_pandoc_markdown,
}


def read_paper(paper_dir: Path) -> Paper:
    """The paper in `paper_dir`, parsed once per content: `mkdocs serve`
    rebuilds everything on any change, and re-parsing every unchanged paper
    made a live rebuild grow with the corpus."""
    key = paper_dir.resolve()
    cached = _PARSED.get(key)
    if cached is not None and cached[0] == _content_stamp(paper_dir, cached[1].metadata.source):
        return cached[1]
    source = load_paper_source(paper_dir)
    paper = READERS[source.format](source)
    _PARSED[key] = (_content_stamp(paper_dir, source.metadata.source), paper)
    return paper


# Parsed papers by directory, with a digest of what they were parsed from.
# Only successful reads are kept, so a paper with an error is read again.
_PARSED: dict[Path, tuple[bytes, Paper]] = {}


def _content_stamp(paper_dir: Path, source: Path) -> bytes:
    """Every file in the paper directory and the source, which paper.yml may
    name outside it."""
    return files_digest(sorted({*(p for p in paper_dir.iterdir() if p.is_file()), source}))


def read_papers(papers_dir: Path) -> tuple[Paper, ...]:
    """Every paper directory, in slug order so builds are reproducible."""
    return tuple(read_paper(d) for d in sorted(papers_dir.iterdir())
                 if (d.is_dir() and (d / PAPER_FILE).exists()) or _looks_like_paper(d))


def _looks_like_paper(path: Path) -> bool:
    # A directory with a source but no paper.yml is an error, not something to skip.
    return path.is_dir() and any(path.glob("source.*"))
