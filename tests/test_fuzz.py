"""Property-based fuzz tests: whatever a contributor's file holds, each
reader either reads it or raises one `ReaderError`, quickly. A few examples
per run here; `python -m benchmarks.fuzz` runs 10,000 per target."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings

from benchmarks.fuzz import (
    load_note,
    note_files,
    read_reference,
    read_source,
    read_yaml,
    reference_texts,
    source_texts,
    yaml_texts,
)
from build_tools.model import ReaderError

pytestmark = pytest.mark.unit

# A bounded run: fast enough for every test run, a fixed seed so a failure
# shows up again on the next run and on CI; the deadline is generous for a
# shared machine, tight enough to catch a hang.
FEW = settings(max_examples=50, deadline=2000, derandomize=True, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@FEW
@given(source_texts())
def test_a_source_is_read_or_refused_with_a_reader_error(text: str) -> None:
    with contextlib.suppress(ReaderError):  # the one allowed failure
        read_source(text)


@FEW
@given(note_files())
def test_a_note_file_is_loaded_or_refused_with_a_reader_error(data: bytes) -> None:
    with contextlib.suppress(ReaderError):  # the one allowed failure
        load_note(data)


@FEW
@given(reference_texts())
def test_a_reference_is_parsed_or_refused_with_a_reader_error(text: str) -> None:
    with contextlib.suppress(ReaderError):  # the one allowed failure
        read_reference(text)


@FEW
@given(yaml_texts())
def test_yaml_is_read_or_refused_with_a_reader_error(text: str) -> None:
    with contextlib.suppress(ReaderError):  # the one allowed failure
        read_yaml(text)


def test_an_unclosed_emphasis_after_the_year_is_a_reader_error_not_an_assertion() -> None:
    """Found by benchmarks/fuzz.py."""
    with pytest.raises(ReaderError, match="expected a title after the year"):
        read_reference("Smith, J. (2020) *unclosed title. Press.")


def test_a_reference_whose_authors_are_not_names_is_a_reader_error() -> None:
    """Found by the fuzz test above: pybtex's "Too many commas" escaped."""
    with pytest.raises(ReaderError, match="expected names like"):
        read_reference("In the field, a, b, c, d, e (2020) *Title*. Press.")


def test_a_line_break_in_a_polis_reference_is_a_reader_error() -> None:
    """Found by benchmarks/fuzz.py with 10,000 examples."""
    with pytest.raises(ReaderError, match="expected a journal or book"):
        read_reference("Baykov A.A. 2011. Geopolitics of the American Military Bases. – National Security. "
                       "No. 1. P. 32-37. (In Russ.)\r\x80\n [Title]")
