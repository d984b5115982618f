"""`python -m build_tools add`: one command makes a paper's folder from the
file a maintainer received, on a copy of the project (never the real one),
and refuses every input it cannot take with one message and nothing written."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_tools import pdf_conversion
from build_tools.add_paper import add_paper
from build_tools.cli import main
from build_tools.model import ReaderError
from build_tools.read.papers import check_checksums, read_paper
from tests.conftest import ROOT, copy_project

pytestmark = pytest.mark.unit

CORPUS = ROOT / "tests" / "corpus"
HAS_PDF_CONVERTER = importlib.util.find_spec("pymupdf4llm") is not None
NEEDS_PDF_EXTRA = pytest.mark.skipif(not HAS_PDF_CONVERTER,
                                     reason="the optional PDF converter is not installed (pip install '.[pdf]')")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded(project: Path) -> dict[str, str]:
    lines = (project / "papers" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def add(project: Path, *arguments: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["add", *arguments, "--root", str(project)])
    out, err = capsys.readouterr()
    return status, out, err


def added_with_detected_slug(project: Path, source: Path, prefix: str,
                             capsys: pytest.CaptureFixture[str]) -> tuple[Path, dict[str, object]]:
    """Add `source` with no --slug; the folder whose detected slug starts
    with `prefix`, and its paper.yml."""
    status, _, _ = add(project, str(source), capsys=capsys)
    assert status == 0
    folder = next(p for p in (project / "papers").iterdir() if p.name.startswith(prefix))
    return folder, yaml.safe_load((folder / "paper.yml").read_text(encoding="utf-8"))


def test_a_converted_markdown_file_becomes_a_checked_paper_with_its_checksum(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = CORPUS / "tully-2010-heart-failure-pymupdf4llm" / "source.md"
    before = recorded(project)
    status, out, err = add(project, str(source), "--slug", "tully-2010-heart-failure", capsys=capsys)
    folder = project / "papers" / "tully-2010-heart-failure"
    assert status == 0
    assert sha(folder / "source.md") == sha(source)          # byte for byte
    after = recorded(project)
    assert {k: v for k, v in after.items() if k in before} == before  # old lines untouched
    assert after["tully-2010-heart-failure/source.md"] == sha(source)
    check_checksums(project / "papers")
    meta = yaml.safe_load((folder / "paper.yml").read_text(encoding="utf-8"))
    assert meta["slug"] == "tully-2010-heart-failure" and meta["format"] == "converted-markdown"
    assert meta["short_title"] == "Tully et al. 2010"
    text = (folder / "paper.yml").read_text(encoding="utf-8")
    assert "# CONFIRM" in text and "Heart Failure" in text    # the detected title, as a comment to confirm
    assert "3 papers" in out + err                            # check ran on the whole project
    assert "lacks" in err and "python -m build_tools bib" in err   # the new works wait for `bib`
    assert "import report for tully-2010-heart-failure:" in out and "needs a human:" in out


def test_a_jats_article_gets_its_doi_venue_and_licence_from_the_xml(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, meta = added_with_detected_slug(project, CORPUS / "musmeci-2015-financial-clustering" / "source.xml",
                                            "musmeci-2015", capsys)
    assert meta["source"] == "source.xml" and meta["format"] == "jats"
    assert meta["doi"] == "10.1371/journal.pone.0116201"
    assert meta["licence"] == "CC BY 4.0"
    assert meta["venue"]["journal"] == "PLOS ONE" and meta["venue"]["year"] == "2015"
    assert read_paper(folder).title.startswith("Relation between Financial Market Structure")


def test_a_pandoc_source_brings_the_bib_its_yaml_names(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paper = CORPUS / "waggoner-2019-rip"
    status, _, _ = add(project, str(paper / "source.md"), "--slug", "waggoner-2019-rip", capsys=capsys)
    folder = project / "papers" / "waggoner-2019-rip"
    assert status == 0
    assert sha(folder / "paper.bib") == sha(paper / "paper.bib")
    assert recorded(project)["waggoner-2019-rip/paper.bib"] == sha(paper / "paper.bib")
    meta = yaml.safe_load((folder / "paper.yml").read_text(encoding="utf-8"))
    assert meta["bibliography"] == "paper.bib" and meta["format"] == "pandoc-markdown"
    assert len(read_paper(folder).references) == 12


def test_an_r_markdown_file_with_bib_given_on_the_command_line_keeps_its_extension(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rmd = tmp_path / "in" / "manuscript.Rmd"
    rmd.parent.mkdir()
    rmd.write_text("---\ntitle: Allies and Rivals\nauthor: Ann Smith\ndate: 2021\n---\n\n# Introduction\n\n"
                   "Rivals balance [@jones2019rivals].\n", encoding="utf-8")
    bib = tmp_path / "elsewhere.bib"
    bib.write_text("@book{jones2019rivals, author = {Jones, Jane}, title = {Rivals in Arms}, "
                   "year = {2019}, publisher = {Polity}}\n", encoding="utf-8")
    status, _, _ = add(project, str(rmd), "--bib", str(bib), capsys=capsys)
    assert status == 0
    folder = project / "papers" / "smith-2021-allies-rivals"
    assert sorted(p.name for p in folder.iterdir()) == ["elsewhere.bib", "paper.yml", "source.Rmd"]
    assert read_paper(folder).references[0].label == "jones2019rivals"


@NEEDS_PDF_EXTRA
def test_a_pdf_is_kept_byte_for_byte_and_converted_by_the_pinned_converter(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = CORPUS / "pdfs" / "tully-2010-heart-failure.pdf"
    folder, meta = added_with_detected_slug(project, pdf, "tully-2010", capsys)
    assert sha(folder / "source.pdf") == sha(pdf)
    assert {"source.pdf", "source.md"} <= {n.split("/")[1] for n in recorded(project) if n.startswith(folder.name)}
    assert meta["source"] == "source.md" and "pymupdf4llm" in str(meta["provenance"])
    assert meta["doi"] == "10.1155/2010/157939"
    paper = read_paper(folder)
    assert len(paper.references) == 17   # the reference list survives conversion (tuned corpus, expected.yml)


@NEEDS_PDF_EXTRA
def test_the_converters_own_notices_stay_out_of_the_markdown() -> None:
    # dunning-2019 (Science Advances): pymupdf4llm prints "=== Document parser
    # messages ===" and "Warning: RapidOCR is missing." to stdout while it
    # converts; the child's stdout is the paper, so `add` kept them as its
    # first lines. The Markdown must be the converter's Markdown alone.
    markdown = pdf_conversion.pdf_to_markdown(CORPUS / "pdfs" / "dunning-2019-voter-information.pdf")
    assert "Document parser messages" not in markdown and "RapidOCR" not in markdown
    assert markdown == (CORPUS / "dunning-2019-voter-information-pymupdf4llm" / "source.md").read_text(
        encoding="utf-8")


@NEEDS_PDF_EXTRA
@pytest.mark.parametrize("name", ["heiss-2019-ngos-authoritarianism", "heiss-2016-anti-tip-ngos"])
def test_the_authors_manuscripts_are_converted_as_add_converts_them(name: str) -> None:
    # The tuned corpus's accepted manuscripts are the pinned converter's output
    # for their PDFs, unchanged, so what is fixed on them is what `add` meets.
    markdown = pdf_conversion.pdf_to_markdown(CORPUS / "pdfs" / f"{name}.pdf")
    assert markdown == (CORPUS / f"{name}-pymupdf4llm" / "source.md").read_text(encoding="utf-8")


@NEEDS_PDF_EXTRA
def test_a_damaged_pdf_is_one_error_and_nothing_is_written(project: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage\n")
    before = sorted(p.name for p in (project / "papers").iterdir())
    with pytest.raises(ReaderError) as caught:
        add_paper(project, broken)
    assert "PDF converter" in caught.value.message
    assert sorted(p.name for p in (project / "papers").iterdir()) == before


def test_without_the_pdf_extra_the_user_is_told_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # The child process reports a missing package with its own exit code ...
    monkeypatch.setitem(sys.modules, "pymupdf4llm", None)
    assert pdf_conversion.main([str(CORPUS / "pdfs" / "tully-2010-heart-failure.pdf")]) == \
        pdf_conversion.MISSING_CONVERTER
    # ... which the parent turns into one error with the install command.
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 3, b"", b"missing"))
    with pytest.raises(ReaderError) as caught:
        pdf_conversion.pdf_to_markdown(CORPUS / "pdfs" / "tully-2010-heart-failure.pdf")
    assert "not installed" in caught.value.message and "pip install '.[pdf]'" in caught.value.hint


def test_a_converter_that_hangs_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    def hang(*args: object, **kwargs: object) -> None:
        raise subprocess.TimeoutExpired("convert", 1)
    monkeypatch.setattr(subprocess, "run", hang)
    with pytest.raises(ReaderError, match="did not finish"):
        pdf_conversion.pdf_to_markdown(CORPUS / "pdfs" / "tully-2010-heart-failure.pdf", timeout=1)


# --- refusals: one clear message, nothing written, nothing overwritten ---------


def test_an_existing_folder_is_never_overwritten(project: Path) -> None:
    zou = project / "papers" / "zou-balancing-act"
    before = {p.name: sha(p) for p in zou.iterdir()}
    with pytest.raises(ReaderError) as caught:
        add_paper(project, CORPUS / "tully-2010-heart-failure-pymupdf4llm" / "source.md", slug="zou-balancing-act")
    assert "already exists" in caught.value.message and "--slug" in caught.value.hint
    assert {p.name: sha(p) for p in zou.iterdir()} == before


# Each unreadable input: its file name and bytes (None: not created; "": a folder), and what the error says.
UNREADABLE = {
    "missing file": ("missing.pdf", None, "no such file"),
    "a folder": ("folder", "", "not a file"),
    "an empty file": ("empty.md", b"", "empty"),
    "binary data": ("x.png", b"\x89PNG\r\n\x1a\n\x00\x00binary", "not UTF-8"),
    "an HTML page": ("page.html", b"<html><body>Hi</body></html>", "matches no known format"),
    "text named .pdf": ("fake.pdf", b"just text", "no '%PDF-' header"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_unreadable_inputs_are_refused_with_one_message(project: Path, tmp_path: Path, case: str) -> None:
    name, data, expected = UNREADABLE[case]
    path = tmp_path / name
    if data == "":
        path.mkdir()
    elif isinstance(data, bytes):
        path.write_bytes(data)
    before = sorted((project / "papers").iterdir())
    with pytest.raises(ReaderError) as caught:
        add_paper(project, path, slug="x-paper")
    assert expected in caught.value.message + caught.value.hint
    assert sorted((project / "papers").iterdir()) == before


def test_a_bad_slug_and_a_folder_that_is_not_a_project_are_refused(project: Path, tmp_path: Path) -> None:
    source = CORPUS / "tully-2010-heart-failure-pymupdf4llm" / "source.md"
    with pytest.raises(ReaderError, match="lowercase words"):
        add_paper(project, source, slug="Tully 2010!")
    with pytest.raises(ReaderError, match="no papers/ folder"):
        add_paper(tmp_path, source)


def test_bib_without_a_yaml_block_is_refused(project: Path, tmp_path: Path) -> None:
    text = tmp_path / "plain.md"
    text.write_text("# A heading\n\nSome text.\n", encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text("@book{a, title={A}}\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="YAML block"):
        add_paper(project, text, bib=bib)


def test_the_command_line_prints_errors_not_tracebacks(project: Path, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "build_tools", "add", str(tmp_path / "nothing.pdf"),
                           "--root", str(project)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 1
    assert "error:" in done.stderr and "no such file" in done.stderr and "Traceback" not in done.stderr
    other = subprocess.run([sys.executable, "-m", "build_tools", "check", "--slug", "x", "--root", str(project)],
                           capture_output=True, text=True, cwd=ROOT, check=False)
    assert other.returncode == 2 and "options of add" in other.stderr


def test_a_reader_bug_on_an_untrusted_file_is_one_message_and_nothing_is_added(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import build_tools.add_paper as adding

    def crash(folder: Path) -> None:
        raise ValueError("Invalid IPv6 URL")
    monkeypatch.setattr(adding, "read_paper", crash)
    before = sorted((project / "papers").iterdir())
    with pytest.raises(ReaderError) as caught:
        add_paper(project, CORPUS / "tully-2010-heart-failure-pymupdf4llm" / "source.md", slug="tully-2010")
    assert adding.INTERNAL_ERROR in caught.value.message and "ValueError: Invalid IPv6 URL" in caught.value.message
    assert "report it" in caught.value.hint
    assert sorted((project / "papers").iterdir()) == before


def test_a_bib_over_the_size_limit_is_refused(project: Path, tmp_path: Path) -> None:
    rmd = tmp_path / "paper.Rmd"
    rmd.write_text("---\ntitle: T\nauthor: A B\n---\n\nText [@k].\n", encoding="utf-8")
    huge = tmp_path / "huge.bib"
    with huge.open("wb") as handle:
        handle.truncate(6 * 1024 * 1024)   # sparse: 6 MB of zero bytes, over the 5 MB limit
    with pytest.raises(ReaderError, match="over the 5 MB limit"):
        add_paper(project, rmd, bib=huge)
