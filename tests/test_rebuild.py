"""What `mkdocs serve` keeps between rebuilds (parsed notes and concept
pages, rendered note bodies, the concept map layout) must never show stale
content or hide an error: an edit is always seen, and a link that broke
still stops the build."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from build_tools.annotations import annotate
from build_tools.cache import BuildCache
from build_tools.concepts.glossary import load_glossary
from build_tools.model import Paper, ReaderError
from build_tools.pipeline import build_site_content
from build_tools.read.papers import checksums_text
from build_tools.render.annotation_pages import render_notes
from tests.conftest import FIXTURE, copy_project

ROOT = Path(__file__).resolve().parent.parent
NOTE = "annotations/istomin-baykov-2020/us-burdened-by-allies.md"


@pytest.mark.unit
def test_an_edited_note_is_read_again_and_the_others_are_reused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cache = BuildCache()
    before = build_site_content(project, cache=cache)
    note = project / NOTE
    note.write_text(note.read_text(encoding="utf-8").rstrip("\n") + " Edited after the first build.\n",
                    encoding="utf-8")
    after = build_site_content(project, cache=cache)
    edited = {n.annotation.id: n.annotation for n in after.notes}["istomin-baykov-2020/us-burdened-by-allies"]
    assert "Edited after the first build." in edited.body_markdown
    assert "Edited after the first build." in after.generated["papers/istomin-baykov-2020.md"]
    unchanged = [(a.annotation, b.annotation) for a, b in zip(before.notes, after.notes, strict=True)
                 if a.annotation.path != note]
    assert unchanged and all(a is b for a, b in unchanged)


@pytest.mark.unit
def test_two_projects_built_in_one_process_each_get_their_own_output(tmp_path: Path) -> None:
    first = copy_project(tmp_path / "first")
    second = copy_project(tmp_path / "second")
    note = second / NOTE
    note.write_text(note.read_text(encoding="utf-8").rstrip("\n") + " Only in the second project.\n",
                    encoding="utf-8")
    page = second / "docs" / "concepts" / "entrapment.md"
    page.write_text(page.read_text(encoding="utf-8").replace("summary: The risk that", "summary: The danger that"),
                    encoding="utf-8")
    shared = BuildCache()  # as one long-running process might hold; keyed by content, never by project
    for cache in (None, shared):
        one = build_site_content(first, cache=cache)
        two = build_site_content(second, cache=cache)
        again = build_site_content(first, cache=cache)
        paper = "papers/istomin-baykov-2020.md"
        assert "Only in the second project." in two.generated[paper]
        assert "Only in the second project." not in one.generated[paper]
        assert again.generated == one.generated
        assert two.glossary.concepts["entrapment"].summary.startswith("The danger that")
        assert again.glossary.concepts["entrapment"].summary.startswith("The risk that")


@pytest.mark.unit
def test_an_edited_concept_page_is_read_again(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cache = BuildCache()
    first = load_glossary(project / "docs" / "concepts", cache)
    page = project / "docs" / "concepts" / "entrapment.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "summary: The risk that", "summary: The danger that"), encoding="utf-8")
    again = load_glossary(project / "docs" / "concepts", cache)
    assert again.concepts["entrapment"].summary.startswith("The danger that")
    assert again.concepts["alliance"] is first.concepts["alliance"]


@pytest.mark.unit
def test_a_note_link_that_broke_since_the_last_build_still_stops_the_build(papers: dict[str, Paper]) -> None:
    paper_list = list(papers.values())
    cache = BuildCache()
    content = build_site_content(FIXTURE, cache=cache)
    notes = [n for n in content.notes if n.annotation.path.name == Path(NOTE).name]
    rendered = render_notes(notes, content.formatter, cache)
    assert "../../concepts/retrenchment/" in rendered[0].paper_body
    without = dataclasses.replace(content.glossary, concepts={
        slug: c for slug, c in content.glossary.concepts.items() if slug != "retrenchment"})
    with pytest.raises(ReaderError) as error:
        annotate(FIXTURE / "annotations", paper_list, without, {w.key for w in content.works}, cache)
    assert f"{NOTE.split('/', 1)[1]}:" in str(error.value) and "unknown concept 'retrenchment'" in str(error.value)


@pytest.mark.unit
def test_a_note_error_is_reported_again_on_the_next_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    note = project / NOTE
    good = note.read_text(encoding="utf-8")
    note.write_text(good.replace("motivation:", "motivation: nonsense\nold_motivation:"), encoding="utf-8")
    cache = BuildCache()
    for _ in range(2):
        with pytest.raises(ReaderError, match=r"us-burdened-by-allies\.md:"):
            build_site_content(project, cache=cache)
    note.write_text(good, encoding="utf-8")
    assert build_site_content(project, cache=cache).notes
    shutil.rmtree(project)


# --- mkdocs serve --dirty -----------------------------------------------------------------------

def dirty_serve_build(project: Path, site: Path) -> None:
    """One rebuild as `mkdocs serve --dirty` runs it: a fresh config, plugins
    that have `on_startup` kept from the last rebuild."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # MkDocs warns about every dirty build
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)


