"""Property-based fuzzing of everything that reads a contributor's file.

Each target gets inputs from Hypothesis: the real papers' sources with lines
deleted, repeated, cut or replaced by random text (so the readers get far
past format detection), random notes built around a valid one, arbitrary
bytes, random reference strings and random YAML. The one allowed failure is
a `ReaderError`; anything else (an IndexError, a RecursionError, a
UnicodeDecodeError) is a bug, and so is an input that takes over
`SLOW_SECONDS`.

    python -m benchmarks.fuzz                 # 10,000 examples per target
    python -m benchmarks.fuzz --examples 500 --target reference

tests/test_fuzz.py runs the same targets with a few examples in every test
run; this runner reports every failure instead of stopping at the first.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.annotations.load import load_annotation
from build_tools.cache import BuildCache
from build_tools.front_matter import load_located_mapping
from build_tools.model import PaperMetadata, RawReference, ReaderError, SourceLocation
from build_tools.read.paper_directory import PaperSource, detect_format
from build_tools.read.papers import reader_for
from build_tools.references.entry_parser import parse_reference

ROOT = Path(__file__).resolve().parent.parent
SLOW_SECONDS = 2.0
SOURCES = sorted((ROOT / "papers").glob("*/source.*"))
GOOD_NOTE = """---
exact: "institutional binding helps states overcome the relative gains problem"
prefix: "in the liberal view,"
author: "@reader-team"
created: 2024-05-01
tags: [nato, binding]
motivation: commenting
---

