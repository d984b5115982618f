"""Per-field accuracy of the reference parser on held-out labelled references (gold.xml).

    python -m benchmarks.reference_parser_accuracy [--model PATH] [--held-out gold|split] [--show-errors FIELD]

Expected values come from the human labels passed through the same rules
(`csl_from_spans`), so a figure measures the CRF's labelling plus how the rules read it.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.labelled_references import HELD_OUT_SETS, LabelledReference, held_out_references
from build_tools.references.parse_reference import (
    DEFAULT_MODEL_PATH,
    CslItem,
    LabelledSpan,
    ReferenceParser,
    clean_reference_text,
    csl_from_spans,
)

TARGETS = {"year": 0.95, "first author family": 0.90, "title": 0.85}


def _comparable(value: Any) -> str:
    """Case, punctuation and spacing differences are not parsing errors."""
    return re.sub(r"[\W_]+", "", str(value)).casefold()


def _first_family(item: CslItem, role: str) -> str | None:
    names = item.get(role) or []
    if not names:
        return None
    first = names[0]
    return str(first.get("family") or first.get("literal") or "") or None


def _year(item: CslItem) -> str | None:
    issued = item.get("issued")
    return str(issued["date-parts"][0][0]) if issued else None


FIELD_READERS: dict[str, Callable[[CslItem], Any]] = {
    "year": _year,
    "year suffix": lambda item: item.get("year-suffix"),
    "first author family": lambda item: _first_family(item, "author"),
    "author count": lambda item: str(len(item["author"])) if item.get("author") else None,
    "title": lambda item: item.get("title"),
    "container": lambda item: item.get("container-title"),
    "volume": lambda item: item.get("volume"),
    "issue": lambda item: item.get("issue"),
    "pages": lambda item: item.get("page"),
    "publisher": lambda item: item.get("publisher"),
    "place": lambda item: item.get("publisher-place"),
    "first editor family": lambda item: _first_family(item, "editor"),
    "edition": lambda item: item.get("edition"),
    "DOI": lambda item: item.get("DOI"),
    "URL": lambda item: item.get("URL"),
    "type": lambda item: item.get("type"),
}


def expected_item(reference: LabelledReference) -> CslItem:
    spans: list[LabelledSpan] = []
    position = 0
    for label, segment in reference.segments:
        spans.append(LabelledSpan(label, segment, position, position + len(segment)))
        position += len(segment) + 1
    # The parser repairs identifiers before tagging; give the expected side the same text.
    return csl_from_spans(spans, clean_reference_text(reference.text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument(
        "--held-out",
        default="gold",
        choices=sorted(HELD_OUT_SETS),
        help="; ".join(f"{name}: {description}" for name, description in HELD_OUT_SETS.items()),
    )
    parser.add_argument("--show-errors", metavar="FIELD", help="print up to 30 mismatches of this field")
    arguments = parser.parse_args()

    reference_parser = ReferenceParser(arguments.model)
    references = held_out_references(arguments.held_out)
    reference_parser.parse("Warm-up, S. (2020). Loads the model. Journal, 1, 1-2.")
    correct = dict.fromkeys(FIELD_READERS, 0)
    compared = dict.fromkeys(FIELD_READERS, 0)
    fully_correct = 0
    timings: list[float] = []
    shown = 0
    for reference in references:
        started = time.perf_counter()
        predicted = reference_parser.parse(reference.text)
        timings.append(time.perf_counter() - started)
        expected = expected_item(reference)
        all_match = True
        for field, read in FIELD_READERS.items():
            expected_value, predicted_value = read(expected), read(predicted)
            if expected_value is None and predicted_value is None:
                continue
            compared[field] += 1
            if expected_value is not None and _comparable(expected_value) == _comparable(predicted_value or ""):
                correct[field] += 1
            else:
                all_match = False
                if field == arguments.show_errors and shown < 30:
                    shown += 1
                    print(f"{reference.text}\n    expected {expected_value!r}\n    got      {predicted_value!r}")
        fully_correct += all_match

    print(f"Held-out references: {len(references)} ({HELD_OUT_SETS[arguments.held_out]}, minus any training string)")
    print(f"{'field':<22}{'accuracy':>9}{'compared':>10}  target")
    for field in FIELD_READERS:
        share = correct[field] / compared[field] if compared[field] else 0.0
        target = TARGETS.get(field)
        verdict = "" if target is None else f"≥ {target:.0%} {'met' if share >= target else 'NOT MET'}"
        print(f"{field:<22}{share:>9.1%}{compared[field]:>10}  {verdict}")
    total_correct, total_compared = sum(correct.values()), sum(compared.values())
    print(f"{'all fields (micro)':<22}{total_correct / total_compared:>9.1%}{total_compared:>10}")
    print(f"{'whole reference right':<22}{fully_correct / len(references):>9.1%}{len(references):>10}")
    timings.sort()
    print(
        f"parse time per reference: median {statistics.median(timings) * 1000:.2f} ms, "
        f"95th percentile {timings[int(len(timings) * 0.95)] * 1000:.2f} ms, max {timings[-1] * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
