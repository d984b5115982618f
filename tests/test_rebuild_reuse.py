"""Under `mkdocs serve` a paper's page (and the bibliography page) is
rendered again only when what it shows changed: its notes, its editorial
corrections, the works the notes cite, the site's papers, works or concepts.
A kept page must be the page a fresh build makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.cache import BuildCache
from build_tools.pipeline import build_site_content
from tests.conftest import copy_project

ISTOMIN, ZOU = "papers/istomin-baykov-2020.md", "papers/zou-balancing-act.md"
BIBLIOGRAPHY = "bibliography.md"
NOTE = "annotations/istomin-baykov-2020/us-burdened-by-allies.md"


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def pages_before_and_after(project: Path, path: str, old: str, new: str) -> tuple[dict[str, str], dict[str, str]]:
    """The generated pages, then again with the same cache after replacing
    `old` by `new` in the project's file `path`; the second build's pages
    are checked against a build with a fresh cache."""
    cache = BuildCache()
    before = build_site_content(project, cache=cache).generated
    replace_in(project / path, old, new)
    after = build_site_content(project, cache=cache).generated
    assert after == build_site_content(project, cache=BuildCache()).generated
    return before, after


@pytest.mark.unit
def test_a_note_edit_renders_its_paper_again_and_keeps_the_other_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before, after = pages_before_and_after(project, NOTE, "so the \"constraints\" run both ways.",
                                           "so the \"constraints\" run both ways. Seen after the edit.")
    assert "Seen after the edit." in after[ISTOMIN] and "Seen after the edit." not in before[ISTOMIN]
    assert after[ZOU] is before[ZOU]  # kept, not rendered again
    assert after[BIBLIOGRAPHY] is before[BIBLIOGRAPHY]  # the note cites the same works


@pytest.mark.unit
def test_a_note_that_cites_another_work_is_seen_on_the_bibliography_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before, after = pages_before_and_after(project, NOTE, "[@pressman2011warring]", "[@walt1987origins]")
    assert after[BIBLIOGRAPHY] != before[BIBLIOGRAPHY]


@pytest.mark.unit
def test_an_edited_editorial_correction_is_seen_on_the_kept_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before, after = pages_before_and_after(project, "papers/zou-balancing-act/editorial.yml",
                                           "reason: doubled full stop", "reason: a doubled full stop in the print")
    assert "a doubled full stop in the print" in after[ZOU]
    assert "a doubled full stop in the print" not in before[ZOU]


@pytest.mark.unit
def test_an_edited_concept_page_renders_the_papers_again(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before, after = pages_before_and_after(project, "docs/concepts/entrapment.md", "summary: The risk that",
                                           "summary: The danger that")
    assert "The danger that" in after[ZOU] and "The danger that" not in before[ZOU]  # its term links' popovers
