"""Citations: `[@key]` on hand-written pages, the reference lists and the
bibliography page, and the Highwire tags citation managers read."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from build_tools.model import ReaderError
from build_tools.pipeline import SiteContent, build_site_content
from build_tools.render.citation_style import CitationFormatter
from build_tools.render.citations import cite_in_markdown
from tests.conftest import FIXTURE
from tests.paper_expectations import EXPECTED

PAGE = Path("docs/concepts/demo.md")


@pytest.fixture(scope="module")
def content() -> SiteContent:
    return build_site_content(FIXTURE)


@pytest.fixture(scope="module")
def formatter(content: SiteContent) -> CitationFormatter:
    return content.formatter


def cite(markdown: str, formatter: CitationFormatter) -> str:
    return cite_in_markdown(markdown, PAGE, "concepts/demo.md", formatter, first_line=5)


@pytest.mark.unit
def test_a_page_locator_is_kept_in_the_site_style(formatter: CitationFormatter) -> None:
    out = cite("Entrapment [@snyder1997alliance, p. 181].", formatter)
    assert out.startswith("Entrapment [(Snyder 1997, 181)](../bibliography.md#snyder1997alliance)"
                          '{ .reader-cite data-popover="#cite-snyder1997alliance" }.')
    assert "## References { #references }" in out
    assert "Snyder, G.H. 1997. <i>Alliance Politics</i>. Ithaca: Cornell University Press." in out


@pytest.mark.unit
def test_grouped_citations_are_one_link_with_every_work_in_the_popover(formatter: CitationFormatter) -> None:
    out = cite("Both [@walt1987origins; @snyder1997alliance].", formatter)
    assert 'data-popover="#cite-walt1987origins #cite-snyder1997alliance"' in out
    assert "(Snyder 1997; Walt 1987)" in out or "(Walt 1987; Snyder 1997)" in out
    assert out.count("{: #cite-") == 2


@pytest.mark.unit
def test_citations_in_code_are_left_alone(formatter: CitationFormatter) -> None:
    markdown = "Write `[@snyder1997alliance]` like this:\n\n```\n[@walt1987origins]\n```\n"
    assert cite(markdown, formatter) == markdown


@pytest.mark.unit
def test_an_unknown_key_names_file_line_and_the_closest_keys(formatter: CitationFormatter) -> None:
    with pytest.raises(ReaderError) as caught:
        cite("Fine.\n\nAs Walt argues [@walt1987origin].", formatter)
    message = str(caught.value)
    assert message.startswith("docs/concepts/demo.md:7: unknown citation key @walt1987origin")
    assert "hint: did you mean @walt1987origins" in message


@pytest.mark.site
def test_an_unknown_key_stops_the_site_build(tmp_path: Path) -> None:
    from tests.conftest import copy_project, run_mkdocs_build

    project = copy_project(tmp_path / "project")
    page = project / "docs" / "concepts" / "entrapment.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    # Just below the page's heading, wherever its front matter ends.
    line = lines.index("# Entrapment") + 3
    lines.insert(line - 1, "A bad citation [@nosuchwork2000].")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/concepts/entrapment.md:{line}: unknown citation key @nosuchwork2000" in result.stderr


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def meta(document: BeautifulSoup, name: str) -> list[str]:
    return [str(tag["content"]) for tag in document.find_all("meta", attrs={"name": name})]


@pytest.mark.site
def test_highwire_tags_describe_the_journal_article(built_site: Path) -> None:
    page = soup(built_site, "papers/istomin-baykov-2020")
    assert meta(page, "citation_title") == [
        "Alliances at the Service of Hegemony: Deconstruction of the Military Domination Toolbox"]
    assert meta(page, "citation_author") == ["Istomin, I.A.", "Baykov, A.A."]
    assert meta(page, "citation_publication_date") == ["2020"]
    assert meta(page, "citation_journal_title") == ["Polis. Political Studies"]
    assert meta(page, "citation_issue") == ["6"]
    assert (meta(page, "citation_firstpage"), meta(page, "citation_lastpage")) == (["8"], ["25"])
    assert meta(page, "citation_doi") == ["10.17976/jpps/2020.06.02"]
    references = meta(page, "citation_reference")
    assert len(references) == EXPECTED["istomin-baykov-2020"].references
    assert references[0].startswith("citation_title=The Myth of Entangling Alliances")
    assert "citation_author=Beckley, M." in references[0]


@pytest.mark.site
def test_highwire_tags_for_a_paper_without_a_stated_venue(built_site: Path) -> None:
    page = soup(built_site, "papers/zou-balancing-act")
    assert meta(page, "citation_author") == ["Zou, Wenxuan"]
    assert meta(page, "citation_journal_title") == []  # not stated, so not invented
    assert len(meta(page, "citation_reference")) == EXPECTED["zou-balancing-act"].references


@pytest.mark.site
def test_cite_this_paper_offers_style_bibtex_and_a_download(built_site: Path) -> None:
    page = soup(built_site, "papers/istomin-baykov-2020")
    section = page.find(id="cite-this-paper")
    assert section is not None
    text = page.get_text(" ")
    assert "Istomin, I.A., and A.A. Baykov. 2020." in text
    assert "@article{istominbaykov2020," in page.get_text("")
    assert "Every work the papers cite" not in page.get_text("")
    assert page.find("a", attrs={"href": "../istomin-baykov-2020.bib"}) is not None
    bib = (built_site / "papers" / "istomin-baykov-2020.bib").read_text(encoding="utf-8")
    assert "doi = {10.17976/jpps/2020.06.02}" in bib


@pytest.mark.site
def test_a_shared_work_links_to_the_other_papers_entry(built_site: Path) -> None:
    page = soup(built_site, "papers/istomin-baykov-2020")
    snyder = page.find(id="ref-40")
    assert snyder is not None
    links = {a.get_text(): a["href"] for a in snyder.find_all("a")}
    assert links["Same work as Zou [5]"] == "../zou-balancing-act/#ref-5"
    assert links["In the bibliography"] == "../../bibliography/#snyder1997alliance"
    # Istomin & Baykov printed a 1990 printing of Walt, Zou the 1987 book:
    # two works, each shown as its paper printed it, linked to the other.
    walt = page.find(id="ref-42")
    assert walt is not None
    assert "Walt, S. M. 1990. The Origins of Alliance" in walt.get_text(" ").replace("  ", " ")
    links = {a.get_text(): a["href"] for a in walt.find_all("a")}
    assert links["Zou [6] cites the 1987 edition"] == "../zou-balancing-act/#ref-6"
    assert links["In the bibliography"] == "../../bibliography/#walt1990origins"
    printed = walt.find("details")
    assert printed is not None and "Walt S. M. 1990. The Origins of Alliance." in printed.get_text()


@pytest.mark.site
def test_the_bibliography_lists_every_work_once_with_cited_by_paragraphs(
        built_site: Path, content: SiteContent) -> None:
    page = soup(built_site, "bibliography")
    for work in content.works:
        assert len(page.find_all(id=work.key)) == 1, work.key
    both = [a["href"] for a in page.find(id="cited-by-both").find_next("ul").find_all("a")]
    assert both == sorted(both)
    for shared in EXPECTED["istomin-baykov-2020"].shared_works["zou-balancing-act"]:
        assert f"#{shared}" in both
    walt = " ".join(page.find(id="walt1987origins").find_parent("li").get_text(" ").split())
    assert "§2 ¶2" in walt and "§2 ¶5" in walt and "Other edition: 1990 (walt1990origins)" in walt
    walt90 = " ".join(page.find(id="walt1990origins").find_parent("li").get_text(" ").split())
    assert "[42] (only its reference list is here)" in walt90
