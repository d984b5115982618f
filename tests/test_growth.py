"""The corpus grows without breaking (issue 18's "done when"): in a copy of
the repository, a first-time contributor's note and a maintainer's new
converted paper, added as CONTRIBUTING and the README say, pass `check`, the
strict build and the tests that read live content, with no other file
touched, and every key that was published still names the same entry.

The new paper (tests/fixtures/growth/, written for this test, CC0) has an
APA list citing works already on the site: one in another edition (After
Victory, 2001), one with its title spelled otherwise (Posen's "U.S." where
the published entry has "US"), others as published.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest

from build_tools.cli import main
from build_tools.read.papers import read_paper
from tests.conftest import ROOT, run_mkdocs_build

pytestmark = pytest.mark.site

GROWTH = ROOT / "tests" / "fixtures" / "growth"
REPOSITORY = ("build_tools", "papers", "annotations", "docs", "overrides", "includes", "tests", "benchmarks",
              "mkdocs.yml", "bibliography.bib", "classic-works.bib", "pyproject.toml", "README.md",
              "CONTRIBUTING.md")
NEWCOMER = "first-time-contributor"


def copy_repository(destination: Path) -> Path:
    """What a fresh clone holds (without .git and build output)."""
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", "test-artifacts", "site")
    for name in REPOSITORY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, destination / name)
    return destination


def a_note_by_a_newcomer(repository: Path) -> Path:
    """A note on a passage of the first live paper, by an author the
    repository has never seen, quoting words taken from the paper itself so
    the test holds whatever the live papers say."""
    papers = sorted(d for d in (repository / "papers").iterdir() if (d / "paper.yml").is_file())
    paper = read_paper(papers[0])
    text = " ".join(p.text for p in paper.paragraphs())
    quote = next(q for p in paper.paragraphs() if len(words := p.text.split()) >= 12
                 for q in [" ".join(words[2:10])] if text.count(q) == 1 and '"' not in q and "\\" not in q)
    note = repository / "annotations" / paper.slug / f"{NEWCOMER}-note.md"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text(f'---\nexact: "{quote}"\nauthor: "@{NEWCOMER}"\ncreated: 2026-12-04\nmotivation: commenting\n'
                    "---\n\nA first note: this passage is where the argument turns.\n", encoding="utf-8")
    return note


def test_a_strangers_note_and_a_new_paper_land_with_nothing_else_changed(tmp_path: Path) -> None:
    repository = copy_repository(tmp_path / "clone")
    before_bib = (repository / "bibliography.bib").read_text(encoding="utf-8")
    a_note_by_a_newcomer(repository)
    shutil.copytree(GROWTH / "papers", repository / "papers", dirs_exist_ok=True)
    # README "Adding a paper": checksums, then bib.
    assert main(["checksums", "--root", str(repository)]) == 0
    assert main(["bib", "--root", str(repository)]) == 0
    after_bib = (repository / "bibliography.bib").read_text(encoding="utf-8")
    for entry in bibtexparser.parse_string(before_bib).entries:
        assert entry.raw in after_bib, f"the published entry {entry.key} changed"
    assert main(["check", "--root", str(repository)]) == 0
    result = run_mkdocs_build(repository, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "papers" / "reader-team-2026-burden-sharing" / "index.html").is_file()
    # The tests that read live content, run in the copy as CI would run them.
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            "tests/test_live_content.py"], cwd=repository, capture_output=True, text=True,
                           check=False)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
