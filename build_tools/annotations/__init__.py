"""Stage 4: contributors' notes. Load and check each file (load.py), anchor
its quote in its paper (anchor.py), check its links and citations
(links.py); the result is a `Note` per file that every page and export uses.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from build_tools.annotations.anchor import NormalisedText, anchor_annotation, normalised_paragraphs
from build_tools.annotations.links import check_note_citations, check_note_links
from build_tools.annotations.load import annotation_files, load_annotation, load_annotations
from build_tools.cache import BuildCache
from build_tools.model import Glossary, Note, Paper, Paragraph, each_checked

__all__ = ["anchor_annotation", "annotate", "load_annotations"]


def annotate(annotations_dir: Path, papers: Sequence[Paper], glossary: Glossary, work_keys: Collection[str],
             cache: BuildCache) -> tuple[Note, ...]:
    """Every note in `annotations_dir`, loaded, anchored and checked. The
    problems of every note are reported together (`ReaderErrors`), so a
    contributor sees all of them in one run."""
    by_slug = {paper.slug: paper for paper in papers}
    paragraph_ids = {p.slug: frozenset(q.id for q in p.paragraphs()) for p in papers}
    # Each paper's paragraphs are normalised once, not once per note.
    normalised: dict[str, list[tuple[Paragraph, NormalisedText]]] = {}

    def note(path: Path) -> Note:
        annotation = load_annotation(path, annotations_dir, list(by_slug), cache)
        paper = by_slug[annotation.paper_slug]
        if paper.slug not in normalised:
            normalised[paper.slug] = normalised_paragraphs(paper)
        anchor = anchor_annotation(annotation, paper, normalised[paper.slug])
        links = check_note_links(annotation, glossary, paragraph_ids)
        return Note(annotation, anchor, links, check_note_citations(annotation, work_keys))

    return each_checked(annotation_files(annotations_dir), note)
