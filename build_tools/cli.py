"""Command line: `python -m build_tools <command>`.

  check   validate papers, concepts and annotations without building the site
  bib     write bibliography.bib from the parsed reference lists
  audit   Lighthouse scores and page weight of key pages (needs npm and Chromium)
  import-report SLUG   what the importer detected, repaired, removed and could not place
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_tools.model import ReaderError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("slug", nargs="?", help="the paper, for import-report")
    parser.add_argument("--root", type=Path, default=Path("."), help="project directory")
    args = parser.parse_args(argv)
    try:
        if args.command == "import-report":
            return import_report(args.root, args.slug or "")
        return COMMANDS[args.command](args.root)
    except ReaderError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def check(root: Path) -> int:
    """Everything `mkdocs build` would reject in our sources, without MkDocs."""
    from build_tools.pipeline import build_site_content
    from build_tools.render.citations import body_first_line, cite_in_markdown

    content = build_site_content(root)
    docs = root / "docs"
    pages = sorted(docs.rglob("*.md"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") and "\n---\n" in text else text
        cite_in_markdown(body, page, page.relative_to(docs).as_posix(), content.formatter,
                         first_line=body_first_line(page, body))
    print(f"ok: {len(content.papers)} papers, {len(content.works)} works, {len(content.glossary.concepts)} "
          f"concepts, {len(content.annotations)} annotations, {len(pages)} hand-written pages")
    return 0


def bib(root: Path) -> int:
    from build_tools.export.bibtex import write_bibliography

    path = write_bibliography(root)
    print(f"wrote {path}")
    return 0


def audit(root: Path) -> int:
    from build_tools.audit import audit as run_audit

    return run_audit(root)


def import_report(root: Path, slug: str) -> int:
    """Print a paper's import report, one line per item, raw source lines."""
    from build_tools.read.papers import read_paper

    paper_dir = root / "papers" / slug
    if not slug or not paper_dir.is_dir():
        known = ", ".join(sorted(d.name for d in (root / "papers").iterdir() if d.is_dir()))
        print(f"error: no paper {slug!r}; known papers: {known}", file=sys.stderr)
        return 2
    paper = read_paper(paper_dir)
    if not paper.import_report:
        print(f"{slug}: read by the {paper.format.value} reader, which keeps no import report")
        return 0
    for item in paper.import_report:
        print(f"{item.location}: {item.action.value}: {item.message}")
    needs = sum(1 for item in paper.import_report if item.action.value == "needs-human")
    print(f"{len(paper.import_report)} items, {needs} need a human")
    return 0


def _import_report_without_slug(root: Path) -> int:
    return import_report(root, "")


COMMANDS = {"check": check, "bib": bib, "audit": audit, "import-report": _import_report_without_slug}
