"""JATS as SciELO and other publishers deposit it (issue 19): each failure
kind seen on unseen papers, shown on a real paper of tests/corpus/ where one
exists, and on a small made-up article where none of the corpus has the
shape (said so at the test).

- a reference given both tagged (element-citation) and printed
  (mixed-citation) is read from the tags and shown as printed;
- a table's own notes stay under the table (also when wrapped in an
  <fn-group>) and never take the article's note numbers; an unmarked note
  does not take note 1's number; the notes about the authors are a back
  part, not notes of the text;
- an untitled back-matter part is headed by its label or its kind, never "Sec";
- a quotation's attribution, text set loose in a quote, and a figure's
  "Source:" line are kept;
- the abstract in another language is kept, marked with its language;
- xml:lang makes the paper and its references Spanish or Portuguese, so
  their titles are not put in title case;
- an article number is no page range; the publication year is the
  publication date's, not a later release's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.model import Paper, ParagraphKind, ReportAction, Work
from build_tools.read.jats import csl_of
from build_tools.read.papers import read_paper
from build_tools.references.bibliography import build_bibliography, index_by_citation
from build_tools.references.papers_as_works import paper_as_work, paper_key
from build_tools.render.citation_style import CitationFormatter
from build_tools.render.cite_paper import highwire_tags
from build_tools.render.paper_page import render_paper
from tests.conftest import ROOT
from tests.test_structured_sources import jats, read_jats_text, xref

pytestmark = pytest.mark.unit

CORPUS = ROOT / "tests" / "corpus"
FREITAS = "freitas-2022-cinismo-glucksmann"        # Spanish, SciELO
COSTA = "costa-2018-bolsa-familia-rural"           # Portuguese, table notes
MEDEIROS = "medeiros-2024-china-new-normal-jats"   # English, article number, figure sources
POLATO = "polato-2023-feminicidio-tribunal-juri"   # Portuguese, translation sub-article, labelled back part


@pytest.fixture(scope="module")
def papers() -> dict[str, Paper]:
    return {slug: read_paper(CORPUS / slug) for slug in (FREITAS, COSTA, MEDEIROS, POLATO)}


@pytest.fixture(scope="module")
def works(papers: dict[str, Paper]) -> dict[tuple[str, str], Work]:
    return dict(index_by_citation(build_bibliography(papers.values())))


def _source(slug: str) -> str:
    return (CORPUS / slug / "source.xml").read_text(encoding="utf-8")


# --- references: the tags, not the string --------------------------------------


def test_a_reference_with_tags_and_a_printed_string_is_read_from_the_tags(
        papers: dict[str, Paper], works: dict[tuple[str, str], Work]) -> None:
    paper = papers[FREITAS]
    # "CHAVES, E. Michel Foucault e a verdade cínica. …": read from the
    # string, "Michel" was taken for a given name and the title lost a word.
    chaves = works[(FREITAS, "2")]
    assert [(n.family, n.given) for n in chaves.authors] == [("CHAVES", "E.")]
    assert chaves.title == "Michel Foucault e a verdade cínica" and chaves.year == "2013"
    assert chaves.publisher == "Editora PHI" and chaves.place == "Campinas, Sp"
    # What the paper printed is what its own list shows.
    printed = re.findall(r"<mixed-citation>(.*?)</mixed-citation>", _source(FREITAS), re.S)
    assert [r.text for r in paper.references] == [" ".join(re.sub(r"<[^>]+>", "", p).split()) for p in printed]
    report = [r.message for r in paper.import_report]
    assert not any("tags no author" in m for m in report)
    assert "25 references give both their tagged parts (element-citation) and the string as printed " \
           "(mixed-citation): read from the parts, shown as printed" in report


def test_a_citation_tagged_to_an_entry_without_its_year_is_reported(papers: dict[str, Paper]) -> None:
    """De Freitas cites Foucault's 2010 translation of *Le courage de la
    vérité* (reference 9); SciELO's XML points some of those citations at
    reference 7, a 2001 book. The link stays as tagged; a human is asked."""
    flagged = [r for r in papers[FREITAS].import_report
               if r.action is ReportAction.NEEDS_HUMAN and "FOUCAULT, 2010" in r.message]
    assert flagged and "points at reference 7, whose entry gives no 2010" in flagged[0].message
    assert flagged[0].location.line == 133  # the line of that <xref>
    assert not any("gives no" in r.message for r in papers[COSTA].import_report)


# --- notes --------------------------------------------------------------------------


def test_table_notes_stay_under_their_table_and_the_article_keeps_its_note_numbers(
        papers: dict[str, Paper]) -> None:
    paper = papers[COSTA]
    # Before: the 20 table notes took 1-20 and the article's note 1 was "fn1".
    assert [f.label for f in paper.footnotes] == ["1", "2", "3", "4", "5", "6"]
    assert paper.footnotes[0].paragraphs[0].text.startswith("Instituído pela Medida Provisória nº 132")
    section = next(s for s in paper.sections if s.title == "2.3 Base de dados e variáveis do modelo")
    kinds = [p.kind for p in section.paragraphs]
    table = kinds.index(ParagraphKind.TABLE)
    assert section.paragraphs[table + 1].text == "Fonte: Elaborado pelos autores com base na pesquisa"
    calls = {m.label for p in paper.paragraphs() for m in p.footnotes}
    assert calls == {"1", "2", "3", "4", "5", "6"}


def test_a_tables_notes_wrapped_in_an_fn_group_are_kept_with_their_citations(tmp_path: Path) -> None:
    """Made up: no corpus paper wraps its table notes in an <fn-group>
    inside <table-wrap-foot> (JATS allows it); they used to vanish unreported."""
    body = (f'<sec><title>S</title><p>Text {xref(1)}.</p><table-wrap id="t1"><label>Table 1</label>'
            '<caption><title>Cases</title></caption><table><tr><td>a<xref ref-type="table-fn" rid="tf1">a'
            '</xref></td></tr></table><table-wrap-foot><fn-group><fn id="tf1"><label>a</label>'
            f'<p>Adapted from Author2 {xref(2)} and [{xref(3)}–{xref(5)}].</p></fn></fn-group>'
            '</table-wrap-foot></table-wrap></sec>')
    paper = read_jats_text(tmp_path, jats(body))
    note = paper.sections[0].paragraphs[-1]
    assert note.text == "a Adapted from Author2 2 and [3–5]."
    assert [(m.text, m.labels) for m in note.citations] == [("2", ("2",)), ("[3–5]", ("3", "4", "5"))]
    assert not paper.footnotes


def test_author_notes_are_a_back_part_not_notes_of_the_text(papers: dict[str, Paper]) -> None:
    """The editor's name that SciELO gives in <author-notes> was note 29 of a
    paper with 28 notes; it is about the article, printed with its front matter."""
    paper = papers[MEDEIROS]
    assert [f.label for f in paper.footnotes] == [f"({n})" for n in range(1, 29)]
    (notes,) = [s for s in paper.sections if s.title == "Author notes"]
    assert notes.back_matter and notes is paper.sections[-1]
    assert [p.text for p in notes.paragraphs] == ["Editor Responsável pela Avaliação Carolina Troncoso Baltar"]


def test_a_corresponding_address_and_marked_author_notes_keep_their_marks(tmp_path: Path) -> None:
    """Made up in PLOS's shape (musmeci-2015 has it without marks)."""
    front = ('<contrib-group><contrib contrib-type="author"><name><surname>Doe</surname><given-names>J'
             '</given-names></name><xref ref-type="fn" rid="pa1">†</xref></contrib></contrib-group>'
             '<author-notes><corresp id="c1">* E-mail: <email>doe@example.org</email></corresp>'
             '<fn fn-type="present-address" id="pa1"><p>Now at Example University.</p></fn></author-notes>')
    back = '<fn-group><fn id="n1"><label>1</label><p>A note of the text.</p></fn></fn-group>'
    paper = read_jats_text(tmp_path, jats("<sec><title>S</title><p>x</p></sec>", back=back, front=front))
    notes = next(s for s in paper.sections if s.title == "Author notes")
    assert [p.text for p in notes.paragraphs] == ["* E-mail: doe@example.org", "† Now at Example University."]
    assert [f.label for f in paper.footnotes] == ["1"]


