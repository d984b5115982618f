"""RIS and CSL-JSON exports: the same works as the BibTeX, readable back by
the libraries reference managers use, and no invented facts ("n.d." is no
date, not a year)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rispy

from build_tools.export.bibtex import bibliography_to_bibtex
from build_tools.export.csl_json import works_to_csl_json
from build_tools.export.ris import works_to_ris
from build_tools.model import Name, Work, WorkType
from build_tools.read.papers import read_papers
from build_tools.references.bibliography import build_bibliography
from build_tools.references.papers_as_works import paper_as_work

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent


def site_works() -> list[Work]:
    papers = read_papers(ROOT / "tests" / "fixtures" / "project" / "papers")
    return [*build_bibliography(papers), *(paper_as_work(p) for p in papers)]


def test_ris_reads_back_with_the_same_authors_title_year_and_doi() -> None:
    works = {w.key: w for w in site_works()}
    entries = {e["id"]: e for e in rispy.loads(works_to_ris(works.values()))}
    assert set(entries) == set(works)
    paper = entries["istominbaykov2020"]
    assert paper["type_of_reference"] == "JOUR"
    assert paper["authors"] == ["Istomin, I.A.", "Baykov, A.A."]
    assert paper["year"] == "2020"
    assert (paper["start_page"], paper["end_page"]) == ("8", "25")
    assert paper["doi"] == "10.17976/jpps/2020.06.02"
    assert not works_to_ris(works.values()).startswith("1.")  # no numbering line before TY


def test_csl_json_reads_back_as_every_work_once() -> None:
    works = site_works()
    items = json.loads(works_to_csl_json(works))
    assert sorted(i["id"] for i in items) == sorted(w.key for w in works)
    walt = next(i for i in items if i["id"] == "walt1987origins")
    assert walt["issued"] == {"date-parts": [[1987]]}
    assert walt["author"][0]["family"] == "Walt"


def test_a_work_without_a_year_gets_no_year_in_any_export() -> None:
    work = Work(key="bushndunited", type=WorkType.WEBPAGE, title="A speech", authors=(Name("Bush", "G."),))
    assert "issued" not in json.loads(works_to_csl_json([work]))[0]
    assert "PY  -" not in works_to_ris([work])
    assert "year" not in bibliography_to_bibtex([work])


def test_a_value_with_a_newline_stays_on_its_tag_line() -> None:
    work = Work(key="x2000y", type=WorkType.BOOK, title="Two\nlines", year="2000")
    ris = works_to_ris([work])
    assert "TI  - Two lines" in ris
    assert rispy.loads(ris)[0]["title"] == "Two lines"
