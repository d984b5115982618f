"""Held-out figures (issue 19, "Done when"): each paper of tests/heldout/,
never tuned on, added to a scratch copy of the project exactly as README
"Adding a paper" says and with no corrections:

1. `python -m build_tools add <input> --slug <slug>` (a PDF is converted by
   the pinned converter, so the optional `pdf` extra must be installed);
2. the maintainer confirms paper.yml: `provenance` and `licence` are set to
   the held-out paper.yml's (nothing else is touched);
3. `python -m build_tools bib`, then `mkdocs build --strict`.

Then it reads the added paper and compares it with the hand-written
expected.yml, as `benchmarks.import_quality` does for the tuned corpus:
references right (first author, year, title), citation examples linked to
the right entry, sections, notes, tables; plus tracebacks in any command's
output and whether an interleaved-column conversion is flagged (in the
import report, and on the page before its first section).

    .venv/bin/python -m benchmarks.heldout [--why] [--keep DIR] [SLUG ...]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from benchmarks.import_quality import Quality, measure
from build_tools import urls
from build_tools.add_paper import INTERNAL_ERROR
from build_tools.cache import BuildCache
from build_tools.model import ReaderError
from build_tools.read.papers import read_paper
from build_tools.references.published import CURATED_FILE

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "heldout"
# Everything a strict build of the site reads; the concept pages cite the
# curated classic works, so a copy without them could not build.
PROJECT_PARTS = ("papers", "docs", "overrides", "build_tools", "mkdocs.yml", "annotations", "includes",
                 urls.BIBLIOGRAPHY_FILE, CURATED_FILE)
TRACEBACK = "Traceback (most recent call last)"
INTERLEAVED = "interleaves two columns"
COMMAND_TIMEOUT = 1800


@dataclass(frozen=True)
class Outcome:
    slug: str
    added: bool
    built: bool
    tracebacks: int
    quality: Quality | None
    interleaved_reported: bool = False
    interleaved_on_page: bool = False
    problem: str = ""     # the first error line of the step that failed


def heldout_papers() -> list[Path]:
    return [d for d in sorted(HELDOUT.iterdir()) if (d / "expected.yml").is_file() and (d / "paper.yml").is_file()]


def copy_project(destination: Path) -> Path:
    for name in PROJECT_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination


def run(command: list[str], cwd: Path) -> tuple[int, str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=COMMAND_TIMEOUT,
                              env=environment, check=False)
    except subprocess.TimeoutExpired:
        return 124, f"timed out after {COMMAND_TIMEOUT} s"
    return done.returncode, done.stdout + done.stderr


def first_error(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("error:") or "Error" in line]
    return (lines[0] if lines else output.strip().splitlines()[-1] if output.strip() else "")[:200]


def add_and_build(heldout: Path, project: Path) -> Outcome:
    """Steps 1-3 of the module docstring on `project`, then the measurement."""
    given = yaml.safe_load((heldout / "paper.yml").read_text(encoding="utf-8"))
    slug = heldout.name
    python = sys.executable
    command = [python, "-m", "build_tools", "add", str(heldout / given["input"]), "--slug", slug]
    if given.get("bibliography"):
        command += ["--bib", str(heldout / given["bibliography"])]
    status, output = run(command, project)
    outputs = [output]
    folder = project / "papers" / slug
    if not (folder / "paper.yml").is_file():
        return Outcome(slug, False, False, output.count(TRACEBACK) + output.count(INTERNAL_ERROR), None,
                       problem=first_error(output))
    meta = yaml.safe_load((folder / "paper.yml").read_text(encoding="utf-8"))
    meta["provenance"], meta["licence"] = given["provenance"], given["licence"]
    (folder / "paper.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    bib_status, bib_output = run([python, "-m", "build_tools", "bib"], project)
    outputs.append(bib_output)
    site = project / "site"
    build_status, build_output = run([python, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], project)
    outputs.append(build_output)
    built = bib_status == 0 and build_status == 0
    problem = "" if built else first_error(bib_output if bib_status else build_output)
    if status != 0 and not problem:
        problem = f"add: {first_error(output)}"   # the folder was made, but check refused the project
    tracebacks = sum(o.count(TRACEBACK) + o.count(INTERNAL_ERROR) for o in outputs)
    shutil.copy2(heldout / "expected.yml", folder / "expected.yml")   # beside, for measure(); never read by the build
    try:
        quality = measure(folder, BuildCache())
        report = read_paper(folder).import_report
    except ReaderError as error:
        return Outcome(slug, True, built, tracebacks, None, problem=problem or f"reader: {error.message}")
    page = site / "papers" / slug / "index.html"
    head = page.read_text(encoding="utf-8").split("<h2", 1)[0] if page.is_file() else ""
    return Outcome(slug, True, built, tracebacks, quality,
                   interleaved_reported=any(INTERLEAVED in item.message for item in report),
                   interleaved_on_page="interleav" in head, problem=problem)


def _cell(found: int, expected: int) -> str:
    return f"{found:>3}/{expected:<3}"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def main(argv: list[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    verbose = "--why" in arguments
    keep = Path(arguments[arguments.index("--keep") + 1]) if "--keep" in arguments else None
    chosen = [a for a in arguments if not a.startswith("--") and (keep is None or a != str(keep))]
    papers = [p for p in heldout_papers() if not chosen or p.name in chosen]
    print(f"{'held-out paper':44} {'added':>5} {'built':>5} {'refs':>7} {'right refs':>10} {'cites':>7} "
          f"{'right cites':>11} {'sections':>8} {'notes':>7} {'tables':>7} {'human':>5} {'tb':>3} {'interleaved':>11}")
    totals = dict.fromkeys(("built", "rc", "rk", "cr", "ce", "tb"), 0)
    for heldout in papers:
        with tempfile.TemporaryDirectory() as scratch:
            project = copy_project(Path(scratch) / "project")
            outcome = add_and_build(heldout, project)
            if keep is not None:
                shutil.copytree(project, keep / heldout.name, dirs_exist_ok=True)
        q = outcome.quality
        flag = ("report+page" if outcome.interleaved_on_page else "report") if outcome.interleaved_reported else "no"
        if q is None:
            print(f"{outcome.slug:44} {'yes' if outcome.added else 'NO':>5} {'yes' if outcome.built else 'NO':>5} "
                  f"not measured: {outcome.problem}")
        else:
            print(f"{outcome.slug:44} {'yes':>5} {'yes' if outcome.built else 'NO':>5} "
                  f"{_cell(q.references_found, q.references_expected)} "
                  f"{_cell(q.references_correct, q.references_checked):>10} "
                  f"{_cell(q.citations_linked, q.citations_expected)} "
                  f"{_cell(q.citations_right, q.citation_examples):>11} "
                  f"{_cell(q.sections_found, q.sections_expected):>8} {_cell(q.footnotes_found, q.footnotes_expected)} "
                  f"{_cell(q.tables_found, q.tables_expected)} {q.needs_human:>5} {outcome.tracebacks:>3} {flag:>11}")
            totals["rc"] += q.references_correct
            totals["rk"] += q.references_checked
            totals["cr"] += q.citations_right
            totals["ce"] += q.citation_examples
        if verbose:
            if outcome.problem:
                print(f"    not built: {outcome.problem}")
            for line in q.wrong if q else ():
                print(f"    {line}")
        totals["built"] += outcome.built
        totals["tb"] += outcome.tracebacks
    print()
    print(f"built as added: {totals['built']} of {len(papers)}; references right: {totals['rc']}/{totals['rk']} "
          f"({_percent(totals['rc'], totals['rk'])}); citation examples linked to the right entry: "
          f"{totals['cr']}/{totals['ce']} ({_percent(totals['cr'], totals['ce'])}); tracebacks: {totals['tb']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
