"""Stage 4: `annotations/<paper-slug>/<name>.md` → `Annotation`s, each
validated against its front matter rules and anchored to one passage of its
paper by the quoted text (W3C Web Annotation TextQuoteSelector).

Files whose name starts with an uppercase letter or "_" (TEMPLATE.md,
README.md, _draft.md) and dotfiles are not annotations and are skipped.

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

import datetime
import difflib
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from build_tools.file_cache import ByContent
from build_tools.front_matter import LocatedMapping, load_located_mapping
from build_tools.model import (
    MOTIVATIONS,
    Anchor,
    Annotation,
    Paper,
    Paragraph,
    ReaderError,
    SourceLocation,
    TextQuoteSelector,
)
from build_tools.render.note_html import render_note

REQUIRED_FIELDS = ("exact", "author", "created", "motivation")
KNOWN_FIELDS = (*REQUIRED_FIELDS, "prefix", "suffix", "tags")
# Notes that only mark a passage may have no text.
MOTIVATIONS_WITHOUT_NOTE = {"highlighting", "bookmarking"}
# GitHub's rule for user names: letters, digits and single inner hyphens, at most 39.
HANDLE = re.compile(r"^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$")
PLACEHOLDER_HANDLES = {"your-github-handle", "jdoe"}
TAG = re.compile(r"^[a-z0-9][a-z0-9' -]{0,39}$")
# The file stem is part of the note's id and of its URL fragment.
FILE_STEM = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FRONT_MATTER_FENCE = "---"
CONTEXT_CHARS = 30  # characters shown either side of a match in hints


def load_annotations(annotations_dir: Path, papers: Iterable[Paper]) -> tuple[Annotation, ...]:
    """Read and validate every annotation file, in path order so builds are
    reproducible. Raises `ReaderError` at the first bad file."""
    slugs = sorted(paper.slug for paper in papers)
    if not annotations_dir.is_dir():
        return ()
    annotations = []
    for path in sorted(annotations_dir.rglob("*")):
        if path.is_dir() or _is_skipped(path.relative_to(annotations_dir)):
            continue
        annotations.append(_LOADED.get(path, lambda p: _load_annotation_file(p, annotations_dir, slugs),
                                       context=(annotations_dir.resolve(), tuple(slugs))))
    return tuple(annotations)


_LOADED: ByContent[Annotation] = ByContent()


def anchor_annotations(annotations: Iterable[Annotation], papers: Iterable[Paper]) -> tuple[Anchor, ...]:
    """`anchor_annotation` for each annotation, with its paper looked up by
    slug and each paper's paragraphs normalised once, not once per note."""
    by_slug = {paper.slug: paper for paper in papers}
    normalised: dict[str, list[tuple[Paragraph, NormalisedText]]] = {}
    anchors = []
    for annotation in annotations:
        paper = by_slug[annotation.paper_slug]
        if paper.slug not in normalised:
            normalised[paper.slug] = normalised_paragraphs(paper)
        anchors.append(anchor_annotation(annotation, paper, normalised[paper.slug]))
    return tuple(anchors)


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


# --- loading and validation ----------------------------------------------


def _is_skipped(relative: Path) -> bool:
    name = relative.name
    return name.startswith((".", "_")) or name[:1].isupper()


def _load_annotation_file(path: Path, annotations_dir: Path, slugs: list[str]) -> Annotation:
    relative = path.relative_to(annotations_dir)
    if len(relative.parts) != 2:
        raise ReaderError(
            SourceLocation(path, 1),
            "an annotation must be directly in annotations/<paper-slug>/",
            f"move it to one of: {', '.join(f'annotations/{s}/' for s in slugs)}",
        )
    slug = relative.parts[0]
    if slug not in slugs:
        close = difflib.get_close_matches(slug, slugs, n=1)
        raise ReaderError(
            SourceLocation(path, 1),
            f"{slug!r} is not a known paper; the known paper slugs are: {', '.join(slugs)}",
            f"did you mean annotations/{close[0]}/?" if close
            else "put the file in the directory of the paper it annotates",
        )
    if path.suffix != ".md" or not FILE_STEM.match(path.stem):
        raise ReaderError(
            SourceLocation(path, 1),
            "an annotation file name must be lowercase letters, digits and '-', ending in .md",
            "e.g. annotations/zou-balancing-act/article-5-invoked.md; the name becomes the note's id",
        )
    front_matter, first_line, body, body_line = _split_front_matter(path)
    mapping = load_located_mapping(front_matter, path, first_line=first_line)
    _check_fields(mapping)
    motivation = _motivation(mapping)
    if not body.strip() and motivation not in MOTIVATIONS_WITHOUT_NOTE:
        raise ReaderError(
            SourceLocation(path, body_line),
            "the note is empty; write it below the closing '---'",
            "only highlighting and bookmarking annotations may have no note",
        )
    return Annotation(
        id=f"{slug}/{path.stem}",
        paper_slug=slug,
        path=path,
        selector=TextQuoteSelector(
            exact=_text(mapping, "exact", required=True),
            prefix=_text(mapping, "prefix"),
            suffix=_text(mapping, "suffix"),
        ),
        author=_author(mapping),
        created=_created(mapping),
        tags=_tags(mapping),
        motivation=motivation,
        body_markdown=body,
        body_html=render_note(body),
        location=mapping.where("exact"),
        body_location=SourceLocation(path, body_line),
    )


