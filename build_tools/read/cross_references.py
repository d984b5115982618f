"""Stage 1e helper: cross-references in Pandoc and R Markdown papers.

Authors point at their own figures, tables, equations and sections in four
notations Pandoc leaves as written: pandoc-crossref (`@fig:map`, `{#eq:x}`),
bookdown (`\\@ref(fig:map)`), LaTeX (`\\ref{sec:intro}`, `\\autoref`, `\\eqref`)
and knitr chunk labels (a figure chunk `map` is `fig:map`). One pass over
Pandoc's AST numbers every labelled part the way the knitted paper numbers
it (sections 1, 1.1 … and A, B after `\\appendix`; figures, tables and
labelled equations in order); the reader then writes "Figure 2" or "2" and
links it to that part of the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from build_tools.read.knitr_chunks import QUARTO_KINDS, KnitrDocument

KIND_WORDS = {"fig": "Figure", "tbl": "Table", "tab": "Table", "eq": "Equation", "sec": "Section",
              "lst": "Listing", "app": "Appendix"}
# pandoc-crossref's prefixes ("@fig:map"), and Quarto's ("@fig-map", which Quarto
# reads as a cross-reference whatever the bibliography holds); a citation whose
# every key has one is a cross-reference.
CROSSREF_PREFIX = re.compile(rf"^(?:(?:fig|tbl|tab|eq|sec|lst|app):|{QUARTO_KINDS})", re.IGNORECASE)
# bookdown: `\@ref(fig:x)`; Pandoc reads `\@` as "@", so the text holds "@ref(fig:x)".
BOOKDOWN_REF = re.compile(r"@ref\((?P<label>[^()\s]+)\)")
LATEX_REF = re.compile(r"^\\(?P<command>ref|autoref|cref|Cref|eqref|pageref|nameref)\{(?P<label>[^{}\s]+)\}$")
# pandoc-crossref's label after display maths or a caption: "{#eq:energy}".
TRAILING_LABEL = re.compile(r"\{#(?P<label>[^{}\s]+)\}\s*$")
LATEX_LABEL = re.compile(r"\\label\{(?P<label>[^{}\s]+)\}")
# A Div that is one figure made of sub-figures: Quarto's `::: {#fig-x}`.
FIGURE_LABEL = re.compile(r"^fig[-:]")
NUMBERED_PART = re.compile(r"(?P<figure>fig-[\w-]+)-(?P<index>\d{1,2})")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A LaTeX display-maths environment Pandoc leaves as raw TeX inside a paragraph.
MATH_ENVIRONMENT = re.compile(r"^\s*\\begin\{(?:equation|align|gather|multline|eqnarray|flalign|alignat)\*?\}")


def display_tex(node: dict[str, Any]) -> str | None:
    """The TeX of a display formula node: `$$…$$`, or a raw `\\begin{align*}…`."""
    if node.get("t") == "Math" and node["c"][0]["t"] == "DisplayMath":
        return str(node["c"][1])
    if node.get("t") == "RawInline" and node["c"][0] in ("tex", "latex") and MATH_ENVIRONMENT.match(node["c"][1]):
        return str(node["c"][1])
    return None


@dataclass(frozen=True)
class Labelled:
    """A part of the paper a cross-reference can name."""

    label: str
    kind: str      # "section", "figure", "table", "equation"
    number: str    # as the knitted paper prints it: "2", "3.1", "A", "1 (b)" for a sub-figure
    # A sub-figure is shown within its figure: links go to the figure.
    figure: str = ""

    @property
    def target(self) -> str:
        return self.figure or self.label

    @property
    def word(self) -> str:
        return {"section": "Section", "figure": "Figure", "table": "Table", "equation": "Equation"}[self.kind]


def number_labels(blocks: list[dict[str, Any]], knitr: KnitrDocument | None) -> dict[str, Labelled]:
    """Every label in the document with its number, in reading order."""
    found: dict[str, Labelled] = {}
    counters: list[int] = []
    appendix = False
    counts = {"figure": 0, "table": 0, "equation": 0}

    def numbered(kind: str) -> str:
        counts[kind] += 1
        return str(counts[kind])

    for block in _walk_blocks(blocks):
        t, c = block.get("t"), block.get("c", [])
        if t == "RawBlock" and "\\appendix" in str(c[1]):
            appendix, counters = True, []
        elif t == "Header":
            level, (identifier, classes, _), _ = c
            if "unnumbered" in classes or "-" in classes:
                continue
            level = min(int(level), len(counters) + 1)
            counters = [*counters[:level - 1], counters[level - 1] + 1 if len(counters) >= level else 1]
            parts = [str(n) for n in counters]
            if appendix:
                parts[0] = _letter(counters[0])
            if identifier:
                found.setdefault(identifier, Labelled(identifier, "section", ".".join(parts)))
        elif t == "Div" and FIGURE_LABEL.match(c[0][0]):
            # Quarto's figure of sub-figures: one number, each part a letter.
            number = numbered("figure")
            found.setdefault(c[0][0], Labelled(c[0][0], "figure", number))
            for letter, part in zip(LETTERS, sub_figure_labels(c[1]), strict=False):
                found.setdefault(part, Labelled(part, "figure", f"{number} ({letter})", figure=c[0][0]))
        elif t == "Figure" or (t == "Para" and (image := _lone_image(c)) is not None):
            number = numbered("figure")
            identifier = c[0][0] if t == "Figure" else image["c"][0][0] if image else ""
            if identifier:
                found.setdefault(identifier, Labelled(identifier, "figure", number))
        elif t == "Table":
            number = numbered("table")
            identifier = c[0][0] or _caption_label(c[1][1])
            if identifier:
                found.setdefault(identifier, Labelled(identifier, "table", number))
        elif t == "CodeBlock" and knitr is not None and (chunk := knitr.chunk_of(c[0][0])) and chunk.output:
            kind = chunk.output
            number = numbered(kind)
            if chunk.cross_reference_label:
                found.setdefault(chunk.cross_reference_label, Labelled(chunk.cross_reference_label, kind, number))
        elif t in ("Para", "Plain"):
            for label in _equation_labels(c):
                found.setdefault(label, Labelled(label, "equation", numbered("equation")))
    return found


def _walk_blocks(blocks: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """Blocks in reading order, descending into quotes, lists and divs (not
    into a figure's or table's own content)."""
    for block in blocks:
        yield block
        t, c = block.get("t"), block.get("c", [])
        if t in ("BlockQuote",):
            yield from _walk_blocks(c)
        elif t == "Div" and not FIGURE_LABEL.match(c[0][0]):
            yield from _walk_blocks(c[1])
        elif t == "BulletList":
            for item in c:
                yield from _walk_blocks(item)
        elif t == "OrderedList":
            for item in c[1]:
                yield from _walk_blocks(item)


def sub_figure_labels(blocks: list[dict[str, Any]]) -> list[str]:
    """The labels of the images inside a figure Div, in order."""
    labels = []
    for block in blocks:
        t, c = block.get("t"), block.get("c", [])
        if t == "Figure" and c[0][0]:
            labels.append(c[0][0])
        elif t == "Para" and (image := _lone_image(c)) is not None and image["c"][0][0]:
            labels.append(image["c"][0][0])
    return labels


def find_label(labels: dict[str, Labelled], label: str) -> Labelled | None:
    """The part `label` names. Quarto calls the figures one code cell makes
    `fig-x-1`, `fig-x-2` … after the cell's `fig-x` (its `fig-subcap`
    captions them (a), (b) …): those are parts of that figure."""
    if label in labels:
        return labels[label]
    m = NUMBERED_PART.fullmatch(label)
    whole = labels.get(m.group("figure")) if m else None
    if m is None or whole is None or whole.kind != "figure" or whole.figure:
        return None
    index = int(m.group("index"))
    if not 1 <= index <= len(LETTERS):
        return None
    return Labelled(label, "figure", f"{whole.number} ({LETTERS[index - 1]})", figure=whole.label)


def _lone_image(inlines: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The image a paragraph consists of (a figure), or None."""
    content = [n for n in inlines if n.get("t") not in ("Space", "SoftBreak", "LineBreak")]
    return content[0] if len(content) == 1 and content[0].get("t") == "Image" else None


