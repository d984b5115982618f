"""How well the importer reads the hand-checked corpus.

For every `tests/corpus/<slug>/` with an expected.yml, read the paper with
the real reader and references stage and compare with the hand-written
expectations:

- refs: reference entries found vs expected;
- right refs: of the hand-checked `references_checked`, how many become a
  `Work` with the right first author family, year and title (the issue's
  target: ≥ 95% correct);
- cites: in-text citation markers linked vs the hand count;
- right cites: of the `citation_examples`, how many are found in the text
  with a marker over them that points at the right entry (same keys or
  numbers; for author-year, an entry whose first author and year are the
  example's);
- sections: expected section titles found (at the level expected, when
  expected.yml lists the `subsections`);
- furniture left, footnotes, tables, and report items that need a human.

    .venv/bin/python -m benchmarks.import_quality
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_tools.cache import BuildCache
from build_tools.model import CitationMarker, Paper, ReportAction, Work
from build_tools.read.citations_in_text import expand_labels
from build_tools.read.papers import read_paper
from build_tools.references.bibliography import ascii_letters, first_name, paper_works

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"


@dataclass(frozen=True)
class Quality:
    slug: str
    references_found: int
    references_expected: int
    references_correct: int
    references_checked: int
    citations_linked: int
    citations_expected: int
    citations_right: int
    citation_examples: int
    sections_found: int
    sections_expected: int
    furniture_left: int
    furniture_expected: int
    footnotes_found: int
    footnotes_expected: int
    tables_found: int
    tables_expected: int
    needs_human: int
    wrong: tuple[str, ...] = ()   # what failed, one line each, for the README and test messages


def corpus_fixtures() -> list[Path]:
    return [d for d in sorted(CORPUS.iterdir()) if (d / "expected.yml").is_file()]


def converted_fixtures() -> list[Path]:
    return [d for d in corpus_fixtures() if _expected(d).get("format") == "converted-markdown"]


def _expected(directory: Path) -> dict[str, object]:
    loaded = yaml.safe_load((directory / "expected.yml").read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def read_fixture(directory: Path) -> Paper:
    return read_paper(directory)


def normalised(text: str) -> str:
    """Markup and spacing folded, so "**2/16** " in expected.yml finds "2/16"."""
    return " ".join(re.sub(r"[*_`#|]", " ", text).split())


def furniture_left(paper: Paper, examples: list[str]) -> list[str]:
    """Examples still in the text as whole words. A one-word example ("305",
    "www.clinsci.org") may also be a word of the prose or a part of a URL, so
    it counts as left only if no removal in the import report quotes it, or if
    a paragraph is that word alone."""
    paragraphs = [normalised(p.text) for p in paper.paragraphs()] + [normalised(s.title) for s in paper.sections]
    body = "\n".join(paragraphs)
    removed = "\n".join(normalised(i.message) for i in paper.import_report if i.action is ReportAction.REMOVED)
    left = []
    for example in examples:
        wanted = normalised(example)
        if not wanted or not re.search(rf"(?<!\S){re.escape(wanted)}(?!\S)", body):
            continue
        if len(wanted.split()) == 1 and wanted not in paragraphs and wanted in removed:
            continue
        left.append(example)
    return left


def _words(text: str) -> str:
    return " ".join(w for w in (ascii_letters(w, keep_digits=True) for w in text.split()) if w)


def _integer(value: object) -> int:
    try:
        return int(str(value).split()[0])
    except (ValueError, IndexError):
        return 0


# --- references ------------------------------------------------------------


def reference_is_right(work: Work, checked: dict[str, object]) -> bool:
    name = first_name(work)
    family = str(checked.get("first_author_family", ""))
    return (name is not None and ascii_letters(name.family) == ascii_letters(family)
            and work.year[:4] == str(checked.get("year", ""))[:4]
            and _words(work.title) == _words(str(checked.get("title", ""))))


def check_references(works: dict[str, Work], checked: list[dict[str, object]]) -> list[str]:
    """One line per hand-checked reference that no work matches."""
    wrong = []
    for expected in checked:
        if not any(reference_is_right(w, expected) for w in works.values()):
            family = ascii_letters(str(expected.get("first_author_family", "")))
            near = next((w for w in works.values() if (n := first_name(w)) and ascii_letters(n.family) == family),
                        None)
            got = (f"got {first_name(near)} {near.year} {near.title[:70]!r}" if near is not None
                   else "no work with that first author")
            wrong.append(f"reference {expected.get('first_author_family')} {expected.get('year')}: {got}")
    return wrong


# --- citations ---------------------------------------------------------------


def _squeezed(text: str) -> tuple[str, list[int]]:
    """`text` without spaces and markup, lowercased, and where each kept
    character was, so an example written with the converter's spacing is found."""
    kept: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        if not c.isspace() and c not in "*_`":
            kept.append(c.lower())
            where.append(i)
    return "".join(kept), where


