"""Command line: `python -m build_tools <command>`.

  check   validate papers, concepts and annotations without building the site
  bib     write bibliography.bib from the parsed reference lists
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .model import ReaderError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("--root", type=Path, default=Path("."), help="project directory")
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args.root)
    except ReaderError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def check(root: Path) -> int:
    from .annotations import anchor_annotations, load_annotations
    from .read import read_papers

    papers = read_papers(root / "papers")
    annotations = load_annotations(root / "annotations", papers)
    anchor_annotations(annotations, papers)
    print(f"ok: {len(papers)} papers, {len(annotations)} annotations")
    return 0


COMMANDS = {"check": check}

if __name__ == "__main__":
    sys.exit(main())
