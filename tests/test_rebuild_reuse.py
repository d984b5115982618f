"""Under `mkdocs serve` a paper's page is rendered again only when what it
shows changed (its notes, its editorial corrections, the site's papers,
works or concepts); a kept page must be the page a fresh build makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.cache import BuildCache
from build_tools.pipeline import build_site_content
from tests.conftest import copy_project

ISTOMIN, ZOU = "papers/istomin-baykov-2020.md", "papers/zou-balancing-act.md"
BIBLIOGRAPHY = "bibliography.md"
NOTE = "annotations/istomin-baykov-2020/us-burdened-by-allies.md"


def append_to(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + text + "\n", encoding="utf-8")


@pytest.mark.unit
def test_a_note_edit_renders_its_paper_again_and_keeps_the_other_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cache = BuildCache()
    before = build_site_content(project, cache=cache).generated
    append_to(project / NOTE, " Seen after the edit.")
    after = build_site_content(project, cache=cache).generated
    assert "Seen after the edit." in after[ISTOMIN] and "Seen after the edit." not in before[ISTOMIN]
    assert after[ZOU] is before[ZOU]  # kept, not rendered again
    assert after[BIBLIOGRAPHY] is before[BIBLIOGRAPHY]  # the note cites the same works
    assert after == build_site_content(project, cache=BuildCache()).generated


@pytest.mark.unit
def test_a_note_that_cites_another_work_is_seen_on_the_bibliography_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cache = BuildCache()
    before = build_site_content(project, cache=cache).generated
    note = project / NOTE
    note.write_text(note.read_text(encoding="utf-8").replace("[@pressman2011warring]", "[@walt1987origins]"),
                    encoding="utf-8")
    after = build_site_content(project, cache=cache).generated
    assert after[BIBLIOGRAPHY] != before[BIBLIOGRAPHY]
    assert after == build_site_content(project, cache=BuildCache()).generated


@pytest.mark.unit
def test_an_edited_editorial_correction_is_seen_on_the_kept_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cache = BuildCache()
    before = build_site_content(project, cache=cache).generated
    corrections = project / "papers" / "zou-balancing-act" / "editorial.yml"
    corrections.write_text(corrections.read_text(encoding="utf-8").replace(
        "reason: doubled full stop", "reason: a doubled full stop in the print"), encoding="utf-8")
    after = build_site_content(project, cache=cache).generated
    assert "a doubled full stop in the print" in after[ZOU]
    assert "a doubled full stop in the print" not in before[ZOU]
    assert after == build_site_content(project, cache=BuildCache()).generated


@pytest.mark.unit
def test_an_edited_concept_page_renders_the_papers_again(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cache = BuildCache()
    before = build_site_content(project, cache=cache).generated
    page = project / "docs" / "concepts" / "entrapment.md"
    page.write_text(page.read_text(encoding="utf-8").replace("summary: The risk that", "summary: The danger that"),
                    encoding="utf-8")
    after = build_site_content(project, cache=cache).generated
    assert "The danger that" in after[ZOU] and "The danger that" not in before[ZOU]  # its term links' popovers
    assert after == build_site_content(project, cache=BuildCache()).generated
