"""Per-paper expectations: tests/expectations/<slug>.yml holds what a reader
would check in that one paper (its reference count, its bibliography keys, the
works it shares with another paper, ...). Tests that assert such facts take
them from here, parametrized over the files, so adding a paper to papers/
breaks no test about the others; a new paper gets its own file when someone
has checked its numbers by reading it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

EXPECTATIONS = Path(__file__).parent / "expectations"


@dataclass(frozen=True)
class PaperExpectation:
    slug: str
    references: int
    paragraphs: int
    keys: tuple[str, ...]
    reference_groups: dict[str, int] = field(default_factory=dict)
    shared_works: dict[str, tuple[str, ...]] = field(default_factory=dict)
    concept_occurrences: dict[str, int] = field(default_factory=dict)


def load(path: Path) -> PaperExpectation:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return PaperExpectation(
        slug=path.stem, references=data["references"], paragraphs=data["paragraphs"], keys=tuple(data["keys"]),
        reference_groups=data.get("reference_groups", {}),
        shared_works={other: tuple(keys) for other, keys in data.get("shared_works", {}).items()},
        concept_occurrences=data.get("concept_occurrences", {}))


EXPECTED = {e.slug: e for e in map(load, sorted(EXPECTATIONS.glob("*.yml")))}


def each_paper() -> list[object]:
    """pytest parameters, one per paper with an expectation file."""
    return [pytest.param(e, id=e.slug) for e in EXPECTED.values()]


def each_shared_pair() -> list[object]:
    return [pytest.param(e.slug, other, keys, id=f"{e.slug}+{other}")
            for e in EXPECTED.values() for other, keys in e.shared_works.items()]
