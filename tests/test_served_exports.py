"""Every bibliography file the site serves, loaded the way reference managers
and LaTeX users load it, and formatted (issue 20: exports a reference
manager trusts). BibTeX through bibtexparser and BibTeX's own plain style
(pybtex, which refuses an entry that lacks a field its type requires), RIS
through rispy, CSL-JSON through citeproc-py with a style of its own.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_string
from pybtex.style.formatting.plain import Style

pytestmark = pytest.mark.site


def served(site: Path, suffix: str) -> list[Path]:
    files = sorted(p for p in site.rglob(f"*{suffix}") if "search" not in p.parts and "javascripts" not in p.parts)
    return [p for p in files if suffix != ".json" or p.name != "annotations.jsonld"]


def test_every_served_bibtex_file_reads_and_formats_in_bibtex_plain_style(built_site: Path) -> None:
    files = served(built_site, ".bib")
    assert built_site / "bibliography.bib" in files and len(files) >= 2
    style = Style()
    for path in files:
        text = path.read_text(encoding="utf-8")
        library = bibtexparser.parse_string(text)
        assert library.failed_blocks == [], path
        for key, entry in parse_string(text, "bibtex").entries.items():
            # plain.bst's rules: a missing required field raises FieldIsMissing.
            formatted = style.format_entry(key, entry).text.render_as("text")
            assert formatted.strip(), (path, key)
            assert "note" not in entry.fields or "source" not in entry.fields["note"], (path, key)


def test_every_served_ris_file_reads_back_with_a_type_and_a_title(built_site: Path) -> None:
    files = served(built_site, ".ris")
    assert files
    for path in files:
        entries = rispy.loads(path.read_text(encoding="utf-8"))
        assert entries, path
        for entry in entries:
            assert entry["type_of_reference"] and (entry.get("title") or entry.get("secondary_title")), path


def test_every_served_csl_json_file_formats_in_another_style(built_site: Path) -> None:
    files = [p for p in served(built_site, ".json") if p.parent.name == "papers" or "papers" in p.parts]
    assert files
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    for path in files:
        items = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(items, list) and items, path
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rendered = [str(entry) for entry in bibliography.bibliography()]
        for item, text in zip(items, rendered, strict=True):
            assert item["title"].split(":")[0][:20] in text, (path, text)
            assert "&amp;" not in text and "&lt;" not in text, (path, text)  # text, not HTML
