"""Every reader runs in time linear in its input (issue 22): no regular
expression in build_tools backtracks super-linearly (regexploit, a ReDoS
detector, reads each one), and each pathological family of
benchmarks/fuzz.py, at 100 KB, is read or refused in a child process that
only a hang would keep past the timeout. No timing is asserted beyond that:
`python -m benchmarks.fuzz --families` prints the figures and their growth."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import warnings
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # regexploit imports sre_parse, deprecated in 3.11
    from regexploit.ast.sre import SreOpParser
    from regexploit.languages.python_node_visitor import PythonNodeVisitor
    from regexploit.redos import find

import build_tools
from benchmarks.fuzz import FAMILIES, _time_in_child

pytestmark = pytest.mark.unit

PACKAGE = Path(build_tools.__file__).parent
HANG_SECONDS = 60.0


class PossessiveAwareParser(SreOpParser):  # type: ignore[misc]
    """regexploit (2021) predates Python 3.11's possessive quantifiers and
    atomic groups. Neither gives back what it took, so neither can be the
    source of backtracking: each is read as one pass over its content."""

    def from_POSSESSIVE_REPEAT(self, data: tuple[int, int, list[Any]]) -> Any:
        return self.sequence_or_singleton(data[2])

    def from_ATOMIC_GROUP(self, data: list[Any]) -> Any:
        return self.sequence_or_singleton(data)


def every_pattern() -> dict[tuple[str, int], str]:
    """(pattern, flags) → where: each compiled pattern a module of
    build_tools holds, and each literal pattern passed to `re` in its code."""
    found: dict[tuple[str, int], str] = {}
    for module in pkgutil.walk_packages(build_tools.__path__, "build_tools."):
        if module.name.endswith("__main__"):
            continue
        namespace = vars(importlib.import_module(module.name))
        for name, value in namespace.items():
            values = vars(value).items() if isinstance(value, type) else [(name, value)]
            for attribute, pattern in values:
                if isinstance(pattern, re.Pattern) and isinstance(pattern.pattern, str):
                    found.setdefault((pattern.pattern, pattern.flags), f"{module.name}.{attribute}")
    for path in sorted(PACKAGE.rglob("*.py")):
        visitor = PythonNodeVisitor()
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        for literal in visitor.patterns:
            try:  # a piece of an f-string pattern, compiled whole above, is not one
                re.compile(literal.pattern, literal.flags)
            except re.error:
                continue
            found.setdefault((literal.pattern, literal.flags), f"{path.relative_to(PACKAGE.parent)}:{literal.lineno}")
    return found


def test_the_detector_sees_every_kind_of_pattern() -> None:
    patterns = every_pattern()
    assert len(patterns) > 300
    assert any(where.startswith("build_tools.read.") for where in patterns.values())
    # and finds what it is for: the cubic pattern entry_parser.py once held
    cubic = r"\s*URL:\s*(?P<url>[^\s(]+)?\s*(?:\(accessed (?P<accessed>[^)]*)\))?\.?\s*$"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert max(r.starriness for r in find(PossessiveAwareParser().parse_sre(cubic))) >= 3


def test_no_regular_expression_backtracks_super_linearly() -> None:
    findings = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # regexploit imports sre_parse, deprecated in 3.11
        for (pattern, flags), where in every_pattern().items():
            parsed = PossessiveAwareParser().parse_sre(pattern, flags & ~re.UNICODE)
            worst = max((redos.starriness for redos in find(parsed)), default=0)
            if worst >= 2:
                findings.append(f"{where}: {pattern[:100]} (complexity n^{worst})")
    assert findings == []


@pytest.mark.parametrize("family", FAMILIES, ids=[f.name for f in FAMILIES])
def test_each_pathological_family_at_100_kb_is_read_or_refused_without_hanging(family: Any) -> None:
    seconds, outcome = _time_in_child(family, 100_000, HANG_SECONDS)
    assert seconds is not None, f"{family.name}: {outcome}"
    assert outcome == "read" or outcome.startswith("refused"), outcome


# --- limits on what a small input can multiply ------------------------------------------


def _jats_paper(tmp_path: Path, body: str, references: int) -> Any:
    from build_tools.read.papers import read_paper
    from tests.test_structured_sources import JATS_YML

    refs = "".join(f'<ref id="r{n}"><label>{n}</label><mixed-citation>Author{n} A. Title {n}. J. 2000.'
                   "</mixed-citation></ref>" for n in range(1, references + 1))
    paper = tmp_path / "demo"
    paper.mkdir()
    (paper / "source.xml").write_text(
        '<?xml version="1.0"?>\n<article><front><article-meta><title-group><article-title>T</article-title>'
        f"</title-group></article-meta></front><body><sec><title>S</title>{body}</sec></body>"
        f"<back><ref-list>{refs}</ref-list></back></article>\n", encoding="utf-8")
    (paper / "paper.yml").write_text(JATS_YML, encoding="utf-8")
    return read_paper(paper)


def test_a_jats_citation_range_past_the_cap_links_its_two_ends_and_needs_a_human(tmp_path: Path) -> None:
    from build_tools.model import ReportAction
    from build_tools.read.jats import MAX_RANGE

    xref = '<xref ref-type="bibr" rid="r{0}">{0}</xref>'
    body = (f"<p>Small [{xref.format(1)}–{xref.format(4)}] and huge [{xref.format(1)}–"
            f"{xref.format(MAX_RANGE + 10)}].</p>")
    paper = _jats_paper(tmp_path, body, MAX_RANGE + 10)
    small, huge = paper.sections[0].paragraphs[0].citations
    assert small.labels == ("1", "2", "3", "4")
    assert huge.labels == ("1", str(MAX_RANGE + 10))
    assert [r.message for r in paper.import_report if "citation range" in r.message] == [
        f"the citation range 1–{MAX_RANGE + 10} names more than {MAX_RANGE} references; linked to its two ends"]
    assert all(r.action is ReportAction.NEEDS_HUMAN for r in paper.import_report if "citation range" in r.message)


def test_table_spans_past_the_cap_are_ignored_and_reported(tmp_path: Path) -> None:
    from build_tools.model import ReportAction

    rows = '<tr><td colspan="1000" rowspan="1000">x</td></tr>' * 200
    paper = _jats_paper(tmp_path, f"<table-wrap><label>Table 1</label><table><tbody>{rows}</tbody></table>"
                                  "</table-wrap>", 1)
    table = paper.sections[0].paragraphs[0].table
    assert table is not None and len(table.rows) == 200 and all(row == ("x",) for row in table.rows)
    assert any(r.action is ReportAction.NEEDS_HUMAN and "200,000,000 cells" in r.message
               for r in paper.import_report)


@pytest.mark.parametrize("body", ["[" * 5 + "a" + "]" * 5, "[[[[[x " * 3, "See [x [y [z [w [v and more."])
def test_pandoc_brackets_nested_past_the_cap_are_one_error_at_their_line(tmp_path: Path, body: str) -> None:
    from build_tools.model import ReaderError
    from tests.test_structured_sources import read_markdown

    with pytest.raises(ReaderError, match="nest or stay open more than 4 deep") as caught:
        read_markdown(tmp_path, f"# A\n\nFine [a] [[b]] text.\n\n{body}\n")
    assert caught.value.location.line == 14  # after the 9-line YAML block, the heading and a paragraph


def test_brackets_in_code_and_escaped_ones_are_not_counted() -> None:
    from build_tools.read.bracket_depth import refuse_deep_brackets

    refuse_deep_brackets("```r\nx[[[[[[1]]]]]]\n```\n\n`a[[[[[[b` and \\[\\[\\[\\[\\[ text\n", Path("p.md"))


def test_a_paragraph_past_the_limits_is_cut_and_its_extra_marks_stay_text(tmp_path: Path) -> None:
    from build_tools.model import ReportAction
    from build_tools.read.paragraph_limits import MAX_MARKS_PER_PARAGRAPH, MAX_PARAGRAPH_CHARACTERS
    from tests.test_structured_sources import read_markdown

    words = "Alliances bind [@walt1987] "
    count = MAX_PARAGRAPH_CHARACTERS * 5 // 2 // len(words)
    paper = read_markdown(tmp_path, "# A\n\n" + words * count + "\n\nA short one [@walt1987].\n")
    paragraphs = paper.sections[0].paragraphs
    assert [p.id for p in paragraphs] == ["s1-p1", "s1-p1-2", "s1-p1-3", "s1-p2"]
    assert all(len(p.text) <= MAX_PARAGRAPH_CHARACTERS for p in paragraphs)
    assert "".join(p.text for p in paragraphs[:3]) == (words * count).strip()
    for paragraph in paragraphs:  # every mark still names its own words
        assert all(paragraph.text[c.start:c.end] == "[@walt1987]" for c in paragraph.citations)
    assert sum(len(p.citations) for p in paragraphs[:3]) == 3 * MAX_MARKS_PER_PARAGRAPH
    (item,) = [r for r in paper.import_report if r.message.startswith("paragraph s1-p1 ")]
    assert item.action is ReportAction.NEEDS_HUMAN and "cut into 3 paragraphs" in item.message
    assert f"{count - 3 * MAX_MARKS_PER_PARAGRAPH:,} of its citations" in item.message