def written_at(site: Path, *pages: str) -> dict[str, int]:
    return {page: (site / page).stat().st_mtime_ns for page in pages}


def search_entries(site: Path, page: str) -> list[str]:
    import json
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return [d["location"] for d in docs if d["location"].split("#")[0] == page]


@pytest.mark.site
def test_a_dirty_rebuild_renders_what_a_note_changed_and_everything_after_a_paper_changed(tmp_path: Path) -> None:
    project, site = copy_project(tmp_path / "project"), tmp_path / "site"
    dirty_serve_build(project, site)
    zou, istomin, concept = ("papers/zou-balancing-act/index.html", "papers/istomin-baykov-2020/index.html",
                             "concepts/entrapment/index.html")
    first = written_at(site, zou, istomin, concept)
    entries = search_entries(site, "papers/istomin-baykov-2020/")

    note = project / NOTE
    note.write_text(note.read_text(encoding="utf-8").rstrip("\n") + " Seen after a dirty rebuild.\n",
                    encoding="utf-8")
    dirty_serve_build(project, site)
    assert "Seen after a dirty rebuild." in (site / istomin).read_text(encoding="utf-8")
    second = written_at(site, zou, istomin, concept)
    assert second[zou] == first[zou] and second[concept] == first[concept]
    assert second[istomin] != first[istomin]
    assert search_entries(site, "papers/istomin-baykov-2020/") == entries  # not listed twice

    source = project / "papers" / "istomin-baykov-2020" / "source.txt"
    source.write_bytes(source.read_bytes() + b"\n")  # any change to a paper is site-wide
    # as `python -m build_tools checksums` records a source replaced on purpose
    (project / "papers" / "SHA256SUMS").write_text(checksums_text(project / "papers"), encoding="utf-8")
    dirty_serve_build(project, site)
    third = written_at(site, zou, istomin, concept)
    assert all(third[page] != second[page] for page in (zou, istomin, concept))


@pytest.mark.site
def test_after_a_failed_build_the_next_dirty_rebuild_renders_every_page(tmp_path: Path) -> None:
    from mkdocs.exceptions import MkDocsException
    project, site = copy_project(tmp_path / "project"), tmp_path / "site"
    dirty_serve_build(project, site)
    paper = "papers/zou-balancing-act/index.html"
    before = written_at(site, paper)
    # Under `mkdocs serve` a bad note, concept page or bibliography entry no
    # longer fails the build (the page shows the problem); a symlink among
    # the sources still does, before a byte is read.
    link = project / "docs" / "linked.md"
    link.symlink_to(project / "mkdocs.yml")
    with pytest.raises(MkDocsException):
        dirty_serve_build(project, site)
    link.unlink()  # back to the inputs of the last good build
    dirty_serve_build(project, site)
    assert written_at(site, paper) != before
