"""Command line: `python -m build_tools <command>`.

  check   everything the site build checks, without MkDocs: every problem
          found (up to 50), then exit 1 if there was any
  bib     write bibliography.bib from the parsed reference lists
  checksums
          write papers/SHA256SUMS from the raw sources, after adding or
          replacing a source on purpose (sources are never edited)
  audit   Lighthouse scores and page weight of key pages (needs npm and Chromium)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from build_tools.cache import BuildCache
from build_tools.model import ReaderError, ReaderErrors, SourceLocation, each_checked

MAX_REPORTED_ERRORS = 50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("--root", type=Path, default=Path("."), help="project directory")
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args.root)
    except ReaderError as error:
        report_errors(error)
        return 1


def report_errors(error: ReaderError) -> None:
    """Print every error; inside GitHub Actions also as workflow annotations,
    which GitHub shows on the line of the pull request's diff."""
    errors = error.errors if isinstance(error, ReaderErrors) else (error,)
    shown = errors[:MAX_REPORTED_ERRORS]
    for each in shown:
        print(f"error: {ReaderError.__str__(each)}", file=sys.stderr)
    if len(errors) > len(shown):
        print(f"… and {len(errors) - len(shown)} more errors", file=sys.stderr)
    print(f"{len(errors)} error{'s' if len(errors) != 1 else ''} found", file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for each in shown:
            print(github_annotation(each))


def github_annotation(error: ReaderError) -> str:
    """`::error file=…,line=…::message`, escaped as the workflow command
    syntax requires (%, CR and LF in the message; also , and : in properties)."""
    location = error.where if isinstance(error.where, SourceLocation) else SourceLocation(error.where, 1)
    path = location.path
    with contextlib.suppress(ValueError):
        path = path.resolve().relative_to(Path.cwd().resolve())
    message = error.message + (f" (hint: {error.hint})" if error.hint else "")
    return (f"::error file={_escape_property(str(path))},line={location.line}::"
            + message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def check(root: Path) -> int:
    """Everything `mkdocs build` would reject in our sources: the same
    pipeline, and the same function for every hand-written page."""
    from build_tools.front_matter import page_body
    from build_tools.pipeline import build_site_content

    content = build_site_content(root, cache=BuildCache())
    docs = root / "docs"
    pages = sorted(docs.rglob("*.md"))

    def check_page(page: Path) -> None:
        body, first_line = page_body(page.read_text(encoding="utf-8"))
        content.hand_written_markdown(body, page, page.relative_to(docs).as_posix(), first_line)

    each_checked(pages, check_page)
    for warning in content.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"ok: {len(content.papers)} papers, {len(content.works)} works, {len(content.glossary.concepts)} "
          f"concepts, {len(content.notes)} annotations, {len(pages)} hand-written pages")
    return 0


def bib(root: Path) -> int:
    from build_tools.export.bibtex import bibliography_to_bibtex
    from build_tools.read.papers import read_papers
    from build_tools.references.bibliography import build_bibliography
    from build_tools.urls import BIBLIOGRAPHY_FILE

    path = root / BIBLIOGRAPHY_FILE
    text = bibliography_to_bibtex(build_bibliography(read_papers(root / "papers")))
    path.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {path}")
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


COMMANDS = {"check": check, "bib": bib, "checksums": checksums, "audit": audit}
