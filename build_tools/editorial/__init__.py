"""Stage 1b: editorial corrections, `papers/<slug>/editorial.yml`.

The authors' own slips (a doubled comma, two words run together) are
corrected in the reading text *visibly*, as a critical edition does: each
correction names the text as printed (`find`, with `before` to pick one
occurrence), what the site prints instead (`replace`) and why (`reason`).
This stage only locates them in the parsed paragraphs; the raw source and
the paragraph text stay as received (annotations and concept matching work
on them), and the renderer draws the mark. Conversion damage is not an
editorial matter: it belongs in paper.yml `corrections`, which stay silent.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from build_tools.front_matter import load_located_mapping
from build_tools.inputs import METADATA_LIMIT, read_text
from build_tools.model import EditorialCorrection, Paper, ReaderError, SourceLocation, each_checked

EDITORIAL_FILE = "editorial.yml"
FIELDS = ("find", "replace", "reason", "before")


def load_editorial_corrections(papers_dir: Path, papers: Iterable[Paper]) -> tuple[EditorialCorrection, ...]:
    """Every paper's corrections; the problems of every file and item are
    raised together."""
    with_file = [(papers_dir / paper.slug / EDITORIAL_FILE, paper) for paper in papers]
    found = each_checked([(path, paper) for path, paper in with_file if path.is_file()],
                         lambda pair: _paper_corrections(*pair))
    return tuple(correction for corrections in found for correction in corrections)


def _paper_corrections(path: Path, paper: Paper) -> list[EditorialCorrection]:
    text = read_text(path, METADATA_LIMIT, "an editorial corrections file", root=path.parent.parent.parent,
                     hand_written=True)
    mapping = load_located_mapping(text, path)
    items = mapping.values.get("editorial")
    if not isinstance(items, list):
        raise ReaderError(mapping.where("editorial"), "expected a list under 'editorial:'",
                          "write 'editorial:' then items '- find: …', 'replace: …', 'reason: …'")
    return list(each_checked(
        enumerate(items),
        lambda numbered: _locate(numbered[1], SourceLocation(path, mapping.item_line("editorial", numbered[0])),
                                 paper)))


def _locate(item: object, where: SourceLocation, paper: Paper) -> EditorialCorrection:
    if not isinstance(item, dict) or not all(isinstance(item.get(k, ""), str) for k in FIELDS):
        raise ReaderError(where, "an editorial correction is a mapping of text fields",
                          "give find, replace and reason as text; before is optional")
    unknown = sorted(set(item) - set(FIELDS))
    if unknown:
        raise ReaderError(where, f"unknown field {unknown[0]!r}", f"the fields are {', '.join(FIELDS)}")
    find, replace, reason, before = (item.get(k, "") for k in FIELDS)
    if not find or not reason or find == replace or "replace" not in item:
        raise ReaderError(where, "expected 'find' (as printed), 'replace' (different) and 'reason'",
                          "e.g. find: 'inneed', replace: 'in need', reason: 'words run together'")
    hits = [(p.id, at + len(before)) for p in paper.paragraphs()
            for at in _occurrences(p.text, before + find)]
    if len(hits) != 1:
        raise ReaderError(where, f"{before + find!r} occurs {len(hits)} times in the paper; expected exactly 1",
                          "add or lengthen 'before' (the words just before 'find') to pick one occurrence"
                          if hits else "copy 'find' and 'before' from the paper's text as the page shows it")
    paragraph_id, start = hits[0]
    return EditorialCorrection(paper.slug, paragraph_id, start, start + len(find), replace, reason, where)


def _occurrences(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found
