"""Stage 1: `papers/<slug>/` → `Paper`. Loads metadata and source, applies
corrections, and dispatches to the reader for the detected format."""

from __future__ import annotations

from pathlib import Path

from .model import Paper, SourceFormat
from .read_pdf_markdown import read_pdf_markdown
from .read_polis import read_polis_landing_page
from .sources import PAPER_FILE, load_paper_source

READERS = {
    SourceFormat.POLIS_LANDING_PAGE: read_polis_landing_page,
    SourceFormat.PDF_MARKDOWN: read_pdf_markdown,
}


def read_paper(paper_dir: Path) -> Paper:
    source = load_paper_source(paper_dir)
    return READERS[source.format](source)


def read_papers(papers_dir: Path) -> tuple[Paper, ...]:
    """Every paper directory, in slug order so builds are reproducible."""
    return tuple(read_paper(d) for d in sorted(papers_dir.iterdir())
                 if (d.is_dir() and (d / PAPER_FILE).exists()) or _looks_like_paper(d))


def _looks_like_paper(path: Path) -> bool:
    # A directory with a source but no paper.yml is an error, not something to skip.
    return path.is_dir() and any(path.glob("source.*"))