def _split_front_matter(path: Path) -> tuple[str, int, str, int]:
    """(front matter, its first line, note, the note's first line)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise ReaderError(
            SourceLocation(path, 1),
            "an annotation must start with a '---' line opening its front matter",
            "copy annotations/TEMPLATE.md: front matter between two '---' lines, then the note",
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            rest = lines[index + 1 :]
            leading_blanks = next((i for i, line in enumerate(rest) if line.strip()), 0)
            # lines[index] is line index + 1, so the note starts at index + 2.
            return "\n".join(lines[1:index]), 2, "\n".join(rest).strip(), index + 2 + leading_blanks
    raise ReaderError(
        SourceLocation(path, 1),
        "the front matter is never closed",
        "add a '---' line after the last field, before the note",
    )


def _check_fields(mapping: LocatedMapping) -> None:
    for key in mapping.values:
        if key not in KNOWN_FIELDS:
            close = difflib.get_close_matches(str(key), KNOWN_FIELDS, n=1)
            raise ReaderError(
                mapping.where(key),
                f"unknown field {key!r}",
                (f"did you mean {close[0]!r}? " if close else "")
                + f"the fields are: {', '.join(KNOWN_FIELDS)}",
            )
    for key in REQUIRED_FIELDS:
        if mapping.values.get(key) in (None, ""):
            raise ReaderError(
                mapping.where(key),
                f"missing required field {key!r}",
                f"every annotation needs: {', '.join(REQUIRED_FIELDS)}; see annotations/TEMPLATE.md",
            )


def _text(mapping: LocatedMapping, key: str, required: bool = False) -> str:
    value = mapping.values.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ReaderError(
            mapping.where(key),
            f"{key!r} must be text copied from the paper",
            'put it in double quotes: exact: "an armed attack against one or more of them"',
        )
    return value


def _author(mapping: LocatedMapping) -> str:
    value = mapping.values.get("author")
    handle = str(value).strip().removeprefix("@").lower()
    if not HANDLE.match(handle) or handle in PLACEHOLDER_HANDLES:
        raise ReaderError(
            mapping.where("author"),
            f"author {value!r} is not a GitHub handle",
            "write your GitHub user name, with or without '@': author: '@octocat' (quote it if it starts with '@')",
        )
    return handle


def _created(mapping: LocatedMapping) -> str:
    value: Any = mapping.values.get("created")
    # YAML reads an unquoted 2024-05-01 as a date; a quoted one stays text.
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ReaderError(
        mapping.where("created"),
        f"created {value!s} is not a date written YYYY-MM-DD",
        f"e.g. created: {datetime.date(2024, 5, 1).isoformat()} (the day you wrote the note, no time)",
    )


def _tags(mapping: LocatedMapping) -> tuple[str, ...]:
    value = mapping.values.get("tags")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ReaderError(
            mapping.where("tags"),
            "tags must be a list",
            "write tags: [nato, article 5] or one '- tag' line each",
        )
    tags: list[str] = []
    for index, item in enumerate(value):
        tag = " ".join(str(item).split()).lower() if isinstance(item, str | int) else ""
        if not TAG.match(tag):
            raise ReaderError(
                SourceLocation(mapping.path, mapping.item_line("tags", index)),
                f"tag {item!r} is not a short word or phrase",
                "use lowercase letters, digits, spaces, ' and -, at most 40 characters",
            )
        if tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _motivation(mapping: LocatedMapping) -> str:
    value = mapping.values.get("motivation")
    motivation = str(value).strip().lower()
    if motivation not in MOTIVATIONS:
        close = difflib.get_close_matches(motivation, MOTIVATIONS, n=1)
        raise ReaderError(
            mapping.where("motivation"),
            f"unknown motivation {value!r}",
            (f"did you mean {close[0]!r}? " if close else "")
            + f"use one of the W3C motivations: {', '.join(sorted(MOTIVATIONS))}",
        )
    return motivation
