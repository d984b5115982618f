"""SciELO publisher PDFs and ABNT reference lists read right (issue 19): the
shapes the last blind round reported from a held-out Transinformação paper
(not opened here), each fixed by a general rule and tested on the tuned
paper of the same journal's layout, araujo-2021 (Transinformação 33,
e200068, CC BY 4.0, converted by pymupdf4llm as `add` converts it), or,
where that paper does not print the shape, on an invented snippet that says
so."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from build_tools.model import Paper, ReportAction
from build_tools.read.reference_list import ReferenceEntry, split_reference_entries
from build_tools.references.bibliography import paper_works
from tests.converted_snippets import read_snippet, tuned_paper

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).parent / "corpus"
ARAUJO = "araujo-2021-intellectual-foundation-ko"


araujo = tuned_paper(f"{ARAUJO}-pymupdf4llm")


def _reported(paper: Paper, action: ReportAction, words: str) -> list[str]:
    return [i.message for i in paper.import_report if i.action is action and words in i.message]


_snippet_paper = read_snippet  # the reader as it reads a paper's source.md


def _entries(*blocks: str) -> list[ReferenceEntry]:
    from build_tools.read.paragraphs import Block
    return split_reference_entries([Block(text, 10 * n, 1) for n, text in enumerate(blocks)])


# --- 1. entries joined two or three at a time ---------------------------------


def test_a_book_that_ends_with_its_year_is_not_joined_to_the_next_entry(araujo: Paper) -> None:
    # "Bufrem, L. S. _Quadros …_ . Brasília: CNPq, 2016." then "Bufrem, L. S.; Silva, F. M.; …": the year
    # last, after "Publisher,", read as an author list's year still waiting for its title (APSA's
    # "Walt, Stephen M. 1987."), so the next entry was glued on: 39 entries for 44.
    assert len(araujo.references) == 44
    ends = {r.text[:20]: r.text.rstrip() for r in araujo.references}
    assert ends["Bufrem, L. S. _Quadr"].endswith("Brasília: CNPq, 2016.")
    assert ends["Lloyd, C. _As estrut"].endswith("Rio de Janeiro: Zahar, 1995.")
    assert ends["Smiraglia, R. P. _Th"].endswith("Switzerland: Springer, 2014.")
    assert ends["Hjørland, B.; Hartel"].endswith("p. 239-245, 2003.")
    assert any(r.text.startswith("Kobashi, N. Y.; Smit, J. W.") for r in araujo.references)


def test_a_body_as_author_after_a_finished_entry_starts_an_entry(araujo: Paper) -> None:
    # "Conselho Nacional de Desenvolvimento Científico e Tecnológico. _Apresentação_ . Brasília: …, 2020."
    # opens like no person's name; it stood inside Cintra's entry.
    cnpq = next(r for r in araujo.references if r.text.startswith("Conselho Nacional"))
    cintra = next(r for r in araujo.references if r.text.startswith("Cintra"))
    assert cintra.text.rstrip().endswith("São Paulo: Polis, 1994.")
    assert cnpq.text.rstrip().endswith("Acesso em: 15 jul. 2020.")


def test_entries_broken_by_the_column_or_the_page_stay_whole(araujo: Paper) -> None:
    # The two-column list breaks Bufrem 2015 after "Dodebei, V." (column), Castanha 2018 inside its
    # title and Silva 2019 after "v." (page, with the running foot and page number between).
    works = paper_works(araujo)
    titles = {(w.authors[0].family, w.year): w.title for w in works.values() if w.authors}
    assert titles[("Castanha", "2018")].endswith("prolific authors and their intellectual space")
    assert titles[("Silva", "2019")].startswith("A presença da produção científica brasileira")
    bufrem = next(r for r in araujo.references if r.text.startswith("Bufrem, L. S. Perspectivas"))
    assert "Marília: ISKO, 2015." in bufrem.text


def test_an_entry_ending_with_a_doi_or_a_year_is_not_joined_across_a_page_break() -> None:
    """Snippets (invented, ABNT in capitals as the held-out kind reports them): an entry ending
    with its DOI after the year, a book ending with its year, then the next entry in the next
    block (the running head between them already removed)."""
    entries = _entries(
        "GÓMEZ, A.; RUIZ, P. Las alianzas en disputa. Revista de Estudios, v. 12, e255, 2020. "
        "https://doi.org/10.1590/abc.2020",
        "PÉREZ, J. Alianzas y guerras. Madrid: Tecnos, 2019.",
        "SILVA, M. Defensa y cooperación. Lisboa: Almedina, 2018. DOI: 10.1590/xyz.2018",
        "TORRES, L. La OTAN y el Sur. Buenos Aires: Prometeo, 2017.")
    assert [e.text.split(",")[0] for e in entries] == ["GÓMEZ", "PÉREZ", "SILVA", "TORRES"]


def test_an_author_list_waiting_for_its_title_still_takes_the_next_line() -> None:
    """Snippet (invented, APSA): "Walt, Stephen M. 1987." then its title on the next line is one
    entry; the year-last rule needs a title ended before the year and a comma right before it."""
    entries = _entries("Walt, Stephen M., 1987.", "Alliances, Threats and Balance. Ithaca: Cornell University "
                       "Press.")
    assert len(entries) == 1


def test_an_address_that_ends_a_sentence_is_not_joined_to_the_next_word(araujo: Paper) -> None:
    # "Disponível em: http://hdl.handle.net/20.500.11959/brapci/4867. Acesso em: 28 fev. 2021.": the
    # broken-URL repair glued "Acesso" onto the address (and said it had repaired it).
    kobashi = next(r for r in araujo.references if r.text.startswith("Kobashi"))
    assert "brapci/4867. Acesso em: 28 fev. 2021." in kobashi.text
    assert not _reported(araujo, ReportAction.REPAIRED, "brapci/4867")


# --- 2. an initial glued to the title -------------------------------------------


def test_an_initial_glued_to_the_title_is_set_apart_and_reported() -> None:
    """Snippet (invented, the held-out kind "SURNAME, F.Title…"): the title lost its first word."""
    paper = _snippet_paper("# Alianzas\n\nJuan Pérez\n\n# Introducción\n\nTexto (PÉREZ, 2019).\n\n"
                           "# Referencias\n\nPÉREZ, J.Alianzas y guerras. Madrid: Tecnos, 2019.\n\n"
                           "GÓMEZ, A.; RUIZ, P.Las alianzas en disputa. Madrid: Tecnos, 2020.\n")
    works = paper_works(paper)
    assert [(w.authors[0].family, w.title) for w in works.values()] == [
        ("PÉREZ", "Alianzas y guerras"), ("GÓMEZ", "Las alianzas en disputa")]
    assert _reported(paper, ReportAction.REPAIRED, "'J.Alianzas' → 'J. Alianzas'")
    assert _reported(paper, ReportAction.REPAIRED, "'P.Las' → 'P. Las'")


# --- 3. an article number before the year ----------------------------------------


@pytest.mark.parametrize("entry", [
    "GÓMEZ, A.; RUIZ, P. Las alianzas en disputa. Revista de Estudios, v. 12, n. 3, e255, 2020.",
    "SOUZA, R. Cooperação militar no Atlântico Sul. Transinformação, v. 33, e200057, 2020. DOI: "
    "https://doi.org/10.1590/2318-0889202133e200057."])
def test_an_article_number_before_the_year_keeps_the_year(entry: str) -> None:
    """Snippets (invented, ABNT's "v. 12, e255, 2020."): the parser took "e255, 2020." for the pages
    and the work showed "n.d."."""
    paper = _snippet_paper(f"# Alianzas\n\nJuan Pérez\n\n# Introducción\n\nTexto.\n\n# Referencias\n\n{entry}\n")
    work = paper_works(paper)["1"]
    assert work.year == "2020"
    assert work.pages.startswith("e")


# --- 4 and 5. the front matter ------------------------------------------------------


def test_authors_with_capital_family_names_marks_and_orcid_ids_are_the_authors(araujo: Paper) -> None:
    # "Paula Carina de ARAÚJO<sup>**1,2**</sup> 0000-0003-4608-752X Leilah Santiago BUFREM<sup>**1,3**</sup> …"
    assert [a.name for a in araujo.authors] == ["Paula Carina de Araújo", "Leilah Santiago Bufrem"]
    assert [a.identifiers for a in araujo.authors] == [(("ORCID", "0000-0003-4608-752X"),),
                                                       (("ORCID", "0000-0002-3620-0632"),)]
    assert not any(p.text.startswith("Paula Carina") for p in araujo.paragraphs())


def test_a_name_wholly_in_capitals_with_marks_is_an_author() -> None:
    """Snippet (invented): the whole name in capitals, marks and ORCID iDs beside it."""
    paper = _snippet_paper("# Alianzas militares\n\nJUAN PÉREZ GARCÍA<sup>1</sup> 0000-0001-2345-6789 "
                           "ANA GÓMEZ<sup>2</sup> 0000-0002-3456-7890\n\n# Introducción\n\nTexto.\n")
    assert [(a.name, a.identifiers[0][1]) for a in paper.authors] == [
        ("Juan Pérez García", "0000-0001-2345-6789"), ("Ana Gómez", "0000-0002-3456-7890")]


def test_the_title_in_a_second_language_is_front_matter_and_reported(araujo: Paper) -> None:
    # "_Bases intelectuais da elite de pesquisadores brasileiros no domínio da organização do
    # conhecimento_" under the English title was kept as the body's first paragraph.
    assert not any(p.text.startswith("Bases intelectuais") for p in araujo.paragraphs())
    assert _reported(araujo, ReportAction.REMOVED, "the title in a second language, under the title: 'Bases")


def test_a_second_title_in_another_language_without_italics_is_front_matter() -> None:
    """Snippet (invented): a Spanish title, its English title under it in plain type."""
    paper = _snippet_paper("# Las alianzas militares de América del Sur\n\nSouth American military "
                           "alliances and the new regional order\n\nJuan Pérez\n\n# Introducción\n\nTexto.\n")
    assert not any("South American" in p.text for p in paper.paragraphs())
    assert _reported(paper, ReportAction.REMOVED, "second language")
    assert [a.name for a in paper.authors] == ["Juan Pérez"]


def test_the_history_in_the_support_box_is_front_matter_and_reported(araujo: Paper) -> None:
    # "> _Apoio_ /Support: … (… Process nº 308477/2016-2). Received on October 27, 2020, final version
    # resubmitted on January 21, 2021 and approved on February 22, 2021."
    assert not any("Received on October 27, 2020" in p.text for p in araujo.paragraphs())
    assert _reported(araujo, ReportAction.REMOVED, "labelled line (support, funding) and the article history")


@pytest.mark.parametrize("line", [
    "Recibido el 3 de marzo de 2020 / Aprobado el 9 de junio de 2020",
    "Recebido em 3 de março de 2020. Aprovado em 9 de junho de 2020.",
    "Received on March 3, 2020 and approved on June 9, 2020."])
def test_a_history_line_in_spanish_portuguese_or_english_is_front_matter(line: str) -> None:
    """Snippets (invented, the held-out kind "Recibido el… / Aprobado el…")."""
    paper = _snippet_paper(f"# Alianzas militares\n\nJuan Pérez\n\n{line}\n\n# Introducción\n\nTexto.\n")
    assert not any("2020" in p.text for p in paper.paragraphs())
    assert any(i.action is ReportAction.REMOVED and i.location.line == 5 for i in paper.import_report)


# --- citations -------------------------------------------------------------------------


def test_a_space_before_the_comma_after_et_al_still_links(araujo: Paper) -> None:
    # "(Wainer; Vieira, 2013; …; Oliveira _et al._ , 2018)": the converter's space before the comma
    # left Oliveira out of the group, with no report line.
    group = next(m for p in araujo.paragraphs() for m in p.citations if m.text.startswith("(Wainer"))
    oliveira = next(r.label for r in araujo.references if r.text.startswith("Oliveira"))
    assert oliveira in group.labels and len(group.labels) == 4


@pytest.mark.skipif(importlib.util.find_spec("pymupdf4llm") is None, reason="needs the optional PDF converter")
def test_the_corpus_markdown_is_what_add_makes_of_the_pdf() -> None:
    from build_tools.pdf_conversion import pdf_to_markdown
    assert pdf_to_markdown(CORPUS / "pdfs" / f"{ARAUJO}.pdf") == (
        CORPUS / f"{ARAUJO}-pymupdf4llm" / "source.md").read_text(encoding="utf-8")


def test_an_abstract_in_a_second_language_keeps_its_words(araujo: Paper) -> None:
    # The English word list split the Portuguese "Resumo" of an English paper: "composto" → "compost o",
    # "indexados" → "index a dos", "analisados" → "anal is a dos".
    resumo = " ".join(p.text for p in araujo.paragraphs() if "Este trabalho tem como objetivo" in p.text)
    assert "é composto por 166 artigos indexados" in resumo
    assert not _reported(araujo, ReportAction.REPAIRED, "'composto' → 'compost o'")


def test_the_how_to_cite_box_and_the_affiliations_leave_the_body(araujo: Paper) -> None:
    # SciELO's page-1 box: "> **1** Universidade Federal do Paraná, … E-mail: <…>." (Portuguese
    # institution words, the correspondence address in the first), then "> _Como citar este artigo_
    # /How to cite this article" and the article's own citation: all were kept as block quotes.
    texts = [p.text for p in araujo.paragraphs()]
    assert not any(t.startswith(("1 Universidade Federal do Paraná", "Como citar", "Araújo, P. C.; Bufrem"))
                   for t in texts)
    assert len(_reported(araujo, ReportAction.REMOVED, "'how to cite this article' box")) == 2
    assert len(_reported(araujo, ReportAction.REMOVED, "an author's affiliation at the foot of the first page")) == 3


def test_a_how_to_cite_label_in_spanish_takes_the_citation_with_it() -> None:
    """Snippet (invented): "Cómo citar este artículo/How to cite this article" over the citation."""
    words = ("alianza", "tratado", "guerra", "defensa", "frontera", "ejército", "marina", "frente", "pacto",
             "acuerdo", "cumbre", "orden")
    body = "".join(f"La {a} y la {b} cambian juntas.\n\n" for a in words for b in words[:2])
    paper = _snippet_paper("# Alianzas militares\n\nJuan Pérez\n\n# Introducción\n\n"
                           "Cómo citar este artículo/How to cite this article\n\n"
                           f"Pérez, J. Alianzas militares. Transinformação, v. 33, e200001, 2021.\n\n{body}")
    assert [p.text for p in paper.paragraphs()][:2] == ["La alianza y la alianza cambian juntas.",
                                                        "La alianza y la tratado cambian juntas."]
    assert len(_reported(paper, ReportAction.REMOVED, "'how to cite this article' box")) == 2
