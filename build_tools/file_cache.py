"""Values computed from one file, kept while its bytes are unchanged.

`mkdocs serve` rebuilds the whole site on any change; reading every note and
concept page again made a live rebuild after one edit grow with the corpus.
Contents, not modification times, decide: a file rewritten twice within the
file system's clock tick keeps its mtime. Only successful results are kept,
so a file with an error is read again and reports it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


class ByContent(Generic[T]):
    def __init__(self) -> None:
        self._kept: dict[Path, tuple[bytes, Hashable, T]] = {}

    def get(self, path: Path, compute: Callable[[Path], T], context: Hashable = None) -> T:
        """`compute(path)`, or the value it gave for the same bytes and the
        same `context` (whatever else the value depends on)."""
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        key = path.resolve()
        kept = self._kept.get(key)
        if kept is not None and kept[0] == digest and kept[1] == context:
            return kept[2]
        value = compute(path)
        self._kept[key] = (digest, context, value)
        return value
