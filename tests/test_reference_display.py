"""Citations that must not mislead: two works never share one author-date
citation, no empty-field punctuation, no site home page given as a work's
link, no doubled quotes, and the pages a paper cites stay in its list."""

from __future__ import annotations

import re

import pytest

from build_tools.model import Name, Work, WorkType
from build_tools.pipeline import SiteContent, build_site_content
from build_tools.references.citation_syntax import Cite
from build_tools.render.citation_style import CitationFormatter
from build_tools.urls import is_home_page
from tests.conftest import FIXTURE

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def content() -> SiteContent:
    return build_site_content(FIXTURE)


def test_ikenberry_2019_book_and_article_cite_as_2019a_and_2019b(content: SiteContent) -> None:
    formatter = content.formatter
    assert formatter.citation_html([Cite("ikenberry2019after")]) == "(Ikenberry 2019a)"
    assert formatter.citation_html([Cite("ikenberry2019reflections")]) == "(Ikenberry 2019b)"
    assert "Ikenberry, G.J. 2019a. <i>After Victory" in formatter.reference_html("ikenberry2019after")


def test_one_work_by_an_author_in_a_year_gets_no_letter() -> None:
    work = Work(key="snyder1997alliance", type=WorkType.BOOK, title="Alliance Politics", year="1997",
                authors=(Name("Snyder", "G.H."),), publisher="Cornell University Press")
    assert CitationFormatter([work]).citation_html([Cite(work.key)]) == "(Snyder 1997)"


def test_no_entry_has_empty_field_punctuation(content: SiteContent) -> None:
    for work in content.works:
        assert not re.search(r",\s*,", content.formatter.reference_text(work.key)), work.key
    assert "Understanding International Relations, 221–46" in content.formatter.reference_text(
        "brown2009international")


@pytest.mark.parametrize(("url", "home"), [
    ("http://www.jstor.org", True), ("https://www.jstor.org/", True),
    ("http://www.jstor.org/stable/42844757", False), ("https://natolibguides.info/c.php?g=699606", False)])
def test_a_bare_site_address_is_a_home_page(url: str, home: bool) -> None:
    assert is_home_page(url) is home


def test_waltz_1993_is_not_linked_to_the_jstor_home_page(content: SiteContent) -> None:
    assert "jstor.org" not in content.formatter.reference_html("waltz1993emerging")
    assert "www.jstor.org}" not in content.generated["bibliography.bib"]


def test_quotes_inside_a_quoted_title_become_single(content: SiteContent) -> None:
    text = content.formatter.reference_text("cooley2013empire")
    assert "““" not in text and "“‘The Empire Will Compensate You’" in text


def test_a_papers_list_keeps_the_pages_it_cites(content: SiteContent) -> None:
    zou = content.generated["papers/zou-balancing-act.md"]
    mandelbaum = next(line for line in zou.splitlines() if line.startswith('<li id="ref-19"'))
    assert "Cited at p. 151." in mandelbaum
    lanoszka = next(line for line in zou.splitlines() if line.startswith('<li id="ref-3"'))
    assert "Cited at pp. 14–15." in lanoszka


def test_a_paper_label_gives_the_year_once() -> None:
    """The nav, papers index and notes page name a paper "Who (Year): Title";
    a short title that already carries the year keeps it once."""
    import dataclasses

    from build_tools.model import Venue
    from build_tools.read.papers import read_papers
    from build_tools.render.paper_facts import paper_label

    papers = {p.slug: p for p in read_papers(FIXTURE / "papers")}
    istomin = papers["istomin-baykov-2020"]
    assert paper_label(istomin).startswith("Istomin & Baykov (2020): ")
    renamed = dataclasses.replace(istomin, metadata=dataclasses.replace(istomin.metadata,
                                                                        short_title="Istomin & Baykov 2020"),
                                  venue=Venue(year="2020"))
    assert paper_label(renamed).startswith("Istomin & Baykov 2020: ")


def test_an_edited_book_names_its_editor_once(content: SiteContent) -> None:
    entry = content.formatter.reference_html("knopf2012security")
    assert entry.startswith("Knopf, J.W., ed. 2012.") and entry.count("Knopf") == 1


def test_one_person_has_one_name_on_a_page_but_two_people_keep_theirs(content: SiteContent) -> None:
    # Istomin & Baykov print "Waltz K.", Zou "Waltz, K.N.": on the bibliography page both read K.N.
    assert content.formatter.reference_html("waltz1979theory").startswith("Waltz, K.N. 1979.")
    # "S.W." (Zou's Walt) and "S. M." (Istomin & Baykov's) are not one's initials cut short.
    assert content.formatter.reference_html("walt1990origins").startswith("Walt, S. M. 1990.")
    # Each paper's own list still prints what it printed.
    page = content.generated["papers/istomin-baykov-2020.md"]
    assert "Waltz, K. 1979." in page


def test_an_organisation_files_under_its_name_not_its_article(content: SiteContent) -> None:
    page = content.generated["bibliography.md"]
    assert page.index("Waltz, K.N. 1993") < page.index("The White House. 2022") < page.index("Wolfers, A. 1968")
    assert 'data-author="white house"' in page


def test_a_paper_whose_source_gives_no_venue_or_year_says_so_and_how_to_record_them(content: SiteContent) -> None:
    zou = content.generated["papers/zou-balancing-act.md"]
    assert "The source does not say where it was published or its year" in zou
    assert "venue: {journal:" in zou
    assert "The source does not say" not in content.generated["papers/istomin-baykov-2020.md"]
