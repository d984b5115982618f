"""Outputs that echo input stay what they are (issue 22, "Outputs
corrupted"): a message cannot forge a GitHub annotation or drive the
terminal, CSL-JSON carries text rather than HTML entities, and no export
carries a link a page would refuse."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import bibtexparser
import pytest
import rispy

from build_tools.cli import github_annotation, main
from build_tools.export.bibtex import bibliography_to_bibtex
from build_tools.export.csl_json import works_to_csl_json
from build_tools.export.ris import works_to_ris
from build_tools.model import Name, ReaderError, SourceLocation, Work, WorkType
from build_tools.render.escape import terminal_text
from tests.conftest import ROOT

pytestmark = pytest.mark.unit

FORGED = "::error file=README.md,line=1::forged"


def project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for part in ("papers", "docs", "annotations", "includes", "overrides"):
        shutil.copytree(ROOT / part, project / part)
    return project


def lines_of(captured: pytest.CaptureFixture[str]) -> list[str]:
    out, err = captured.readouterr()
    return (out + err).splitlines()


@pytest.mark.parametrize("where", ["concept related", "paper folder"])
def test_input_in_a_message_cannot_forge_a_github_annotation(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    project = project_copy(tmp_path)
    if where == "concept related":
        page = project / "docs" / "concepts" / "entrapment.md"
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("related: [", f'related: ["x\\n{FORGED}", ', 1), encoding="utf-8")
    else:
        folder = project / "papers" / f"zou\n{FORGED}\n::warning ::x%0A"
        folder.mkdir()
        shutil.copy(project / "papers" / "zou-balancing-act" / "paper.yml", folder / "paper.yml")
    assert main(["check", "--root", str(project)]) == 1
    lines = lines_of(capsys)
    assert not [line for line in lines if line.startswith(("::error file=README.md", "::warning"))]
    annotations = [line for line in lines if line.startswith("::")]
    assert annotations and all(line.startswith("::error file=") for line in annotations)
    assert any("\\n::error file=README.md" in line for line in lines)  # shown, as text


def test_an_annotation_escapes_percent_and_line_breaks_as_github_requires() -> None:
    error = ReaderError(SourceLocation(Path("docs/a,b:c%.md"), 3), "50% of\r\nit \x1b[31mred", "x\ny")
    line = github_annotation(error)
    assert line == ("::error file=docs/a%2Cb%3Ac%25.md,line=3::50%25 of\\r\\nit red (hint: x\\ny)")
    assert "\n" not in line and "\x1b" not in line


def test_terminal_text_drops_escape_sequences_and_shows_control_characters() -> None:
    assert terminal_text("\x1b[2J\x1b[1;1HALL CHECKS PASSED\x1b]0;title\x07 ok") == "ALL CHECKS PASSED ok"
    assert terminal_text("a\nb\x07c\u202ed\te") == "a\\nb\\x07c\\u202ed\te"
    assert str(ReaderError(Path("x\n::warning ::y"), "m\x1b[2J")) == "x\\n::warning ::y:1: m"


def test_the_import_report_prints_no_escape_sequence_from_a_source(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paper = tmp_path / "papers" / "demo"
    paper.mkdir(parents=True)
    (paper / "source.md").write_text(
        "# A Title of the Paper\x1b[2J\x1b[HALL CHECKS PASSED\x1b[8m\n\nJane Doe\n\n"
        "## Abstract\n\nAn abstract of the paper.\n\n"
        "## 1. Introduction\n\nText of the paper.\n\n## References\n\n"
        "\x1b[2J\x1b[HALL CHECKS PASSED\x1b[8m hidden\n", encoding="utf-8")
    (paper / "paper.yml").write_text("slug: demo\nsource: source.md\nshort_title: Demo\n"
                                     "provenance: a test\nlicence: CC0\n", encoding="utf-8")
    assert main(["import-report", "demo", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "ALL CHECKS PASSED" in out


HOSTILE_WORK = Work(key="tom2020jerry", type=WorkType.ARTICLE, title="Tom & Jerry <i>in</i> \"Alliances\"",
                    year="2020", authors=(Name("O'Brien & Sons", "A."),), container="Cats & Mice",
                    doi='10.1234/x"><script>alert(1)</script>', url="javascript:alert(document.domain)")


def test_csl_json_carries_text_not_html_entities() -> None:
    (item,) = json.loads(works_to_csl_json([HOSTILE_WORK]))
    assert item["title"] == "Tom & Jerry <i>in</i> 'Alliances'"
    assert item["container-title"] == "Cats & Mice"
    assert item["author"] == [{"family": "O'Brien & Sons", "given": "A."}]


def test_no_export_carries_a_javascript_link_or_a_doi_holding_markup() -> None:
    works = [HOSTILE_WORK, Work(key="ok2020", type=WorkType.ARTICLE, title="Fine", year="2020",
                                doi="10.1002/(SICI)1097-4571(199806)49:8", url="https://example.org/a?b=1&c=2")]
    (fine, hostile) = json.loads(works_to_csl_json(works))
    assert "URL" not in hostile and "DOI" not in hostile
    assert fine["URL"] == "https://example.org/a?b=1&c=2" and fine["DOI"] == "10.1002/(SICI)1097-4571(199806)49:8"
    entries = {e.key: e for e in bibtexparser.parse_string(bibliography_to_bibtex(works, header="")).entries}
    assert "url" not in entries["tom2020jerry"].fields_dict and "doi" not in entries["tom2020jerry"].fields_dict
    assert entries["ok2020"].fields_dict["url"].value == "https://example.org/a?b=1&c=2"
    ris = {entry["id"]: entry for entry in rispy.loads(works_to_ris(works))}
    assert "urls" not in ris["tom2020jerry"] and "doi" not in ris["tom2020jerry"]
    assert ris["ok2020"]["urls"] == ["https://example.org/a?b=1&c=2"]
