"""PDF to Markdown for `python -m build_tools add`: the one pinned converter,
run in a child process so a converter that crashes, hangs or fills memory on
a hostile PDF ends as one `ReaderError`, never a traceback or a stuck build.

The converter is pymupdf4llm (in PyMuPDF 2.x), chosen on the tuned corpus's
publisher PDFs by `python -m benchmarks.pdf_converters` (benchmarks/README.md:
candidates, figures, licences). It is an optional extra, `pip install .[pdf]`,
because PyMuPDF is AGPL-3.0: the site and the rest of the build never import
it. `CONVERTERS` also holds the candidates it was measured against, so the
benchmark runs exactly the code `add` runs.

    python -m build_tools.pdf_conversion [--converter NAME] PDF   # Markdown on stdout
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from build_tools.model import ReaderError, SourceLocation

PDF_MAGIC = b"%PDF-"
# A journal article is a few MB; a scanned book can be hundreds.
PDF_LIMIT = 100 * 1024 * 1024
CONVERSION_TIMEOUT_SECONDS = 600
INSTALL_HINT = ("install the optional PDF converter with `pip install '.[pdf]'` (pymupdf4llm in PyMuPDF "
                "{version}, AGPL-3.0), or convert the PDF to Markdown with any converter yourself and add "
                "the .md file")
# The child's exit code when the converter's package is not installed.
MISSING_CONVERTER = 3


@dataclass(frozen=True)
class Converter:
    name: str
    package: str          # the distribution whose version is recorded in provenance
    licence: str
    convert: Callable[[Path], str]


def _pymupdf4llm(pdf: Path) -> str:
    import pymupdf4llm

    return str(pymupdf4llm.to_markdown(str(pdf)))


def _markitdown(pdf: Path) -> str:
    from markitdown import MarkItDown

    return str(MarkItDown().convert(str(pdf)).text_content)


def _pdfplumber(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(pdf)) as document:
        return "\n\n".join(page.extract_text() or "" for page in document.pages)


def _opendataloader(pdf: Path) -> str:
    import opendataloader_pdf

    with tempfile.TemporaryDirectory() as out:
        opendataloader_pdf.convert(input_path=[str(pdf)], output_dir=out, format="markdown", quiet=True)
        written = sorted(Path(out).rglob("*.md"))
        if not written:
            raise RuntimeError("opendataloader-pdf wrote no Markdown")
        return written[0].read_text(encoding="utf-8")


CONVERTERS = {
    c.name: c for c in (
        Converter("pymupdf4llm", "pymupdf", "AGPL-3.0 (PyMuPDF; commercial licence from Artifex)", _pymupdf4llm),
        Converter("markitdown", "markitdown", "MIT (pdfminer.six: MIT)", _markitdown),
        Converter("pdfplumber", "pdfplumber", "MIT", _pdfplumber),
        Converter("opendataloader", "opendataloader-pdf", "Apache-2.0; needs Java 11+", _opendataloader),
    )
}
CHOSEN = "pymupdf4llm"
CHOSEN_VERSION = "2.0"   # the version measured; pinned in pyproject's `pdf` extra and requirements-dev.txt


def converter_version(name: str = CHOSEN) -> str:
    """The installed version of a converter's package, or "" when it is missing."""
    try:
        return importlib.metadata.version(CONVERTERS[name].package)
    except importlib.metadata.PackageNotFoundError:
        return ""


def check_pdf(path: Path) -> None:
    """A PDF the converter may be given: a readable file of sensible size
    that starts like a PDF. Anything else is one clear error."""
    size = path.stat().st_size
    if size > PDF_LIMIT:
        raise ReaderError(SourceLocation(path, 1), f"this PDF is {size // (1024 * 1024)} MB; the limit is "
                          f"{PDF_LIMIT // (1024 * 1024)} MB", "convert it yourself and add the Markdown")
    with path.open("rb") as handle:
        head = handle.read(1024)
    if PDF_MAGIC not in head:
        raise ReaderError(SourceLocation(path, 1), "this file does not start like a PDF (no '%PDF-' header)",
                          "give a PDF, a Markdown or JATS file, or a Pandoc file with its .bib")


def pdf_to_markdown(pdf: Path, converter: str = CHOSEN, timeout: float = CONVERSION_TIMEOUT_SECONDS) -> str:
    """The Markdown the converter makes of `pdf`, converted in a child
    process. Raises ReaderError when the converter is missing, fails, or
    takes longer than `timeout` seconds."""
    check_pdf(pdf)
    where = SourceLocation(pdf, 1)
    command = [sys.executable, "-m", "build_tools.pdf_conversion", "--converter", converter, str(pdf)]
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, env=environment, check=False)
    except subprocess.TimeoutExpired:
        raise ReaderError(where, f"the PDF converter ({converter}) did not finish in {timeout:.0f} s",
                          "convert the PDF yourself and add the Markdown") from None
    if done.returncode == MISSING_CONVERTER:
        raise ReaderError(where, f"converting a PDF needs the optional converter {converter}, which is not "
                          "installed", INSTALL_HINT.format(version=CHOSEN_VERSION))
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReaderError(where, f"the PDF converter ({converter}) could not read this file: "
                          f"{said[-1] if said else f'exit code {done.returncode}'}",
                          "check that the PDF opens in a viewer and is not password-protected; or convert it "
                          "yourself and add the Markdown")
    text = done.stdout.decode("utf-8", "replace")
    if not text.strip():
        raise ReaderError(where, f"the PDF converter ({converter}) found no text in this PDF",
                          "a scanned PDF needs OCR first; add the Markdown of the OCR'd text")
    return text


def _converted_with_messages_to_stderr(convert: Callable[[Path], str], pdf: Path) -> str:
    """`convert(pdf)` with anything the converter prints sent to stderr:
    stdout carries the Markdown alone, and pymupdf4llm prints its own
    notices there ("=== Document parser messages ===", "Warning: RapidOCR is
    missing"), which `add` would otherwise keep as the paper's first lines.
    Redirected at the file descriptor, so a library printing from C is
    caught too, and restored after."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            return convert(pdf)
    finally:
        if sys.__stdout__ is not None:
            sys.__stdout__.flush()
        os.dup2(saved, 1)
        os.close(saved)


def main(argv: list[str] | None = None) -> int:
    """The child process: convert one PDF, Markdown to stdout. Any failure
    of the converter is one line on stderr and a non-zero exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    name = CHOSEN
    if arguments[:1] == ["--converter"] and len(arguments) >= 2:
        name, arguments = arguments[1], arguments[2:]
    if name not in CONVERTERS or len(arguments) != 1:
        print(f"usage: python -m build_tools.pdf_conversion [--converter {'|'.join(CONVERTERS)}] PDF",
              file=sys.stderr)
        return 2
    try:
        text = _converted_with_messages_to_stderr(CONVERTERS[name].convert, Path(arguments[0]))
    except ImportError as missing:
        print(f"{name} is not installed: {missing}", file=sys.stderr)
        return MISSING_CONVERTER
    except Exception as error:  # a third-party converter on an untrusted file: report, never a traceback
        print(f"{type(error).__name__}: {error}".splitlines()[0][:300], file=sys.stderr)
        return 1
    sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
