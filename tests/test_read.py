"""Each reader stage on the real papers: what a reader checks against the raw text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_tools.cache import BuildCache
from build_tools.model import Paper, ParagraphKind
from build_tools.read.converted_markdown import to_plain_text
from build_tools.read.headings import strip_emphasis
from build_tools.read.papers import read_paper
from build_tools.read.paragraphs import Block, expand_labels, join_page_break_splits, split_blocks
from tests.conftest import ROOT
from tests.paper_expectations import EXPECTED

pytestmark = pytest.mark.unit

IB = "istomin-baykov-2020"
ZOU = "zou-balancing-act"


def all_text(paper: Paper) -> str:
    parts = [paper.title, paper.suggested_citation, paper.funding_note, *paper.keywords]
    parts += [p.text for p in paper.paragraphs()] + [r.text for r in paper.references]
    parts += [a.name + " ".join(a.affiliations) for a in paper.authors]
    return "\n".join(parts)


# --- shared stages ---------------------------------------------------------

def test_blocks_remember_their_first_line_and_blank_run() -> None:
    blocks = split_blocks("a\nb\n\n\nc\n")
    assert blocks == [Block("a\nb", 1, 0), Block("c", 5, 2)]


def test_a_page_break_split_is_joined_only_mid_sentence() -> None:
    blocks = [Block("…This discussion", 1, 0), Block("extends to contemporary examples.", 3, 1),
              Block("A new paragraph.", 5, 1), Block("Another one", 7, 1), Block("Capitalised.", 9, 1)]
    joined = join_page_break_splits(blocks)
    assert [b.text for b in joined] == [
        "…This discussion extends to contemporary examples.", "A new paragraph.",
        "Another one", "Capitalised."]


def test_grouped_and_ranged_citation_labels_expand() -> None:
    assert expand_labels("5") == ("5",)
    assert expand_labels("5, 7") == ("5", "7")
    assert expand_labels("3-5") == ("3", "4", "5")
    assert expand_labels("3–5, 9") == ("3", "4", "5", "9")


def test_conversion_markup_is_resolved_to_plain_text() -> None:
    assert strip_emphasis("***Balancing Act***") == "Balancing Act"
    assert to_plain_text(r"topics\_110496 and \*corresponding") == "topics_110496 and *corresponding"
    assert to_plain_text("Wenxuan Zou<sup>1,a</sup>") == "Wenxuan Zou1,a"
    assert to_plain_text("**bold** and *italic*") == "bold and italic"


# --- journal landing page (Istomin & Baykov) -------------------------------

def test_landing_page_title_appears_once(papers: dict[str, Paper]) -> None:
    paper = papers[IB]
    assert paper.title == ("Alliances at the Service of Hegemony: "
                           "Deconstruction of the Military Domination Toolbox")
    assert all_text(paper).count("Deconstruction of the Military Domination Toolbox") == 2  # title + citation


def test_landing_page_authors_in_order_with_affiliations_and_ids(papers: dict[str, Paper]) -> None:
    istomin, baykov = papers[IB].authors
    assert istomin.name == "Istomin I.A."
    assert istomin.affiliations == ("MGIMO University, Moscow, Russia",
                                    "Harvard University, Cambridge, USA")
    assert istomin.identifiers == (("eLibrary ID", "333124"), ("ORCID", "0000-0002-8334-6343"),
                                   ("ResearcherID", "A-8494-2017"))
    assert baykov.name == "Baykov A.A."
    assert baykov.affiliations == ("MGIMO University, Moscow, Russia",)
    assert baykov.identifiers == (("eLibrary ID", "621264"),)


def test_landing_page_doi_citation_venue_and_grant(papers: dict[str, Paper]) -> None:
    paper = papers[IB]
    assert paper.doi == "10.17976/jpps/2020.06.02"
    assert paper.suggested_citation.startswith("Istomin I.A., Baykov A.A. Alliances at the Service")
    assert paper.suggested_citation.endswith("2020. No. 6. P. 8-25. (In Russ.).")
    assert (paper.venue.journal, paper.venue.year, paper.venue.issue, paper.venue.pages) == (
        "Polis. Political Studies", "2020", "6", "8-25")
    assert paper.funding_note.startswith("The study was carried out on a grant from the Russian "
                                         "Science Foundation (Project No. 17-78-20170")
    assert paper.funding_note.endswith("for valuable ideas and comments.")


def test_landing_page_abstract_and_keywords(papers: dict[str, Paper]) -> None:
    paper = papers[IB]
    (abstract,) = paper.abstract
    assert abstract.id == "abstract-p1"
    assert abstract.text.startswith("In IR studies into the most prominent patterns")
    # the authors' words stay as published, typos included
    assert "capabilities of appliances’ aggregation" in abstract.text
    assert abstract.text.endswith("and possibly global, hegemony.")
    assert paper.keywords == ("hegemony", "United States", "alliances", "great powers",
                              "global governance", "coalition", "asymmetry")


def test_landing_page_keeps_both_parts_of_the_reference_list(papers: dict[str, Paper]) -> None:
    references = papers[IB].references
    english = [r for r in references if r.group == "english"]
    russian = [r for r in references if r.group == "russian"]
    assert {"english": len(english), "russian": len(russian)} == EXPECTED[IB].reference_groups
    assert english[0].text.startswith("Beckley M. 2015. The Myth of Entangling Alliances")
    assert english[-1].text.startswith("Yarhi-Milo K., Lanoszka A., Cooper Z. 2016.")
    assert russian[0].text.startswith("Baranovsky V.G. 2017.")
    assert russian[-1].text.startswith("Troitsky M.A. 2002.")
    assert all("(In Russ.)" in r.text for r in russian)
    assert [r.label for r in references] == [str(n) for n in range(1, 67)]


def test_landing_page_site_chrome_is_dropped(papers: dict[str, Paper]) -> None:
    text = all_text(papers[IB])
    for chrome in ("Content No. 6, 2020", "See also", "Busygina", "Konyshev", "2024      2023"):
        assert chrome not in text


# --- Markdown converted from PDF (Zou) --------------------------------------

def test_pdf_title_has_no_emphasis_markup(papers: dict[str, Paper]) -> None:
    assert papers[ZOU].title == ("Balancing Act: The Dual Role of Military Alliances in "
                                 "Contemporary International Relations")


def test_pdf_author_and_affiliation_without_email(papers: dict[str, Paper]) -> None:
    (author,) = papers[ZOU].authors
    assert author.name == "Wenxuan Zou"
    assert author.affiliations == ("Xi'an Jiaotong-Liverpool University, Suzhou, China",)
    assert author.corresponding
    assert "@" not in all_text(papers[ZOU])


def test_pdf_abstract_and_keywords_from_bold_labels(papers: dict[str, Paper]) -> None:
    paper = papers[ZOU]
    assert paper.abstract[0].text.startswith("This paper critically examines the dual role")
    assert "**" not in paper.abstract[0].text
    assert paper.keywords == ("Military Alliances", "Geopolitical Challenges",
                              "Regional Cooperation", "Security Dilemma", "East Asia")


def test_pdf_sections_at_the_right_levels_whatever_the_heading_markup(papers: dict[str, Paper]) -> None:
    sections = [(s.number, s.title, s.level, s.id) for s in papers[ZOU].sections]
    assert sections == [
        ("1", "Introduction", 1, "s1"),
        ("2", "Historical Development of Military Alliances", 1, "s2"),
        ("3", "Contemporary Challenges", 1, "s3"),  # the converter made this one '###'
        ("4", "Impact on Regional Cooperation", 1, "s4"),
        ("4.1", "The Impact of Military Alliances on Regional Conflicts and Cooperation", 2, "s4-1"),
        ("4.2", "The Distinct Mechanisms of Military Alliances and Regional Cooperation", 2, "s4-2"),
        ("4.3", "Case Study: East Asian Regional Dynamics", 2, "s4-3"),
        ("5", "Conclusion", 1, "s5"),
    ]


def find(paper: Paper, fragment: str) -> str:
    (match,) = [p.text for p in paper.paragraphs() if fragment in p.text]
    return match


def test_pdf_page_break_splits_are_joined(papers: dict[str, Paper]) -> None:
    paper = papers[ZOU]
    for seam in ("This discussion extends to contemporary examples",
                 "it aims to establish a just and lasting peace order",
                 "Instead of bolstering security",
                 "requires a series of mechanisms, which, given their involvement",
                 "freedom, democracy, human rights, the rule of law",
                 "the research has demonstrated the evolution"):
        assert find(paper, seam)
    # no paragraph of running text starts in lower case after the repair
    assert not [p.id for p in paper.paragraphs() if p.text[:1].islower()]


def test_pdf_article_5_is_a_block_quote_within_its_paragraph_run(papers: dict[str, Paper]) -> None:
    section = papers[ZOU].sections[1]
    lead, quote = section.paragraphs[2], section.paragraphs[3]
    assert lead.text.endswith("For instance, Article 5 of NATO stipulates:")
    assert quote.kind is ParagraphKind.QUOTE
    assert quote.text.startswith("“The Parties agree that an armed attack against one or more")
    assert "individually and in concert with the other Parties" in quote.text
    assert quote.text.endswith("security of the North Atlantic area.” [8]")
    assert [p.kind for p in papers[ZOU].paragraphs()].count(ParagraphKind.QUOTE) == 1


def test_pdf_citations_are_found_with_their_labels(papers: dict[str, Paper]) -> None:
    paper = papers[ZOU]
    cited = [label for p in paper.paragraphs() for c in p.citations for label in c.labels]
    assert sorted(set(cited), key=int) == [str(n) for n in range(1, 24)]
    first = paper.sections[0].paragraphs[0].citations[0]
    assert (first.text, first.labels) == ("[1]", ("1",))


def test_pdf_reference_list_is_complete_and_keeps_its_markdown(papers: dict[str, Paper]) -> None:
    references = papers[ZOU].references
    assert [r.label for r in references] == [str(n) for n in range(1, 24)]
    assert references[0].text.startswith("Wolfers, A. (1968) *Alliances*.")
    assert references[22].text.startswith("Buszynski, L. ([2008] *Alliances and Asia-Pacific")


def test_paragraph_ids_are_section_and_position(papers: dict[str, Paper]) -> None:
    ids = [p.id for p in papers[ZOU].paragraphs()]
    assert ids[:3] == ["abstract-p1", "s1-p1", "s1-p2"]
    assert "s4-3-p4" in ids and len(ids) == len(set(ids))


def test_an_unchanged_paper_is_parsed_once_and_an_edited_one_again(tmp_path: Path) -> None:
    # mkdocs serve rebuilds on every save; only the edited paper is re-read.
    paper_dir = tmp_path / "zou-balancing-act"
    shutil.copytree(ROOT / "tests" / "fixtures" / "project" / "papers" / "zou-balancing-act", paper_dir)
    cache = BuildCache()
    first = read_paper(paper_dir, cache)
    assert read_paper(paper_dir, cache) is first
    yml = paper_dir / "paper.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("short_title: Zou", "short_title: Zou W."),
                   encoding="utf-8")
    edited = read_paper(paper_dir, cache)
    assert edited is not first and edited.metadata.short_title == "Zou W."
    source = paper_dir / "source.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Balancing Act", "Balancing Acts", 1),
                      encoding="utf-8")
    assert read_paper(paper_dir, cache).title.startswith("Balancing Acts")
