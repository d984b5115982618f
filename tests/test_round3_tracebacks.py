"""The six tracebacks of issue 22: each input is now read, or refused with
one ReaderError naming its file (the sixth, a concept page that includes
/etc/passwd, is in tests/test_outside_files.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.export.bibtex import bibliography_to_bibtex
from build_tools.export.markdown_project import EXPORT_MARKER
from build_tools.model import Paper, ReportAction
from build_tools.read.papers import read_paper
from build_tools.references.bibliography import build_bibliography
from build_tools.references.papers_as_works import paper_as_work
from build_tools.render.paper_page import render_paper
from tests.test_structured_sources import JATS_YML, PANDOC_YML, jats

pytestmark = pytest.mark.unit


def pandoc_paper(tmp_path: Path, bib: str, title: str = "A Test", body: str = "# A\n\nAs shown [@x].\n") -> Paper:
    paper = tmp_path / "demo"
    paper.mkdir()
    (paper / "source.md").write_text(f"---\ntitle: {title}\nbibliography: refs.bib\n---\n\n{body}", encoding="utf-8")
    (paper / "refs.bib").write_text(bib, encoding="utf-8")
    (paper / "paper.yml").write_text(PANDOC_YML, encoding="utf-8")
    return read_paper(paper)


def csl_of(paper: Paper) -> dict[str, object]:
    (reference,) = paper.references
    loaded: dict[str, object] = json.loads(reference.csl_json)
    return loaded


@pytest.mark.parametrize(("note", "read"), [
    (r"\href{https://example.org}{Example}", "Example <https://example.org>"),
    (r"See \url{https://example.org/a}", "See <https://example.org/a>"),
    (r"\href{https://example.org}", "https://example.org"),
])
def test_an_href_in_a_bibtex_note_is_simply_read(tmp_path: Path, note: str, read: str) -> None:
    paper = pandoc_paper(tmp_path, f"@misc{{x, title={{T}}, year={{2000}}, note={{{note}}}}}\n")
    assert csl_of(paper)["note"] == read
    assert "x" in {w.cited_as[0].label for w in build_bibliography([paper])}


def test_an_author_with_too_many_commas_is_kept_as_written(tmp_path: Path) -> None:
    paper = pandoc_paper(tmp_path, "@misc{x, title={T}, year={2000}, author={Smith, John, Jr, Extra and Doe, Jane}}\n")
    assert csl_of(paper)["author"] == [{"literal": "Smith, John, Jr, Extra"}, {"family": "Doe", "given": "Jane"}]
    bibliography_to_bibtex(build_bibliography([paper]))


def test_a_title_of_maths_across_a_line_break_exports_and_renders_on_one_line(tmp_path: Path) -> None:
    paper = pandoc_paper(tmp_path, "@misc{x, title={T}, year={2000}}\n", title="|\n  $E = m +\n  c^2$")
    assert "\n" in paper.title
    bibliography_to_bibtex([paper_as_work(paper)])
    heading = next(line for line in render_paper(paper).split("\n") if line.startswith("# "))
    assert heading.endswith("c^2") and "E = m" in heading


def test_a_jats_author_with_an_empty_surname_is_left_out_and_reported(tmp_path: Path) -> None:
    paper_dir = tmp_path / "demo"
    paper_dir.mkdir()
    front = ('<contrib-group><contrib contrib-type="author"><name><surname/></name></contrib>'
             '<contrib contrib-type="author"><name><surname>Doe</surname><given-names>Jane</given-names></name>'
             "</contrib></contrib-group>")
    (paper_dir / "source.xml").write_text(jats("<sec><title>S</title><p>x</p></sec>", front=front), encoding="utf-8")
    (paper_dir / "paper.yml").write_text(JATS_YML, encoding="utf-8")
    paper = read_paper(paper_dir)
    assert [a.name for a in paper.authors] == ["Jane Doe"]
    assert any(r.action is ReportAction.NEEDS_HUMAN and "empty name" in r.message for r in paper.import_report)
    assert [n.family for n in paper_as_work(paper).authors] == ["Doe"]


def test_export_into_a_link_to_an_earlier_export_is_refused_and_deletes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / EXPORT_MARKER).write_text("an earlier export\n", encoding="utf-8")
    (earlier / "kept.md").write_text("kept\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(earlier, target_is_directory=True)
    assert main(["export", str(tmp_path / "link")]) == 1
    assert "the export folder is a symbolic link" in capsys.readouterr().err
    assert (earlier / "kept.md").is_file()


def test_a_biblatex_extended_name_is_read_by_its_parts(tmp_path: Path) -> None:
    # BibLaTeX's extended name format (its manual, "Extended Name Format"); pybtex
    # knows only BibTeX's forms and raised InvalidNameString on it.
    paper = pandoc_paper(tmp_path, "@misc{x, title={T}, year={2000}, author={Doe, Jane and "
                                   "family=Vries e Silva, given={Ana}, prefix=de, useprefix=true and given=Plato}}\n")
    assert csl_of(paper)["author"] == [{"family": "Doe", "given": "Jane"},
                                       {"family": "de Vries e Silva", "given": "Ana"},
                                       {"literal": "Plato"}]
    bibliography_to_bibtex(build_bibliography([paper]))


def test_a_published_entry_reads_a_biblatex_extended_name_as_a_pandoc_paper_does() -> None:
    from build_tools.bibtex_values import field_names
    names, more = field_names("Doe, Jane and family=Vries e Silva, given={Ana}, prefix=de, useprefix=true")
    assert [(n.family, n.given, n.is_organisation) for n in names] == [
        ("Doe", "Jane", False), ("de Vries e Silva", "Ana", False)] and not more
