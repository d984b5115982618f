"""Pandoc, run for its readers: Markdown → its JSON AST, MathML → TeX.

`pypandoc-binary` ships the pandoc program inside the wheel, so this works
offline and gives the same parse on every machine. Pandoc runs with
`--sandbox`: a source cannot make it read other files or the network.
"""

from __future__ import annotations

import json
from typing import Any

import pypandoc


class PandocFailed(Exception):
    """Pandoc refused the input; the message is pandoc's own."""


def pandoc_json(text: str, from_format: str) -> dict[str, Any]:
    """Pandoc's JSON AST of `text` read as `from_format`."""
    try:
        output = pypandoc.convert_text(text, "json", format=from_format, extra_args=["--sandbox"])
    except (RuntimeError, OSError) as error:
        raise PandocFailed(str(error).strip()) from None
    ast: dict[str, Any] = json.loads(output)
    return ast


def tex_from_mathml(formulas: list[str]) -> list[str | None]:
    """TeX for each serialized MathML <math> element, None where pandoc's
    MathML reader (texmath) gives none. One pandoc run for all of them: each
    formula goes in its own <div id> so a failure cannot shift the others."""
    if not formulas:
        return []
    html = "".join(f'<div id="m{i}">{formula}</div>' for i, formula in enumerate(formulas))
    try:
        ast = pandoc_json(html, "html")
    except PandocFailed:
        return [None] * len(formulas)
    found: dict[str, str] = {}
    for block in ast.get("blocks", []):
        if block.get("t") == "Div":
            (identifier, _, _), content = block["c"]
            maths = list(_maths(content))
            if len(maths) == 1 and maths[0].strip():
                found[identifier] = maths[0].strip()
    return [found.get(f"m{i}") for i in range(len(formulas))]


def _maths(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("t") == "Math":
            yield node["c"][1]
            return
        yield from _maths(node.get("c"))
    elif isinstance(node, list):
        for item in node:
            yield from _maths(item)
