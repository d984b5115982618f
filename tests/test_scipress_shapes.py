"""SciPress's one-column layout (International Letters of Social and Humanistic
Sciences) read by rules that carry to any paper of that layout, not only to
the two tuned SciPress papers (khaledian-2013, yadav-2013) the first rules were
written on (issue 19: they read two held-out SciPress papers badly).

The journal prescribes no reference style, so its authors' numbered lists mix
every author-date shape: "Family I." names with no comma, APA, Harvard with
single quotes, chapters introduced by "in" or "In:" with "(ed.)", theses,
original-edition years. No further openly licensed SciPress paper was found
outside the held-out set (the EXCITE SSOAR sample's other PDFs, its
EXgoldstandard copy and CERMINE's test PDFs were searched), so each shape
is shown on an INVENTED entry or page of that shape, written for this test;
names, titles and journals are made up. The layout's citations by name
against a numbered list are also tested on the tuned papers that print them
(khaledian-2013, and abuabdulla-2017 of the same SSOAR sample)."""

from __future__ import annotations

import pytest

from build_tools.model import Paper, ReportAction, Work
from build_tools.references.bibliography import paper_works
from tests.converted_snippets import read_snippet, tuned_paper

pytestmark = pytest.mark.unit


def _works(*entries: str) -> dict[str, Work]:
    """Invented entries in a numbered list as pymupdf4llm writes SciPress's ("- [1]  Entry "), with one
    more after them (one numbered line alone is not taken for a numbered list)."""
    listed = "\n\n".join(f"- [{n}]  {entry} "
                         for n, entry in enumerate([*entries, "Zeller A. (1990) _Alliances_ . London: Sage."], 1))
    paper = read_snippet(f"# **A Study of Alliances** \n\n**Anna Field** \n\n## **1.  INTRODUCTION** \n\nText. \n\n"
                         f"## **References** \n\n{listed}\n")
    return paper_works(paper)


def _read(work: Work) -> tuple[list[str], str, str]:
    return [n.family for n in work.authors], work.year, work.title


def test_names_with_initials_after_the_family_parted_by_commas_are_each_a_name() -> None:
    """Invented: "Family I., Family I. (Year)" with an italic journal; pybtex took the first comma for
    "Family, Given" (family "Haider S.", given "Qureshi N.") and the second author was lost."""
    works = _works("Haider S., Qureshi N. A. (2012). Trust among partners. _Journal of Strategic Studies_ , 35(2), "
                   "211-230.",
                   "van der Berg J. (2005) Neutrality revisited. _Journal of Peace Studies_ , 22(1), 5-19.")
    assert [(n.family, n.given) for n in works["1"].authors] == [("Haider", "S."), ("Qureshi", "N. A.")]
    assert _read(works["2"]) == (["van der Berg"], "2005", "Neutrality revisited")


@pytest.mark.parametrize("entry", [
    "Ivanova M. (2008) The burden of allies, in K. Petrov (ed.), _Security in Transition_ , Moscow: Nauka.",
    "Ivanova M. (2008) The burden of allies. In Petrov K. (ed.) _Security in Transition_ . Moscow: Nauka, "
    "pp. 23-41.",
    "Ivanova M. (2008) The burden of allies. In: _Security in Transition_ . Moscow: Nauka, 23-41.",
    "Ivanova M. (2008) The burden of allies, pp. 23-41. In _Security in Transition_ . Moscow: Nauka."])
def test_a_chapter_title_ends_where_in_opens_its_book(entry: str) -> None:
    """Invented: a chapter whose book is introduced by a lower-case "in" after a comma, by "In" with
    the editor's "(ed.)" in lower case, by "In:" with no editors, or after the chapter's pages; the
    title ran on to the book's italics ("The burden of allies, in K. Petrov (ed.),")."""
    work = _works(entry)["1"]
    assert _read(work) == (["Ivanova"], "2008", "The burden of allies")
    assert work.container == "Security in Transition"


def test_an_italic_book_title_after_a_bare_year_is_the_title() -> None:
    """Invented: "Family I. Year. _Title_ . Place: Publisher." The model labels such a title a
    "source", which became a note: the work had no title at all."""
    work = _works("Moreno T. 2001. _The Fragile State_ . Oxford: Blackwell.")["1"]
    assert _read(work) == (["Moreno"], "2001", "The Fragile State")
    assert (work.place, work.publisher, work.note) == ("Oxford", "Blackwell", "")


