"""What a concept page quotes from a paper is what the paper page shows:
Pandoc citations formatted, editorial corrections applied and marked, every
character escaped; and the build never checks that generated text as if a
person had written it.

Regression (issue 18, item 4): a Pandoc paper's sentence quoted under "Where
the papers use this" carried its raw `[@key]`, and the hand-written-page
citation check then refused the concept page at a line past its end, which
stopped the whole site. The fixture paper (tests/fixtures/concepts/) cites
with `[@key]` in the sentences that use the concept.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.front_matter import split_front_matter
from build_tools.model import ReaderError
from build_tools.pipeline import SiteContent, build_site_content
from tests.conftest import record_checksums, run_mkdocs_build, seed_project

FIXTURES = Path(__file__).parent / "fixtures" / "concepts"
FIXTURE_PAPER = "fixture-alliance-commitments"


def fixture_project(destination: Path) -> Path:
    """The fixture papers and concept pages as a project of their own."""
    shutil.copytree(FIXTURES / "papers", destination / "papers")
    shutil.copytree(FIXTURES / "docs", destination / "docs")
    (destination / "annotations").mkdir()
    record_checksums(destination)
    return destination


def concept_page_as_shown(content: SiteContent, project: Path, slug: str) -> str:
    path = project / "docs" / "concepts" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    page = split_front_matter(text, path, "a concept page", "")
    first_line = text.count("\n", 0, len(text) - len(page.body)) + 1
    return content.hand_written_markdown(page.body, path, f"concepts/{slug}.md", first_line)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_project(tmp_path_factory.mktemp("concepts-fixture"))


@pytest.fixture(scope="module")
def entrapment_page(project: Path) -> str:
    return concept_page_as_shown(build_site_content(project), project, "entrapment")


def backlinks_of(page: str) -> str:
    return page.split("## Where the papers use this", 1)[1].split("## References", 1)[0]


@pytest.mark.unit
def test_a_pandoc_papers_citations_are_quoted_as_its_page_prints_them(entrapment_page: str) -> None:
    backlinks = backlinks_of(entrapment_page)
    assert "@snyder1997alliance" not in backlinks and "@kim2011why" not in backlinks
    # "[@snyder1997alliance; @kim2011why, p. 351]" and "[-@snyder1997alliance]"
    assert "vague \\(Snyder 1997; Kim 2011, p\\. 351\\)\\." in backlinks
    assert "more than <mark>entrapment</mark> \\(1997\\)\\." in backlinks


@pytest.mark.unit
def test_the_concept_pages_own_citations_are_still_formatted_and_listed(entrapment_page: str) -> None:
    body = entrapment_page.split("## Related entries", 1)[0]
    assert "[(Snyder 1997)](../bibliography.md#snyder1997alliance)" in body
    # One reference list, at the end, with only what the page itself cites.
    assert entrapment_page.count("## References") == 1
    references = entrapment_page.split("## References", 1)[1]
    assert "Snyder, Glenn H. 1997" in references and "Kim" not in references


@pytest.mark.unit
def test_an_editorial_correction_is_quoted_corrected_and_marked(entrapment_page: str) -> None:
    backlinks = backlinks_of(entrapment_page)
    assert "treaties<ins class=\"reader-editorial\"" in backlinks
    assert 'data-original=".."' in backlinks
    assert "doubled full stop" in backlinks
    assert "treaties\\.\\." not in backlinks


@pytest.mark.unit
def test_an_unknown_key_in_the_hand_written_text_is_still_an_error_at_its_line(project: Path, tmp_path: Path) -> None:
    broken = fixture_project(tmp_path / "broken")
    page = broken / "docs" / "concepts" / "coalition.md"
    text = page.read_text(encoding="utf-8").replace("with no citation.", "citing [@nosuch2020work].")
    page.write_text(text, encoding="utf-8")
    with pytest.raises(ReaderError) as raised:
        concept_page_as_shown(build_site_content(broken), broken, "coalition")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "nosuch" in row)
    assert f"coalition.md:{line}:" in str(raised.value)
    assert "unknown citation key @nosuch2020work" in str(raised.value)


@pytest.mark.site
def test_the_site_builds_strictly_with_a_pandoc_paper_that_uses_a_concept_beside_its_citations(
        tmp_path: Path) -> None:
    project = seed_project(tmp_path / "project")
    shutil.copytree(FIXTURES / "papers" / FIXTURE_PAPER, project / "papers" / FIXTURE_PAPER)
    assert main(["checksums", "--root", str(project)]) == 0
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    page = (tmp_path / "site" / "concepts" / "entrapment" / "index.html").read_text(encoding="utf-8")
    assert "Snyder 1997; Kim 2011, p. 351" in page
    assert "@snyder1997alliance" not in page


@pytest.fixture(scope="module")
def content(project: Path) -> SiteContent:
    return build_site_content(project)


@pytest.mark.unit
def test_a_papers_own_definition_is_quoted_under_its_name(entrapment_page: str) -> None:
    own = entrapment_page.split("## In the papers' own words", 1)[1].split("## Related entries", 1)[0]
    assert "### Fixture 2024: Commitments Under Strain { #defined-in-fixture-alliance-commitments }" in own
    assert ("> “We define <mark>entrapment</mark> here as a commitment that obliges a state to fight for "
            "interests it does not share\\.” [Conclusion ¶ 1](../papers/fixture-alliance-commitments.md#s3-p1)") in own
    assert "**A sense of its own.** The fixture paper calls the commitment itself entrapment" in own
    # The second definition carries the paper's slip: corrected and marked here too.
    assert "treaties<ins class=\"reader-editorial\"" in own


@pytest.mark.unit
def test_the_terms_popover_in_the_paper_carries_its_own_definition_first(content: SiteContent) -> None:
    page = content.generated[f"papers/{FIXTURE_PAPER}.md"]
    link = next(line for line in page.splitlines() if "data-term=\"Entrapment\"" in line)
    assert 'data-paper-definition="We define entrapment here as a commitment' in link
    assert 'data-own-sense="The fixture paper calls the commitment itself entrapment' in link
    assert 'data-summary="The risk that a commitment' in link
