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


# Deeper than this is no metadata anyone writes by hand, and PyYAML builds
# nested values by recursion (a list nested 300 deep was a RecursionError).
MAX_NESTING = 20


def load_located_mapping(text: str, path: Path, first_line: int = 1) -> LocatedMapping:
    """Parse `text` as a YAML mapping; `first_line` offsets line numbers when
    the YAML is front matter that starts below line 1 of its file.

    Refused before any value is built: anchors and aliases (`&a`, `*a`: ten
    nested aliases make a billion values, the "billion laughs"), nesting
    deeper than `MAX_NESTING`; refused after: a key given twice in one
    mapping, which YAML would let silently win."""
    text = text.removeprefix("\ufeff")
    fast_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        _check_events(text, path, first_line, fast_loader)
        node, values = _compose_and_load(text, fast_loader)
    except (yaml.YAMLError, ValueError):
        pass  # read again below by the pure-Python parser, whose messages the hints were written for
    else:
        return _located(node, values, text, path, first_line)
    try:
        _check_events(text, path, first_line, yaml.SafeLoader)
        node, values = _compose_and_load(text, yaml.SafeLoader)
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
        timestamp_line = _bad_timestamp_line(text)
        if timestamp_line is None:
            raise ReaderError(SourceLocation(path, first_line), f"a value cannot be read: {error}",
                              "quote long numbers and other unusual values") from None
        raise ReaderError(
            SourceLocation(path, first_line + timestamp_line),
            f"this is not a valid date: {error}",
            "write dates as YYYY-MM-DD with a real month and day",
        ) from None
    return _located(node, values, text, path, first_line)


def _check_events(text: str, path: Path, first_line: int, loader: Any) -> None:
    """Anchors, aliases and deep nesting, found in the parser's events, before
    the composer or constructor can spend memory or stack on them."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line = first_line + (event.start_mark.line if event.start_mark else 0)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ReaderError(SourceLocation(path, line),
                              "YAML anchors and aliases ('&name', '*name') are not allowed here",
                              "write each value out in full; if a value starts with '&' or '*', quote it")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise ReaderError(SourceLocation(path, line),
                                  f"lists and mappings are nested more than {MAX_NESTING} deep",
                                  "front matter fields are text, lists of text, or a mapping of text")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _compose_and_load(text: str, loader_class: Any) -> tuple[Any, Any]:
    """The node tree (for line numbers) and the values built from it, from
    one parse. libyaml when PyYAML was built with it: the same nodes and
    values, several times faster, which matters with thousands of notes."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        values = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, values


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
    _refuse_duplicate_keys(node, path, first_line)
    key_lines: dict[str, int] = {}
    item_lines: dict[tuple[str, int], int] = {}
    for key_node, value_node in node_pairs:
        key = str(key_node.value)
        key_lines[key] = first_line + key_node.start_mark.line
        if isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                item_lines[(key, index)] = first_line + item.start_mark.line
    return LocatedMapping(values, key_lines, item_lines, path, first_line)


def _refuse_duplicate_keys(node: Any, path: Path, first_line: int) -> None:
    """A key given twice in any mapping is an error at the second one."""
    nodes = [node] if node is not None else []
    while nodes:
        current = nodes.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, value_node in current.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
                line = first_line + key_node.start_mark.line
                if key in seen:
                    raise ReaderError(SourceLocation(path, line),
                                      f"the key {key!r} is given twice; first at line {seen[key]}",
                                      "keep one of the two: YAML would silently use the last")
                seen[key] = line
                nodes.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            nodes.extend(current.value)


def _bad_timestamp_line(text: str) -> int | None:
    """0-based line of the first timestamp PyYAML cannot build (None if none)."""
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
    return None


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


def text_fields(item: object, where: SourceLocation, allowed: tuple[str, ...], required: tuple[str, ...],
                what: str, hint: str) -> dict[str, str]:
    """One item of a list of small records (a concept page's definition, a
    paper's claim): a mapping of the `allowed` text fields, each of the
    `required` ones non-empty, stripped. `what` names it in errors ("definition 2")."""
    if not isinstance(item, dict):
        raise ReaderError(where, f"{what} must be a mapping of {', '.join(required)}", hint)
    unknown = [str(k) for k in item if k not in allowed]
    if unknown:
        raise ReaderError(where, f"unknown field '{unknown[0]}' in {what}", hint)
    if any(not isinstance(value, str) for value in item.values()):
        key = next(str(k) for k, value in item.items() if not isinstance(value, str))
        raise ReaderError(where, f"'{key}' of {what} must be text", hint)
    for key in required:
        if not item.get(key, "").strip():
            raise ReaderError(where, f"{what} has no '{key}'", hint)
    return {str(k): value.strip() for k, value in item.items()}
