"""How well the converted-Markdown reader imports the hand-checked corpus.

For every `tests/corpus/<slug>/` whose expected.yml says `format:
converted-markdown`, read the paper with the real reader and compare with the
hand-written expectations: references found vs expected, in-text citations
linked, furniture examples left in the text, footnotes recognised, tables,
and how many report items need a human.

    .venv/bin/python -m benchmarks.import_quality
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_tools.model import Paper, ReportAction
from build_tools.read.converted_markdown import read_converted_markdown
from build_tools.read.paper_directory import load_paper_source

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"


@dataclass(frozen=True)
class Quality:
    slug: str
    references_found: int
    references_expected: int
    citations_linked: int
    citations_expected: int
    furniture_left: int
    furniture_expected: int
    footnotes_found: int
    footnotes_expected: int
    tables_found: int
    tables_expected: int
    needs_human: int


def converted_fixtures() -> list[Path]:
    return [d for d in sorted(CORPUS.iterdir()) if (d / "expected.yml").is_file()
            and _expected(d).get("format") == "converted-markdown"]


def _expected(directory: Path) -> dict[str, object]:
    loaded = yaml.safe_load((directory / "expected.yml").read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def read_fixture(directory: Path) -> Paper:
    return read_converted_markdown(load_paper_source(directory))


def normalised(text: str) -> str:
    """Markup and spacing folded, so "**2/16** " in expected.yml finds "2/16"."""
    return " ".join(re.sub(r"[*_`#|]", " ", text).split())


def furniture_left(paper: Paper, examples: list[str]) -> list[str]:
    body = "\n".join(normalised(p.text) for p in paper.paragraphs())
    body += "\n" + "\n".join(normalised(s.title) for s in paper.sections)
    return [e for e in examples if normalised(e) and normalised(e) in body]


def measure(directory: Path) -> Quality:
    expected = _expected(directory)
    paper = read_fixture(directory)
    listed = expected.get("furniture_examples")
    examples = [str(e) for e in listed] if isinstance(listed, list) else []
    return Quality(
        slug=directory.name,
        references_found=len(paper.references),
        references_expected=int(str(expected.get("references", 0))),
        citations_linked=sum(len(p.citations) for p in paper.paragraphs()),
        citations_expected=int(str(expected.get("in_text_citations", 0))),
        furniture_left=len(furniture_left(paper, examples)),
        furniture_expected=len(examples),
        footnotes_found=len(paper.footnotes),
        footnotes_expected=int(str(expected.get("footnotes", 0))),
        tables_found=sum(1 for p in paper.paragraphs() if p.kind.value in ("table", "lost-table")),
        tables_expected=int(str(expected.get("tables", 0))),
        needs_human=sum(1 for r in paper.import_report if r.action is ReportAction.NEEDS_HUMAN),
    )


def main() -> int:
    print(f"{'paper':48} {'refs':>9} {'cites':>9} {'furn. left':>10} {'notes':>7} {'tables':>7} {'human':>6}")
    for directory in converted_fixtures():
        try:
            q = measure(directory)
        except Exception as error:  # a benchmark reports every paper, even one that fails
            print(f"{directory.name:48} FAILED: {error}")
            continue
        print(f"{q.slug:48} {q.references_found:>4}/{q.references_expected:<4} "
              f"{q.citations_linked:>4}/{q.citations_expected:<4} {q.furniture_left:>4}/{q.furniture_expected:<5} "
              f"{q.footnotes_found:>3}/{q.footnotes_expected:<3} {q.tables_found:>3}/{q.tables_expected:<3} "
              f"{q.needs_human:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
