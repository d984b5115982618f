"""Vancouver names in converted reference lists (issue 19): "Li J, Yen C,
Smith AB." and "Cooper LA, Hill MN:" give the first author's family name and
initials, whichever path (the fitted author-date rules or the CRF) reads
the entry.

Real cases from the tuned corpus: agyemanduah-2014 (BMC, converted by
pymupdf4llm), whose list ends each author list with a colon, including
"Cooper LA, Hill MN, Powe NR:" (initials that spell the particle "la") and
an organisation "WHO: Hospitals."; and musmeci-2015 (PLOS), whose JATS file
prints every entry in PLOS's Vancouver style ("Aste T, Di Matteo T, Hyde ST
(2005) …"): read as text, as a converted PDF of it would give them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest

from build_tools.cache import BuildCache
from build_tools.model import Paper, RawReference, ReaderError, SourceLocation
from build_tools.read.papers import read_paper
from build_tools.references.bibliography import paper_works, with_parsed_csl
from build_tools.references.entry_parser import work_from_reference
from build_tools.references.parse_reference import split_names
from tests.conftest import ROOT

pytestmark = pytest.mark.unit

CORPUS = ROOT / "tests" / "corpus"


def test_bmc_vancouver_entries_give_family_names_and_initials() -> None:
    paper = read_paper(CORPUS / "agyemanduah-2014-quality-malawi-pymupdf4llm")
    works = paper_works(paper)
    printed = {r.label: r.text for r in paper.references}
    assert printed["31"].startswith("Cooper LA, Hill MN, Powe NR:")
    assert [(a.family, a.given) for a in works["31"].authors] == [("Cooper", "L. A."), ("Hill", "M. N."),
                                                                  ("Powe", "N. R.")]
    # a particle still opens a family name: "Van Lerberghe W, De Bethune X, De Brouwere V:"
    assert [a.family for a in works["8"].authors] == ["Van Lerberghe", "De Bethune", "De Brouwere"]
    # "WHO: Hospitals. 2010.": the colon closes the authors; what follows is the title
    assert printed["16"].startswith("WHO: Hospitals.")
    assert works["16"].authors[0].family == "WHO" and works["16"].title == "Hospitals"


def _printed_plos_entries() -> list[tuple[str, str, str]]:
    """(entry as printed, first tagged surname, tagged year) of musmeci-2015."""
    root = ET.parse(CORPUS / "musmeci-2015-financial-clustering" / "source.xml").getroot()
    entries = []
    for citation in (e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "mixed-citation"):
        surname, year = citation.find(".//{*}name/{*}surname"), citation.find(".//{*}year")
        if surname is not None and year is not None:
            entries.append((" ".join("".join(citation.itertext()).split()), surname.text or "", year.text or ""))
    return entries


def test_plos_vancouver_entries_read_as_text_keep_the_first_authors_family_name() -> None:
    entries = _printed_plos_entries()
    assert len(entries) == 43
    works = paper_works(_as_a_converted_list(entries))
    wrong = [(text[:60], works[str(n)].authors[:1]) for n, (text, surname, year) in enumerate(entries, 1)
             if not works[str(n)].authors or works[str(n)].authors[0].family != surname
             or works[str(n)].year[:4] != year[:4]]
    assert wrong == []   # 18 of 43 were wrong: "Aste T, Di Matteo T, Hyde ST" read as one name "Aste T"


def _as_a_converted_list(entries: list[tuple[str, str, str]]) -> Paper:
    """A converted paper whose reference list is these entries as printed."""
    paper = read_paper(CORPUS / "agyemanduah-2014-quality-malawi-pymupdf4llm")
    references = tuple(RawReference(paper.slug, str(n), text, SourceLocation(Path("musmeci.xml"), n))
                       for n, (text, _, _) in enumerate(entries, 1))
    return replace(paper, references=references)


def test_the_author_date_rules_leave_a_vancouver_list_to_the_crf() -> None:
    """pybtex reads "Aste T, Di Matteo T, Hyde ST" as one "Last, Jr, First"
    name; the rules now refuse it, and the CRF path reads three names."""
    raw = RawReference("x", "1", "Aste T, Di Matteo T, Hyde ST (2005) Complex networks on hyperbolic surfaces. "
                       "Physica A 346: 20.", SourceLocation(Path("x"), 1))
    with pytest.raises(ReaderError, match=r"expected names like 'Surname, I\.'"):
        work_from_reference(raw)
    work = work_from_reference(with_parsed_csl(raw, BuildCache()))
    assert [(a.family, a.given) for a in work.authors] == [("Aste", "T."), ("Di Matteo", "T."), ("Hyde", "S. T.")]


@pytest.mark.parametrize(("field", "names"), [
    ("Cooper LA, Hill MN, Powe NR", [("Cooper", "L. A."), ("Hill", "M. N."), ("Powe", "N. R.")]),
    ("Smith DE, Jones LE", [("Smith", "D. E."), ("Jones", "L. E.")]),   # "DE" is initials, not "de"
    ("Li J, Yen C, Smith AB.", [("Li", "J."), ("Yen", "C."), ("Smith", "A. B.")]),
    ("DE PAULA, L.", [("DE PAULA", "L.")]),                              # ABNT capitals: "DE" opens the name
    ("Bueno de Mesquita, Bruce", [("Bueno de Mesquita", "Bruce")]),
])
def test_vancouver_initials_that_spell_a_particle_are_initials(field: str, names: list[tuple[str, str]]) -> None:
    found, _ = split_names(field)
    assert [(n.get("family"), n.get("given")) for n in found] == names