@pytest.mark.parametrize("entry", [
    "Iyer S. (2011) Strategic partnerships in South Asia, Unpublished PhD thesis, University of Example.",
    "Iyer S. (2011) Strategic partnerships in South Asia. Unpublished PhD thesis, University of Example.",
    "Iyer S. (2011) Strategic partnerships in South Asia, M.A. Thesis, University of Example."])
def test_a_thesis_genre_is_not_part_of_the_title(entry: str) -> None:
    """Invented: a thesis with a plain title and its genre after a comma or a full stop; the rules ran
    the title on through the university, the model left "Unpublished" at the title's end."""
    work = _works(entry)["1"]
    assert _read(work) == (["Iyer"], "2011", "Strategic partnerships in South Asia")
    assert work.publisher == "University of Example"


def test_the_original_editions_year_is_no_part_of_the_title() -> None:
    """Invented: "(1998 [1951])" gave the title "[1951]) The Origins of Order"."""
    work = _works("Moreno T. (1998 [1951]) The Origins of Order. New York: Harcourt.")["1"]
    assert _read(work) == (["Moreno"], "1998", "The Origins of Order")
    assert (work.place, work.publisher) == ("New York", "Harcourt")


def test_a_book_in_volumes_keeps_its_title() -> None:
    """Invented: "Title, Vol. 2. Place: Publisher." The model labels the title a journal (a volume
    follows it), and the book had no title."""
    work = _works("Moreno T. (2004) Order and Justice, Vol. 2. London: Sage.")["1"]
    assert (_read(work), work.container, work.publisher) == ((["Moreno"], "2004", "Order and Justice"), "", "Sage")


@pytest.mark.parametrize("entry", [
    "Moreno T. (2001). _The Fragile State_ (2nd ed.). Oxford: Blackwell.",
    "Moreno T. (2001) _The Fragile State_ , 2nd edn. Oxford: Blackwell."])
def test_an_edition_after_the_title_is_the_edition(entry: str) -> None:
    """Invented: APA's "(2nd ed.)." and Harvard's "2nd edn." after an italic title ran into the publisher."""
    work = _works(entry)["1"]
    assert (_read(work), work.edition, work.place, work.publisher) == (
        (["Moreno"], "2001", "The Fragile State"), "2nd", "Oxford", "Blackwell")


def test_a_title_in_quotes_ends_at_its_closing_quote() -> None:
    """Invented: British Harvard's single quotes around an article's title, and double quotes with the
    comma inside; the first ran on through the newspaper and the date, the second kept its quotes."""
    works = _works("Moreno T. (2004) 'The Origins of Order', The Guardian, 12 May, p. 14.",
                   'Moreno T. (2005) "The Limits of Order," _The Guardian_ , 3 June.')
    assert (_read(works["1"]), works["1"].container) == ((["Moreno"], "2004", "The Origins of Order"), "The Guardian")
    assert (_read(works["2"]), works["2"].container) == ((["Moreno"], "2005", "The Limits of Order"), "The Guardian")


def _running_heads(page: int) -> str:
    # SciPress's heads, as pymupdf4llm sets them: "n" over "Volume 21" on even pages, the journal over "n" on odd.
    if page % 2 == 0:
        return f"**<mark>{page}</mark>** \n\n**<mark>Volume 21</mark>** "
    journal = "International Letters of Social and Humanistic Sciences Vol. 21"
    return f"**<mark>{journal}</mark>** \n\n**<mark>{page}</mark>** "


PROSE = ("Alliances shape the order of states in many regions of the world, and scholars disagree about why they "
         "last and when they fail. ") * 4

CITATIONS = ["(Moreno, 2001, p. 15)", "(Okonkwo and Lind: 2009)", "(Haider et al., 2012)", "Ivanova (2008)",
             "(United Nations, 2012)", "(Bern 2008: 4)", "(Tanaka, 2007; Moreno, 2001)"]
