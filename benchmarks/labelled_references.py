"""Read AnyStyle's labelled reference files (tests/data/labelled_references/*.xml).

Each <sequence> becomes one reference string (its segments joined by one space, as
AnyStyle does) with one label per token. Which files train and which evaluate is
decided here, once, so training and the accuracy benchmark can never overlap.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from build_tools.references.reference_features import tokenize

DATA_DIRECTORY = Path(__file__).resolve().parent.parent / "tests" / "data" / "labelled_references"
# core.xml is AnyStyle's own training set, labelled like gold.xml. good/bad/ugly.xml
# hold harder, more varied strings (and the only Cyrillic, GOST-style ones); a fixed
# fifth of them, chosen by a hash of the string, is kept back as a second held-out set.
TRAINING_FILES = ("core.xml",)
SPLIT_FILES = ("good.xml", "bad.xml", "ugly.xml")
HELD_OUT_FILES = ("gold.xml",)
HELD_OUT_SETS = {"gold": "gold.xml (never trained on)", "split": "held-out fifth of good/bad/ugly.xml"}


def is_held_out_fifth(text: str) -> bool:
    return hashlib.sha1(text.encode("utf-8")).digest()[0] % 5 == 0


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


def _first_of_each(references: list[LabelledReference], excluded: set[str]) -> list[LabelledReference]:
    unique: dict[str, LabelledReference] = {}
    for reference in references:
        if reference.text not in excluded:
            unique.setdefault(reference.text, reference)
    return list(unique.values())


def training_references() -> list[LabelledReference]:
    """core.xml plus four fifths of good/bad/ugly.xml, minus any gold string; deterministic order."""
    gold_texts = {reference.text for reference in _read_files(HELD_OUT_FILES)}
    candidates = _read_files(TRAINING_FILES) + [
        reference for reference in _read_files(SPLIT_FILES) if not is_held_out_fifth(reference.text)
    ]
    return _first_of_each(candidates, gold_texts)


def held_out_references(held_out_set: str = "gold") -> list[LabelledReference]:
    """'gold' or 'split' (see HELD_OUT_SETS), minus any string that is also a training string."""
    training_texts = {reference.text for reference in training_references()}
    if held_out_set == "gold":
        return _first_of_each(_read_files(HELD_OUT_FILES), training_texts)
    if held_out_set == "split":
        fifth = [reference for reference in _read_files(SPLIT_FILES) if is_held_out_fifth(reference.text)]
        return _first_of_each(fifth, training_texts)
    raise ValueError(f"unknown held-out set {held_out_set!r}; choose from {sorted(HELD_OUT_SETS)}")
