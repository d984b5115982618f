"""Reading a snippet of converted Markdown as the reader reads a paper's
`source.md`, for tests of shapes shown on invented text; and a tuned corpus
paper as a module's fixture, for tests of shapes shown on a real one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.import_quality import read_fixture
from build_tools.model import Paper, PaperMetadata, SourceFormat
from build_tools.read.converted_markdown import read_converted_markdown
from build_tools.read.paper_directory import PaperSource


def read_snippet(text: str) -> Paper:
    metadata = PaperMetadata(slug="study", source=Path("source.md"), format=SourceFormat.CONVERTED_MARKDOWN,
                             short_title="Study", provenance="test", licence="CC0")
    return read_converted_markdown(PaperSource(metadata, Path("papers/study/source.md"), text,
                                               SourceFormat.CONVERTED_MARKDOWN))


TUNED_CORPUS = Path(__file__).parent / "corpus"


def tuned_paper(folder: str) -> Callable[[], Paper]:
    """A module-scoped fixture of the tuned corpus paper in `folder`, read
    once per test module: `khaledian = tuned_paper("khaledian-2013-…")`."""
    @pytest.fixture(scope="module")
    def paper() -> Paper:
        return read_fixture(TUNED_CORPUS / folder)
    return paper
