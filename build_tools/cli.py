"""Command line: `python -m build_tools <command>`.

  check   validate papers, concepts and annotations without building the site
  bib     write bibliography.bib from the parsed reference lists
  audit   Lighthouse scores and page weight of key pages (needs npm and Chromium)
  export OUT  write the site as plain Markdown with a mkdocs.yml that needs no
          `reader` plugin, for another renderer (README "Moving to another renderer")
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_tools.model import ReaderError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=sorted([*COMMANDS, "export"]))
    parser.add_argument("out", type=Path, nargs="?", help="export: the folder to write (new, empty or earlier export)")
    parser.add_argument("--root", type=Path, default=Path("."), help="project directory")
    args = parser.parse_intermixed_args(argv)  # `export --root DIR OUT` as well as `export OUT --root DIR`
    if (args.command == "export") != (args.out is not None):
        parser.error("OUT is given to `export` and only to it")
    try:
        if args.command == "export":
            return export(args.root, args.out)
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


def export(root: Path, out: Path) -> int:
    from build_tools.export.markdown_project import export_markdown_project

    written = export_markdown_project(root, out)
    print(f"wrote {len(written)} files to {out}; build it with: mkdocs build --strict -f {out / 'mkdocs.yml'}")
    return 0


COMMANDS = {"check": check, "bib": bib, "audit": audit}
