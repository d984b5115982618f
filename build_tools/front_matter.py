"""YAML loading that remembers where each value came from.

`paper.yml`, concept front matter and annotation front matter all need errors
that point at a line, and PyYAML's plain `safe_load` forgets positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from build_tools.model import ReaderError, SourceLocation


@dataclass(frozen=True)
class LocatedMapping:
    """A YAML mapping's plain values plus the line of each top-level key."""

    values: dict[str, Any]
    key_lines: dict[str, int]
    item_lines: dict[tuple[str, int], int]
    path: Path
    first_line: int

    def where(self, key: str | None = None) -> SourceLocation:
        return SourceLocation(self.path, self.key_lines.get(key or "", self.first_line))

    def item_line(self, key: str, index: int) -> int:
        """Line of the index-th item of a list-valued key (for corrections)."""
        return self.item_lines.get((key, index), self.where(key).line)


def load_located_mapping(text: str, path: Path, first_line: int = 1) -> LocatedMapping:
    """Parse `text` as a YAML mapping; `first_line` offsets line numbers when
    the YAML is front matter that starts below line 1 of its file."""
    try:
        node, values = _compose_and_load(text)
    except (yaml.YAMLError, ValueError):
        pass  # read again below by the pure-Python parser, whose messages the hints were written for
    else:
        return _located(node, values, text, path, first_line)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        values = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(error, "problem", None) or str(error)
        raise ReaderError(
            SourceLocation(path, line),
            f"this is not valid YAML: {problem}",
            "check indentation and quote values that contain ':' or start with '[' or '*'",
        ) from None
    except ValueError as error:
        # PyYAML parses 2024-13-01 as a timestamp and then fails building the
        # date, with no position; the composed node still knows the line.
        raise ReaderError(
            SourceLocation(path, first_line + _bad_timestamp_line(text)),
            f"this is not a valid date: {error}",
            "write dates as YYYY-MM-DD with a real month and day",
        ) from None
    return _located(node, values, text, path, first_line)


def _compose_and_load(text: str) -> tuple[Any, Any]:
    """libyaml when PyYAML was built with it: the same nodes and values,
    several times faster, which matters with thousands of notes."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.compose(text, Loader=loader), yaml.load(text, Loader=loader)  # a safe loader


def _located(node: Any, values: Any, text: str, path: Path, first_line: int) -> LocatedMapping:
    if node is None:
        values, node_pairs = {}, []
    elif not isinstance(node, yaml.MappingNode) or not isinstance(values, dict):
        raise ReaderError(
            SourceLocation(path, first_line),
            "expected a mapping of 'key: value' lines",
            "start each line with a field name followed by a colon",
        )
    else:
        node_pairs = node.value
    key_lines: dict[str, int] = {}
    item_lines: dict[tuple[str, int], int] = {}
    for key_node, value_node in node_pairs:
        key = str(key_node.value)
        key_lines[key] = first_line + key_node.start_mark.line
        if isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                item_lines[(key, index)] = first_line + item.start_mark.line
    return LocatedMapping(values, key_lines, item_lines, path, first_line)


def _bad_timestamp_line(text: str) -> int:
    """0-based line of the first timestamp PyYAML cannot build (0 if none)."""
    nodes = [yaml.compose(text, Loader=yaml.SafeLoader)]
    while nodes:
        node = nodes.pop(0)
        if isinstance(node, yaml.MappingNode):
            nodes.extend(n for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode):
            nodes.extend(node.value)
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":timestamp"):
            try:
                yaml.SafeLoader("").construct_yaml_timestamp(node)
            except ValueError:
                return int(node.start_mark.line)
    return 0


FENCE = "---"


@dataclass(frozen=True)
class SplitPage:
    """A Markdown file cut at its front matter fences. Lines count from 1."""

    yaml: str
    yaml_first_line: int
    body: str
    body_first_line: int


def split_front_matter(text: str, path: Path, what: str, hint: str) -> SplitPage:
    """The YAML between a first line '---' and the next '---' line, and the
    body after it. `what` names the file kind in errors ("a concept page"),
    `hint` says what its front matter holds."""
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        raise ReaderError(SourceLocation(path, 1), f"{what} must start with front matter: a '---' line, "
                          "its fields, then another '---' line", hint)
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FENCE:
            # lines[index] is line index + 1, so the body starts at index + 2.
            return SplitPage("\n".join(lines[1:index]), 2, "\n".join(lines[index + 1:]), index + 2)
    raise ReaderError(SourceLocation(path, 1), "the front matter is never closed",
                      "add a line with just '---' after the last front matter field")


def page_body(text: str) -> tuple[str, int]:
    """A hand-written page's body and its first line: what follows front
    matter if the page has any, else the whole text."""
    try:
        page = split_front_matter(text, Path(), "", "")
    except ReaderError:
        return text, 1
    return page.body, page.body_first_line


def body_first_line(source: Path, markdown: str) -> int:
    """Line of the file where the page body (what follows any front matter)
    starts, so errors point at the line a writer sees."""
    try:
        raw = source.read_text(encoding="utf-8")
    except OSError:
        return 1
    return raw[: len(raw) - len(markdown)].count("\n") + 1 if raw.endswith(markdown) else 1
