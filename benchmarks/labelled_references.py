"""Labelled reference strings from several sources (tests/data/labelled_references/).

Each <sequence> of a file is one reference string with one label per segment,
in AnyStyle's XML format. AnyStyle's own files join their segments with one
space; the files this project converts from other sources (`spacing="exact"`
on the root) keep the string exactly, spaces included, so "2011;45(2):1-9"
stays one word however finely it is labelled.

Which strings train and which are held out is decided here, once, by a rule
fixed before any result was seen: a string is held out when the first byte of
the SHA-1 of its text is a multiple of 5 (about a fifth of every source);
AnyStyle's gold.xml is held out whole and its core.xml trained whole. A held-out string that is also a
training string (of any source) is dropped from the evaluation, so training
and the accuracy benchmark never overlap.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from build_tools.references.reference_features import tokenize, word_set

DATA_DIRECTORY = Path(__file__).resolve().parent.parent / "tests" / "data" / "labelled_references"


@dataclass(frozen=True, slots=True)
class LabelledSource:
    """One labelled set: `trained` files give their four fifths to training,
    `trained_whole` files all of theirs, `held_out_whole` files none."""

    name: str
    description: str
    trained: tuple[str, ...] = ()
    trained_whole: tuple[str, ...] = ()
    held_out_whole: tuple[str, ...] = ()
    synthetic: bool = False


SOURCES: tuple[LabelledSource, ...] = (
    LabelledSource(
        "anystyle-gold",
        "AnyStyle gold.xml, held out whole; core.xml trained whole (BSD-2-Clause)",
        trained_whole=("core.xml",),
        held_out_whole=("gold.xml",),
    ),
    LabelledSource(
        "anystyle-varied",
        "AnyStyle good/bad/ugly.xml: OCR noise, French/German, Cyrillic (BSD-2-Clause)",
        trained=("good.xml", "bad.xml", "ugly.xml"),
    ),
    LabelledSource(
        "grobid",
        "GROBID citation corpus: physics, chemistry, CS, biomedicine, humanities; "
        "English, French, German, Korean, Chinese (CC BY 4.0)",
        trained=("grobid/citations.xml",),
    ),
    LabelledSource(
        "plos",
        "PLOS articles' mixed-citations: PLOS house style, Vancouver names (CC BY or CC0, per article)",
        trained=("plos/mixed-citations.xml",),
    ),
    LabelledSource(
        "styles",
        "synthetic: items of the other sources rendered in APA, Chicago, APSA, ISA, JPR, "
        "Vancouver, APS, ACS and other styles (benchmarks/render_reference_styles.py)",
        trained=("styles/rendered.xml",),
        synthetic=True,
    ),
)
SOURCE_NAMES = tuple(source.name for source in SOURCES)


def is_held_out(text: str) -> bool:
    """The split rule, one for every source: about a fifth, by a hash of the string."""
    return hashlib.sha1(text.encode("utf-8")).digest()[0] % 5 == 0


def is_development(text: str) -> bool:
    """Another fifth, of the training part: features and rules are tried on it
    (trained on the other three fifths), never on the held-out fifth."""
    return hashlib.sha1(text.encode("utf-8")).digest()[0] % 5 == 1


@dataclass(frozen=True, slots=True)
class LabelledReference:
    text: str
    segments: tuple[tuple[str, int, int], ...]  # (label, start, end) into text, in order, edges stripped
    token_labels: tuple[str, ...]
    origin: str = ""  # for a synthetic string: the text of the reference its item came from
    style: str = ""  # for a synthetic string: the style it is printed in

    def segment_texts(self) -> tuple[tuple[str, str], ...]:
        return tuple((label, self.text[start:end]) for label, start, end in self.segments)


def _normalise_space(text: str) -> str:
    return " ".join(text.split())


def read_labelled_file(path: Path) -> list[LabelledReference]:
    root = ElementTree.parse(path).getroot()
    exact = root.get("spacing") == "exact"
    references: list[LabelledReference] = []
    for sequence in root.iter("sequence"):
        raw = [(element.tag, element.text or "") for element in sequence]
        pieces = raw if exact else [(label, _normalise_space(text)) for label, text in raw]
        pieces = [(label, text) for label, text in pieces if text.strip()]
        if not pieces:
            continue
        separator = "" if exact else " "
        text = separator.join(piece for _, piece in pieces)
        segments: list[tuple[str, int, int]] = []
        position = 0
        for label, piece in pieces:
            leading = len(piece) - len(piece.lstrip())
            segments.append((label, position + leading, position + len(piece.rstrip())))
            position += len(piece) + len(separator)
        references.append(
            LabelledReference(text, tuple(segments), _token_labels(text, segments), sequence.get("origin", ""),
                              sequence.get("style", ""))
        )
    return references


def _token_labels(text: str, segments: Sequence[tuple[str, int, int]]) -> tuple[str, ...]:
    """A token takes the label of the segment its first letter or digit is in
    (":1943-7." is pages even when its colon ended the volume's segment)."""
    labels: list[str] = []
    for token in tokenize(text):
        alphanumeric = next((i for i, char in enumerate(token.text) if char.isalnum()), 0)
        position = token.start + alphanumeric
        index = 0
        while index < len(segments) - 1 and position >= segments[index + 1][1]:
            index += 1
        labels.append(segments[index][0])
    return tuple(labels)


# --- writing converted sources ---------------------------------------------------

# A word outside any labelled element ("Vol.", "pp.", "In") belongs to the field it
# introduces; any other such word belongs to the field before it, as AnyStyle labels them.
_INTRODUCERS: dict[str, frozenset[str]] = {
    "volume": word_set("vol vols volume volumes bd band t tome tom jg v no nos nr number issue iss heft n n° №"),
    "pages": word_set("p pp page pages s seiten pgs art article"),
    "editor": word_set("in ed eds edited by editor editors hrsg hg éd éds dir"),
    "container-title": word_set("in dans"),
    "journal": word_set("in dans"),
    "doi": word_set("doi"),
    "url": word_set("url available at from retrieved online accessed"),
}
_OPENERS = set("([{\"“‘«„")


_ANY_INTRODUCER = frozenset().union(*_INTRODUCERS.values())


def introduces_a_field(word: str) -> bool:
    """'Available:', 'pp.', 'In', 'Vol.': a word that opens some field rather than being one."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", word).lower() in _ANY_INTRODUCER


def _introduces(word: str, label: str) -> bool:
    if all(char in _OPENERS for char in word):
        return True
    key = re.sub(r"^[\W_]+|[\W_]+$", "", word).lower()
    return key in _INTRODUCERS.get(label, frozenset())


def segments_from_pieces(pieces: Iterable[tuple[str | None, str]]) -> list[tuple[str, str]]:
    """(label or None for text outside any field, text) pieces → labelled segments
    whose concatenation is the whole string with its spaces normalised.

    Inside a word, unlabelled characters join the labelled character before them
    (else after): "(1967)." is all date, ")072302" all pages. A whole unlabelled
    word joins the next field if it introduces it ("Vol.", "pp.", "(") or opens the
    string (a citation number), else the field before it."""
    characters: list[tuple[str, str | None]] = []
    for label, text in pieces:
        characters.extend((char, label) for char in text)
    # Collapse whitespace; a space carries no label of its own.
    collapsed: list[tuple[str, str | None]] = []
    for char, label in characters:
        if char.isspace():
            if collapsed and collapsed[-1][0] != " ":
                collapsed.append((" ", None))
        else:
            collapsed.append((char, label))
    while collapsed and collapsed[-1][0] == " ":
        collapsed.pop()
    text = "".join(char for char, _ in collapsed)
    labels: list[str | None] = [label for _, label in collapsed]
    words = [(match.start(), match.end()) for match in re.finditer(r"\S+", text)]
    word_labels: list[list[str | None]] = []
    for start, end in words:
        own = labels[start:end]
        known = [label for label in own if label]
        if known:
            filled: list[str | None] = []
            previous = None
            for label in own:
                previous = label or previous
                filled.append(previous)
            following = next(label for label in own if label)
            word_labels.append([label or following for label in filled])
        else:
            word_labels.append([None] * (end - start))
    for index, (start, end) in enumerate(words):
        if word_labels[index][0] is not None:
            continue
        before = next((word_labels[i][-1] for i in range(index - 1, -1, -1) if word_labels[i][-1]), None)
        after = next((word_labels[i][0] for i in range(index + 1, len(words)) if word_labels[i][0]), None)
        word = text[start:end]
        if before is None:
            chosen = "citation-number" if re.search(r"[\d\[(]", word) and after else after
        elif after is not None and _introduces(word, after):
            chosen = after
        else:
            chosen = before
        word_labels[index] = [chosen or "note"] * (end - start)
    for (start, end), own in zip(words, word_labels, strict=True):
        labels[start:end] = own
    # A space belongs to the segment before it.
    segments: list[tuple[str, str]] = []
    for char, label in zip(text, labels, strict=True):
        if label is None and segments:
            label = segments[-1][0]
        label = label or "note"
        if segments and segments[-1][0] == label:
            segments[-1] = (label, segments[-1][1] + char)
        else:
            segments.append((label, char))
    return segments


def write_labelled_file(path: Path, sequences: Iterable[tuple[dict[str, str], list[tuple[str, str]]]]) -> int:
    """Write (attributes, segments) sequences as an exact-spacing dataset; returns the count."""
    root = ElementTree.Element("dataset", {"spacing": "exact"})
    root.text = "\n"
    count = 0
    for attributes, segments in sequences:
        sequence = ElementTree.SubElement(root, "sequence", attributes)
        for label, text in segments:
            ElementTree.SubElement(sequence, label).text = text
        sequence.tail = "\n"
        count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    ElementTree.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return count


# --- the split -------------------------------------------------------------------


def _first_of_each(references: Iterable[LabelledReference], excluded: set[str]) -> list[LabelledReference]:
    unique: dict[str, LabelledReference] = {}
    for reference in references:
        if reference.text not in excluded:
            unique.setdefault(reference.text, reference)
    return list(unique.values())


def _is_held_out_reference(reference: LabelledReference) -> bool:
    # A synthetic string is held out with the real reference its item came from,
    # so no held-out item is ever seen in training, in any style.
    return is_held_out(reference.origin or reference.text)


def _is_development_reference(reference: LabelledReference) -> bool:
    return is_development(reference.origin or reference.text)


def source_named(name: str) -> LabelledSource:
    for source in SOURCES:
        if source.name == name:
            return source
    raise ValueError(f"unknown labelled source {name!r}; choose from {', '.join(SOURCE_NAMES)}")


class LabelledCorpus:
    """Every labelled file, each read once (on first use), and the split over them."""

    def __init__(self, directory: Path = DATA_DIRECTORY) -> None:
        self._directory = directory
        self._files: dict[str, list[LabelledReference]] = {}
        self._training_texts: dict[bool, set[str]] = {}

    def file(self, name: str) -> list[LabelledReference]:
        if name not in self._files:
            path = self._directory / name
            self._files[name] = read_labelled_file(path) if path.is_file() else []
        return self._files[name]

    def _files_of(self, names: Iterable[str]) -> list[LabelledReference]:
        return [reference for name in names for reference in self.file(name)]

    def training(self, sources: Iterable[str] = SOURCE_NAMES, development: bool = False) -> list[LabelledReference]:
        """The four fifths of each named source that are not held out (three fifths
        with `development`, leaving out the development fifth), minus any string of
        a held-out-whole file; deterministic order."""
        excluded = {reference.text for source in SOURCES for reference in self._files_of(source.held_out_whole)}
        candidates = [
            reference
            for name in sources
            for reference in self._files_of(source_named(name).trained_whole)
            + [item for item in self._files_of(source_named(name).trained) if not _is_held_out_reference(item)]
            if not (development and _is_development_reference(reference))
        ]
        return _first_of_each(candidates, excluded)

    def _trained_texts(self, development: bool) -> set[str]:
        if development not in self._training_texts:
            self._training_texts[development] = {reference.text for reference in self.training(development=development)}
        return self._training_texts[development]

    def held_out(self, name: str) -> list[LabelledReference]:
        """One source's held-out strings, minus any string that is also a training string."""
        source = source_named(name)
        held_out = self._files_of(source.held_out_whole) + [
            reference for reference in self._files_of(source.trained) if _is_held_out_reference(reference)
        ]
        return _first_of_each(held_out, self._trained_texts(development=False))

    def development(self, name: str) -> list[LabelledReference]:
        """The development fifth of one source (part of its training data), minus the
        strings the development model trains on."""
        chosen = [reference for reference in self._files_of(source_named(name).trained)
                  if _is_development_reference(reference)]
        return _first_of_each(chosen, self._trained_texts(development=True))
