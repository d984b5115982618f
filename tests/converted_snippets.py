"""Reading a snippet of converted Markdown as the reader reads a paper's
`source.md`, for tests of shapes shown on invented text."""

from __future__ import annotations

from pathlib import Path

from build_tools.model import Paper, PaperMetadata, SourceFormat
from build_tools.read.converted_markdown import read_converted_markdown
from build_tools.read.paper_directory import PaperSource


def read_snippet(text: str) -> Paper:
    metadata = PaperMetadata(slug="study", source=Path("source.md"), format=SourceFormat.CONVERTED_MARKDOWN,
                             short_title="Study", provenance="test", licence="CC0")
    return read_converted_markdown(PaperSource(metadata, Path("papers/study/source.md"), text,
                                               SourceFormat.CONVERTED_MARKDOWN))
