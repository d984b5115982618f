"""Papers of the SSOAR repository's shapes read right: one named rule per
test, each on the tuned corpus paper that shows it, sauviat-2015 (German,
SSOAR cover sheet, "Literatur", "(Bicker 2009:29)") and coalter-2015
(Cogitatio two-column, APA, a "Submitted: … | Published: …" line), both
converted by pymupdf4llm as `add` converts them; or, where no tuned paper
shows a shape, on a snippet that says so."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from benchmarks.import_quality import read_fixture
from build_tools.model import Paper, ReportAction
from build_tools.read.headings import parse_heading
from tests.converted_snippets import read_snippet, tuned_paper

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).parent / "corpus"


sauviat = tuned_paper("sauviat-2015-audience-development-pymupdf4llm")


coalter = tuned_paper("coalter-2015-sport-for-change-pymupdf4llm")


def test_a_german_literatur_heading_heads_the_reference_list(sauviat: Paper) -> None:
    # "### Literatur" was not known: no references, no links.
    assert [r.text.split(" (")[0] for r in sauviat.references][:2] == ["Bicker, B.", "Krell, G."]
    linked = [m for p in sauviat.paragraphs() for m in p.citations]
    assert linked, "the list is found, so '(Bicker 2009:29)' is linked"


@pytest.mark.parametrize("heading", [
    # snippets: the names of the list in papers of other languages (no tuned paper shows them)
    "## Literaturverzeichnis", "**Quellenverzeichnis**", "Quellen- und Literaturverzeichnis", "### Literatur",
    "Bibliographie", "## Références bibliographiques", "Referencias", "**Bibliografía**", "## Referências",
    "Riferimenti bibliografici"])
def test_reference_list_names_in_other_languages_are_reference_headings(heading: str) -> None:
    parsed = parse_heading(heading)
    assert parsed is not None and parsed.is_references and parsed.back_matter


def test_german_endnotes_are_notes_not_references() -> None:
    parsed = parse_heading("#### Endnoten")
    assert parsed is not None and parsed.is_notes and not parsed.is_references


@pytest.mark.parametrize("label", ["Zusammenfassung:", "**Zusammenfassung**", "Résumé", "Resumen", "Resumo"])
def test_abstract_names_in_other_languages_are_abstract_headings(label: str) -> None:
    # snippet: a German abstract label (no tuned paper prints one)
    from build_tools.read.headings import ABSTRACT_TITLE
    parsed = parse_heading(label)
    assert parsed is not None and ABSTRACT_TITLE.match(parsed.title.rstrip(":. "))


def test_a_run_in_german_abstract_label_starts_the_abstract() -> None:
    # snippet: "Zusammenfassung: Der Beitrag …" as German journals print it (no tuned paper shows it)
    from build_tools.read.front_matter_detection import ABSTRACT_LABEL
    found = ABSTRACT_LABEL.match("**Zusammenfassung:** Der Beitrag untersucht die Bündnispolitik.")
    assert found is not None and found.group("text") == "Der Beitrag untersucht die Bündnispolitik."


def reported(paper: Paper, words: str) -> list[str]:
    return [i.message for i in paper.import_report if i.action is ReportAction.REMOVED and words in i.message]


def test_the_ssoar_cover_sheet_is_removed_and_reported(sauviat: Paper) -> None:
    # Its logo line "www.ssoar.info" was the title; its labels stayed in the body.
    assert sauviat.title != "www.ssoar.info"
    body = " ".join(p.text for p in sauviat.paragraphs())
    assert "Published Version" not in body and "Suggested Citation" not in body and "Terms of use" not in body
    assert len(reported(sauviat, "repository's cover sheet")) == 9
    assert sauviat.authors and sauviat.authors[0].name == "Luciole Sauviat"


def test_a_page_without_the_cover_sheets_labels_is_left_alone() -> None:
    # snippet: an article that merely mentions its terms of use keeps its first blocks
    from build_tools.read.paragraphs import Block
    from build_tools.read.repository_cover_sheet import remove_repository_cover_sheet
    blocks = [Block("# Alliances and Terms", 1, 0), Block("**Terms of use:**", 3, 1), Block("This licence …", 5, 1)]
    assert remove_repository_cover_sheet(blocks) == (blocks, [])


def test_the_cogitatio_submitted_accepted_published_line_is_first_page_furniture(coalter: Paper) -> None:
    body = " ".join(p.text for p in coalter.paragraphs())
    assert "Submitted:" not in body
    assert reported(coalter, "article history")


def test_a_possessive_narrative_citation_is_linked(coalter: Paper) -> None:
    # "Weiss’s (1993) contention": the possessive was read as part of the name, so it matched no entry.
    weiss_1993 = next(r.label for r in coalter.references if r.text.startswith("Weiss, C. H. (1993)"))
    linked = {m.text: m.labels for p in coalter.paragraphs() for m in p.citations}
    assert linked["Weiss’s (1993)"] == (weiss_1993,)
    assert linked["Weiss’s (1993, p. 105)"] == (weiss_1993,)


def test_the_benchmark_reads_particles_and_possessives_as_names() -> None:
    from benchmarks.import_quality import _cited_names_and_years
    assert _cited_names_and_years("van Bottenburg, Rijnen, & van Sterkenburg (2005)") == [("vanbottenburg", "2005")]
    assert _cited_names_and_years("Weiss’s (1993)") == [("weiss", "1993")]
    assert _cited_names_and_years("(e.g., Gay, 2012)") == [("gay", "2012")]


def test_colon_citations_name_colon_year_are_linked() -> None:
    # snippet: "(Name: Year)" and "(Name: Year: page)", a German and older
    # social-science convention; no tuned paper prints it (sauviat-2015 writes "(Bicker 2009:29)").
    markers = _author_year_markers(
        "wie gezeigt (Weber: 1922), vgl. (Luhmann: 1984: 45; Weber: 1922: 29) und (Bicker 2009:29).",
        "Weber, M. (1922): Wirtschaft und Gesellschaft. Tübingen: Mohr.",
        "Luhmann, N. (1984): Soziale Systeme. Frankfurt: Suhrkamp.")
    assert markers == [("(Weber: 1922)", ("1",)), ("(Luhmann: 1984: 45; Weber: 1922: 29)", ("2", "1"))]


def _author_year_markers(text: str, *entries: str) -> list[tuple[str, tuple[str, ...]]]:
    from build_tools.model import RawReference, SourceLocation
    from build_tools.read.citations_in_text import CitationProblem, ReferenceIndex, find_author_year_citations
    index = ReferenceIndex.build(tuple(RawReference("x", str(n), entry, SourceLocation(Path("s.md"), n))
                                       for n, entry in enumerate(entries, 1)), numbered=False)
    problems: list[CitationProblem] = []
    return [(m.text, m.labels) for m in find_author_year_citations(text, index, problems)]


def test_a_citation_after_other_words_in_a_parenthesis_is_linked() -> None:
    # snippet: "(… made in Houlihan & White, 1988)": the words before the names kept the part from
    # being read as a citation. No tuned paper prints this shape.
    entries = ("Houlihan, B., & White, A. (1988). Title one. London: Routledge.",
               "Smith, J. (2017). Title two. Journal, 3(1), 1-9.")
    text = ("an old point (a point made long ago in Houlihan & White, 1988) and a new one "
            "(for a critique of it, see Smith, 2017, p. 4) but not (a Treaty of Rome, 1957)")
    assert _author_year_markers(text, *entries) == [
        ("(a point made long ago in Houlihan & White, 1988)", ("1",)),
        ("(for a critique of it, see Smith, 2017, p. 4)", ("2",))]


def test_a_one_column_text_that_lost_its_ligatures_is_not_read_as_two_columns() -> None:
    # snippet: a one-column German PDF whose text layer lost the fi/fl ligatures, so that words hyphenated
    # at a line end come out as "be- ndet" mid-line; and German suspended hyphens ("Marketing- und …").
    # No tuned paper's PDF lost its ligatures.
    from build_tools.read.column_interleaving import detect_interleaved_columns
    lines = ["Die Untersuchung der Kulturpolitik be- ndet sich noch in einem frühen Stadium der Forschung.",
             "Diese Strategien haben die Arbeit stark beein- usst und werden weiter verfolgt werden.",
             "Es gibt Marketing- und Vermittlungsstrategien in vielen der untersuchten Häuser heute.",
             "Die Ergebnisse sind ö entlich zugänglich und können von allen Interessierten gelesen werden.",
             "Die Projekte sollen dort statt- nden, wo die Menschen leben und arbeiten, sagt die Studie."] * 4
    assert detect_interleaved_columns("\n".join(lines)) is None
    glued = ["the results were expec- paying clinic OPD in the first half of the year we found",
             "and the cost of the inter- ventions was high for all the patients who were seen"] * 10
    assert detect_interleaved_columns("\n".join(glued)) is not None


def test_superscripts_of_a_paper_without_footnotes_are_not_calls_without_notes() -> None:
    # agyemanduah-2014 (pymupdf4llm) has no footnotes; its first-page affiliations are numbered in superscript
    # ("Accra, Ghana.<sup>2</sup> Medical Department"), which were each reported as a call with no note text.
    paper = read_fixture(CORPUS / "agyemanduah-2014-quality-malawi-pymupdf4llm")
    assert not [i for i in paper.import_report if "has no note text" in i.message]
    assert [i.message for i in paper.import_report if "call no note" in i.message] == [
        "superscript numbers that call no note (2, 3, 4): affiliation marks, exponents or indices, not footnote calls"]


def test_calls_that_count_up_from_one_with_no_note_text_are_still_reported() -> None:
    # snippet: a paper whose notes the conversion lost entirely: its calls 1, 2, 3 are still worth a look;
    # a superscript 0 ("X<sup>0</sup>", rueda-2025's regressors) never is.
    from build_tools.read.uncalled_superscripts import lost_calls
    assert lost_calls([("1", 10), ("2", 14), ("2", 15), ("3", 20)], paper_has_notes=False) == [
        ("1", 10), ("2", 14), ("2", 15), ("3", 20)]
    assert lost_calls([("2", 3), ("4", 3)], paper_has_notes=False) == []
    assert lost_calls([("0", 109), ("7", 120)], paper_has_notes=True) == [("7", 120)]


def test_name_and_year_citations_against_a_numbered_list_are_linked() -> None:
    # snippet: "(Name: Year)" citations in the text and a numbered reference list, as older social-science
    # journals print them; no tuned paper has both. Numbers in brackets still link as numbers.
    text = ("# Alliances after empire\n\nA. Author\n\n## Abstract\n\nAn abstract of the paper in one sentence.\n\n"
            "## 1. Introduction\n\nThe post-colonial state was weak (Fanon: 1963: 45), as others held [2], "
            "and Alavi (1972) agreed; but (Nobody: 1950) is in no list.\n\n"
            "## References\n\n[1] Fanon, F. (1963). The Wretched of the Earth. New York: Grove.\n\n"
            "[2] Alavi, H. (1972). The state in post-colonial societies. New Left Review, 74, 59-81.\n")
    paper = _read_snippet(text)
    markers = [(m.text, m.labels) for p in paper.paragraphs() for m in p.citations]
    assert markers == [("(Fanon: 1963: 45)", ("1",)), ("[2]", ("2",)), ("Alavi (1972)", ("2",))]
    assert not [i for i in paper.import_report if "Nobody" in i.message]


def test_german_words_are_not_split_by_the_english_word_list(sauviat: Paper) -> None:
    # sauviat-2015 is German: "meisten" became "me is ten", "Kunstfreiheit" "Kunst freiheit".
    body = " ".join(p.text for p in sauviat.paragraphs())
    assert "die meisten Theater" in body and "me is ten" not in body
    assert [i.message for i in sauviat.import_report if "text is in" in i.message] == [
        "the text is in German: run-together words are left as printed (the word list that splits them is English)"]
    assert not [i for i in sauviat.import_report if "split words" in i.message]


def test_the_language_a_paper_states_wins_over_its_words() -> None:
    from build_tools.read.text_language import text_language
    assert text_language("Die Politik der Allianzen ist nicht neu und sie ist auch heute wichtig.") == "de"
    assert text_language("The politics of alliances is not new, and it is important today.") == "en"
    assert text_language("Die Politik der Allianzen ist nicht neu.", stated="en-GB") == "en"


def test_citations_of_two_word_family_names_are_linked(sauviat: Paper) -> None:
    # sauviat-2015: "(Kömürcü Nobrega 2013)"; snippets: "Della Porta" cited alone, with a co-author, narratively.
    linked = {m.text: m.labels for p in sauviat.paragraphs() for m in p.citations}
    nobrega = next(r.label for r in sauviat.references if "Kömürcü Nobrega" in r.text)
    assert linked["(Kömürcü Nobrega 2013)"] == (nobrega,)
    entries = ("Della Porta, D. (2013). Clandestine political violence. Cambridge: Cambridge University Press.",
               "Della Porta, D., & Diani, M. (2006). Social movements. Oxford: Blackwell.")
    assert _author_year_markers("(Della Porta, 2013), (Della Porta and Diani, 2006) and Della Porta (2013)",
                                *entries) == [("(Della Porta, 2013)", ("1",)),
                                              ("(Della Porta and Diani, 2006)", ("2",)),
                                              ("Della Porta (2013)", ("1",))]


@pytest.mark.skipif(importlib.util.find_spec("pymupdf4llm") is None, reason="needs the optional PDF converter")
@pytest.mark.parametrize("name", ["coalter-2015-sport-for-change", "sauviat-2015-audience-development"])
def test_the_corpus_markdown_is_what_add_makes_of_the_pdf(name: str) -> None:
    # Both were converted as `python -m build_tools add` converts a PDF; the PDFs are kept in tests/corpus/pdfs.
    from build_tools.pdf_conversion import pdf_to_markdown
    assert pdf_to_markdown(CORPUS / "pdfs" / f"{name}.pdf") == (
        CORPUS / f"{name}-pymupdf4llm" / "source.md").read_text(encoding="utf-8")


def test_german_author_date_entries_are_read_by_rule() -> None:
    # snippet in the shape of sauviat-2015's list (its own entries carry converter damage, "N _o integration"):
    # "Name, I. (Year): Title. In: Editor, I. / Editor, I. (Hrsg.): *Book*. Place: Publisher, S. 27-36."
    from build_tools.model import RawReference, SourceLocation
    from build_tools.references.entry_parser import parse_reference
    raw = RawReference("x", "1", "Bicker, B. (2009): Theater als Parallelgesellschaft? Über das Verhältnis von "
                       "Theater und Migration. In: Hess, S. / Binder J. / Moser, J. (Hrsg.): _No integration?! "
                       "Kulturwissenschaftliche Beiträge zur Integrationsdebatte in Europa_ . Bielefeld: "
                       "Transkript Verlag, S. 27-36.", SourceLocation(Path("s.md"), 1))
    work = parse_reference(raw)
    assert (work.type.value, work.title, work.year) == (
        "chapter", "Theater als Parallelgesellschaft? Über das Verhältnis von Theater und Migration", "2009")
    assert work.container == "No integration?! Kulturwissenschaftliche Beiträge zur Integrationsdebatte in Europa"
    assert [n.family for n in work.editors] == ["Hess", "Binder", "Moser"]
    assert (work.place, work.publisher, work.pages) == ("Bielefeld", "Transkript Verlag", "27-36")


def test_entries_the_converter_put_before_the_list_heading_join_the_list(sauviat: Paper) -> None:
    # sauviat-2015: the second column's Milagro, Özbilgin and Sharifi came before "#### Endnoten" and
    # "### Literatur", so they were body text and "(Özbilgin 2008:384)", "Sharifi (2012)" were never linked.
    starts = [r.text.split(" (")[0] for r in sauviat.references]
    assert starts[-3:] == ["Milagro, L. S.", "Özbilgin, M. F.", "Sharifi, A."]
    body = " ".join(p.text for p in sauviat.paragraphs())
    assert "Global Diversity Management. In:" not in body
    sharifi = next(r.label for r in sauviat.references if r.text.startswith("Sharifi"))
    assert sharifi in {label for p in sauviat.paragraphs() for m in p.citations for label in m.labels}
    assert len([i for i in sauviat.import_report if "before the list's heading" in i.message]) == 3


_read_snippet = read_snippet  # the reader as it reads a paper's source.md


def test_a_german_paper_with_zusammenfassung_and_quellenverzeichnis_reads_whole() -> None:
    # snippet: a German article's run-in abstract label and list heading (no tuned paper prints them)
    paper = _read_snippet(
        "# Bündnisse nach dem Kalten Krieg\n\nAnna Autorin\n\n**Zusammenfassung:** Der Beitrag untersucht, wie "
        "Bündnisse nach 1990 fortbestehen.\n\n## 1. Einleitung\n\nDie Frage ist alt (Weber: 1922: 29) und "
        "bleibt offen.\n\n## Quellenverzeichnis\n\nWeber, M. (1922): Wirtschaft und Gesellschaft. "
        "Tübingen: Mohr.\n")
    assert [p.text for p in paper.abstract] == ["Der Beitrag untersucht, wie Bündnisse nach 1990 fortbestehen."]
    assert [r.text[:10] for r in paper.references] == ["Weber, M. "]
    assert [(m.text, m.labels) for p in paper.paragraphs() for m in p.citations] == [("(Weber: 1922: 29)", ("1",))]
