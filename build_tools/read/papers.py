"""Stage 1: `papers/<slug>/` → `Paper`. Loads metadata and source, applies
corrections, and dispatches to the reader for the detected format."""

from __future__ import annotations

from pathlib import Path

from build_tools.cache import BuildCache, files_digest
from build_tools.model import Paper, SourceFormat, each_checked
from build_tools.read.converted_markdown import read_converted_markdown
from build_tools.read.jats import read_jats
from build_tools.read.pandoc_markdown import read_pandoc_markdown
from build_tools.read.paper_directory import PAPER_FILE, load_paper_source
from build_tools.read.polis_landing_page import read_polis_landing_page

READERS = {
    SourceFormat.POLIS_LANDING_PAGE: read_polis_landing_page,
    SourceFormat.CONVERTED_MARKDOWN: read_converted_markdown,
    SourceFormat.JATS: read_jats,
    SourceFormat.PANDOC_MARKDOWN: read_pandoc_markdown,
}


def read_paper(paper_dir: Path, cache: BuildCache | None = None) -> Paper:
    """The paper in `paper_dir`; with a `cache`, parsed again only when a
    file it was read from changed."""
    if cache is None:
        return _parse(paper_dir)
    return cache.from_file("read.paper", paper_dir, _parse, digest=_content_stamp(paper_dir))


def _parse(paper_dir: Path) -> Paper:
    source = load_paper_source(paper_dir)
    return READERS[source.format](source)


def _content_stamp(paper_dir: Path) -> bytes:
    """Every file in the paper directory (the source must be one of them)."""
    return files_digest(sorted(p for p in paper_dir.iterdir() if p.is_file()))


def read_papers(papers_dir: Path, cache: BuildCache | None = None) -> tuple[Paper, ...]:
    """Every paper directory, in slug order so builds are reproducible. The
    problems of every paper are reported together."""
    return each_checked(paper_directories(papers_dir), lambda d: read_paper(d, cache))


def paper_directories(papers_dir: Path) -> list[Path]:
    return [d for d in sorted(papers_dir.iterdir())
            if (d.is_dir() and (d / PAPER_FILE).exists()) or _looks_like_paper(d)]


def _looks_like_paper(path: Path) -> bool:
    # A directory with a source but no paper.yml is an error, not something to skip.
    return path.is_dir() and any(path.glob("source.*"))
