"""Labels and keys from paper data become ids through urls.py: a label a
paper prints keeps the id it always had, and one that holds markup becomes
an id that holds none (issue 22, "Script runs in the reader's browser")."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from build_tools import urls
from build_tools.read.papers import read_paper
from build_tools.render.paper_page import render_paper
from tests.hostile_project import HOSTILE_PAPERS, add_hostile_papers

pytestmark = pytest.mark.unit

HOSTILE_LABELS = ['1)<script>alert(1)</script>', '2" onmouseover="x" style="position:fixed', "a b", "a~20b",
                  "a}b", "a=b", "†", "[3]", "", "1 ", "1\u00a0"]


@pytest.mark.parametrize("label", ["12", "Wickham:2014", "R-base", "a_b.c", "B1", "Росс"])
def test_a_printed_label_keeps_its_id(label: str) -> None:
    assert urls.reference_anchor(label) == f"ref-{label}"
    assert urls.footnote_anchor(label) == f"fn{label}-p1"


def test_labels_with_markup_become_ids_with_none_and_never_share_one() -> None:
    ids = [urls.label_fragment(label) for label in HOSTILE_LABELS]
    assert all(urls.is_fragment(f"ref-{i}") for i in ids)
    assert len(set(ids)) == len(ids)
    assert urls.footnote_anchor("†") == "fn~E2~80~A0-p1"


@pytest.fixture(scope="module")
def hostile_papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each hostile paper's page Markdown, rendered as Python-Markdown would
    with the site's extensions."""
    project = tmp_path_factory.mktemp("labels")
    (project / "papers").mkdir()
    add_hostile_papers(project)
    converter = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "toc"])
    return {slug: converter.reset().convert(render_paper(read_paper(project / "papers" / slug)).split("---\n", 2)[2])
            for slug in HOSTILE_PAPERS}


@pytest.mark.parametrize("slug", HOSTILE_PAPERS)
def test_a_hostile_label_renders_as_text_with_safe_ids(hostile_papers: dict[str, str], slug: str) -> None:
    soup = BeautifulSoup(hostile_papers[slug], "html.parser")
    assert soup.find("script") is None
    assert [t for t in soup.find_all(True) if any(a.startswith("on") or a == "style" for a in t.attrs)] == []
    for tag in soup.find_all(id=True):
        assert urls.is_fragment(str(tag["id"])), tag
    assert "<script>" in soup.get_text()  # the labels are shown as printed


def test_a_reader_id_that_is_not_safe_is_refused_not_published(tmp_path: Path) -> None:
    from dataclasses import replace

    from build_tools.model import ReaderError

    (tmp_path / "papers").mkdir()
    add_hostile_papers(tmp_path)
    paper = read_paper(tmp_path / "papers" / "hostile-jats")
    section = paper.sections[0]
    broken = replace(paper, sections=(replace(section, id='s1"><script>'),))
    with pytest.raises(ReaderError, match="not safe in a link"):
        render_paper(broken)
