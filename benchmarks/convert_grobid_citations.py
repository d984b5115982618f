"""Convert GROBID's labelled citations (TEI <bibl>) into this project's labelled format.

    python -m benchmarks.convert_grobid_citations GROBID_CHECKOUT [--out PATH]

Reads every `grobid-trainer/resources/dataset/citation/corpus/*.xml` of a GROBID
checkout (annotated data: CC BY 4.0, see tests/data/labelled_references/grobid/SOURCE.md)
except the `*header*reference*` files, which hold a paper's own journal line
from its title page, not references. Each <bibl> becomes one <sequence>; GROBID's
elements map to AnyStyle's labels (below), and text outside any element is given
to a neighbouring field by `segments_from_pieces`. Strings that occur twice are
written once.
"""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

from benchmarks.labelled_references import DATA_DIRECTORY, segments_from_pieces, write_labelled_file

CORPUS = Path("grobid-trainer/resources/dataset/citation/corpus")
DEFAULT_OUT = DATA_DIRECTORY / "grobid" / "citations.xml"


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _text(element: ElementTree.Element) -> str:
    """An element's text, a line break (<lb/>) read as a space."""
    parts = [element.text or ""]
    for child in element:
        parts.append(" " if _local(child.tag) == "lb" else _text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _label(element: ElementTree.Element, has_analytic_title: bool) -> str | None:
    tag = _local(element.tag)
    kind = (element.get("type") or element.get("unit") or element.get("level") or "").lower()
    if tag in {"author", "editor"}:
        return tag
    if tag == "orgName":
        return "author" if kind == "collaboration" else "publisher"
    if tag == "title":
        if kind == "j":
            return "journal"
        if kind == "m" and has_analytic_title:
            return "container-title"  # the book or proceedings a chapter or paper is in
        return "collection-title" if kind == "s" else "title"
    if tag == "date":
        return "date"
    if tag == "biblScope":
        if kind in {"pp", "page", "pages"}:
            return "pages"
        return "volume" if kind in {"vol", "volume", "issue"} else "note"
    if tag == "publisher":
        return "publisher"
    if tag.lower() == "pubplace":
        return "location"
    if tag == "idno":
        return {"doi": "doi", "isbn": "isbn"}.get(kind, "note")  # arXiv ids are notes, as AnyStyle labels them
    if tag == "ptr":
        return "url"
    if tag == "note":
        return "genre" if kind == "report" else "note"
    if tag == "lb":
        return None
    return "note"


def bibl_segments(bibl: ElementTree.Element) -> list[tuple[str, str]]:
    has_analytic_title = any(
        _local(child.tag) == "title" and child.get("level") == "a" for child in bibl
    )
    pieces: list[tuple[str | None, str]] = [(None, bibl.text or "")]
    for child in bibl:
        label = _label(child, has_analytic_title)
        pieces.append((label, " " if _local(child.tag) == "lb" else _text(child)))
        pieces.append((None, child.tail or ""))
    return segments_from_pieces(pieces)


def grobid_sequences(checkout: Path) -> Iterator[tuple[dict[str, str], list[tuple[str, str]]]]:
    seen: set[str] = set()
    for path in sorted((checkout / CORPUS).glob("*.xml")):
        if "header" in path.name:
            continue
        root = ElementTree.parse(path).getroot()
        for bibl in root.iter():
            if _local(bibl.tag) != "bibl":
                continue
            segments = bibl_segments(bibl)
            text = "".join(segment for _, segment in segments)
            if not text or text in seen or not any(label != "note" for label, _ in segments):
                continue
            seen.add(text)
            yield {"document": path.name}, segments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, help="a GROBID git checkout (or `git archive` of one)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    arguments = parser.parse_args()
    count = write_labelled_file(arguments.out, grobid_sequences(arguments.checkout))
    print(f"{count} references → {arguments.out}")


if __name__ == "__main__":
    main()
