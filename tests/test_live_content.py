"""The live content, guarded as CI guards it: whatever papers, notes and
concept pages are on main, `check` accepts them, the committed
bibliography.bib is what `bib` writes, and the site builds with --strict.

These tests pin nothing about the content (no counts, keys or authors), so a
valid new paper or note passes them unchanged; tests/test_growth.py proves it
by adding one of each to a copy of the repository and running this file there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.export.bibtex import bibliography_file
from build_tools.read.papers import read_papers
from build_tools.references.bibliography import build_references
from build_tools.references.published import read_published
from build_tools.urls import BIBLIOGRAPHY_FILE
from tests.conftest import ROOT, run_mkdocs_build

pytestmark = pytest.mark.site


def test_check_accepts_the_live_papers_notes_and_pages() -> None:
    assert main(["check", "--root", str(ROOT)]) == 0


def test_the_committed_bibliography_is_what_bib_writes() -> None:
    published = read_published(ROOT)
    works = build_references(read_papers(ROOT / "papers"), published).works
    fresh = bibliography_file(works, published, with_curated=False)
    assert (ROOT / BIBLIOGRAPHY_FILE).read_text(encoding="utf-8") == fresh, (
        f"{BIBLIOGRAPHY_FILE} lacks the works of a new paper: run `python -m build_tools bib` and commit it")


def test_the_live_site_builds_strictly(tmp_path: Path) -> None:
    result = run_mkdocs_build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
