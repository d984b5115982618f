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
