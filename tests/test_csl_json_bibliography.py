"""A Pandoc, R Markdown or Quarto paper whose bibliography is CSL JSON
(Zotero's and Quarto's export, `bibliography: references.json`), not BibTeX
(issue 19: a Quarto manuscript's 51 references were all reported missing,
its JSON read as BibTeX). Invented manuscripts; the held-out paper that
showed the shape is measured, never read here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from build_tools.model import ReaderError
from build_tools.read.papers import read_paper
from build_tools.references.bibliography import paper_works
from tests.test_add_paper import add, project, recorded  # noqa: F401  (project is a fixture)

pytestmark = pytest.mark.unit

ITEMS = [
    {"id": "walt1987", "type": "book", "title": "The Origins of Alliances", "publisher": "Cornell University Press",
     "author": [{"family": "Walt", "given": "Stephen M."}], "issued": {"date-parts": [["1987"]]}},
    {"id": "morrow1991", "type": "article-journal", "title": "Alliances and Asymmetry",
     "container-title": "American Journal of Political Science", "volume": 35, "page": "904-933",
     "author": [{"family": "Morrow", "given": "James D."}], "issued": {"date-parts": [[1991, 11]]}},
    {"id": "nato2022", "type": "report", "title": "Strategic Concept", "author": [{"literal": "NATO"}],
     "issued": {"raw": "June 2022"}},
]
QMD = ("---\ntitle: Alliances Under Strain\nauthor: Ann Smith\ndate: 2024\nbibliography: references.json\n---\n\n"
       "# Introduction\n\nBalancing [@walt1987] meets asymmetry [@morrow1991; @nato2022].\n")


def _manuscript(folder: Path, items: object = ITEMS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "references.json").write_text(json.dumps(items, indent=2), encoding="utf-8")
    qmd = folder / "manuscript.qmd"
    qmd.write_text(QMD, encoding="utf-8")
    return qmd


def test_a_quarto_manuscript_with_a_csl_json_bibliography_is_added_and_read(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    status, _, _ = add(project, str(_manuscript(tmp_path / "in")), capsys=capsys)
    assert status == 0
    folder = project / "papers" / "smith-2024-alliances-under"
    # Kept byte for byte under its own suffix, named in paper.yml, recorded in the checksums.
    assert (folder / "references.json").read_bytes() == (tmp_path / "in" / "references.json").read_bytes()
    assert yaml.safe_load((folder / "paper.yml").read_text(encoding="utf-8"))["bibliography"] == "references.json"
    assert "smith-2024-alliances-under/references.json" in recorded(project)
    paper = read_paper(folder)
    markers = [m.labels for p in paper.paragraphs() for m in p.citations]
    assert markers == [("walt1987",), ("morrow1991", "nato2022")]
    works = paper_works(paper)
    assert (works["walt1987"].authors[0].family, works["walt1987"].year, works["walt1987"].title) == (
        "Walt", "1987", "The Origins of Alliances")
    morrow = works["morrow1991"]
    assert (morrow.container, morrow.volume) == ("American Journal of Political Science", "35")
    assert (works["nato2022"].authors[0].family, works["nato2022"].year) == ("NATO", "2022")
    assert not any("not in the" in r.message for r in paper.import_report)


def test_a_broken_csl_json_bibliography_is_one_clear_error_at_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    _manuscript(folder)
    (folder / "source.qmd").write_text(QMD, encoding="utf-8")
    (folder / "paper.yml").write_text("slug: demo\nsource: source.qmd\nshort_title: Demo\nprovenance: test\n"
                                      "licence: CC0\nbibliography: references.json\n", encoding="utf-8")
    (folder / "references.json").write_text('[\n  {"id": "walt1987",\n   "title": "x"\n  ,,]\n', encoding="utf-8")
    with pytest.raises(ReaderError) as error:
        read_paper(folder)
    assert error.value.location.line == 4 and "not valid JSON" in error.value.message
    (folder / "references.json").write_text('{"references": []}', encoding="utf-8")
    with pytest.raises(ReaderError, match="is a list of items"):
        read_paper(folder)


def test_items_of_the_wrong_shape_are_left_out_or_mended_not_a_traceback(tmp_path: Path) -> None:
    """An untrusted file: items without an id, names that are not names, a
    title that is a number, dates in any shape."""
    folder = tmp_path / "demo"
    odd = [*ITEMS, "a string", {"title": "no id"}, {"id": "odd", "title": 1999, "author": ["Smith", {"family": 5}],
                                                   "issued": {"date-parts": "2001"}, "volume": True}]
    _manuscript(folder, odd)
    (folder / "source.qmd").write_text(QMD.replace("[@walt1987]", "[@walt1987; @odd]"), encoding="utf-8")
    (folder / "paper.yml").write_text("slug: demo\nsource: source.qmd\nshort_title: Demo\nprovenance: test\n"
                                      "licence: CC0\nbibliography: references.json\n", encoding="utf-8")
    paper = read_paper(folder)
    odd_work = paper_works(paper)["odd"]
    assert (odd_work.title, odd_work.year, [a.family for a in odd_work.authors]) == ("1999", "n.d.", ["5"])
    assert sorted(r.label for r in paper.references) == ["morrow1991", "nato2022", "odd", "walt1987"]


def test_markup_in_a_csl_json_item_is_text_on_the_page(tmp_path: Path) -> None:
    """An untrusted file: a title or name carrying HTML is shown as text."""
    from build_tools.render.paper_page import render_paper
    folder = tmp_path / "demo"
    hostile = [{**ITEMS[0], "title": "<script>alert(1)</script> Origins",
                "author": [{"family": "<img src=x onerror=alert(2)>", "given": "S."}]}, *ITEMS[1:]]
    _manuscript(folder, hostile)
    (folder / "source.qmd").write_text(QMD, encoding="utf-8")
    (folder / "paper.yml").write_text("slug: demo\nsource: source.qmd\nshort_title: Demo\nprovenance: test\n"
                                      "licence: CC0\nbibliography: references.json\n", encoding="utf-8")
    page = render_paper(read_paper(folder))
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Origins" in page