ENTRIES = ["Moreno T. (2001) _The Fragile State_ . Oxford: Blackwell.",
           "Okonkwo C., Lind T., _Journal of African Affairs_ 22 (2009) 45-67.",
           "Haider S., Qureshi N., Khan M. (2012). Trust among partners. _Journal of Strategic Studies_ , 35(2), "
           "211-230.",
           "Ivanova M. (2008) The burden of allies. In: Petrov K. (Ed.), _Security in Transition_ . Moscow: Nauka, "
           "pp. 23-41.",
           "United Nations (2012) _World Population Prospects: The 2012 Revision_ . New York: United Nations.",
           "Bern A. (2008) Sovereignty and its critics. Available at: http://www.example.org/sov (accessed 2 May "
           "2013).",
           "Tanaka H., “Alliance politics in East Asia”, _Pacific Review_ 3 (2007) 33-58."]


SECTIONS = ["INTRODUCTION", "LITERATURE REVIEW", "METHOD", "RESULTS", "DISCUSSION"]


def _invented_scipress_paper(sections: int = 5) -> str:
    """An invented paper in SciPress's layout, a page to each section and one to the list: the first
    page's journal line and date, authors with their affiliation numbers on the line, running heads on
    every page, a block quotation, and a numbered list whose fifth entry a page break (with its heads)
    cuts in two."""
    parts = ["_International Letters of Social and Humanistic Sciences ISSN: 2300-2697, Vol. 21, pp 30-41 "
             "doi:10.18052/www.scipress.com/ILSHS.21.30 © 2014 SciPress Ltd., Switzerland_ ",
             "_Online: 2014-01-12_ ", "# **Alliances and the limits of order** ",
             "**Anna Field** 1, **Ben Stone** 2 ",
             "1Department of Politics, Example University, Exampletown, Examplia ",
             "2Faculty of Law, Sample University, Sampletown, Examplia ",
             "E-mail address: anna.field@example.org ",
             "### **ABSTRACT** ", "This invented paper studies alliances and the order they keep. ",
             "**_Keywords_ :** alliances; order "]
    citations = iter(CITATIONS)
    for number, title in enumerate(SECTIONS[:sections], 1):
        parts.append(f"## **{number}.  {title}** ")
        parts += [f"{PROSE}{next(citations, '')} {PROSE}" for _ in range(2)]
        if number == 2:
            parts.append("> Order is kept by ideas before it is kept by arms (Moreno, 2001, p. 20). ")
        parts.append(_running_heads(30 + number))
    parts.append("## **References** ")
    for number, entry in enumerate(ENTRIES, 1):
        if number == 5:
            words = entry.split()
            parts += [f"- [5]  {' '.join(words[:5])} ", _running_heads(31 + sections), f"{' '.join(words[5:])} "]
        else:
            parts.append(f"- [{number}]  {entry} ")
    parts.append("( Received 10 December 2013; accepted 15 December 2013 ) ")
    return "\n\n".join(parts) + "\n"


@pytest.fixture(scope="module")
def invented_paper() -> Paper:
    return read_snippet(_invented_scipress_paper())


def test_an_invented_scipress_paper_reads_whole(invented_paper: Paper) -> None:
    """Invented, the layout's whole shape: every citation form the journal's authors use against the
    numbered list, the block quotation's citation, an entry cut by a page, and no running head left."""
    paper = invented_paper
    assert [(a.name, a.affiliations[0][:20]) for a in paper.authors] == [
        ("Anna Field", "Department of Politi"), ("Ben Stone", "Faculty of Law, Samp")]
    assert [s.title for s in paper.sections] == ["INTRODUCTION", "LITERATURE REVIEW", "METHOD", "RESULTS",
                                                 "DISCUSSION"]
    linked = {m.text: m.labels for p in paper.paragraphs() for m in p.citations}
    assert linked == {"(Moreno, 2001, p. 15)": ("1",), "(Okonkwo and Lind: 2009)": ("2",),
                      "(Haider et al., 2012)": ("3",), "Ivanova (2008)": ("4",), "(United Nations, 2012)": ("5",),
                      "(Bern 2008: 4)": ("6",), "(Tanaka, 2007; Moreno, 2001)": ("7", "1"),
                      "(Moreno, 2001, p. 20)": ("1",)}
    works = paper_works(paper)
    assert [(_read(w)[0][0], w.year, w.title or w.container) for w in works.values()] == [
        ("Moreno", "2001", "The Fragile State"), ("Okonkwo", "2009", "Journal of African Affairs"),
        ("Haider", "2012", "Trust among partners"), ("Ivanova", "2008", "The burden of allies"),
        ("United Nations", "2012", "World Population Prospects: The 2012 Revision"),
        ("Bern", "2008", "Sovereignty and its critics"), ("Tanaka", "2007", "Alliance politics in East Asia")]
    text = "\n".join(p.text for p in paper.paragraphs())
    assert "Volume 21" not in text and "International Letters" not in text and "Received" not in text


