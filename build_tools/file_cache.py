"""Values computed from files, kept while the files' bytes are unchanged.

`mkdocs serve` rebuilds the whole site on any change; reading every paper,
note and concept page again made a live rebuild after one edit grow with the
corpus. Contents, not modification times, decide: a file rewritten twice
within the file system's clock tick keeps its mtime. Only successful results
are kept, so a file with an error is read again and reports it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


def content_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def files_digest(paths: Iterable[Path]) -> bytes:
    """A digest of each path and its bytes, in the order given; a missing
    file counts as different from any content."""
    digest = hashlib.blake2b(digest_size=16)
    for path in paths:
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing")
        digest.update(b"\0")
    return digest.digest()


class ByContent(Generic[T]):
    def __init__(self) -> None:
        self._kept: dict[Path, tuple[bytes, Hashable, T]] = {}

    def get(self, path: Path, compute: Callable[[Path], T], context: Hashable = None) -> T:
        """`compute(path)`, or the value it gave for the same bytes and the
        same `context` (whatever else the value depends on)."""
        digest = content_digest(path.read_bytes())
        key = path.resolve()
        kept = self._kept.get(key)
        if kept is not None and kept[0] == digest and kept[1] == context:
            return kept[2]
        value = compute(path)
        self._kept[key] = (digest, context, value)
        return value
