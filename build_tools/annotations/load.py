"""Stage 4, step 1: `annotations/<paper-slug>/<name>.md` → `Annotation`s,
each checked against the front matter rules. Anchoring (anchor.py) and link
checking (links.py) come next.

Files whose name starts with an uppercase letter or "_" (TEMPLATE.md,
README.md, _draft.md) and dotfiles are not annotations and are skipped.
"""


from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from build_tools import urls
from build_tools.cache import BuildCache
from build_tools.front_matter import LocatedMapping, load_located_mapping, split_front_matter
from build_tools.inputs import NOTE_LIMIT, check_file, read_text
from build_tools.model import (
    MOTIVATIONS,
    Annotation,
    Problems,
    ReaderError,
    ReaderErrors,
    SourceLocation,
    TextQuoteSelector,
    each_checked,
)

REQUIRED_FIELDS = ("exact", "author", "created", "motivation")
KNOWN_FIELDS = (*REQUIRED_FIELDS, "prefix", "suffix", "tags")
# Notes that only mark a passage may have no text.
MOTIVATIONS_WITHOUT_NOTE = {"highlighting", "bookmarking"}
# GitHub's rule for user names: letters, digits and single inner hyphens, at most 39.
HANDLE = re.compile(r"^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$")
# Placeholders: annotations/TEMPLATE.md's own, and ones people type from examples.
PLACEHOLDER_HANDLES = {"your-handle", "your-github-handle", "jdoe"}
T = TypeVar("T")

TAG = re.compile(r"^[a-z0-9][a-z0-9' -]{0,39}$")


def annotation_files(annotations_dir: Path) -> list[Path]:
    """Every annotation file, in path order so builds are reproducible."""
    if not annotations_dir.is_dir():
        return []
    # A symlinked folder is listed (not descended into) so that loading it
    # is an error rather than a silent skip.
    return [path for path in sorted(annotations_dir.rglob("*"))
            if (path.is_symlink() or not path.is_dir()) and not _is_skipped(path.relative_to(annotations_dir))]


def load_annotation(path: Path, annotations_dir: Path, paper_slugs: Sequence[str], cache: BuildCache) -> Annotation:
    """One annotation file, read and checked; kept in `cache` while its bytes
    and the known papers are unchanged."""
    slugs = sorted(paper_slugs)
    if path.is_dir():
        raise ReaderError(path, "a symbolic link to a folder is not read",
                          "put the note files themselves in annotations/<paper-slug>/")
    # Before the cache reads a byte: where the file really is and its size.
    check_file(path, NOTE_LIMIT, "a note", root=annotations_dir.parent)
    return cache.from_file("annotations.load", path, lambda p: _load_annotation_file(p, annotations_dir, slugs),
                           context=(annotations_dir.resolve(), tuple(slugs)), lasting=True)


def load_annotations(annotations_dir: Path, paper_slugs: Sequence[str], cache: BuildCache) -> tuple[Annotation, ...]:
    """Every annotation file, read and checked; the problems of all files
    are raised together."""
    return each_checked(annotation_files(annotations_dir),
                        lambda path: load_annotation(path, annotations_dir, paper_slugs, cache))


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
    if path.suffix != ".md" or not urls.is_slug(path.stem):
        raise ReaderError(
            SourceLocation(path, 1),
            "an annotation file name must be lowercase letters, digits and '-', ending in .md",
            "e.g. annotations/zou-balancing-act/article-5-invoked.md; the name becomes the note's id",
        )
    # Where the file really is was checked by `load_annotation` just before
    # (resolving the path and the repository again cost a build of a
    # thousand notes a tenth of a second); its size is checked again here.
    text = read_text(path, NOTE_LIMIT, "a note", hand_written=True)
    page = split_front_matter(text, path, "an annotation",
                              "copy annotations/TEMPLATE.md: front matter between two '---' lines, then the note")
    mapping = load_located_mapping(page.yaml, path, first_line=page.yaml_first_line)
    body = page.body.strip()
    body_line = page.body_first_line + next((i for i, line in enumerate(page.body.split("\n")) if line.strip()), 0)
    # Every problem of the front matter in one run: each field on its own.
    problems = Problems()
    missing = _check_fields(mapping, problems)

    def field(key: str, read: Callable[[LocatedMapping], T], fallback: T) -> T:
        # A missing field is reported once, not again by the reader of its value.
        return fallback if key in missing else problems.attempt(lambda: read(mapping), fallback)

    motivation = field("motivation", _motivation, "")
    if not body.strip() and motivation and motivation not in MOTIVATIONS_WITHOUT_NOTE:
        problems.record(ReaderError(
            SourceLocation(path, body_line),
            "the note is empty; write it below the closing '---'",
            "only highlighting and bookmarking annotations may have no note",
        ))
    annotation = Annotation(
        id=f"{slug}/{path.stem}",
        paper_slug=slug,
        path=path,
        selector=TextQuoteSelector(
            exact=field("exact", lambda m: _text(m, "exact", required=True), ""),
            prefix=field("prefix", lambda m: _text(m, "prefix"), ""),
            suffix=field("suffix", lambda m: _text(m, "suffix"), ""),
        ),
        author=field("author", _author, ""),
        created=field("created", _created, ""),
        tags=field("tags", _tags, ()),
        motivation=motivation,
        body_markdown=body,
        location=mapping.where("exact"),
        body_location=SourceLocation(path, body_line),
    )
    if problems:
        raise InvalidAnnotation(problems.errors, annotation)
    return annotation