def test_an_unmarked_note_does_not_take_note_1s_number(papers: dict[str, Paper]) -> None:
    """Bakhtiniana prints its statement on published reviews ("Pareceres")
    first in the notes, without a mark; note 1 is still note 1."""
    notes = {f.label: f.paragraphs[0].text for f in papers[POLATO].footnotes}
    assert notes["1"].startswith("Site IPEA")
    assert sorted(notes) == ["1", "2", "3", "4", "5"] and notes["5"] == "Pareceres"


# --- sections, quotes, figures ------------------------------------------------------------


def test_an_untitled_back_part_is_headed_by_its_label_not_sec(papers: dict[str, Paper]) -> None:
    back = [s.title for s in papers[POLATO].sections if s.back_matter]
    assert back == ["Declaração de disponibilidade de conteúdo"]


def test_an_untitled_back_part_without_a_label_is_named_by_its_kind(tmp_path: Path) -> None:
    """Made up: no corpus paper has an untitled, unlabelled back <sec>."""
    back = ('<sec sec-type="data-availability"><p>All data are in the paper.</p></sec>'
            '<sec><p>An untitled part.</p></sec>')
    paper = read_jats_text(tmp_path, jats("<sec><title>S</title><p>x</p></sec>", back=back))
    assert [s.title for s in paper.sections if s.back_matter] == ["Data availability", ""]