# --- citations by name against a numbered list, on the tuned papers that show them ---------------------

khaledian = tuned_paper("khaledian-2013-hardiness-workaholism-pymupdf4llm")


abuabdulla = tuned_paper("abuabdulla-2017-health-information-systems-pymupdf4llm")


def _linked(paper: Paper) -> dict[str, tuple[str, ...]]:
    return {m.text: m.labels for p in paper.paragraphs() for m in p.citations}


def test_a_name_citation_that_finds_no_entry_is_reported_when_the_list_is_never_cited_by_number(
        khaledian: Paper) -> None:
    # khaledian-2013 numbers its list and cites it only by name; "Kobasa (1979)" finds no entry (the list
    # spells it "[15] Kobassa S. C."), which was left unlinked and never said.
    needs = [i.message for i in khaledian.import_report if i.action is ReportAction.NEEDS_HUMAN]
    assert "citation 'Kobasa (1979)' Kobasa 1979 matches no reference entry; left as plain text" in needs
    assert any("cites the numbered list by name" in i.message for i in khaledian.import_report)


def test_a_numbered_list_cited_by_number_reports_no_names() -> None:
    """Invented: a paper citing its numbered list by number names a work it does not list; nothing is said."""
    paper = read_snippet("# **Alliances** \n\n**Anna Field** \n\n## **1.  INTRODUCTION** \n\nAs shown [1], and "
                         "as Weber (1922) held long ago [2]. \n\n## **References** \n\n"
                         "- [1]  Moreno T. (2001) _The Fragile State_ . Oxford: Blackwell. \n\n"
                         "- [2]  Okonkwo C., Lind T., _Journal of African Affairs_ 22 (2009) 45-67. \n")
    assert not [i for i in paper.import_report if "Weber" in i.message]


def test_a_family_name_of_two_words_before_the_year_is_cited_whole(khaledian: Paper) -> None:
    # "Agha Beigi (2007)" against "[3] Agha Beigi L., …": only "Beigi" was read, which no entry has.
    assert _linked(khaledian)["Agha Beigi (2007)"] == ("3",)


def test_a_name_written_with_or_without_its_hyphen_is_one_name(abuabdulla: Paper) -> None:
    # abuabdulla-2017 cites "(AlSaudi, 2006)" and "(ALArabi, 2012)" against "[22] Al-Saudi, Ahmed: (2006)"
    # and "[12] AL-Arabi, Attia (2012)".
    linked = _linked(abuabdulla)
    assert (linked["(AlSaudi, 2006)"], linked["(ALArabi, 2012)"], linked["(AlBashaabsha, 2005)"]) == (
        ("22",), ("12",), ("13",))


def test_a_comma_or_semicolon_before_the_years_parenthesis_keeps_the_citation(khaledian: Paper) -> None:
    # "Ahadi et al, (2008)" and "Scott et al; (1997)" as khaledian-2013 prints them.
    linked = _linked(khaledian)
    assert (linked["Ahadi et al, (2008)"], linked["Scott et al; (1997)"]) == (("4",), ("31",))


def test_names_typed_in_lower_case_are_linked_when_the_list_has_them(khaledian: Paper) -> None:
    # "(lambert 2007)", "(snir and Zohar 2008)", "(Maddi and khoshaba, 1994)" as khaledian-2013 prints them,
    # against "[17] Lambert V. A.", "[29] Snir R., Zohar D.", "[19] Maddi S. R., Kobassa S. C." (the list
    # gives [19] another co-author: the first author and year find it).
    linked = _linked(khaledian)
    assert (linked["(lambert 2007)"], linked["(snir and Zohar 2008)"], linked["(Maddi and khoshaba, 1994)"]) == (
        ("17",), ("29",), ("19",))


