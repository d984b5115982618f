"""Read AnyStyle's labelled reference files (tests/data/labelled_references/*.xml).

Each <sequence> becomes one reference string (its segments joined by one space, as
AnyStyle does) with one label per token. Which files train and which evaluate is
decided here, once, so training and the accuracy benchmark can never overlap.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from build_tools.references.reference_features import tokenize

DATA_DIRECTORY = Path(__file__).resolve().parent.parent / "tests" / "data" / "labelled_references"
# core.xml is AnyStyle's own training set; good/bad/ugly add harder and non-English
# (incl. Cyrillic) strings. gold.xml is kept back for evaluation only.
TRAINING_FILES = ("core.xml", "good.xml", "bad.xml", "ugly.xml")
HELD_OUT_FILES = ("gold.xml",)


@dataclass(frozen=True, slots=True)
class LabelledReference:
    text: str
    segments: tuple[tuple[str, str], ...]  # (label, segment text) in order
    token_labels: tuple[str, ...]


def _normalise_space(text: str) -> str:
    return " ".join(text.split())


def read_labelled_file(path: Path) -> list[LabelledReference]:
    references: list[LabelledReference] = []
    for sequence in ElementTree.parse(path).getroot().iter("sequence"):
        segments = tuple(
            (element.tag, _normalise_space(element.text or ""))
            for element in sequence
            if _normalise_space(element.text or "")
        )
        if not segments:
            continue
        text = " ".join(segment for _, segment in segments)
        boundaries: list[tuple[int, str]] = []  # (segment end offset, label)
        position = 0
        for label, segment in segments:
            position += len(segment)
            boundaries.append((position, label))
            position += 1
        labels: list[str] = []
        segment_index = 0
        for token in tokenize(text):
            while token.start >= boundaries[segment_index][0]:
                segment_index += 1
            labels.append(boundaries[segment_index][1])
        references.append(LabelledReference(text, segments, tuple(labels)))
    return references


def _read_files(names: tuple[str, ...]) -> list[LabelledReference]:
    return [reference for name in names for reference in read_labelled_file(DATA_DIRECTORY / name)]


def held_out_references() -> list[LabelledReference]:
    """gold.xml, minus strings that also occur in a training file (gold and core share about 200)."""
    training_texts = {reference.text for reference in _read_files(TRAINING_FILES)}
    unique: dict[str, LabelledReference] = {}
    for reference in _read_files(HELD_OUT_FILES):
        if reference.text not in training_texts:
            unique.setdefault(reference.text, reference)
    return list(unique.values())


def training_references(files: tuple[str, ...] = TRAINING_FILES) -> list[LabelledReference]:
    """Training strings, first occurrence of each, in file order (deterministic)."""
    unique: dict[str, LabelledReference] = {}
    for reference in _read_files(files):
        unique.setdefault(reference.text, reference)
    return list(unique.values())
