"""Stage 4: contributors' notes. Load and check each file (load.py), anchor
its quote in its paper (anchor.py), check its links and citations
(links.py); the result is a `Note` per file that every page and export uses.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from build_tools import urls
from build_tools.annotations.anchor import NormalisedText, anchor_annotation, normalised_paragraphs
from build_tools.annotations.links import check_note_citations, check_note_links
from build_tools.annotations.load import InvalidAnnotation, annotation_files, load_annotation, load_annotations
from build_tools.cache import BuildCache
from build_tools.model import Annotation, Glossary, Note, Paper, Paragraph, Problems

__all__ = ["anchor_annotation", "annotate", "load_annotations"]


def annotate(annotations_dir: Path, papers: Sequence[Paper], glossary: Glossary, work_keys: Collection[str] | None,
             cache: BuildCache, problems: Problems | None = None, unreadable_papers: Collection[str] = (),
             unreadable_concepts: Collection[str] = ()) -> tuple[Note, ...]:
    """Every note in `annotations_dir`, loaded, anchored and checked. Every
    problem of every note is reported together, several per note included
    (its front matter, its quote, each link and each citation), so a
    contributor sees all of them in one run: raised as `ReaderErrors`, or
    recorded in `problems` with the notes that passed returned.

    `unreadable_papers` and `unreadable_concepts` are slugs whose files
    could not be read this run (each has its own error): notes on or links
    to them are not judged. `work_keys` None: not every work is known, so
    citation keys are not checked."""
    by_slug = {paper.slug: paper for paper in papers}
    known_slugs = [*by_slug, *(slug for slug in unreadable_papers if slug not in by_slug)]
    paragraph_ids = {p.slug: frozenset(q.id for q in p.paragraphs()) for p in papers}
    unchecked = frozenset([*map(urls.paper_page, unreadable_papers), *map(urls.concept_page, unreadable_concepts)])
    # Each paper's paragraphs are normalised once, not once per note.
    normalised: dict[str, list[tuple[Paragraph, NormalisedText]]] = {}

    def note(path: Path) -> Note | None:
        try:
            annotation = load_annotation(path, annotations_dir, known_slugs, cache)
        except InvalidAnnotation as invalid:
            return anchored_and_checked(invalid.draft, invalid)
        # The same note while its file, the papers, the glossary and the
        # citable works are the same objects: under `mkdocs serve` a note
        # edit no longer anchors and checks every other note again.
        return cache.same_inputs(f"annotations.note\0{path}\0{sorted(unchecked)}",
                                 (annotation, papers, glossary, work_keys), lambda: anchored_and_checked(annotation))

    def anchored_and_checked(annotation: Annotation, invalid: InvalidAnnotation | None = None) -> Note | None:
        found = Problems()
        if invalid is not None:
            found.record(invalid)
        paper = by_slug.get(annotation.paper_slug)
        anchor = None
        if paper is not None and annotation.selector.exact:
            if paper.slug not in normalised:
                normalised[paper.slug] = normalised_paragraphs(paper)
            anchor = found.attempt(lambda: anchor_annotation(annotation, paper, normalised[paper.slug]), None)
        links = found.attempt(lambda: check_note_links(annotation, glossary, paragraph_ids, unchecked), ())
        cited = found.attempt(lambda: check_note_citations(annotation, work_keys), ())
        found.raise_if_any()
        return Note(annotation, anchor, links, cited) if anchor is not None else None

    checked = Problems()
    notes = checked.each(annotation_files(annotations_dir), note)
    checked.pass_on(problems)
    return tuple(note for note in notes if note is not None)