def _caption_label(blocks: list[dict[str, Any]]) -> str:
    """"Tcap {#tbl:d}" when Pandoc kept the label in the caption text."""
    text = "".join(str(n.get("c", "")) if n.get("t") == "Str" else " " for b in blocks for n in b.get("c", [])
                   if isinstance(n, dict))
    m = TRAILING_LABEL.search(text)
    return m.group("label") if m else ""


def _equation_labels(inlines: list[dict[str, Any]]) -> list[str]:
    """Labels of the display formulas in a paragraph."""
    return [label for position, node in enumerate(inlines)
            if display_tex(node) is not None and (label := formula_label(inlines, position))]


def formula_label(inlines: list[dict[str, Any]], position: int) -> str:
    """The label of the display formula at `position`: pandoc-crossref's
    "{#eq:x}" after it, or LaTeX's \\label{x} inside it; "" if none."""
    for node in inlines[position + 1:]:
        if node.get("t") in ("Space", "SoftBreak"):
            continue
        if node.get("t") == "Str" and (m := TRAILING_LABEL.fullmatch(node["c"])):
            return m.group("label")
        break
    inside = LATEX_LABEL.search(display_tex(inlines[position]) or "")
    return inside.group("label") if inside else ""


def _letter(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def is_cross_reference_key(key: str) -> bool:
    return CROSSREF_PREFIX.match(key) is not None
