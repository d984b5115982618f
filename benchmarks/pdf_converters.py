"""Which PDF converter `python -m build_tools add` runs: each candidate
converts the tuned corpus's publisher PDFs (tests/corpus/pdfs/), the real
converted-Markdown reader reads the result, and `import_quality.measure`
compares it with the paper's hand-written expected.yml, as for the corpus.
Only the tuned corpus is used here: the held-out papers (tests/heldout/)
must not choose the tool they are measured with.

    .venv/bin/python -m benchmarks.pdf_converters [--converters a,b] [--why]

A candidate that is not installed is listed as such (install it into a
scratch environment to measure it: pip install pymupdf==2.0 'markitdown[pdf]'
pdfplumber opendataloader-pdf).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.import_quality import CORPUS, Quality, measure
from build_tools.cache import BuildCache
from build_tools.model import ReaderError
from build_tools.pdf_conversion import CONVERTERS, converter_version, pdf_to_markdown
from build_tools.read.papers import read_paper

PDFS = CORPUS / "pdfs"
# Each PDF and the corpus folder whose expected.yml was written from it (any
# converter's folder: the expectations are the paper's, not the converter's).
EXPECTATIONS = {
    "agyemanduah-2014-quality-malawi": "agyemanduah-2014-quality-malawi-pymupdf4llm",
    "douglas-2014-ace-inhibitors": "douglas-2014-ace-inhibitors-pymupdf4llm",
    "tully-2010-heart-failure": "tully-2010-heart-failure-pymupdf4llm",
    "webb-2017-vespa": "webb-2017-vespa-pymupdf4llm",
    "dunning-2019-voter-information": "dunning-2019-voter-information-pymupdf4llm",
    "heiss-2019-ngos-authoritarianism": "heiss-2019-ngos-authoritarianism-pymupdf4llm",
    "heiss-2016-anti-tip-ngos": "heiss-2016-anti-tip-ngos-pymupdf4llm",
    "coalter-2015-sport-for-change": "coalter-2015-sport-for-change-pymupdf4llm",
    "sauviat-2015-audience-development": "sauviat-2015-audience-development-pymupdf4llm",
    "khaledian-2013-hardiness-workaholism": "khaledian-2013-hardiness-workaholism-pymupdf4llm",
    "yadav-2013-hr-planning-audit": "yadav-2013-hr-planning-audit-pymupdf4llm",
    "abuabdulla-2017-health-information-systems": "abuabdulla-2017-health-information-systems-pymupdf4llm",
    "araujo-2021-intellectual-foundation-ko": "araujo-2021-intellectual-foundation-ko-pymupdf4llm",
}
INTERLEAVED = "interleaves two columns"


@dataclass(frozen=True)
class Run:
    converter: str
    paper: str
    seconds: float
    quality: Quality | None
    interleaved: bool = False
    failure: str = ""


def convert_and_measure(converter: str, paper: str, work: Path, cache: BuildCache) -> Run:
    """Convert `paper`'s PDF with `converter` into a corpus-like folder
    (source.md, a paper.yml, the paper's expected.yml) and measure it."""
    folder = work / f"{paper}-{converter}"
    folder.mkdir()
    started = time.perf_counter()
    try:
        markdown = pdf_to_markdown(PDFS / f"{paper}.pdf", converter)
    except ReaderError as error:
        return Run(converter, paper, time.perf_counter() - started, None, failure=error.message)
    seconds = time.perf_counter() - started
    (folder / "source.md").write_text(markdown, encoding="utf-8")
    (folder / "paper.yml").write_text(
        f"slug: {folder.name}\nsource: source.md\nformat: converted-markdown\nshort_title: {paper}\n"
        f"provenance: tests/corpus/pdfs/{paper}.pdf converted by {converter}\nlicence: see tests/corpus/pdfs\n",
        encoding="utf-8")
    shutil.copy2(CORPUS / EXPECTATIONS[paper] / "expected.yml", folder / "expected.yml")
    try:
        quality = measure(folder, cache)
    except ReaderError as error:
        return Run(converter, paper, seconds, None, failure=f"reader: {error.message}")
    report = read_paper(folder, cache).import_report
    return Run(converter, paper, seconds, quality, interleaved=any(INTERLEAVED in item.message for item in report))


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    verbose = "--why" in arguments
    names = list(CONVERTERS)
    if "--converters" in arguments:
        names = arguments[arguments.index("--converters") + 1].split(",")
    cache = BuildCache()
    print(f"{'converter':15} {'version':9} {'paper':32} {'s':>5} {'refs':>7} {'right refs':>10} {'right cites':>11} "
          f"{'sections':>8} {'furn.left':>9} {'tables':>7} {'interleaved':>11}")
    totals: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name in names:
            version = converter_version(name)
            if not version:
                print(f"{name:15} {'missing':9} (not installed; {CONVERTERS[name].licence})")
                continue
            total = totals.setdefault(name, [0] * 8)
            for paper in EXPECTATIONS:
                run = convert_and_measure(name, paper, Path(scratch), cache)
                if run.quality is None:
                    print(f"{name:15} {version:9} {paper:32} {run.seconds:5.1f} FAILED: {run.failure}")
                    continue
                q = run.quality
                print(f"{name:15} {version:9} {paper:32} {run.seconds:5.1f} "
                      f"{q.references_found:>3}/{q.references_expected:<3} "
                      f"{q.references_correct:>6}/{q.references_checked:<3} "
                      f"{q.citations_right:>7}/{q.citation_examples:<3} "
                      f"{q.sections_found:>4}/{q.sections_expected:<3} {q.furniture_left:>5}/{q.furniture_expected:<3} "
                      f"{q.tables_found:>3}/{q.tables_expected:<3} {'yes' if run.interleaved else 'no':>11}")
                if verbose:
                    for line in q.wrong:
                        print(f"    {line}")
                for i, value in enumerate((q.references_correct, q.references_checked, q.citations_right,
                                           q.citation_examples, q.sections_found, q.sections_expected,
                                           q.furniture_left, q.furniture_expected)):
                    total[i] += value
    print()
    for name, t in totals.items():
        print(f"{name}: references right {t[0]}/{t[1]}, citations right {t[2]}/{t[3]}, sections {t[4]}/{t[5]}, "
              f"furniture left {t[6]}/{t[7]} ({CONVERTERS[name].licence})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
