"""BibTeX field values as plain text and names, for every reader of a `.bib`
file: a Pandoc paper's own bibliography (read stage) and the site's
published bibliography (references stage).

Values are untrusted: a field may hold any LaTeX. pylatexenc turns accents
and braces into text; what it cannot read is kept as written, never a
traceback.
"""

from __future__ import annotations

import re

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person
from pybtex.exceptions import PybtexError
from pylatexenc.latex2text import LatexNodes2Text

from build_tools.model import Name

_LATEX = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
LATEX_SYNTAX = re.compile(r"[\\{}~$]")


def field_text(value: str) -> str:
    """A BibTeX field as plain text: accents decoded, braces and `~` gone,
    `--` an en dash, whitespace collapsed."""
    value = value.replace("---", "—").replace("--", "–")
    if LATEX_SYNTAX.search(value):
        try:
            value = _LATEX.latex_to_text(value)
        except (IndexError, ValueError, RecursionError):  # pylatexenc on odd but legal input
            value = re.sub(r"[{}]", "", value)
    return " ".join(value.split())


def field_names(value: str) -> tuple[tuple[Name, ...], bool]:
    """An author or editor field → the names, and whether it ends with
    "and others" (BibTeX's "et al."). `{North Atlantic Treaty Organization}`
    is one organisation; a name pybtex cannot split is kept whole."""
    names: list[Name] = []
    more = False
    for part in split_name_list(value):
        part = part.strip()
        if part.lower() == "others":
            more = True
            continue
        if part.startswith("{") and part.endswith("}") and "," not in part:
            names.append(Name(field_text(part[1:-1]), is_organisation=True))
            continue
        try:
            person = Person(part)
        except PybtexError:  # "Smith, John, Jr, Extra": too many commas for BibTeX
            names.append(Name(field_text(part)))
            continue
        family = field_text(" ".join(person.prelast_names + person.last_names))
        given = field_text(" ".join(person.first_names + person.middle_names))
        lineage = field_text(" ".join(person.lineage_names))
        if lineage:
            given = f"{given}, {lineage}" if given else lineage
        names.append(Name(family, given) if family else Name(field_text(part), is_organisation=True))
    return tuple(names), more
