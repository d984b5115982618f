"""Pandoc, run for its readers: Markdown → its JSON AST, MathML → TeX.

`pypandoc-binary` ships the pandoc program inside the wheel, so this works
offline and gives the same parse on every machine. Pandoc runs with
`--sandbox`: a source cannot make it read other files or the network.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pypandoc

# A real paper takes pandoc well under a second and a few dozen MB. A hostile
# one (a YAML block whose aliases expand to millions of nodes) would run for
# minutes: the build stops it with a clear error instead.
PANDOC_SECONDS = 60
PANDOC_HEAP = "1g"


class PandocFailed(Exception):
    """Pandoc refused the input; the message is pandoc's own."""


def pandoc_json(text: str, from_format: str, seconds: float | None = None) -> dict[str, Any]:
    """Pandoc's JSON AST of `text` read as `from_format`."""
    limit = seconds or PANDOC_SECONDS
    command = [pypandoc.get_pandoc_path(), "+RTS", f"-M{PANDOC_HEAP}", "-RTS", "--sandbox",
               "-f", from_format, "-t", "json"]
    try:
        done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True, timeout=limit,
                              check=False)
    except subprocess.TimeoutExpired:
        raise PandocFailed(f"pandoc did not finish within {limit:g} seconds (a YAML block whose "
                           "aliases expand without end does this)") from None
    except OSError as error:
        raise PandocFailed(str(error).strip()) from None
    if done.returncode != 0:
        raise PandocFailed(done.stderr.decode("utf-8", "replace").strip()[:500])
    ast: dict[str, Any] = json.loads(done.stdout)
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
