"""A converted paper's year, venue, volume, issue, pages and DOI come from
paper.yml (issue 19 item 3): the README's example, applied as written to the
converted fixture it names, reaches the page header, "Cite this paper" and
the `citation_*` meta tags; and paper.yml corrects a source's own wrong year."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from build_tools import urls
from build_tools.pipeline import build_site_content
from build_tools.read.papers import read_paper
from tests.conftest import ROOT, record_checksums, seed_project

pytestmark = pytest.mark.unit

CORPUS = ROOT / "tests" / "corpus"
SLUG = "meers-2019-ggparliament-pymupdf4llm"


def readme_venue_example() -> str:
    """The README's paper.yml example that sets `venue:`, as printed there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    (example,) = [b for b in blocks if re.search(r"^\s*venue:", b, re.M)]
    return "\n".join(line[3:] if line.startswith("   ") else line for line in example.splitlines()) + "\n"


def paper_with_readme_venue(directory: Path, slug: str = SLUG) -> Path:
    shutil.copytree(CORPUS / slug, directory)
    (directory / "expected.yml").unlink()
    with (directory / "paper.yml").open("a", encoding="utf-8") as paper_yml:
        paper_yml.write(readme_venue_example())
    return directory


def test_the_readme_example_names_every_venue_field_and_the_doi() -> None:
    example = yaml.safe_load(readme_venue_example())
    assert set(example) == {"venue", "doi"}
    assert set(example["venue"]) == {"journal", "year", "volume", "issue", "pages", "publisher"}


def test_a_converted_paper_takes_its_venue_and_doi_from_paper_yml(tmp_path: Path) -> None:
    bare = read_paper(CORPUS / SLUG)
    assert (bare.venue.journal, bare.venue.year, bare.doi) == ("", "", "")  # the conversion says none of it
    paper = read_paper(paper_with_readme_venue(tmp_path / SLUG))
    venue = paper.venue
    assert (venue.journal, venue.year, venue.volume, venue.issue, venue.pages, venue.publisher) == (
        "Journal of Open Source Software", "2019", "4", "36", "1313", "Open Journals")
    assert paper.doi == "10.21105/joss.01313"


def test_paper_yml_corrects_the_year_a_source_gets_wrong(tmp_path: Path) -> None:
    """JOSS's JATS of ggparliament dates it 2018; it appeared in 4(36), 2019."""
    assert read_paper(CORPUS / "meers-2019-ggparliament-jats").venue.year == "2018"
    jats = "meers-2019-ggparliament-jats"
    paper = read_paper(paper_with_readme_venue(tmp_path / jats, jats))
    assert (paper.venue.year, paper.venue.volume, paper.venue.issue) == ("2019", "4", "36")


@pytest.fixture(scope="module")
def venue_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    project = seed_project(tmp_path_factory.mktemp("venue"))
    paper_with_readme_venue(project / "papers" / SLUG)
    record_checksums(project)
    return build_site_content(project).generated[urls.paper_page(SLUG)]


def test_the_page_header_and_the_cite_box_show_the_venue(venue_page: str) -> None:
    header = re.search(r'<p class="reader-venue">(.*?)</p>', venue_page)
    assert header is not None
    assert header.group(1).startswith(
        "<cite>Journal of Open Source Software</cite>, 2019, vol. 4, no. 36, pp. 1313 · DOI ")
    cite_box = re.search(r'<p class="reader-cite-box__citation"[^>]*>(.*?)</p>', venue_page, re.S)
    assert cite_box is not None
    assert re.search(r"2019\..*Journal of Open Source Software</i> 4 ?\(36\): 1313\..*doi:10\.21105/joss\.01313",
                     cite_box.group(1)), cite_box.group(1)
    assert "journal = {Journal of Open Source Software}" in venue_page
    assert "doi = {10.21105/joss.01313}" in venue_page


def test_the_meta_tags_carry_the_venue(venue_page: str) -> None:
    front_matter = yaml.safe_load(venue_page.split("---\n")[1])
    tags = {name: value for name, value in front_matter["highwire"]}
    assert {name: tags.get(name) for name in ("citation_journal_title", "citation_publication_date",
                                              "citation_volume", "citation_issue", "citation_firstpage",
                                              "citation_doi")} == {
        "citation_journal_title": "Journal of Open Source Software", "citation_publication_date": "2019",
        "citation_volume": "4", "citation_issue": "36", "citation_firstpage": "1313",
        "citation_doi": "10.21105/joss.01313"}
    assert "citation_lastpage" not in tags
