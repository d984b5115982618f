"""Author-year citations whose co-authors are joined as other languages and
ABNT join them. Invented snippets of shapes seen in papers (no tuned paper
prints them yet): Spanish "y", German "und", French "et", and ABNT's
semicolons between co-authors inside the parentheses."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.model import RawReference, SourceLocation
from build_tools.read.citations_in_text import CitationProblem, ReferenceIndex, find_author_year_citations

pytestmark = pytest.mark.unit

ENTRIES = (
    "Dumay, J., Guthrie, J., & Farneti, F. (2010). GRI sustainability reporting guidelines for public "
    "and third sector organizations. Public Management Review, 12(4), 531–548.",
    "Farneti, F. (2010). A critical review of local government reporting. Local Government Studies, 36(2), 1–20.",
    "Nevado, M. T., Gallardo, L. R., & Sánchez, I. M. (2016). Análisis de la transparencia. Revista de "
    "Contabilidad, 19(1), 1–14.",
    "Sánchez, I. M. (2016). Información sostenible. Madrid: Pirámide.",
    "Weber, M., & Mann, T. (1922). Wirtschaft und Gesellschaft. Tübingen: Mohr.",
    "Dupont, A., & Martin, B. (2001). La ville et ses réseaux. Paris: Seuil.",
    "Ortega y Gasset, J. (1930). La rebelión de las masas. Madrid: Revista de Occidente.",
    "Smith, A., Jones, B., & Brown, C. (2005). A study of alliances. Journal of Studies, 3, 1–9.",
)


def _index() -> ReferenceIndex:
    return ReferenceIndex.build(tuple(RawReference("x", str(n), text, SourceLocation(Path("s.md"), n))
                                      for n, text in enumerate(ENTRIES, 1)), numbered=False)


@pytest.mark.parametrize(("text", "label"), [
    ("(Dumay; Guthrie; Farneti, 2010)", "1"),
    ("Nevado, Gallardo y Sánchez (2016)", "3"),
    ("(Nevado, Gallardo y Sánchez, 2016)", "3"),
    ("Weber und Mann (1922)", "5"),
    ("Dupont et Martin (2001)", "6"),
    ("Ortega y Gasset (1930)", "7"),
])
def test_a_citation_links_the_work_of_all_its_authors(text: str, label: str) -> None:
    problems: list[CitationProblem] = []
    markers = find_author_year_citations(f"As shown {text}, the rule holds.", _index(), problems)
    assert [m.labels for m in markers] == [(label,)] and not problems
    assert markers[0].text.endswith(text.split("(")[-1].rstrip(")") + ")")


def test_works_separated_by_semicolons_stay_separate_citations() -> None:
    problems: list[CitationProblem] = []
    markers = find_author_year_citations("(Farneti, 2010; Sánchez, 2016; Smith et al., 2005)", _index(), problems)
    assert [m.labels for m in markers] == [("2", "4", "8")] and not problems