def _cited_names_and_years(example: str) -> list[tuple[str, str]]:
    """("hongo", "2015") for each work an author-year example cites. A part
    without a year is a co-author of the next (ABNT: "BRAIT; PISTORI, 2012")."""
    cited = []
    pending = ""
    for part in re.split(r";", example):
        year = re.search(r"(1[6-9]\d\d|20\d\d)", part)
        if not year:
            pending = pending or part
            continue
        # "(e.g., Gay", "(for example, Hyde,", "see also": words before the first name are no author.
        # A name's particle ("van Bottenburg, Rijnen, & van Sterkenburg (2005)") is no such word.
        names = re.sub(r"^[\s(\[]*(?:(?:e\.g\.|i\.e\.|cf\.|(?!(?:van|von|de|der|den|da|di|du|del|della|la|le|ter)\s)"
                       r"[a-z]+),?\s+)*", "", (pending or part[:year.start()]))
        pending = ""
        names = re.split(r"\s*(?:&|\band\b|,)\s*|\s+et\s*al\b|(?<=[a-z])etal\.?", names)[0]
        names = re.sub(r"['’]s$", "", names.strip(" (."))   # "Weiss’s (1993)"
        if names:
            cited.append((ascii_letters(names), year.group(1)))
    return cited


def citation_is_right(marker: CitationMarker, example: str, works: dict[str, Work],
                      missing: frozenset[str] = frozenset()) -> bool:
    """`missing`: keys expected.yml says the paper's .bib lacks; a marker
    rightly links the others only."""
    example = html.unescape(example)   # "(Loytynoja &amp; Goldman, 2005)": the ";" of "&amp;" is not a separator
    keys = re.findall(r"@([\w:.#$%&\-+?<>~/]+)", example)
    if keys:
        return list(marker.labels) == [k.rstrip(".,;:") for k in keys if k.rstrip(".,;:") not in missing]
    # "[2, 3]", or "(2, 3)" as Science prints numbers
    if numbers := re.fullmatch(r"\s*[\[(]([\d\s,;–—-]+)[\])]\s*", example):
        return marker.labels == expand_labels(numbers.group(1)) and all(label in works for label in marker.labels)
    for family, year in _cited_names_and_years(example):
        found = False
        for label in marker.labels:
            work = works.get(label)
            name = first_name(work) if work else None
            # "(R Core Team 2018)" points at the right entry whether the entry's
            # name was read as family "Core Team", given "R", or as one name.
            written = {ascii_letters(name.family), ascii_letters(name.given + name.family)} if name else set()
            # "GLUCKSMANN, 1982" cites the 1982 translation an entry of 1981
            # names in its printed text: the year is the entry's too.
            printed = " ".join(c.raw_text for c in work.cited_as) if work is not None else ""
            if work is not None and name is not None and (work.year[:4] == year or year in printed) and \
                    written & {family, family.removesuffix("etal")}:
                found = True
        if not found:
            return False
    return bool(marker.labels)


def check_citations(paper: Paper, works: dict[str, Work], examples: list[str],
                    missing: frozenset[str] = frozenset()) -> list[str]:
    """One line per citation example not found, not linked, or linked to the
    wrong entry."""
    wrong = []
    for example in examples:
        wanted, _ = _squeezed(html.unescape(example))
        verdict = "not found in the text"
        for paragraph in paper.paragraphs():
            squeezed, where = _squeezed(paragraph.text)
            at = squeezed.find(wanted)
            # Every place the example stands in the paragraph: a manuscript
            # may show the syntax as code ("`[@key]` produces [@key]") first.
            while at >= 0:
                start, end = where[at], where[at + len(wanted) - 1] + 1
                over = [m for m in paragraph.citations if m.start < end and start < m.end]
                if any(citation_is_right(m, example, works, missing) for m in over):
                    verdict = ""
                    break
                if over:
                    verdict = f"linked to {[m.labels for m in over]}"
                elif not verdict.startswith("linked to"):
                    verdict = "in the text but not linked"
                at = squeezed.find(wanted, at + 1)
            if not verdict:
                break
        if verdict:
            wrong.append(f"citation {example!r}: {verdict}")
    return wrong


# --- sections ----------------------------------------------------------------


def check_sections(paper: Paper, expected: list[str], subsections: list[str] | None = None) -> list[str]:
    """Expected titles not found; with `subsections` (titles a level down)
    also titles found at the wrong level (a converter flattened them)."""
    levels: dict[str, set[int]] = {}
    for section in paper.sections:
        levels.setdefault(_words(section.title), set()).add(section.level)
    if paper.abstract:
        levels.setdefault("abstract", set()).add(1)
    wrong = []
    lower = {_words(s) for s in subsections or ()}
    for title in expected:
        found = levels.get(_words(title))
        if not found:
            wrong.append(f"section {title!r} not found")
        elif subsections is not None and title.lower() != "abstract" and not (
                any(level >= 2 for level in found) if _words(title) in lower else 1 in found):
            wrong.append(f"section {title!r} found at level {sorted(found)}, expected "
                         + ("a subsection" if _words(title) in lower else "level 1"))
    return wrong


