"""Fitted rules against the CRF parser, on the references the rules say they read confidently.

    python -m benchmarks.reference_routing [--model PATH] [--source NAME ...]

The references stage (`references/bibliography.py`) reads a string with the
rules of `entry_parser` (fitted to the seed papers' two house styles) and keeps
their reading when `confidently_parsed` says so; otherwise the CRF parser reads
it. On each source's held-out labelled references this prints, for the strings
the rules keep, how often each reader gets the fields a key and a merge depend
on (first author family, year, title, container) right, both read into a `Work`
the same way. Where the CRF is better on the strings the rules keep, routing
them to the CRF would be better too.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pybtex.exceptions import PybtexError

from benchmarks.labelled_references import SOURCE_NAMES, SOURCES, LabelledCorpus
from benchmarks.reference_parser_accuracy import comparable, expected_item
from build_tools.model import RawReference, ReaderError, SourceLocation, Work
from build_tools.references.bibliography import confidently_parsed
from build_tools.references.entry_parser import work_from_reference
from build_tools.references.parse_reference import DEFAULT_MODEL_PATH, ReferenceParser


def _first_family(work: Work) -> str:
    names = work.authors or work.editors
    return names[0].family if names else ""


FIELDS: dict[str, Callable[[Work], str]] = {
    "first author family": _first_family,
    "year": lambda work: work.year.rstrip("abcdefghijklmnopqrstuvwxyz") if work.year != "n.d." else "",
    "title": lambda work: work.title,
    "container": lambda work: work.container,
}


def _raw(text: str, csl_json: str = "") -> RawReference:
    return RawReference("labelled", "1", text, SourceLocation(Path("labelled.xml"), 1), csl_json=csl_json)


def _right(work: Work, expected: Work) -> dict[str, bool]:
    return {name: comparable(read(work)) == comparable(read(expected)) for name, read in FIELDS.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument("--source", action="append", choices=SOURCE_NAMES)
    arguments = parser.parse_args()
    crf = ReferenceParser(arguments.model)
    corpus = LabelledCorpus()
    print(f"{'source':<17}{'held out':>9}{'rules keep':>11}  " + "".join(f"{name:>28}" for name in FIELDS))
    print(f"{'':<39}" + "".join(f"{'rules / CRF':>28}" for _ in FIELDS))
    for source in SOURCES:
        if arguments.source and source.name not in arguments.source:
            continue
        references = corpus.held_out(source.name)
        kept = 0
        rules_right: Counter[str] = Counter()
        crf_right: Counter[str] = Counter()
        for reference in references:
            try:
                by_rules = work_from_reference(_raw(reference.text))
            except (ReaderError, PybtexError):
                continue
            if not confidently_parsed(by_rules):
                continue
            kept += 1
            expected = work_from_reference(_raw(reference.text, json.dumps(expected_item(reference))))
            by_crf = work_from_reference(_raw(reference.text, json.dumps(crf.parse(reference.text))))
            rules_right.update(name for name, right in _right(by_rules, expected).items() if right)
            crf_right.update(name for name, right in _right(by_crf, expected).items() if right)
        cells = "".join(
            f"{rules_right[name] / max(kept, 1):>19.1%} / {crf_right[name] / max(kept, 1):.1%}" for name in FIELDS
        )
        print(f"{source.name:<17}{len(references):>9}{kept:>11}  {cells}")


if __name__ == "__main__":
    main()
