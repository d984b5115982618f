"""Convert the tagged <mixed-citation>s of openly licensed JATS articles into labelled references.

    python -m benchmarks.convert_jats_citations ARTICLE_OR_DIRECTORY... [--out PATH]

A JATS <mixed-citation> is the printed reference with its fields tagged in place
(<surname>, <year>, <article-title>, <source>, <volume>, <fpage> …), so it is a
labelled reference as it stands. Only articles whose <license> is Creative
Commons Attribution or CC0 are read (the others are counted and skipped); each
sequence records its article and licence. <object-id> (a PubMed id PLOS keeps
in the XML but does not print) is left out of the string; a mixed-citation with
no tagged field is skipped, and so is one that leaves two or more words in a row
untagged: those words would take a neighbouring field's label, and PLOS's
"Piel WH, … (2012) TreeBASE: …. Available: <ext-link>…</ext-link>" taught the
model that a whole "Surname II (Year) Title." reference is a URL.
Used for PLOS (tests/data/labelled_references/plos/).
"""

from __future__ import annotations

import argparse
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from benchmarks.labelled_references import DATA_DIRECTORY, introduces_a_field, segments_from_pieces, write_labelled_file

DEFAULT_OUT = DATA_DIRECTORY / "plos" / "mixed-citations.xml"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_DOI = re.compile(r"\b10\.\d{4,9}/")
_NOT_PRINTED = {"object-id"}
_BETWEEN_NAMES = frozenset(["et", "al", "and"])
_LABELS = {
    "year": "date",
    "month": "date",
    "day": "date",
    "article-title": "title",
    "chapter-title": "title",
    "volume": "volume",
    "issue": "volume",
    "issue-id": "volume",
    "supplement": "volume",
    "fpage": "pages",
    "lpage": "pages",
    "elocation-id": "pages",
    "publisher-name": "publisher",
    "publisher-loc": "location",
    "edition": "edition",
    "series": "collection-title",
    "conf-name": "container-title",
    "conf-loc": "location",
    "isbn": "isbn",
}


def article_licence(root: ElementTree.Element) -> str | None:
    """'CC BY' or 'CC0' from the article's <license>, else None."""
    for licence in root.iter("license"):
        printed = ElementTree.tostring(licence, encoding="unicode", method="text")
        words = f"{printed} {licence.get(_XLINK_HREF) or ''}"
        if "publicdomain/zero" in words or "CC0" in words or "public domain" in words.lower():
            return "CC0"
        if "licenses/by/" in words or "Creative Commons Attribution License" in words:
            return "CC BY"
    return None


def _plain_text(element: ElementTree.Element) -> str:
    return "".join(element.itertext())


def _name_text(element: ElementTree.Element) -> str:
    """'<surname>Lee</surname><given-names>DH</given-names>' prints 'Lee DH': the
    rendering adds the space the XML sometimes leaves out."""
    printed = element.text or ""
    for child in element:
        text = _plain_text(child)
        if printed and not printed[-1].isspace() and text and not text[0].isspace():
            printed += " "
        printed += text + (child.tail or "")
    return printed


def _pieces(element: ElementTree.Element, has_part_title: bool, is_journal: bool,
            role: str = "author") -> Iterator[tuple[str | None, str]]:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _NOT_PRINTED:
            pass
        elif tag == "person-group":
            group_role = "editor" if child.get("person-group-type") == "editor" else "author"
            yield group_role, child.text or ""
            yield from _pieces(child, has_part_title, is_journal, group_role)
        elif tag in {"name", "string-name"}:
            yield role, _name_text(child)
        elif tag in {"collab", "etal"}:
            yield role, _plain_text(child)
        elif tag == "source":
            yield ("journal" if is_journal else "container-title" if has_part_title else "title"), _plain_text(child)
        elif tag in {"comment", "ext-link", "uri", "pub-id"}:
            text = _plain_text(child)
            target = " ".join([text, child.get(_XLINK_HREF) or ""] + [link.get(_XLINK_HREF) or "" for link in child])
            yield ("doi" if _DOI.search(target) else "url" if "http" in target or "www." in target else "note"), text
        else:
            yield _LABELS.get(tag, "note"), _plain_text(child)
        yield None, child.tail or ""


def _untagged_runs(element: ElementTree.Element) -> Iterator[str]:
    """The text outside any field, run by run, as `_pieces` leaves it unlabelled."""
    yield element.text or ""
    for child in element:
        if child.tag == "person-group":
            yield from _untagged_runs(child)
        yield child.tail or ""


def is_partly_tagged(citation: ElementTree.Element) -> bool:
    """Two or more words in a row outside any field ("TreeBASE: a database …"), other
    than words that introduce one ("Available:", "pp.", "et al."), are an untagged field."""
    for run in _untagged_runs(citation):
        words = [word for word in run.split() if re.search(r"[^\W\d_]", word)
                 and not introduces_a_field(word) and word.strip(".,;:()").lower() not in _BETWEEN_NAMES]
        if len(words) >= 2:
            return True
    return False


def citation_segments(citation: ElementTree.Element) -> list[tuple[str, str]]:
    has_part_title = any(child.tag in {"article-title", "chapter-title"} for child in citation)
    is_journal = citation.get("publication-type") == "journal"
    return segments_from_pieces([(None, citation.text or ""), *_pieces(citation, has_part_title, is_journal)])


Sequence = tuple[dict[str, str], list[tuple[str, str]]]


def jats_sequences(paths: Iterable[Path], skipped: Counter[str]) -> Iterator[Sequence]:
    seen: set[str] = set()
    for path in paths:
        root = ElementTree.parse(path).getroot()
        licence = article_licence(root)
        if licence is None:
            skipped["articles without a CC BY or CC0 licence"] += 1
            continue
        for citation in root.iter("mixed-citation"):
            if not any(isinstance(child.tag, str) and child.tag not in _NOT_PRINTED for child in citation):
                skipped["mixed-citations with no tagged field"] += 1
                continue
            if is_partly_tagged(citation):
                skipped["mixed-citations with two or more untagged words in a row"] += 1
                continue
            segments = citation_segments(citation)
            text = "".join(segment for _, segment in segments)
            if text and text not in seen:
                seen.add(text)
                yield {"document": path.name, "licence": licence}, segments


def _article_paths(arguments: Iterable[Path]) -> list[Path]:
    paths: list[Path] = []
    for argument in arguments:
        paths.extend(sorted(argument.rglob("*.xml")) if argument.is_dir() else [argument])
    return sorted(set(paths), key=lambda path: path.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path, nargs="+", help="JATS files or directories of them")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    arguments = parser.parse_args()
    skipped: Counter[str] = Counter()
    count = write_labelled_file(arguments.out, jats_sequences(_article_paths(arguments.articles), skipped))
    print(f"{count} references → {arguments.out}")
    for reason, number in skipped.items():
        print(f"skipped: {number} {reason}")


if __name__ == "__main__":
    main()
