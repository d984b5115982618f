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
    python -m benchmarks.fuzz --families      # the pathological families at 10 KB, 100 KB, 1 MB (CPU s)

tests/test_fuzz.py runs the same targets with a few examples in every test
run; this runner reports every failure instead of stopping at the first.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import multiprocessing
import os
import signal
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
from build_tools.concepts.glossary import load_glossary
from build_tools.front_matter import load_located_mapping
from build_tools.model import PaperMetadata, RawReference, ReaderError, SourceLocation
from build_tools.read.paper_directory import PaperSource, detect_format
from build_tools.read.papers import read_paper, reader_for
from build_tools.references.citation_syntax import find_citations
from build_tools.references.entry_parser import parse_reference
from build_tools.render.contributed_markdown import sanitized_concept_markdown
from build_tools.render.note_html import render_note
from build_tools.render.paper_page import render_paper

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


# --- pathological families (issue 22): what a small input can make slow ----------
#
# Each family builds an input of about `size` bytes of one shape that made a
# reader backtrack, rescan or expand, wrapped so it reaches that reader's
# branch. `python -m benchmarks.fuzz --families` times each (CPU seconds) at 10 KB, 100 KB
# and 1 MB and prints the growth (linear is about x10 per step); the test
# suite runs the 100 KB inputs under a timeout only a hang reaches.

FAMILY_SIZES = (10_000, 100_000, 1_000_000)
LIMIT_SECONDS = 2.0


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _jats(body: str, back: str = "", references: int = 3) -> str:
    refs = "".join(
        f'<ref id="r{n}"><label>{n}</label><element-citation publication-type="journal"><person-group>'
        f"<name><surname>Author{n}</surname><given-names>A</given-names></name></person-group>"
        f"<year>2000</year><article-title>Title {n}</article-title><source>J</source></element-citation></ref>"
        for n in range(1, references + 1))
    return ('<?xml version="1.0"?>\n<article><front><article-meta><title-group><article-title>A Test'
            f"</article-title></title-group></article-meta></front><body><sec><title>S</title>{body}</sec></body>"
            f"<back>{back}<ref-list>{refs}</ref-list></back></article>\n")


def _converted(body: str, references: str = "") -> str:
    references = references or ("Smith, J. (2000). A Book About Alliances. Ithaca: Cornell University Press.\n\n"
                                "Aa, B. (2001). Another Book on Pacts. London: Routledge.\n")
    return (f"# A Paper About Alliances\n\nJane Doe\n\n## Abstract\n\nAn abstract of the paper.\n\n"
            f"## 1. Introduction\n\n{body}\n\n## References\n\n{references}")


def _pandoc(body: str) -> str:
    return f"---\ntitle: 'A Test'\nbibliography: refs.bib\n---\n\n# Introduction\n\n{body}\n"


PANDOC_BIB = ("@book{a, author = {Walt, Stephen M.}, title = {The Origins of Alliances}, "
              "publisher = {Cornell University Press}, year = {1987}}\n")


@dataclass(frozen=True)
class Family:
    name: str
    target: str                       # "source", "note", "concept" or "reference"
    make: Callable[[int], str]
    extension: str = "md"             # of the source file


