"""Command line: `python -m build_tools <command>`.

  add PATH [--slug SLUG] [--bib BIB]
          make papers/<slug>/ from a PDF (converted by the optional `pdf` extra),
          Markdown a converter made, a JATS file, or a Pandoc / R Markdown /
          Quarto file with its .bib; then run check and summarise the import report
  check   everything the site build checks, without MkDocs: every problem
          found (up to 50), then exit 1 if there was any
  bib     write bibliography.bib from the parsed reference lists
  checksums
          write papers/SHA256SUMS from the raw sources, after adding or
          replacing a source on purpose (sources are never edited)
  audit   Lighthouse scores and page weight of key pages (needs npm and Chromium)
  parse-reference TEXT
          parse one reference string (any common style) and print it as CSL-JSON
  import-report SLUG
          what the importer detected, repaired, removed and could not place
  pr-summary BASE
          Markdown for a pull request's job summary: each note added or changed
          since the git commit BASE, shown with the passage it anchors to, or
          its problems with file and line (the PR workflow writes it to
          $GITHUB_STEP_SUMMARY; run it locally as `pr-summary main`)
  export OUT
          write the site as plain Markdown with a mkdocs.yml that needs no `reader`
          plugin, for another renderer (README "Moving to another renderer")
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools.cache import BuildCache
from build_tools.model import Paper, Problems, ReaderError, ReaderErrors, ReportAction
from build_tools.render.escape import terminal_text

if TYPE_CHECKING:  # the pipeline is imported when a command needs it (`--help` stays quick)
    from build_tools.pipeline import SiteContent

MAX_REPORTED_ERRORS = 50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("arguments", nargs="*", help="what the command works on (see above)")
    parser.add_argument("--root", type=Path, default=Path("."), help="project directory")
    parser.add_argument("--slug", default="", help="add: the new paper's slug (its URL); detected if left out")
    parser.add_argument("--bib", type=Path, help="add: the BibTeX file of a Pandoc source")
    args = parser.parse_intermixed_args(argv)  # `export --root DIR OUT` and `export OUT --root DIR`
    expected = COMMAND_ARGUMENTS.get(args.command, ())
    if len(args.arguments) != len(expected):
        parser.error(f"{args.command} takes {' '.join(expected) or 'no arguments'}")
    if (args.slug or args.bib) and args.command != "add":
        parser.error("--slug and --bib are options of add")
    try:
        if args.command == "add":
            return add(args.root, Path(args.arguments[0]), args.slug, args.bib)
        return COMMANDS[args.command](args.root, *args.arguments)
    except ReaderError as error:
        report_errors(error)
        return 1


def report_errors(error: ReaderError) -> None:
    """Print every error; inside GitHub Actions also as workflow annotations,
    which GitHub shows on the line of the pull request's diff."""
    errors = sorted(error.errors if isinstance(error, ReaderErrors) else (error,), key=_file_and_line)
    shown = errors[:MAX_REPORTED_ERRORS]
    for each in shown:
        print(f"error: {ReaderError.__str__(each)}", file=sys.stderr)
    if len(errors) > len(shown):
        print(f"… and {len(errors) - len(shown)} more errors", file=sys.stderr)
    print(f"{len(errors)} error{'s' if len(errors) != 1 else ''} found", file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for each in shown:
            print(github_annotation(each))


def _file_and_line(error: ReaderError) -> tuple[str, int]:
    """Errors by file, then down each file, so a contributor works through one file at a time."""
    return str(error.location.path), error.location.line


def github_annotation(error: ReaderError) -> str:
    """`::error file=…,line=…::message`, escaped as the workflow command
    syntax requires (%, CR and LF in the message; also , and : in properties)."""
    location = error.location
    path = location.path
    with contextlib.suppress(ValueError):
        path = path.resolve().relative_to(Path.cwd().resolve())
    # Control characters and terminal sequences from the input go first.
    message = terminal_text(error.message + (f" (hint: {error.hint})" if error.hint else ""))
    return (f"::error file={_escape_property(terminal_text(str(path)))},line={location.line}::"
            + message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def check(root: Path) -> int:
    """Everything `mkdocs build` would reject in our sources: the same
    pipeline, and the same function for every hand-written page. Every
    problem of every file is reported in one run."""
    from build_tools.inputs import refuse_code_in_site_config

    if (root / "mkdocs.yml").is_file():  # before CI's later steps let MkDocs read it
        refuse_code_in_site_config(root / "mkdocs.yml")
    content, problems, pages = checked_sources(root)
    problems.raise_if_any()
    for notice in content.notices:
        print(f"note: {notice}", file=sys.stderr)
    for warning in content.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _print_needs_human(content.papers)
    summary = (f"{len(content.papers)} papers, {len(content.works)} works, {len(content.glossary.concepts)} "
               f"concepts, {len(content.notes)} annotations, {len(pages)} hand-written pages")
    if content.warnings:
        count = len(content.warnings)
        print(f"{count} warning{'s' if count != 1 else ''}: `mkdocs build --strict` (CI) refuses "
              f"{'these' if count != 1 else 'this'}; {summary}", file=sys.stderr)
        return 1
    print(f"ok: {summary}")
    return 0


def add(root: Path, path: Path, slug: str = "", bib_path: Path | None = None) -> int:
    """Add a paper (build_tools/add_paper.py), then check the whole project
    and print what the importer did with the new paper."""
    from build_tools.add_paper import add_paper
    from build_tools.read.papers import read_paper

    folder = add_paper(root, path, slug, bib_path)
    files = ", ".join(sorted(p.name for p in folder.iterdir()))
    print(f"added {folder} ({files}) and its checksums in papers/SHA256SUMS")
    print(f"next: confirm the values marked CONFIRM in {folder / 'paper.yml'} (provenance, licence), "
          "then run `python -m build_tools bib`")
    status = 0
    try:
        if check(root) != 0:
            # Expected until `bib` has run: the new paper's works are not yet in bibliography.bib.
            print("the paper was added; check's warnings are above: once paper.yml is confirmed, "
                  "`python -m build_tools bib` adds the new works to bibliography.bib", file=sys.stderr)
    except ReaderError as error:
        report_errors(error)
        print("the paper was added; fix the problems above (README 'Adding a paper': corrections)", file=sys.stderr)
        status = 1
    with contextlib.suppress(ReaderError):
        report = read_paper(folder).import_report
        counts = {action: sum(1 for item in report if item.action == action) for action in
                  ("detected", "repaired", "removed", "needs-human")}
        print(f"import report for {folder.name}: " + ", ".join(f"{n} {action}" for action, n in counts.items()))
        for item in [i for i in report if i.action.value == "needs-human"][:10]:
            print(f"  needs a human: {item.location}: {item.message}")
        if counts["needs-human"] > 10:
            print(f"  … and {counts['needs-human'] - 10} more: python -m build_tools import-report {folder.name}")
    return status


def checked_sources(root: Path) -> tuple[SiteContent, Problems, list[Path]]:
    """The site built from the files that passed, every problem found, and
    the hand-written pages checked."""
    from build_tools.front_matter import page_body
    from build_tools.inputs import CONCEPT_PAGE_LIMIT, read_text
    from build_tools.pipeline import build_site_content
    from build_tools.read.papers import paper_directories

    problems = Problems()
    content = build_site_content(root, cache=BuildCache(), problems=problems)
    docs = root / "docs"
    pages = sorted(docs.rglob("*.md"))

    def check_page(page: Path) -> None:
        body, first_line = page_body(read_text(page, CONCEPT_PAGE_LIMIT, "a page", root=root, hand_written=True))
        content.hand_written_markdown(body, page, page.relative_to(docs).as_posix(), first_line)

    if len(content.papers) == len(paper_directories(root / "papers")):
        problems.each(pages, check_page)
    elif problems:
        # Their [@key] citations may name a work of the paper that failed.
        print("note: hand-written pages are checked once every paper can be read", file=sys.stderr)
    return content, problems, pages


def pr_summary(root: Path, base: str) -> int:
    """Markdown for a pull request's job summary: each note the pull
    request adds or changes, with the passage it anchors to, or with its
    problems; then any other problem. Exits 0: the `check` step fails the
    run, this one explains it."""
    from build_tools.render.pr_summary import changed_notes, render_pr_summary

    changes = changed_notes(root, base)
    content, problems, _ = checked_sources(root)
    # Warnings too: the strict build of the same run refuses them.
    print(render_pr_summary(changes, content, [*problems.errors, *content.warnings], root,
                            os.environ.get("SITE_URL", "")))
    return 0


def _print_needs_human(papers: Sequence[Paper]) -> None:
    """What the readers could not read: a page-wide notice in full, and how
    many report items need a human per paper (`import-report SLUG` lists
    them). The site still builds: the pages say so themselves."""
    for paper in papers:
        needs = [r for r in paper.import_report if r.action is ReportAction.NEEDS_HUMAN]
        for item in (r for r in needs if r.whole_page):
            print(f"needs a human: {item.location}: {item.message}")
        if needs:
            print(f"needs a human: {paper.slug}: {len(needs)} import-report item{'s' if len(needs) != 1 else ''} "
                  f"(python -m build_tools import-report {paper.slug})")


def bib(root: Path) -> int:
    """Add the works of new papers to bibliography.bib; no published entry
    is rewritten or dropped."""
    from build_tools.export.bibtex import bibliography_file
    from build_tools.read.papers import read_papers
    from build_tools.references.bibliography import build_references
    from build_tools.references.published import read_published
    from build_tools.urls import BIBLIOGRAPHY_FILE

    path = root / BIBLIOGRAPHY_FILE
    published = read_published(root)
    bibliography = build_references(read_papers(root / "papers"), published)
    path.write_text(bibliography_file(bibliography.works, published, with_curated=False),
                    encoding="utf-8", newline="\n")
    added = len(bibliography.new_keys)
    print(f"wrote {path}: {added} new entr{'y' if added == 1 else 'ies'}"
          + (f" ({', '.join(bibliography.new_keys)})" if 0 < added <= 10 else "")
          + "; no published entry changed")
    return 0


def checksums(root: Path) -> int:
    from build_tools.read.papers import CHECKSUMS_FILE, checksums_text

    path = root / "papers" / CHECKSUMS_FILE
    path.write_text(checksums_text(root / "papers"), encoding="utf-8", newline="\n")
    print(f"wrote {path}")
    return 0


def audit(root: Path) -> int:
    from build_tools.audit import audit as run_audit

    return run_audit(root)


def parse_reference(root: Path, text: str) -> int:
    from build_tools.references.parse_reference import reference_as_csl_json

    print(reference_as_csl_json(text))
    return 0


def import_report(root: Path, slug: str) -> int:
    """Print a paper's import report, one line per item, raw source lines."""
    from build_tools.pipeline import reference_report
    from build_tools.read.papers import read_paper
    from build_tools.references.bibliography import build_references

    paper_dir = root / "papers" / slug
    if not slug or not paper_dir.is_dir():
        known = ", ".join(sorted(d.name for d in (root / "papers").iterdir() if d.is_dir()))
        print(terminal_text(f"error: no paper {slug!r}; known papers: {known}"), file=sys.stderr)
        return 2
    paper = read_paper(paper_dir)
    report = (*paper.import_report, *reference_report(build_references([paper]), paper))
    if not report:
        print(f"{slug}: read by the {paper.format.value} reader, which keeps no import report")
        return 0
    for item in report:
        print(terminal_text(f"{item.location}: {item.action.value}: {item.message}"))
    needs = sum(1 for item in report if item.action.value == "needs-human")
    print(f"{len(report)} items, {needs} need a human")
    return 0


def export(root: Path, out: Path) -> int:
    from build_tools.export.markdown_project import export_markdown_project

    written = export_markdown_project(root, out)
    print(f"wrote {len(written)} files to {out}; build it with: mkdocs build --strict -f {out / 'mkdocs.yml'}")
    return 0


COMMANDS: dict[str, Callable[..., int]] = {
    "add": add, "check": check, "bib": bib, "checksums": checksums, "audit": audit,
    "parse-reference": parse_reference, "import-report": import_report, "pr-summary": pr_summary,
    "export": lambda root, out: export(root, Path(out)),
}
# Positional arguments each command takes, by name (for the usage message).
COMMAND_ARGUMENTS = {"add": ("PATH",), "parse-reference": ("TEXT",), "import-report": ("SLUG",), "export": ("OUT",),
                     "pr-summary": ("BASE",)}