def test_a_figures_source_line_is_kept_with_its_citations(papers: dict[str, Paper],
                                                         works: dict[tuple[str, str], Work]) -> None:
    figures = [p for p in papers[MEDEIROS].paragraphs() if p.kind is ParagraphKind.FIGURE]
    first = figures[0]
    assert first.text == "Graph 1 GDP growth rate (1978-2023) Source: NBS (2024)."
    (marker,) = first.citations
    assert marker.text == "NBS (2024)" and works[(MEDEIROS, marker.labels[0])].title == "National data"
    assert sum(len(p.citations) for p in figures) >= 7


def test_a_quotations_attribution_and_loose_text_are_kept(tmp_path: Path) -> None:
    """Made up: no corpus paper has an <attrib> in a <disp-quote> or text set
    straight in one (JATS allows both)."""
    body = ('<sec><title>S</title><p>As Walt put it:</p>'
            f'<disp-quote><p>Balancing is more common.</p><attrib>Walt {xref(1)}</attrib></disp-quote>'
            f'<disp-quote>States balance <italic>threats</italic> {xref(2)}, not power.</disp-quote></sec>')
    paper = read_jats_text(tmp_path, jats(body))
    quotes = [p for p in paper.sections[0].paragraphs if p.kind is ParagraphKind.QUOTE]
    assert [q.text for q in quotes] == ["Balancing is more common.", "— Walt 1",
                                        "States balance threats 2, not power."]
    assert [m.labels for q in quotes for m in q.citations] == [("1",), ("2",)]


# --- languages ----------------------------------------------------------------------------


