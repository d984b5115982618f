"""Golden files: the generated Markdown of each paper page, reviewed as a diff.

Regenerate after an intended change with

    UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

and read `git diff tests/golden/` line by line before committing. The files
are stored wrapped at 100 columns (continuation lines start with "↪ ", see
`wrap_for_review` in conftest.py) so a one-word change is a one-line diff;
unwrapped they are exactly the generated pages.
"""

from __future__ import annotations

import dataclasses

import pytest

from build_tools.model import Paper
from build_tools.pipeline import SiteContent, build_site_content
from build_tools.render.paper_page import render_paper
from tests.conftest import assert_matches_golden, seed_project

pytestmark = pytest.mark.unit

SITE_URL = "https://example.org/reader/"


@pytest.fixture(scope="module")
def site_content(tmp_path_factory: pytest.TempPathFactory) -> SiteContent:
    # The seed papers only: pages that list every paper (bibliography, papers
    # index, notes) stay the same when a maintainer adds one.
    return build_site_content(seed_project(tmp_path_factory.mktemp("seed")), site_url=SITE_URL)


@pytest.mark.parametrize("page", ["papers/istomin-baykov-2020.md", "papers/zou-balancing-act.md",
                                  "bibliography.md", "annotations.md", "annotations/annotations.jsonld",
                                  "papers/index.md"])
def test_generated_page_matches_golden_file(site_content: SiteContent, page: str) -> None:
    assert_matches_golden(page.replace("/", "--"), site_content.generated[page], "tests/test_golden.py")


def test_editing_one_paragraph_keeps_every_other_paragraph_id(papers: dict[str, Paper]) -> None:
    paper = papers["zou-balancing-act"]
    section = paper.sections[2]
    edited = dataclasses.replace(section.paragraphs[1], text="A corrected paragraph.")
    changed = dataclasses.replace(paper, sections=tuple(
        dataclasses.replace(s, paragraphs=(s.paragraphs[0], edited, *s.paragraphs[2:]))
        if s is section else s for s in paper.sections))
    before, after = render_paper(paper), render_paper(changed)
    assert before != after
    ids = [p.id for p in paper.paragraphs()]
    for paragraph_id in ids:
        assert f"{{: #{paragraph_id} .reader-paragraph" in after


def test_paper_text_cannot_turn_into_markup(papers: dict[str, Paper]) -> None:
    paper = papers["zou-balancing-act"]
    first = paper.sections[0].paragraphs[0]
    hostile = dataclasses.replace(first, text="<script>x</script> *not emphasis* [not a link](x)",
                                  citations=())
    section = dataclasses.replace(paper.sections[0], paragraphs=(hostile,))
    rendered = render_paper(dataclasses.replace(paper, sections=(section,)))
    assert "<script>" not in rendered
    assert r"&lt;script&gt;x&lt;/script&gt; \*not emphasis\* \[not a link\]\(x\)" in rendered


def test_a_lone_author_is_not_labelled_corresponding(papers: dict[str, Paper]) -> None:
    paper = papers["zou-balancing-act"]
    alone = dataclasses.replace(paper, authors=(dataclasses.replace(paper.authors[0], corresponding=True),))
    assert "corresponding author" not in render_paper(alone)
    two = dataclasses.replace(alone, authors=(*alone.authors, dataclasses.replace(paper.authors[0], name="A. Other")))
    assert "(corresponding author)" in render_paper(two)
