"""Stage 4, step 2: find each note's passage by its quoted text (W3C Web
Annotation TextQuoteSelector).

How a quote is matched. The quote (`exact`), `prefix`, `suffix` and the
paragraph text are all compared after the same normalisation:

1. Unicode NFC, so "é" typed as e + combining accent matches "é".
2. Every run of whitespace (spaces, tabs, line breaks, non-breaking and
   thin spaces) is one space; the quote's own leading/trailing whitespace
   is ignored. Soft hyphens and zero-width characters are ignored.
3. Typographic quotes match straight ones: ‘ ’ ‚ ‛ ′ match ', and
   “ ” „ ‟ ″ « » match ".
4. Dashes match "-": hyphen ‐, non-breaking hyphen, figure dash ‒,
   en dash –, em dash — and minus sign −. Write one "-" for each dash;
   "--" does not match an em dash.
5. "…" matches "...".
6. Case matters: "NATO" does not match "Nato".

Matching is done on normalised text, but `Anchor` offsets are offsets into
the paragraph's original text, through a map kept while normalising. A quote
must lie within one paragraph, and must be found exactly once in the paper
after `prefix`/`suffix` narrow the matches: a match counts when the
normalised text before it ends with the prefix and the text after it starts
with the suffix (whitespace at the outer edges of prefix and suffix is
ignored). Anchoring looks at nothing but the quoted text, so edits elsewhere
in the paper never move a note.
"""


from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from build_tools.model import (
    Anchor,
    Annotation,
    Paper,
    Paragraph,
    ReaderError,
)

CONTEXT_CHARS = 30  # characters shown either side of a match in hints


def normalised_paragraphs(paper: Paper) -> list[tuple[Paragraph, NormalisedText]]:
    return [(paragraph, normalise(paragraph.text)) for paragraph in paper.paragraphs()]


def anchor_annotation(annotation: Annotation, paper: Paper,
                      texts: list[tuple[Paragraph, NormalisedText]] | None = None) -> Anchor:
    """Find the annotation's quote in `paper`: exactly one match, within one
    paragraph, or a `ReaderError` at the line of `exact` saying what was found.
    `texts` is `normalised_paragraphs(paper)` when the caller has it already."""
    selector = annotation.selector
    exact = normalise(selector.exact).text.strip()
    prefix = normalise(selector.prefix).text.rstrip()
    suffix = normalise(selector.suffix).text.lstrip()
    if not any(_visible(c) for c in exact):
        raise ReaderError(
            annotation.location,
            "'exact' has no visible text: after ignoring spaces, soft hyphens and zero-width "
            f"characters nothing is left of {selector.exact!r}",
            "copy the words of the passage you mean into 'exact'")
    if texts is None:
        texts = normalised_paragraphs(paper)

    matches = [
        _Match(paragraph, text, start, start + len(exact))
        for paragraph, text in texts
        for start in _find_all(text.text, exact)
    ]
    if not matches:
        _raise_not_found(annotation, paper, exact, texts)
    narrowed = [m for m in matches if m.before.rstrip().endswith(prefix) and m.after.lstrip().startswith(suffix)]
    if not narrowed:
        _raise_context_mismatch(annotation, matches, prefix, suffix)
    if len(narrowed) > 1:
        _raise_ambiguous(annotation, paper, narrowed)
    match = narrowed[0]
    start, end = match.text.original_span(match.start, match.end)
    return Anchor(annotation.id, match.paragraph.id, start, end)


def _visible(character: str) -> bool:
    """Not a space, a format character (zero-width joiners, direction
    marks), a combining mark or a control: something a reader sees."""
    return not character.isspace() and unicodedata.category(character)[0] not in "CMZ"


# --- normalisation -------------------------------------------------------

