"""One paper in two forms: how much of the structured reading a converted
PDF gives back.

    python -m benchmarks.compare_forms                       # the corpus pairs
    python -m benchmarks.compare_forms STRUCTURED_DIR CONVERTED_DIR

The publisher's JATS and the authors' Pandoc Markdown + BibTeX are read
without guessing, so they are the reference; the same paper rendered to PDF
and converted back to Markdown (pymupdf4llm, markitdown) is read by the
tolerant converted-text reader. For each converted form against each
structured one this prints:

- sections: structured section titles (any level, back matter included)
  found among the converted form's, compared by their words;
- paragraphs: prose paragraphs (text, quotes, list items) whose words,
  citation markers left out (the forms print citations differently: "[@R]"
  and "(R Core Team 2018)"), equal a converted paragraph's, and those at
  least 90% similar (rapidfuzz ratio);
- citations: citations (marker × work) of the structured form whose best
  matching converted paragraph cites the same work, a work being its first
  author's family name and year;
- references: structured references with a converted one of the same first
  family name and year and a title at least 85% similar; and the converted
  ones left over;
- footnotes, tables and figures: counts, structured → converted.

Figures, not tests: nothing passes or fails here (benchmarks/README.md keeps
the last run).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz

from build_tools.model import Paper, Paragraph, ParagraphKind, Work
from build_tools.read.papers import read_paper
from build_tools.references.bibliography import build_bibliography, index_by_citation
from build_tools.references.parse_reference import parse_reference

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
PROSE = (ParagraphKind.TEXT, ParagraphKind.QUOTE, ParagraphKind.LIST_ITEM)
SIMILAR_PARAGRAPH = 90
SIMILAR_TITLE = 85
# Each paper: its structured forms, then its converted forms.
PAIRS = {
    "meers-2019-ggparliament": (("meers-2019-ggparliament", "meers-2019-ggparliament-jats"),
                                ("meers-2019-ggparliament-pymupdf4llm", "meers-2019-ggparliament-markitdown")),
    "waggoner-2019-rip": (("waggoner-2019-rip",),
                          ("waggoner-2019-rip-pymupdf4llm", "waggoner-2019-rip-markitdown")),
}


@dataclass(frozen=True)
class Comparison:
    structured: str
    converted: str
    sections: tuple[int, int]
    paragraphs_equal: tuple[int, int]
    paragraphs_similar: tuple[int, int]
    citations: tuple[int, int]
    references: tuple[int, int]
    extra_references: int
    counts: dict[str, tuple[int, int]]


def words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def prose_without_citations(paragraph: Paragraph) -> str:
    text, cut = paragraph.text, 0
    kept = []
    for marker in sorted(paragraph.citations, key=lambda m: m.start):
        kept.append(text[cut:marker.start])
        cut = max(cut, marker.end)
    kept.append(text[cut:])
    return words(" ".join(kept))


def work_identity(work: Work) -> tuple[str, str]:
    family = work.authors[0].family if work.authors else ""
    return words(family), work.year


def _works(paper: Paper) -> dict[str, Work]:
    """Each reference's work: from its CSL-JSON when the source is
    structured, else from its text by the CRF reference parser (the site's
    hand-written entry parser knows only the two house styles of the real
    papers, not JOSS's)."""
    references = [r if r.csl_json else replace(r, csl_json=json.dumps(parse_reference(r.text)))
                  for r in paper.references]
    return {label: work for (_, label), work in
            dict(index_by_citation(build_bibliography([replace(paper, references=tuple(references))]))).items()}


def _cited(paragraph: Paragraph, works: dict[str, Work]) -> Counter[tuple[str, str]]:
    return Counter(work_identity(works[label]) for m in paragraph.citations for label in m.labels
                   if label in works)


def compare(structured: Paper, converted: Paper) -> Comparison:
    wanted_sections = {words(s.title) for s in structured.sections if s.title}
    found_sections = {words(s.title) for s in converted.sections if s.title}
    structured_works, converted_works = _works(structured), _works(converted)

    candidates = [(prose_without_citations(p), p) for p in converted.paragraphs() if p.kind in PROSE]
    prose = [p for p in structured.paragraphs() if p.kind in PROSE]
    equal = similar = cited_same = cited_total = 0
    for paragraph in prose:
        text = prose_without_citations(paragraph)
        score, best = max(((fuzz.ratio(text, other), p) for other, p in candidates),
                          default=(0.0, None), key=lambda pair: pair[0])
        equal += any(text == other for other, _ in candidates)
        similar += score >= SIMILAR_PARAGRAPH
        wanted = _cited(paragraph, structured_works)
        cited_total += sum(wanted.values())
        if best is not None and score >= SIMILAR_PARAGRAPH:
            cited_same += sum((wanted & _cited(best, converted_works)).values())

    unmatched = list(converted.references)
    matched = 0
    for reference in structured.references:
        work = structured_works[reference.label]
        for other in unmatched:
            candidate = converted_works.get(other.label)
            if (candidate is not None and work_identity(candidate) == work_identity(work)
                    and fuzz.ratio(words(candidate.title), words(work.title)) >= SIMILAR_TITLE):
                unmatched.remove(other)
                matched += 1
                break

    def kinds(paper: Paper, kind: ParagraphKind) -> int:
        return sum(1 for p in paper.paragraphs() if p.kind is kind)

    counts = {"footnotes": (len(structured.footnotes), len(converted.footnotes))}
    counts |= {name: (kinds(structured, kind), kinds(converted, kind))
               for name, kind in (("tables", ParagraphKind.TABLE), ("figures", ParagraphKind.FIGURE))}
    return Comparison(structured.slug, converted.slug,
                      (len(wanted_sections & found_sections), len(wanted_sections)),
                      (equal, len(prose)), (similar, len(prose)), (cited_same, cited_total),
                      (matched, len(structured.references)), len(unmatched), counts)


def comparisons() -> list[Comparison]:
    found = []
    for structured_forms, converted_forms in PAIRS.values():
        papers = {slug: read_paper(CORPUS / slug) for slug in (*structured_forms, *converted_forms)}
        for structured in structured_forms:
            for converted in converted_forms:
                found.append(compare(papers[structured], papers[converted]))
    return found


def table(rows: list[Comparison]) -> str:
    def ratio(pair: tuple[int, int]) -> str:
        return f"{pair[0]}/{pair[1]}"

    lines = ["| structured | converted | sections | paragraphs equal | ≥90% similar | citations, same work "
             "| references (extra) | footnotes | tables | figures |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        counts = " | ".join(f"{a} → {b}" for a, b in row.counts.values())
        lines.append(f"| {row.structured} | {row.converted.rsplit('-', 1)[-1]} | {ratio(row.sections)} | "
                     f"{ratio(row.paragraphs_equal)} | {ratio(row.paragraphs_similar)} | {ratio(row.citations)} | "
                     f"{ratio(row.references)} ({row.extra_references}) | {counts} |")
    return "\n".join(lines)


def main() -> None:
    """No arguments: the corpus pairs. Two paper directories (structured
    first): that pair, e.g. a maintainer's paper in both forms."""
    if len(sys.argv) == 3:
        print(table([compare(read_paper(Path(sys.argv[1])), read_paper(Path(sys.argv[2])))]))
    else:
        print(table(comparisons()))


if __name__ == "__main__":
    main()
