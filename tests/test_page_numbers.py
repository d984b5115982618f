"""Page numbers of the original in converted-PDF papers: found where a page
break split a paragraph, counted from the first page, shown as a margin
marker, and given to "Cite this passage" as each paragraph's page range."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from build_tools.model import Paper, PaperMetadata, Paragraph, SourceFormat, Venue
from build_tools.read.converted_markdown import read_converted_markdown
from build_tools.read.paper_directory import PaperSource
from build_tools.render.citation_style import CitationFormatter
from build_tools.render.cite_paper import highwire_tags
from build_tools.render.paper_page import RenderContext, render_paper

pytestmark = pytest.mark.unit

SOURCE = """# A Study of Alliances

A. Author

**Abstract:** Alliances are studied here in some depth.

## 1. Introduction

The first paragraph runs to the foot of the first page and its sentence goes on over the

page break into the second page, where it ends.

A second paragraph is whole on page two. It was inter-

national in scope and ended on the third page.

## 2. Findings

The last paragraph, with a long quotation after a colon: "one two three four five six seven eight nine ten
eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one and on the
way to forty words the quotation goes on past the thirtieth word and some more words follow it on the

next page the quotation closes here."

## References

1. Walt, S. M. (1987). The Origins of Alliances. Cornell University Press.
"""


def read(text: str = SOURCE) -> Paper:
    metadata = PaperMetadata(slug="study", source=Path("source.md"), format=SourceFormat.CONVERTED_MARKDOWN,
                             short_title="Study", provenance="test", licence="CC0")
    return read_converted_markdown(PaperSource(metadata, Path("papers/study/source.md"), text,
                                               SourceFormat.CONVERTED_MARKDOWN))


def paragraph(paper: Paper, paragraph_id: str) -> Paragraph:
    return next(p for p in paper.paragraphs() if p.id == paragraph_id)


def test_a_paragraph_split_by_a_page_break_starts_the_next_page_where_its_second_half_begins() -> None:
    first = paragraph(read(), "s1-p1")
    assert (first.page, first.pages) == ("1", "1–2")
    (page_break,) = first.page_breaks
    assert page_break.page == "2"
    assert first.text[page_break.offset:].startswith("page break into the second page")
    assert "\ue006" not in first.text


def test_a_word_hyphenated_across_the_break_is_rejoined_and_counts_to_the_page_it_starts_on() -> None:
    second = paragraph(read(), "s1-p2")
    assert "international in scope" in second.text
    (page_break,) = second.page_breaks
    assert second.text[page_break.offset:].startswith(" in scope")
    assert (second.page, second.pages) == ("2", "2–3")


def test_pages_count_on_through_sections_and_a_quotation_set_apart_keeps_its_break() -> None:
    paper = read()
    lead, quote = paragraph(paper, "s2-p1"), paragraph(paper, "s2-p2")
    assert quote.kind.value == "quote"
    assert (lead.pages, quote.pages) == ("3", "3–4")
    assert quote.text[quote.page_breaks[0].offset:].startswith("next page the quotation")
    assert any("3 page breaks inside paragraphs" in item.message and "numbered 1 to 4" in item.message
               for item in paper.import_report)


def test_a_source_without_page_breaks_has_no_page_numbers() -> None:
    paper = read(SOURCE.replace("over the\n\npage break", "over the page break")
                 .replace("inter-\n\nnational", "international").replace("the\n\nnext page", "the next page"))
    # No evidence of pages, so no page numbers (not "page 1" throughout),
    # and "Cite this passage" falls back to the numbered section.
    assert all(p.page == "" and p.pages == "" and not p.page_breaks for p in paper.paragraphs())
    assert not any("page breaks" in item.message for item in paper.import_report)
    page = render_paper(paper)
    assert '{: #s1-p1 .reader-paragraph data-section="1" }' in page
    assert "reader-page-start" not in page


def test_the_page_marker_stands_where_the_page_begins_outside_links_and_the_paragraph_knows_its_pages() -> None:
    paper = read()
    page = render_paper(paper, RenderContext(cite_as="Author n.d."))
    assert 'data-cite-as="Author n.d."' in page
    assert ("over the <span class=\"reader-page-start\" data-page=\"2\" data-search-exclude>"
            '<span class="reader-sr-only">page 2</span></span>page break') in page
    assert '{: #s1-p1 .reader-paragraph data-pages="1–2" }' in page


def test_an_article_range_from_jats_fpage_and_lpage_gives_first_and_last_page_to_citation_managers() -> None:
    paper = read()
    for printed in ("1–12", "1-12", "1 — 12"):
        tags = dict(highwire_tags(replace(paper, venue=Venue(journal="J", year="2015", pages=printed)), (),
                                  CitationFormatter([])))
        assert (tags["citation_firstpage"], tags["citation_lastpage"]) == ("1", "12"), printed