SAME_AS = {
    **dict.fromkeys("‘’‚‛′", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—−", "-"),
    "…": "...",
}
IGNORED = set("\u00ad\u200b\u200c\u200d\u2060\ufeff")


@dataclass(frozen=True)
class NormalisedText:
    """Normalised text plus, for each of its characters, the span of original
    characters it came from, so a match maps back to original offsets."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


# Printable ASCII words joined by single spaces map to themselves one for
# one, so runs of them skip the per-character work below (most of any
# paragraph).
PLAIN_RUN = re.compile(r"[!-~]+(?: [!-~]+)*")


def normalise(text: str) -> NormalisedText:
    """Apply the matching rules in the module docstring to `text`."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index = 0
    while index < len(text):
        plain = PLAIN_RUN.match(text, index)
        if plain:
            end = plain.end()
            if end < len(text) and unicodedata.combining(text[end]):
                end -= 1  # that character composes with the marks after it
            if end > index:
                out.append(text[index:end])
                starts.extend(range(index, end))
                ends.extend(range(index + 1, end + 1))
                index = end
                continue
        end = _cluster_end(text, index)
        cluster = text[index:end]
        if cluster.isspace():
            if out and out[-1] == " ":
                ends[-1] = end  # the space stands for the whole run
                index = end
                continue
            replacement = " "
        elif cluster in IGNORED:
            index = end
            continue
        else:
            replacement = "".join(SAME_AS.get(c, c) for c in unicodedata.normalize("NFC", cluster))
        out.append(replacement)
        starts.extend([index] * len(replacement))
        ends.extend([end] * len(replacement))
        index = end
    return NormalisedText("".join(out), tuple(starts), tuple(ends))


def _cluster_end(text: str, index: int) -> int:
    """End of the cluster at `index`: a character plus its combining marks
    (the unit NFC composes), or a whole whitespace run."""
    end = index + 1
    if text[index].isspace():
        while end < len(text) and text[end].isspace():
            end += 1
    else:
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
    return end


def _find_all(text: str, part: str) -> Iterable[int]:
    start = text.find(part)
    while start >= 0:
        yield start
        start = text.find(part, start + 1)


# --- anchoring errors ----------------------------------------------------


@dataclass(frozen=True)
class _Match:
    paragraph: Paragraph
    text: NormalisedText
    start: int
    end: int

    @property
    def before(self) -> str:
        return self.text.text[: self.start]

    @property
    def after(self) -> str:
        return self.text.text[self.end :]

    def in_context(self) -> str:
        left = self.before[-CONTEXT_CHARS:]
        right = self.after[:CONTEXT_CHARS]
        return f"{self.paragraph.id}: “…{left}[{self.text.text[self.start:self.end]}]{right}…”"


def _raise_not_found(annotation: Annotation, paper: Paper, exact: str,
                     texts: list[tuple[Paragraph, NormalisedText]]) -> None:
    for (first, first_text), (second, second_text) in itertools.pairwise(texts):
        joined = first_text.text + " " + second_text.text
        for start in _find_all(joined, exact):
            if start < len(first_text.text) < start + len(exact):
                raise ReaderError(
                    annotation.location,
                    f"the quote runs across two paragraphs of {paper.slug} ({first.id} and {second.id}); "
                    "a quote must lie within one paragraph",
                    f"quote only the part in {first.id}: “{first_text.text[start:]}”, "
                    "or only the part in the next paragraph, and write one note for each if you need both",
                )
    raise ReaderError(
        annotation.location,
        f"the quote was not found in {paper.slug}",
        _nearest_passage(exact, texts),
    )


def _nearest_passage(exact: str, texts: list[tuple[Paragraph, NormalisedText]]) -> str:
    from rapidfuzz import fuzz  # only for a note whose quote is not found: not imported with every build

    best: tuple[float, str, str] = (0.0, "", "")
    for paragraph, text in texts:
        alignment = fuzz.partial_ratio_alignment(exact, text.text)
        if alignment is not None and alignment.score > best[0]:
            best = (alignment.score, paragraph.id, text.text[alignment.dest_start:alignment.dest_end])
    score, paragraph_id, excerpt = best
    if not paragraph_id:
        return "copy the quote from the paper page; it must match the paper's words exactly"
    return (f"the nearest passage is in {paragraph_id} ({score:.0f}% similar): “{excerpt}”; "
            "copy the quote from the paper page (typographic quotes, dashes and spacing may differ)")


def _raise_ambiguous(annotation: Annotation, paper: Paper, matches: list[_Match]) -> None:
    shown = "; ".join(m.in_context() for m in matches[:2])
    raise ReaderError(
        annotation.location,
        f"the quote was found {len(matches)} times in {paper.slug}; it must pick out one passage",
        f"add a 'prefix' (the words just before) or a 'suffix' (the words just after), "
        f"or quote more; the first matches are {shown}",
    )


def _raise_context_mismatch(annotation: Annotation, matches: list[_Match], prefix: str, suffix: str) -> None:
    fields = " and ".join(name for name, value in (("prefix", prefix), ("suffix", suffix)) if value)
    shown = "; ".join(m.in_context() for m in matches[:2])
    raise ReaderError(
        annotation.location,
        f"the quote was found {len(matches)} time{'s' if len(matches) > 1 else ''}, "
        f"but never with this {fields}",
        f"the prefix must be the text just before the quote and the suffix the text just after; "
        f"the quote appears as {shown}",
    )