def test_xml_lang_makes_the_paper_and_its_references_spanish(papers: dict[str, Paper],
                                                             works: dict[tuple[str, str], Work]) -> None:
    paper = papers[FREITAS]
    assert paper.metadata.language == "es" and papers[COSTA].metadata.language == "pt"
    assert {works[(FREITAS, r.label)].language for r in paper.references} == {"es"}
    own = paper_as_work(paper)
    formatter = CitationFormatter([own, works[(FREITAS, "1")]])
    # APSA puts English titles in title case; a Spanish title stays as printed.
    assert "Cinismo e indiferenciación: la huella de Glucksmann en el coraje de la verdad de Foucault" \
        in formatter.reference_html(own.key)
    assert "Antología del humor negro" in formatter.reference_html(works[(FREITAS, "1")].key)
    english = CitationFormatter([Work(**{**own.__dict__, "language": "en"})])
    assert "La Huella De Glucksmann" in english.reference_html(own.key)  # what it was before
    assert ["citation_language", "es"] in highwire_tags(paper, [], formatter)


def test_paper_yml_language_wins_over_xml_lang(tmp_path: Path) -> None:
    paper_dir = tmp_path / FREITAS
    paper_dir.mkdir()
    (paper_dir / "source.xml").write_bytes((CORPUS / FREITAS / "source.xml").read_bytes())
    (paper_dir / "paper.yml").write_text(
        (CORPUS / FREITAS / "paper.yml").read_text(encoding="utf-8") + "language: pt\n", encoding="utf-8")
    assert read_paper(paper_dir).metadata.language == "pt"


def test_a_reference_marked_in_another_language_keeps_its_own(tmp_path: Path) -> None:
    """Made up: SciELO marks no reference with xml:lang; a reference that
    says its language wins over the article's."""
    text = jats(f"<sec><title>S</title><p>{xref(1)} {xref(2)}</p></sec>").replace(
        "<article ", '<article xml:lang="es" ').replace(
        '<element-citation publication-type="journal"><person-group person-group-type="author"><name>'
        '<surname>Author1', '<element-citation publication-type="journal" xml:lang="en"><person-group '
        'person-group-type="author"><name><surname>Author1')
    paper = read_jats_text(tmp_path, text)
    languages = {r.label: csl_of(r).get("language") for r in paper.references}
    assert languages["1"] == "en" and languages["2"] == "es"


def test_the_abstract_in_another_language_is_shown_marked(papers: dict[str, Paper]) -> None:
    page = render_paper(papers[MEDEIROS])
    at = page.index('lang="pt"')
    assert page.index("## Abstract") < at < page.index("## Introduction")
    assert "## Resumo \\(Portuguese\\) { #abstract-pt }" in page[at:at + 200]
    # The translation of a whole article gives its abstract, and the report
    # says what is left out.
    polato = papers[POLATO]
    assert [s.title for s in polato.sections if s.language] == ["ABSTRACT (English)"]
    assert any(r.action is ReportAction.REMOVED and "translation into English" in r.message
               for r in polato.import_report)


# --- venue -----------------------------------------------------------------------------------


def test_an_article_number_is_not_shown_as_pages(papers: dict[str, Paper]) -> None:
    paper = papers[MEDEIROS]
    assert (paper.venue.pages, paper.venue.article_number) == ("", "e282794")
    page = render_paper(paper)
    assert "article e282794" in page and "pp. e282794" not in page
    own = paper_as_work(paper)
    # The citation gives it where the pages would be, as Chicago and APA do.
    assert "e282794" in CitationFormatter([own]).reference_html(paper_key(paper))
    tags = dict((name, value) for name, value in highwire_tags(paper, [], CitationFormatter([own])))
    assert "citation_firstpage" not in tags and tags["citation_publication_date"] == "2024"


def test_pages_with_an_en_dash_give_first_and_last_page_tags(papers: dict[str, Paper]) -> None:
    paper = papers[COSTA]
    assert paper.venue.pages == "385–416"
    tags = dict((name, value) for name, value in highwire_tags(paper, [], CitationFormatter([paper_as_work(paper)])))
    assert (tags["citation_firstpage"], tags["citation_lastpage"]) == ("385", "416")


