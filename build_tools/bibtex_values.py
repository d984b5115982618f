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
# Braces around plain words ("{NATO}", "{China-Russia} Axis in {UN}"), the
# most common LaTeX in a .bib file: no macro, special or quote that pylatexenc
# would turn into text, so its output is the words without their braces.
ONLY_BRACES = re.compile(r"[^\\~$%&#^_`'\"]*")


def field_text(value: str) -> str:
    """A BibTeX field as plain text: accents decoded, braces and `~` gone,
    `--` an en dash, whitespace collapsed."""
    value = value.replace("---", "—").replace("--", "–")
    if LATEX_SYNTAX.search(value) and ONLY_BRACES.fullmatch(value) and _balanced(value):
        value = value.replace("{", "").replace("}", "")
    elif LATEX_SYNTAX.search(value):
        try:
            value = _LATEX.latex_to_text(value)
        except (IndexError, ValueError, RecursionError):  # pylatexenc on odd but legal input
            value = re.sub(r"[{}]", "", value)
    return " ".join(value.split())


def _balanced(value: str) -> bool:
    depth = 0
    for char in value:
        if char in "{}":
            depth += 1 if char == "{" else -1
            if depth < 0:
                return False
    return depth == 0


# BibLaTeX's extended name format: "family=Mello e Souza, given=André, prefix=de,
# useprefix=true"; every comma-separated part is a key=value pair. pybtex knows
# only BibTeX's own forms.
_EXTENDED_NAME_PART = re.compile(r"([a-z]+(?:-i)?)\s*=(.*)", re.DOTALL)
_EXTENDED_NAME_KEYS = {"family", "given", "prefix", "suffix", "useprefix", "family-i", "given-i", "prefix-i",
                       "suffix-i"}


def extended_name(part: str) -> tuple[str, str] | None:
    """(family, given) of one name written in BibLaTeX's extended format, as
    LaTeX (prefix and suffix are part of the family name; braces and quotes
    around a value removed); None for a name in BibTeX's own forms."""
    if "=" not in part:
        return None
    fields = {}
    for piece in part.split(","):
        match = _EXTENDED_NAME_PART.fullmatch(piece.strip())
        if not match or match.group(1) not in _EXTENDED_NAME_KEYS:
            return None
        value = match.group(2).strip()
        if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
            value = value[1:-1]
        fields[match.group(1)] = value
    if "family" not in fields and "given" not in fields:
        return None
    family = " ".join(fields[key] for key in ("prefix", "family", "suffix") if fields.get(key))
    return family, fields.get("given", "")


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
        if extended := extended_name(part):
            family, given = extended
            names.append(Name(field_text(family), field_text(given)) if family
                         else Name(field_text(given), is_organisation=True))
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