A note with [a link](concept:entrapment), a [@walt1987origins] citation and *emphasis*.
"""
# Lines the readers look for, so random text lands on their branches.
STRUCTURE = ["# Title", "## 1. Introduction", "### 2.1 Sub", "**Abstract:** text", "**Keywords:** a, b",
             "## References", "- [1] Walt, S. (1987) *The Origins of Alliances*. Cornell.", "[2] x", "DOI: 10.1/x",
             "For citation:", "Keywords", "References", "| a | b |", "|---|---|", "> quote", "- item", "---",
             "<sup>1</sup>", "*", "", "Retrieved from <https://x>", "[^1]: note", "$x$", "\\"]


def _mutated_lines(base: list[str]) -> st.SearchStrategy[str]:
    edit = st.tuples(st.sampled_from(["delete", "repeat", "cut", "replace", "insert"]),
                     st.floats(0, 1, exclude_max=True),
                     st.one_of(st.sampled_from(STRUCTURE), st.text(max_size=60)))

    def apply(edits: list[tuple[str, float, str]]) -> str:
        lines = list(base)
        for kind, where, text in edits:
            if not lines:
                lines.append(text)
                continue
            index = int(where * len(lines))
            if kind == "delete":
                del lines[index:index + 1 + int(where * 40)]
            elif kind == "repeat":
                lines.insert(index, lines[index])
            elif kind == "cut":
                lines[index] = lines[index][: int(where * len(lines[index]))]
            elif kind == "replace":
                lines[index] = text
            else:
                lines.insert(index, text)
        return "\n".join(lines)

    return st.lists(edit, max_size=25).map(apply)


def source_texts() -> st.SearchStrategy[str]:
    mutated = [_mutated_lines(path.read_text(encoding="utf-8").split("\n")) for path in SOURCES]
    invented = st.lists(st.one_of(st.sampled_from(STRUCTURE), st.text(max_size=80)), max_size=60).map("\n".join)
    return st.one_of(*mutated, invented)


def note_files() -> st.SearchStrategy[bytes]:
    as_text = st.one_of(_mutated_lines(GOOD_NOTE.split("\n")),
                        st.lists(st.one_of(st.sampled_from(GOOD_NOTE.split("\n")), st.text(max_size=40)),
                                 max_size=20).map("\n".join))
    return st.one_of(as_text.map(lambda text: text.encode("utf-8", "surrogatepass")), st.binary(max_size=400))


def reference_texts() -> st.SearchStrategy[str]:
    real = [line.split("] ", 1)[-1] for path in SOURCES for line in path.read_text(encoding="utf-8").split("\n")
            if len(line) > 40 and any(c.isdigit() for c in line)][:400]
    pieces = st.one_of(st.sampled_from(real), st.text(max_size=30),
                       st.sampled_from([" (2020) ", ". ", ", ", " pp. 1–20", " Vol. 3", " No. 2", " et al.",
                                        " In: ", " (eds.)", " URL: https://x.org", " doi:10.1/x", " [Title]"]))
    return st.lists(pieces, min_size=1, max_size=8).map("".join)


def yaml_texts() -> st.SearchStrategy[str]:
    tokens = st.sampled_from(["a: ", "- ", "[", "]", "{", "}", "&x ", "*x", "\n", "  ", "yes", "2024-13-01", '"',
                              "'", ": ", "? ", "!!python/object ", "|\n", ">\n", "#", "1e999", "~", ",", "\ufeff"])
    return st.lists(st.one_of(tokens, st.text(max_size=10)), max_size=50).map("".join)


# --- targets: each must raise nothing but ReaderError ----------------------------

PATH = Path("papers/fuzz/source.md")
METADATA = PaperMetadata(slug="fuzz", source=PATH, format=None, short_title="Fuzz", provenance="fuzz",
                         licence="none", location=SourceLocation(Path("papers/fuzz/paper.yml"), 1))


def read_source(text: str) -> None:
    """Format detection, then the reader it picks."""
    found = detect_format(text, PATH)
    reader_for(found)(PaperSource(METADATA, PATH, text, found))


@cache
def _notes_dir() -> Path:
    directory = Path(tempfile.mkdtemp(prefix="fuzz-notes-")) / "annotations"
    (directory / "zou-balancing-act").mkdir(parents=True)
    return directory


def load_note(data: bytes) -> None:
    path = _notes_dir() / "zou-balancing-act" / "fuzzed.md"
    path.write_bytes(data)
    load_annotation(path, _notes_dir(), ["zou-balancing-act", "istomin-baykov-2020"], BuildCache())


def read_reference(text: str) -> None:
    parse_reference(RawReference("fuzz", "1", text, SourceLocation(PATH, 1)))


def read_yaml(text: str) -> None:
    load_located_mapping(text, Path("paper.yml"))


@dataclass(frozen=True)
class Target:
    name: str
    strategy: Callable[[], st.SearchStrategy[object]]
    run: Callable[[object], None]


TARGETS = (
    Target("source", source_texts, read_source),  # type: ignore[arg-type]
    Target("note", note_files, load_note),  # type: ignore[arg-type]
    Target("reference", reference_texts, read_reference),  # type: ignore[arg-type]
    Target("yaml", yaml_texts, read_yaml),  # type: ignore[arg-type]
)


# --- the runner -------------------------------------------------------------------


@dataclass
class Findings:
    examples: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    crashes: dict[str, str] = field(default_factory=dict)  # exception type and message → an input
    slow: list[tuple[float, str]] = field(default_factory=list)


def run_target(target: Target, examples: int) -> Findings:
    findings = Findings()

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(target.strategy())
    def explore(value: object) -> None:
        started = time.perf_counter()
        try:
            target.run(value)
        except ReaderError:
            pass
        except Exception as error:  # every other exception is what we look for
            findings.crashes.setdefault(f"{type(error).__name__}: {str(error)[:120]}", repr(value)[:300])
        elapsed = time.perf_counter() - started
        findings.examples += 1
        findings.seconds += elapsed
        findings.slowest = max(findings.slowest, elapsed)
        if elapsed > SLOW_SECONDS:
            findings.slow.append((elapsed, repr(value)[:300]))

    explore()
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--target", choices=[t.name for t in TARGETS], action="append")
    args = parser.parse_args(argv)
    failed = False
    print(f"{'target':<10} {'examples':>8} {'mean ms':>8} {'max ms':>8} {'crashes':>8} {'over 2 s':>8}")
    for target in TARGETS:
        if args.target and target.name not in args.target:
            continue
        found = run_target(target, args.examples)
        mean = found.seconds / max(found.examples, 1) * 1000
        print(f"{target.name:<10} {found.examples:>8} {mean:>8.1f} {found.slowest * 1000:>8.0f} "
              f"{len(found.crashes):>8} {len(found.slow):>8}", flush=True)
        for crash, value in found.crashes.items():
            print(f"  crash: {crash}\n    input: {value}")
        for seconds, value in found.slow[:5]:
            print(f"  slow: {seconds:.1f} s\n    input: {value}")
        failed = failed or bool(found.crashes or found.slow)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