def test_a_lower_case_word_before_a_year_is_no_citation() -> None:
    """Invented: "(in 2007)" and "(since 2001)" read as names only if the list had such an author."""
    paper = read_snippet("# **Alliances** \n\n**Anna Field** \n\n## **1.  INTRODUCTION** \n\nTreaties were signed "
                         "(in 2007) and kept (since 2001), as (moreno 2001) says. \n\n## **References** \n\n"
                         "- [1]  Moreno T. (2001) _The Fragile State_ . Oxford: Blackwell. \n\n"
                         "- [2]  Okonkwo C., Lind T., _Journal of African Affairs_ 22 (2009) 45-67. \n")
    assert _linked(paper) == {"(moreno 2001)": ("1",)}
    assert not [i for i in paper.import_report if "2007" in i.message or "since" in i.message]


def test_pages_after_the_year_with_no_comma_stay_in_the_citation() -> None:
    """Invented: "(Name, Year p. 4)" and "Name (Year pp. 3-4)" with no comma before the pages."""
    paper = read_snippet("# **Alliances** \n\n**Anna Field** \n\n## **1.  INTRODUCTION** \n\nOrder is kept "
                         "(Moreno, 2001 p. 4), as Okonkwo and Lind (2009 pp. 50-51) show. \n\n## **References** \n\n"
                         "- [1]  Moreno T. (2001) _The Fragile State_ . Oxford: Blackwell. \n\n"
                         "- [2]  Okonkwo C., Lind T., _Journal of African Affairs_ 22 (2009) 45-67. \n")
    assert _linked(paper) == {"(Moreno, 2001 p. 4)": ("1",), "Okonkwo and Lind (2009 pp. 50-51)": ("2",)}


def test_a_short_paper_loses_its_running_heads_printed_twice() -> None:
    """Invented, four pages: each head is printed only twice, which repetition alone does not prove
    (three times is the rule); pymupdf4llm's highlight on SciPress's heads does. They stood as sections
    ("Volume 21") and split the list's fifth entry from its book."""
    paper = read_snippet(_invented_scipress_paper(sections=3))
    assert [s.title for s in paper.sections] == ["INTRODUCTION", "LITERATURE REVIEW", "METHOD"]
    text = "\n".join(p.text for p in paper.paragraphs())
    assert "Volume 21" not in text and "Sciences Vol. 21" not in text
    assert paper_works(paper)["5"].title == "World Population Prospects: The 2012 Revision"
    removed = [i.message for i in paper.import_report if "running head or footer (printed 2 times)" in i.message]
    assert len(removed) == 4


def test_a_bold_line_printed_twice_without_a_highlight_is_kept() -> None:
    """Invented: the same short paper with its heads bold but not highlighted keeps them (twice is
    not enough without the highlight); the rule is the highlight, not the journal's words."""
    paper = read_snippet(_invented_scipress_paper(sections=3).replace("<mark>", "").replace("</mark>", ""))
    assert "Volume 21" in [s.title for s in paper.sections]


AFFILIATIONS = ("1Department of Politics, Example University, Exampletown, Examplia \n\n"
                "2Faculty of Law, Sample University, Sampletown, Examplia ")


@pytest.mark.parametrize("line", ["**A. Field** 1 **, B. Stone** 2 ", "Anna Field1, Ben Stone2 "])
def test_author_lines_with_initials_or_marks_glued_keep_names_and_affiliations(line: str) -> None:
    """Invented author lines of the layout: initials first ("A. Field", which read as a heading
    lettered "A." and ended the front matter there) and marks glued to the names, unraised ("Anna
    Field1", whose marks were dropped, so no affiliation)."""
    paper = read_snippet(f"# **Alliances and the limits of order** \n\n{line}\n\n{AFFILIATIONS}\n\n"
                         "### **ABSTRACT** \n\nThis paper. \n\n## **1.  INTRODUCTION** \n\nText. \n")
    assert [(a.name.split()[-1], a.affiliations[0][:10]) for a in paper.authors] == [
        ("Field", "Department"), ("Stone", "Faculty of")]
    assert paper.abstract and paper.abstract[0].text == "This paper."


def test_affiliation_letters_on_the_line_are_marks_not_names() -> None:
    """Invented: "**Anna Field** a **, Ben Stone** b" gave no authors at all."""
    paper = read_snippet("# **Alliances and the limits of order** \n\n**Anna Field** a **, Ben Stone** b \n\n"
                         "### **ABSTRACT** \n\nThis paper. \n\n## **1.  INTRODUCTION** \n\nText. \n")
    assert [a.name for a in paper.authors] == ["Anna Field", "Ben Stone"]
