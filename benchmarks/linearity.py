"""How the time of steps that once grew with the square of their input grows
now, printed as figures (the test suite holds no timing assertion: a shared
machine makes timings noise).

    PYTHONPATH=. python -m benchmarks.linearity

Each step runs at sizes n and 8n; linear growth gives a ratio near 8,
quadratic near 64.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from build_tools.model import Concept, Paper, Paragraph, ParagraphKind, Section, SourceLocation, TermOccurrence
from build_tools.read.papers import read_paper
from build_tools.render.concept_pages import render_concept_backlinks

ROOT = Path(__file__).resolve().parent.parent


def long_paper_with_uses(base: Paper, count: int) -> tuple[Concept, list[TermOccurrence], Paper]:
    """`base` with `count` paragraphs, each using the concept "alliance" twice."""
    where = SourceLocation(Path("x.md"), 1)
    paragraphs = tuple(Paragraph(f"s1-p{i}", "An alliance. Another alliance.", ParagraphKind.TEXT, where)
                       for i in range(count))
    paper = dataclasses.replace(base, abstract=(), sections=(Section("s1", "1", "One", 1, where, paragraphs),))
    uses = [TermOccurrence("alliance", paper.slug, p.id, "s1", start, start + 8, "alliance")
            for p in paragraphs for start in (3, 21)]
    concept = Concept("alliance", "Alliance", (), "A pact.", (), Path("alliance.md"), where, "")
    return concept, uses, paper


def backlinks_seconds(base: Paper, count: int) -> float:
    concept, uses, paper = long_paper_with_uses(base, count)
    started = time.perf_counter()
    render_concept_backlinks(concept, uses, [paper], "concepts/alliance.md")
    return time.perf_counter() - started


def main() -> None:
    base = read_paper(ROOT / "tests" / "fixtures" / "project" / "papers" / "zou-balancing-act")
    small, large = backlinks_seconds(base, 1000), backlinks_seconds(base, 8000)
    print(f"concept backlinks: 1,000 paragraphs {small:.3f} s, 8,000 {large:.3f} s, ratio {large / small:.1f} "
          "(linear ≈ 8, quadratic ≈ 64)")


if __name__ == "__main__":
    main()
