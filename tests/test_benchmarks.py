"""The benchmark's synthetic corpus: deterministic, valid input for the real
pipeline, and scaled in papers, works, concepts and notes. Timings are not
tested (benchmarks/run.py prints them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate_corpus import generate
from build_tools.export.markdown_project import export_markdown_project
from build_tools.pipeline import build_site_content
from tests.conftest import FIXTURE, copy_project

pytestmark = pytest.mark.unit

REAL_SLUGS = {"istomin-baykov-2020", "zou-balancing-act"}


def files_of(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def seed_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen project the corpus grows from, so the live papers and notes change nothing here."""
    return copy_project(tmp_path_factory.mktemp("bench-root") / "project")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, seed_root: Path) -> Path:
    out = tmp_path_factory.mktemp("bench") / "n8"
    generate(8, seed=3, out=out, root=seed_root)
    return out


def test_the_same_seed_gives_the_same_files_and_another_seed_other_papers(corpus: Path, tmp_path: Path,
                                                                         seed_root: Path) -> None:
    generate(8, seed=3, out=tmp_path / "again", root=seed_root)
    generate(8, seed=4, out=tmp_path / "other", root=seed_root)
    assert files_of(tmp_path / "again") == files_of(corpus)
    other = files_of(tmp_path / "other")
    assert other["papers/synthetic-0002/source.md"] != files_of(corpus)["papers/synthetic-0002/source.md"]


def test_the_corpus_is_valid_input_that_scales_papers_works_concepts_and_notes(corpus: Path) -> None:
    content = build_site_content(corpus)
    real = build_site_content(FIXTURE)
    slugs = {p.slug for p in content.papers}
    assert len(slugs) == 8 and slugs >= REAL_SLUGS
    assert {p.metadata.format for p in content.papers if p.slug not in REAL_SLUGS} == {
        "pdf-markdown", "polis-landing-page"}
    assert len(content.works) > len(real.works)
    synthetic_concepts = {s for s in content.glossary.concepts if s.startswith("synthetic-doctrine-")}
    assert synthetic_concepts
    used = {o.concept_slug for o in content.occurrences}
    assert synthetic_concepts <= used
    assert not content.warnings  # a strict build would refuse an unused concept
    assert any(n.annotation.paper_slug.startswith("synthetic-") for n in content.notes)
    assert len(content.notes) > len(real.notes)


def test_the_bare_export_has_every_page_and_no_reader_plugin(corpus: Path, tmp_path: Path) -> None:
    export_markdown_project(corpus, tmp_path / "bare")
    config = (tmp_path / "bare" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- reader" not in config
    docs = tmp_path / "bare" / "docs"
    assert (docs / "papers" / "synthetic-0007.md").is_file()
    assert "[@" not in (docs / "concepts" / "synthetic-doctrine-0000.md").read_text(encoding="utf-8")
    assert "Where the papers use this" in (docs / "concepts" / "alliance.md").read_text(encoding="utf-8")