def measure(directory: Path, cache: BuildCache | None = None) -> Quality:
    expected = _expected(directory)
    paper = read_fixture(directory)
    works = paper_works(paper, cache or BuildCache())
    listed = expected.get("furniture_examples")
    furniture = [str(e) for e in listed] if isinstance(listed, list) else []
    checked_list = expected.get("references_checked")
    checked = [c for c in checked_list if isinstance(c, dict)] if isinstance(checked_list, list) else []
    examples_list = expected.get("citation_examples")
    examples = [str(e) for e in examples_list] if isinstance(examples_list, list) else []
    sections_list = expected.get("sections")
    sections = [str(s) for s in sections_list] if isinstance(sections_list, list) else []
    wrong_refs = check_references(works, checked)
    missing_list = expected.get("missing_keys")
    missing = frozenset(str(k) for k in missing_list) if isinstance(missing_list, list) else frozenset()
    wrong_cites = check_citations(paper, works, examples, missing)
    subsections_list = expected.get("subsections")
    subsections = [str(s) for s in subsections_list] if isinstance(subsections_list, list) else None
    wrong_sections = check_sections(paper, sections, subsections)
    left = furniture_left(paper, furniture)
    return Quality(
        slug=directory.name,
        references_found=len(paper.references),
        references_expected=_integer(expected.get("references", 0)),
        references_correct=len(checked) - len(wrong_refs),
        references_checked=len(checked),
        citations_linked=sum(len(p.all_citations) for p in paper.paragraphs()),
        citations_expected=_integer(expected.get("in_text_citations", 0)),
        citations_right=len(examples) - len(wrong_cites),
        citation_examples=len(examples),
        sections_found=len(sections) - len(wrong_sections),
        sections_expected=len(sections),
        furniture_left=len(left),
        furniture_expected=len(furniture),
        footnotes_found=len(paper.footnotes),
        footnotes_expected=_integer(expected.get("footnotes", 0)),
        tables_found=sum(1 for p in paper.paragraphs() if p.kind.value in ("table", "lost-table")),
        tables_expected=_integer(expected.get("tables", 0)),
        needs_human=sum(1 for r in paper.import_report if r.action is ReportAction.NEEDS_HUMAN),
        wrong=(*wrong_refs, *wrong_cites, *wrong_sections, *(f"furniture left: {e!r}" for e in left)),
    )


def _cell(found: int, expected: int) -> str:
    return f"{found:>3}/{expected:<3}"


def main(argv: list[str] | None = None) -> int:
    verbose = "--why" in (argv if argv is not None else sys.argv[1:])
    cache = BuildCache()
    print(f"{'paper':46} {'refs':>7} {'right refs':>10} {'cites':>7} {'right cites':>11} {'sections':>8} "
          f"{'furn.left':>9} {'notes':>7} {'tables':>7} {'human':>5}")
    totals = dict.fromkeys(("rf", "re", "rc", "rk", "cr", "ce", "sf", "se", "fl", "fe"), 0)
    for directory in corpus_fixtures():
        try:
            q = measure(directory, cache)
        except Exception as error:  # a benchmark reports every paper, even one that fails
            print(f"{directory.name:46} FAILED: {error}")
            continue
        print(f"{q.slug:46} {_cell(q.references_found, q.references_expected)} "
              f"{_cell(q.references_correct, q.references_checked):>10} "
              f"{_cell(q.citations_linked, q.citations_expected)} {_cell(q.citations_right, q.citation_examples):>11} "
              f"{_cell(q.sections_found, q.sections_expected):>8} {_cell(q.furniture_left, q.furniture_expected):>9} "
              f"{_cell(q.footnotes_found, q.footnotes_expected)} {_cell(q.tables_found, q.tables_expected)} "
              f"{q.needs_human:>5}")
        if verbose:
            for line in q.wrong:
                print(f"    {line}")
        for key, value in zip(totals, (q.references_found, q.references_expected, q.references_correct,
                                       q.references_checked, q.citations_right, q.citation_examples,
                                       q.sections_found, q.sections_expected, q.furniture_left,
                                       q.furniture_expected), strict=True):
            totals[key] += value
    print()
    print(f"references right: {totals['rc']}/{totals['rk']} ({_percent(totals['rc'], totals['rk'])}); "
          f"citation examples linked to the right entry: {totals['cr']}/{totals['ce']} "
          f"({_percent(totals['cr'], totals['ce'])}); sections found: {totals['sf']}/{totals['se']}; "
          f"reference entries: {totals['rf']} found / {totals['re']} expected; "
          f"furniture examples left: {totals['fl']}/{totals['fe']}")
    return 0


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


if __name__ == "__main__":
    sys.exit(main())
