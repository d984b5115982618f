"""The comparison page: one column per paper that records its claims, one
row per aspect, every claim linked to the paragraph that makes it; a paper
added with a claims file adds a column (issue 21, item 5)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from build_tools.comparison.claims import ASPECTS, load_claims
from build_tools.model import ReaderError
from build_tools.pipeline import build_site_content
from build_tools.read.papers import read_paper
from tests.conftest import record_checksums, seed_project
from tests.test_concept_quotations import FIXTURE_PAPER, FIXTURES, fixture_project

pytestmark = pytest.mark.unit


def table_of(page: str) -> list[list[str]]:
    rows = [line for line in page.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


def test_a_paper_added_with_claims_adds_a_column(tmp_path: Path) -> None:
    project = seed_project(tmp_path / "project")
    before = table_of(build_site_content(project).generated["compare.md"])
    shutil.copytree(FIXTURES / "papers" / FIXTURE_PAPER, project / "papers" / FIXTURE_PAPER)
    record_checksums(project)
    after = table_of(build_site_content(project).generated["compare.md"])
    assert len(after[0]) == len(before[0]) + 1
    column = after[0].index(f"[Fixture 2024](papers/{FIXTURE_PAPER}.md)")
    assert [row[0] for row in after[2:]] == [f"**{heading}**" for heading in ASPECTS.values()]
    thesis = next(row for row in after if row[0] == "**Thesis**")
    assert thesis[column] == (f"Precise treaty language limits entrapment\\. "
                              f"[Abstract ¶ 1](papers/{FIXTURE_PAPER}.md#abstract-p1)")
    scope = next(row for row in after if row[0] == "**Scope**")
    assert scope[column] == "*Not stated in what the site has of this paper.*"
    # The columns that were there are unchanged.
    assert [row[:column] + row[column + 1:] for row in after] == before


def test_every_claim_links_a_paragraph_of_its_own_paper(tmp_path: Path) -> None:
    project = fixture_project(tmp_path / "project")
    page = build_site_content(project).generated["compare.md"]
    links = re.findall(r"\]\(papers/([\w-]+)\.md#([\w-]+)\)", page)
    paper = read_paper(project / "papers" / FIXTURE_PAPER)
    assert links and set(links) <= {(FIXTURE_PAPER, p.id) for p in paper.paragraphs()}


@pytest.mark.parametrize(("claims", "line", "message"), [
    ("thesis:\n  - claim: A claim.\n    passage: passage:fixture-alliance-commitments#s9-p9\n", 2,
     "points at no paragraph"),
    ("thesis:\n  - claim: A claim.\n", 2, "a claim has no 'passage'"),
    ("findings:\n  - claim: A claim.\n", 1, "unknown aspect 'findings'"),
    ("on_others:\n  - about: fixture-alliance-commitments\n    claim: x\n"
     "    passage: passage:fixture-alliance-commitments#s1-p1\n", 2, "must name another paper"),
])
def test_a_broken_claims_file_is_one_error_at_its_line(tmp_path: Path, claims: str, line: int, message: str) -> None:
    project = fixture_project(tmp_path / "project")
    path = project / "papers" / FIXTURE_PAPER / "claims.yml"
    path.write_text(claims, encoding="utf-8")
    with pytest.raises(ReaderError) as raised:
        load_claims(project / "papers", (read_paper(project / "papers" / FIXTURE_PAPER),))
    assert f"claims.yml:{line}:" in str(raised.value)
    assert message in raised.value.message
