"""Stage 1, Pandoc Markdown: refuse bracket structures Pandoc cannot read in
reasonable time, before it is run.

Pandoc's Markdown reader tries every `[` as the start of a link, span or
citation and backtracks when it fails, so its time grows exponentially with
brackets nested in one paragraph, and unclosed ones are the worst: eight
nested pairs took 9 s, two thousand `[` in a row ran until the time limit.
Papers nest two deep at most (`^[a note citing [@key]]`); a paragraph
nesting deeper than `MAX_BRACKET_DEPTH`, or leaving more than that many
brackets open, is one clear error at its line. Code is not counted: Pandoc
does not read brackets there.
"""

from __future__ import annotations

import re
from pathlib import Path

from build_tools.model import ReaderError, SourceLocation

MAX_BRACKET_DEPTH = 4
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ESCAPED_BRACKET = re.compile(r"\\[\[\]]")


def refuse_deep_brackets(text: str, path: Path) -> None:
    """Raise at the line where a paragraph's brackets nest or stay open
    deeper than MAX_BRACKET_DEPTH."""
    depth, fence = 0, ""
    for number, line in enumerate(text.split("\n"), start=1):
        opened = FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        if not line.strip():
            depth = 0  # a blank line ends the paragraph, and any bracket left open in it
            continue
        for character in _outside_inline_code(ESCAPED_BRACKET.sub("", line)):
            if character == "[":
                depth += 1
                if depth > MAX_BRACKET_DEPTH:
                    raise ReaderError(
                        SourceLocation(path, number),
                        f"square brackets nest or stay open more than {MAX_BRACKET_DEPTH} deep in this paragraph",
                        "close each '[' with a ']' (write '\\[' for a bracket that is text); Pandoc takes "
                        "minutes on brackets nested this deep")
            elif character == "]" and depth:
                depth -= 1


def _outside_inline_code(line: str) -> str:
    """The line without its `code` spans, when its backticks pair up."""
    parts = line.split("`")
    return "".join(parts[::2]) if len(parts) % 2 else line
