"""Pandoc's citation forms in notes and hand-written pages: a sentence that
names the author cites the work once ("Lake (2011)", not "Lake (Lake
2011)"), and an @ that is not a citation stays text."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.model import Name, Work, WorkType
from build_tools.references.citation_syntax import find_citations
from build_tools.render.citation_style import CitationFormatter
from build_tools.render.citations import cite_in_markdown

pytestmark = pytest.mark.unit

PAGE = Path("docs/concepts/demo.md")
LAKE = Work(key="lake2011hierarchy", type=WorkType.BOOK, title="Hierarchy in International Relations",
            year="2011", authors=(Name("Lake", "David A."),), publisher="Cornell University Press")
WALT = Work(key="walt1987origins", type=WorkType.BOOK, title="The Origins of Alliances", year="1987",
            authors=(Name("Walt", "Stephen M."),), publisher="Cornell University Press")


@pytest.fixture(scope="module")
def formatter() -> CitationFormatter:
    return CitationFormatter([LAKE, WALT])


def cite(markdown: str, formatter: CitationFormatter) -> str:
    return cite_in_markdown(markdown, PAGE, "concepts/demo.md", formatter, with_reference_list=False)


def test_the_author_suppressed_form_prints_the_year_only(formatter: CitationFormatter) -> None:
    out = cite("Lake argues [-@lake2011hierarchy, p. 5] that hierarchy is common.", formatter)
    assert out.startswith("Lake argues [(2011, 5)](../bibliography.md#lake2011hierarchy)")


def test_the_narrative_form_names_the_author_once(formatter: CitationFormatter) -> None:
    assert cite("As @lake2011hierarchy shows.", formatter).startswith(
        "As [Lake (2011)](../bibliography.md#lake2011hierarchy)")
    assert cite("As @walt1987origins [p. 33] argues.", formatter).startswith(
        "As [Walt (1987, 33)](../bibliography.md#walt1987origins)")


def test_bracketed_citations_are_as_before_and_a_group_can_suppress_one_author(
        formatter: CitationFormatter) -> None:
    assert cite("[@lake2011hierarchy]", formatter).startswith("[(Lake 2011)]")
    assert cite("[see @walt1987origins, pp. 21-26]", formatter).startswith("see [(Walt 1987, 21–26)]")
    assert cite("[-@lake2011hierarchy; @walt1987origins]", formatter).startswith("[(2011; Walt 1987)]")


def test_an_at_sign_that_is_no_known_key_or_sits_in_an_address_or_code_is_text(
        formatter: CitationFormatter) -> None:
    text = ("Mail a@lake2011hierarchy.org, ask @reader-team, see https://x.org/@lake2011hierarchy, "
            "`@lake2011hierarchy` and\n\n```\n@walt1987origins\n```\n")
    assert cite(text, formatter) == text
    assert find_citations(text, PAGE, known={"lake2011hierarchy", "walt1987origins"}) == []


def test_a_bare_at_key_is_found_only_when_it_is_known() -> None:
    (found,) = find_citations("As @walt1987origins argues", PAGE, known={"walt1987origins"})
    assert found.narrative and found.cites[0].key == "walt1987origins"
    assert find_citations("As @walt1987origins argues", PAGE) == []
