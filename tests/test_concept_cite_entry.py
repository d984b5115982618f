"""'Cite this entry' on concept pages: authors from the front matter, the
version from git (and an honest statement when git cannot say), a
permalink to that version, the reference in the site style, and BibTeX /
RIS / CSL-JSON downloads. Builds of the fixture project."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from build_tools.pipeline import build_site_content
from tests.test_concept_quotations import concept_page_as_shown, fixture_project

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
REPO_URL = "https://github.com/example/reader"


def git(project: Path, *arguments: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_AUTHOR_DATE": "2024-03-05T12:00:00+00:00", "GIT_COMMITTER_DATE": "2024-03-05T12:00:00+00:00"}
    return subprocess.run(["git", "-C", str(project), *arguments], check=True, capture_output=True, text=True,
                          env=env).stdout.strip()


@pytest.fixture
def committed(tmp_path: Path) -> tuple[Path, str]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    project = fixture_project(tmp_path / "project")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "fixture")
    return project, git(project, "rev-parse", "HEAD")


def test_an_entry_under_git_names_its_last_change_and_links_that_version(committed: tuple[Path, str]) -> None:
    project, commit = committed
    content = build_site_content(project, site_url="https://reader.example/", repo_url=REPO_URL)
    page = concept_page_as_shown(content, project, "entrapment")
    box = page.split('<aside class="reader-cite-box" aria-labelledby="cite-this-entry"', 1)[1]
    assert "Entry by Fixture, Ada, Alliances Reader team." in box
    assert "Last changed 2024-03-05" in box
    assert f'href="{REPO_URL}/blob/{commit}/docs/concepts/entrapment.md">{commit[:7]}</a>' in box
    assert "Fixture, Ada, and Alliances Reader team. 2024. “Entrapment”. <i>Alliances Reader</i>" in box
    assert "https://reader.example/concepts/entrapment/" in box
    assert "edited since" not in box
    bib = content.generated["concepts/entrapment.bib"]
    # @misc: the BibTeX type whose required fields an entry always has.
    assert bib.startswith("@misc{fixture2024entrapment,")
    assert "howpublished = {Alliances Reader}" in bib
    assert "author = {Fixture, Ada and {Alliances Reader team}}" in bib
    assert "TY  - ELEC" in content.generated["concepts/entrapment.ris"]
    csl = json.loads(content.generated["concepts/entrapment.json"])
    assert (csl[0]["title"], csl[0]["container-title"]) == ("Entrapment", "Alliances Reader")


def test_an_entry_edited_since_its_last_commit_says_so(committed: tuple[Path, str]) -> None:
    project, _ = committed
    page = project / "docs" / "concepts" / "entrapment.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    content = build_site_content(project, repo_url=REPO_URL)
    assert "It has been edited since" in concept_page_as_shown(content, project, "entrapment")


def test_without_git_the_version_is_not_invented(tmp_path: Path) -> None:
    project = fixture_project(tmp_path / "project")  # a plain copy: no repository
    content = build_site_content(project, repo_url=REPO_URL)
    page = concept_page_as_shown(content, project, "entrapment")
    assert "Version: not recorded" in page
    assert "Last changed" not in page and "/blob/" not in page
    assert "Fixture, Ada, and Alliances Reader team. n.d." in page
    assert "year" not in content.generated["concepts/entrapment.bib"]


def test_the_repository_has_a_valid_citation_file() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["message"] and citation["title"]
    assert all(a.get("name") or a.get("family-names") for a in citation["authors"])