def test_the_year_is_the_publication_dates_not_a_later_release(tmp_path: Path) -> None:
    """Made up, in PubMed Central's shape (no corpus paper lists a later date
    first): a release date before the publication dates."""
    front = ('<pub-date pub-type="pmc-release"><year>2021</year></pub-date>'
             '<pub-date pub-type="ppub"><year>2020</year></pub-date>'
             '<pub-date pub-type="epub"><year>2019</year></pub-date>')
    paper = read_jats_text(tmp_path, jats("<sec><title>S</title><p>x</p></sec>", front=front))
    assert paper.venue.year == "2019"
    only_release = front.split("<pub-date pub-type=\"ppub\">")[0]
    assert read_jats_text(tmp_path, jats("<sec><title>S</title><p>x</p></sec>",
                                         front=only_release)).venue.year == "2021"


# --- references: what the tags leave out, the printed string gives -------------


def test_a_conference_paper_dated_only_by_its_conf_date_keeps_its_year(
        papers: dict[str, Paper], works: dict[tuple[str, str], Work]) -> None:
    """Medeiros & Gouveia's reference 17 (Lo's IIPPE 2023 presentation) tags
    its date as <conf-date>Sept. 6-8, 2023</conf-date> and no <year>: read
    from the tags alone it was "n.d."."""
    assert works[(MEDEIROS, "17")].year == "2023"
    assert "reference 17 tags no <year>; 2023 taken from its <conf-date>" in [
        r.message for r in papers[MEDEIROS].import_report if r.action is ReportAction.REPAIRED]
    # An institution's database with only an access date stays undated.
    assert works[(MEDEIROS, "8")].year in ("", "n.d.")


def _placeholder_ref(printed: str, tags: str) -> str:
    return jats(f"<sec><title>S</title><p>{xref(1)}</p></sec>").replace(
        '<ref id="r1"><label>1</label>',
        f'<ref id="r1"><label>1</label><mixed-citation>{printed}</mixed-citation>', 1).replace(
        '<year>2001</year><article-title>Title 1</article-title><source>Journal</source>', tags, 1)


def test_tags_without_year_or_title_take_them_from_the_printed_string(tmp_path: Path) -> None:
    """Made up, in the shape of SciELO placeholders (no tuned paper has one):
    the element-citation names the author and nothing else, the printed
    string has the whole reference."""
    printed = ("AUTHOR1, A. La política exterior de la Argentina. <italic>Revista de Estudios</italic>, "
               "v. 4, n. 2, p. 10-30, 2015. Disponible en: https://example.org/2019/x. Acceso el: 3 mayo 2021.")
    paper = read_jats_text(tmp_path, _placeholder_ref(
        printed, '<date-in-citation content-type="access-date">3 mayo 2021</date-in-citation>'))
    item = csl_of(paper.references[0])
    # Not 2019 (the address) nor 2021 (the access date).
    assert item["issued"] == {"date-parts": [[2015]]}
    assert item["title"].startswith("La política exterior de la Argentina")
    report = {r.action: r.message for r in paper.import_report if r.message.startswith("reference 1 tags no")}
    assert "2015 taken from its printed text" in report[ReportAction.REPAIRED]
    assert "check against the original" in report[ReportAction.NEEDS_HUMAN]
    # The list still shows what the paper printed.
    assert paper.references[0].text.startswith("AUTHOR1, A. La política exterior")


def test_a_year_only_in_the_title_or_given_twice_is_not_taken(tmp_path: Path) -> None:
    """Made up: a census named by its year, and a string with two candidate
    years, stay undated rather than guessed."""
    census = read_jats_text(tmp_path, _placeholder_ref(
        "AUTHOR1, A. Censo Demográfico de 2010. Rio de Janeiro.",
        "<source>Censo Demográfico de 2010</source>"))
    assert "issued" not in csl_of(census.references[0])
    two = read_jats_text(tmp_path, _placeholder_ref(
        "AUTHOR1, A. A title. Journal, 2014. Reprinted 2016.", "<source>A title</source>"))
    assert "issued" not in csl_of(two.references[0])