class InvalidAnnotation(ReaderErrors):
    """The problems of a note's front matter, with the note as far as it
    could be read (`draft`: a field with a problem left empty), so that its
    quote, links and citations are still checked in the same run. A draft
    is never published."""

    def __init__(self, errors: list[ReaderError], draft: Annotation) -> None:
        super().__init__(errors)
        self.draft = draft


def _check_fields(mapping: LocatedMapping, problems: Problems) -> set[str]:
    """Unknown and missing fields, recorded; the missing ones returned."""
    for key in mapping.values:
        if key not in KNOWN_FIELDS:
            close = difflib.get_close_matches(str(key), KNOWN_FIELDS, n=1)
            problems.record(ReaderError(
                mapping.where(key),
                f"unknown field {key!r}",
                (f"did you mean {close[0]!r}? " if close else "")
                + f"the fields are: {', '.join(KNOWN_FIELDS)}",
            ))
    missing = {key for key in REQUIRED_FIELDS if mapping.values.get(key) in (None, "")}
    for key in sorted(missing, key=REQUIRED_FIELDS.index):
        problems.record(ReaderError(
            mapping.where(key),
            f"missing required field {key!r}",
            f"every annotation needs: {', '.join(REQUIRED_FIELDS)}; see annotations/TEMPLATE.md",
        ))
    return missing


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
    # `author: yes` is YAML for True, and `author: 2024` a number: refused,
    # never turned into a handle "true" or "2024".
    handle = value.strip().removeprefix("@").lower() if isinstance(value, str) else ""
    if not isinstance(value, str) and value is not None:
        raise ReaderError(
            mapping.where("author"),
            f"author is read as {value!r}: YAML turns an unquoted yes, no, on, off or number into that, "
            "not into a GitHub handle",
            "quote your handle: author: '@octocat'",
        )
    if not HANDLE.match(handle) or handle in PLACEHOLDER_HANDLES:
        raise ReaderError(
            mapping.where("author"),
            f"author {value!r} is not a GitHub handle"
            + (" (it is the template's placeholder)" if handle in PLACEHOLDER_HANDLES else ""),
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
        # yes, no, on, off are YAML booleans: refused, not made into "true".
        if isinstance(item, bool) or not isinstance(item, str | int):
            raise ReaderError(
                SourceLocation(mapping.path, mapping.item_line("tags", index)),
                f"tag {item!r} is not text; YAML reads yes, no, on and off as true or false",
                "put the tag in quotes: tags: [\"yes\", nato]",
            )
        tag = " ".join(str(item).split()).lower()
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
    motivation = value.strip().lower() if isinstance(value, str) else ""
    if motivation not in MOTIVATIONS:
        close = difflib.get_close_matches(motivation, MOTIVATIONS, n=1)
        raise ReaderError(
            mapping.where("motivation"),
            f"unknown motivation {value!r}",
            (f"did you mean {close[0]!r}? " if close else "")
            + f"use one of the W3C motivations: {', '.join(sorted(MOTIVATIONS))}",
        )
    return motivation