def _jats_ranges(size: int) -> str:
    references = max(3, int((size / 200) ** 0.5))
    marker = f'[<xref ref-type="bibr" rid="r1">1</xref>–<xref ref-type="bibr" rid="r{references}">{references}</xref>]'
    body = "<p>" + _repeat(f"Text {marker} ", size // 2) + "</p>"
    return _jats(body, references=references)


def _jats_spans(size: int) -> str:
    row = '<tr><td colspan="1000" rowspan="1000">x</td></tr>'
    return _jats("<table-wrap><label>Table 1</label><table><tbody>" + _repeat(row, size)
                 + "</tbody></table></table-wrap>")


FAMILIES = (
    Family("jats-processing-instructions", "source", lambda n: '<?xml version="1.0"?>' + _repeat("<?pi x?>", n)
           + "<html>", "xml"),
    Family("jats-citation-ranges", "source", _jats_ranges, "xml"),
    Family("jats-colspan-rowspan", "source", _jats_spans, "xml"),
    Family("jats-unclosed-tex-math", "source", lambda n: _jats(
        "<p><inline-formula><tex-math>\\begin{document}" + _repeat("x^{2} + ", n) + "</tex-math></inline-formula></p>"),
        "xml"),
    Family("jats-xrefs", "source", lambda n: _jats("<p>" + _repeat('<xref ref-type="bibr" rid="r1">1</xref>, ', n)
                                                   + "</p>"), "xml"),
    Family("pandoc-nested-brackets", "source", lambda n: _pandoc("[" * (n // 2) + "]" * (n // 2))),
    Family("pandoc-citations", "source", lambda n: _pandoc(_repeat("[@a] ", n))),
    Family("pandoc-distinct-keys", "source", lambda n: _pandoc(" ".join(f"[@k{i}]" for i in range(n // 9)))),
    Family("converted-heading-spaces", "source", lambda n: _converted("# a" + " " * n + "b")),
    Family("converted-html-comments", "source", lambda n: _repeat("<!---->", n) + "<x>\n\n" + _converted("Text.")),
    Family("converted-long-token", "source", lambda n: _converted("x" * n + "a1")),
    Family("converted-narrative-names", "source", lambda n: _converted(_repeat("Aa-", n))),
    Family("converted-open-parenthesis", "source", lambda n: _converted("(" + _repeat("2000 ", n))),
    Family("converted-inline-maths-openers", "source", lambda n: _converted(_repeat("\\(", n))),
    Family("converted-nested-braces-in-maths", "source", lambda n: _converted(
        "$" + "{" * (n // 2) + "}" * (n // 2) + "$")),
    Family("converted-reference-of-urls", "source", lambda n: _converted("Text [1].", "[1] " + _repeat("http://", n))),
    Family("converted-long-reference-line", "source", lambda n: _converted(
        "Text (Smith 2000).", "Smith, J. (2000). " + _repeat("Alliance politics and war. ", n))),
    Family("converted-line-of-citations", "source", lambda n: _converted(_repeat("(Smith 2000) ", n))),
    Family("converted-unclosed-code-fences", "source", lambda n: _converted(_repeat("```x\n", n))),
    # A first-page history line that is none after all: 29 dated items, then a word.
    Family("converted-history-lines", "source", lambda n: _converted(_repeat("Accepted 3 May 2019 " * 29 + "x\n\n",
                                                                               n))),
    Family("converted-run-in-labels", "source", lambda n: _converted(_repeat("**Funding" + " Aa" * 20 + "\n\n", n))),
    Family("note-citation-locator-spaces", "note", lambda n: "[@walt1987origins, p." + " " * n + "5]"),
    Family("note-unclosed-code-fences", "note", lambda n: _repeat("```x\n[@walt1987origins]\n", n)),
    Family("concept-citation-locator-spaces", "concept", lambda n: "[@walt1987origins, p." + " " * n + "5]"),
    Family("concept-unclosed-code-fences", "concept", lambda n: _repeat("```x\n[@a]\n", n)),
    Family("concept-open-brackets", "concept", lambda n: _repeat("[@a ", n)),
    Family("reference-of-urls", "reference", lambda n: _repeat("http://", n)),
    Family("reference-long-line", "reference", lambda n: "Smith, J. (2000). " + _repeat("Alliance politics. ", n)),
    Family("reference-narrative-names", "reference", lambda n: _repeat("Aa-", n)),
    Family("reference-open-parenthesis", "reference", lambda n: "(" + _repeat("2000 ", n)),
    Family("reference-aaas-names", "reference", lambda n: _repeat("A. B. Van der Aa, ", n) + "Title. J. 1, 2 (2000)."),
    Family("reference-aaas-sentences", "reference", lambda n: "A. Smith, " + _repeat("Aa Bb. ", n) + "1, 2 (2000)."),
)


def _write_paper(directory: Path, text: str, extension: str) -> Path:
    paper = directory / "papers" / "fuzz"
    paper.mkdir(parents=True, exist_ok=True)
    (paper / f"source.{extension}").write_text(text, encoding="utf-8")
    (paper / "refs.bib").write_text(PANDOC_BIB, encoding="utf-8")
    (paper / "paper.yml").write_text(f"slug: fuzz\nsource: source.{extension}\nshort_title: Fuzz\n"
                                     "provenance: a benchmark\nlicence: CC0\n", encoding="utf-8")
    return paper


def run_family_input(family: Family, text: str) -> None:
    """Everything a contributor's file of this kind goes through before MkDocs:
    the reader and the page renderer; the note loader, its links, citations
    and HTML; the concept loader, its citations and its sanitiser; the
    reference parser."""

    with tempfile.TemporaryDirectory(prefix="fuzz-family-") as scratch:
        directory = Path(scratch)
        if family.target == "source":
            render_paper(read_paper(_write_paper(directory, text, family.extension)))
        elif family.target == "note":
            notes = directory / "annotations" / "zou-balancing-act"
            notes.mkdir(parents=True)
            (notes / "fuzzed.md").write_text(GOOD_NOTE.split("---\n\n")[0] + "---\n\n" + text, encoding="utf-8")
            annotation = load_annotation(notes / "fuzzed.md", directory / "annotations",
                                         ["zou-balancing-act"], BuildCache())
            find_citations(annotation.body_markdown, annotation.body_location.path, annotation.body_location.line)
            render_note(annotation.body_markdown)
        elif family.target == "concept":
            concepts = directory / "docs" / "concepts"
            concepts.mkdir(parents=True)
            page = concepts / "fuzzed.md"
            page.write_text("---\ntitle: Fuzzed\naliases: []\nsummary: A page.\nrelated: []\n---\n\n" + text,
                            encoding="utf-8")
            load_glossary(concepts)
            body = page.read_text(encoding="utf-8").split("---\n\n", 1)[1]
            find_citations(body, page)
            sanitized_concept_markdown(body, page)
        else:
            read_reference(text)


def _cpu_seconds() -> float:
    """CPU time of this process and the children it waited for (Pandoc), which
    a shared machine disturbs far less than wall time."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _time_in_child(family: Family, size: int, timeout: float) -> tuple[float | None, str]:
    """(CPU seconds, outcome) of one input in a child process, which is
    stopped at `timeout` of wall time: a hang must not stop the run."""
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[tuple[float, str]] = context.Queue()

    def child() -> None:
        os.setsid()  # its own process group, so a pandoc it started is stopped with it
        text = family.make(size)
        started = _cpu_seconds()
        try:
            run_family_input(family, text)
            outcome = "read"
        except ReaderError as error:
            outcome = "refused: " + str(error).split("\n")[0][-70:]
        except Exception as error:  # what the run is looking for
            outcome = f"CRASH {type(error).__name__}: {str(error)[:80]}"
        queue.put((_cpu_seconds() - started, outcome))

    process = context.Process(target=child)
    process.start()
    process.join(timeout)
    if process.is_alive():
        assert process.pid is not None  # started above
        os.killpg(process.pid, signal.SIGKILL)
        process.join()
        return None, f"killed at {timeout:.0f} s"
    return queue.get() if not queue.empty() else (None, f"child died ({process.exitcode})")


def _warm_up() -> None:
    """Load what every target loads once (the reference parser's model,
    Pandoc's first run), so children time the input, not the start."""
    for family in FAMILIES:
        with contextlib.suppress(ReaderError):
            run_family_input(family, family.make(100))


def run_families(names: list[str] | None, sizes: tuple[int, ...], timeout: float) -> int:
    _warm_up()
    print(f"{'family':<36} " + " ".join(f"{s // 1000:>7} KB" for s in sizes) + "   growth   outcome")
    failed = False
    for family in FAMILIES:
        if names and family.name not in names:
            continue
        times: list[float | None] = []
        outcomes = []
        for size in sizes:
            seconds, outcome = _time_in_child(family, size, timeout)
            times.append(seconds)
            outcomes.append(outcome)
        shown = " ".join(f"{t:>8.2f}s" if t is not None else f"{'killed':>9}" for t in times)
        growth = " ".join(f"x{b / a:.0f}" if a and b and a > 0.01 else "-" for a, b in itertools.pairwise(times))
        print(f"{family.name:<36} {shown}   {growth:<8} {outcomes[-1]}", flush=True)
        slow = [t is None or (t > LIMIT_SECONDS and s <= 100_000) for t, s in zip(times, sizes, strict=True)]
        failed = failed or any(slow) or any(o.startswith(("CRASH", "child", "killed")) for o in outcomes)
    return 1 if failed else 0


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
    parser.add_argument("--families", action="store_true", help="time the pathological families instead")
    parser.add_argument("--family", choices=[f.name for f in FAMILIES], action="append")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a family input is killed")
    args = parser.parse_args(argv)
    if args.families or args.family:
        return run_families(args.family, FAMILY_SIZES, args.timeout)
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
