"""The one cache of a build, owned by whoever runs it.

`mkdocs serve` rebuilds the whole site on every change, and redoing every
stage made a live rebuild grow with the corpus. Everything kept between
rebuilds lives in one `BuildCache` that the runner creates (the plugin once
per `mkdocs serve`, the CLI once per command) and passes to the pipeline: no
stage keeps state of its own, so two projects built in one process never
see each other's results.

Three ways to keep a value, each keyed by what the value depends on:

- `from_file`: a value computed from one file, kept while the file's bytes
  (not its modification time) are unchanged. Only successful results are
  kept, so a file with an error is read again and reports it again.
- `same_inputs`: a stage's last result, kept while it is called with the
  very same objects. Unchanged inputs come back as the same objects (see
  `from_file`), every model object is immutable, and identity costs nothing
  to check.
- `remembered`: a value by a hashable key (a reference's text, a work's
  CSL-JSON), in a table that is emptied when it outgrows its limit, so a
  long `mkdocs serve` session does not grow without bound.

With a `LastingCache` (lasting_cache.py: a directory in the project that
`mkdocs build` and `serve` use), the values a stage asks to keep
(`lasting=True`) outlive the process too, keyed by their input's bytes and
the code version: a build whose papers and works are unchanged reads no
paper and formats no reference again. `save` writes the lasting tables.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from build_tools.lasting_cache import LastingCache

T = TypeVar("T")
TABLES = "tables"

DEFAULT_LIMIT = 100_000


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


class BuildCache:
    """See the module docstring. `name` arguments say which stage a value
    belongs to ("read.paper", "render.csl-entry"), so tables never mix."""

    def __init__(self, lasting: LastingCache | None = None) -> None:
        self._files: dict[tuple[str, Path], tuple[bytes, Hashable, Any]] = {}
        self._last: dict[str, tuple[tuple[Any, ...], Any]] = {}
        self._tables: dict[str, dict[Hashable, Any]] = {}
        self.lasting = lasting
        # lasting table → how many values it had when loaded or last saved
        self._saved: dict[str, int] = {}

    def from_file(self, name: str, path: Path, compute: Callable[[Path], T], context: Hashable = None,
                  digest: bytes | None = None, lasting: bool = False) -> T:
        """`compute(path)`, or the value it gave for the same bytes and the
        same `context` (whatever else the value depends on). `digest` stands
        for the bytes when the value depends on more than one file. A
        `lasting` value is also kept on disk, by the file's resolved path,
        the bytes and `repr(context)`."""
        digest = digest if digest is not None else content_digest(path.read_bytes())
        key = (name, path.resolve())
        kept = self._files.get(key)
        if kept is not None and kept[0] == digest and kept[1] == context:
            return kept[2]  # type: ignore[no-any-return]
        if lasting:
            lasting_key = f"{path}\0{key[1]}\0{context!r}\0".encode() + digest
            value = self.lasting_value(name, lasting_key, lambda: compute(path))
        else:
            value = compute(path)
        self._files[key] = (digest, context, value)
        return value

    def lasting_value(self, name: str, key: bytes, compute: Callable[[], T]) -> T:
        """`compute()`, or the value kept on disk for `key` (the bytes of
        everything the value depends on) by this or an earlier build."""
        if self.lasting is None:
            return compute()
        found, value = self.lasting.load(name, key)
        if not found:
            value = compute()
            self.lasting.store(name, key, value)
        return value  # type: ignore[no-any-return]

    def same_inputs(self, name: str, inputs: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """`compute()`, or its last result when `inputs` are the very same
        objects as last time (tuples and lists compared item by item)."""
        kept = self._last.get(name)
        if kept is not None and _same(kept[0], inputs):
            return kept[1]  # type: ignore[no-any-return]
        value = compute()
        self._last[name] = (tuple(_frozen(i) for i in inputs), value)
        return value

    def remembered(self, name: str, key: Hashable, compute: Callable[[], T], limit: int = DEFAULT_LIMIT,
                   lasting: bool = False) -> T:
        """`compute()`, or what it gave for an equal `key` before."""
        table = self.table(name, limit, lasting)
        if key in table:
            return table[key]  # type: ignore[no-any-return]
        value = table[key] = compute()
        return value

    def table(self, name: str, limit: int = DEFAULT_LIMIT, lasting: bool = False) -> dict[Hashable, Any]:
        """The raw table behind `remembered`, for stages that fill it in
        batches (formatting many entries in one call is cheaper). Emptied
        when it holds more than `limit` values. A `lasting` table starts
        from what the last build saved (`save`); its keys and values must
        be plain data or model objects."""
        if lasting and self.lasting is not None and name not in self._saved:
            found, kept = self.lasting.load(TABLES, name.encode())
            if found and isinstance(kept, dict):
                self._tables[name] = {**kept, **self._tables.get(name, {})}
            self._saved[name] = len(self._tables.get(name, {}))
        table = self._tables.setdefault(name, {})
        if len(table) > limit:
            table.clear()
        return table

    def save(self) -> None:
        """Write each lasting table that gained values since it was loaded."""
        if self.lasting is None:
            return
        for name, size in self._saved.items():
            table = self._tables.get(name, {})
            if len(table) != size:
                self.lasting.store(TABLES, name.encode(), table)
                self._saved[name] = len(table)

    def held_values(self) -> int:
        """How many values are held in memory."""
        return len(self._files) + len(self._last) + sum(len(table) for table in self._tables.values())

    def release(self) -> None:
        """Save the lasting tables, then forget every value held in memory;
        a later call computes or loads again. For a one-off build once its
        pages are read: MkDocs then holds every page to the end, the
        build's peak, and the values kept for the next rebuild only add to it."""
        self.save()
        self._files.clear()
        self._last.clear()
        self._tables.clear()
        self._saved.clear()


def _frozen(value: Any) -> Any:
    # A list argument could be changed by the caller after the call.
    return tuple(value) if isinstance(value, list) else value


def _same(kept: tuple[Any, ...], inputs: tuple[Any, ...]) -> bool:
    return len(kept) == len(inputs) and all(_same_value(a, b) for a, b in zip(kept, inputs, strict=True))


def _same_value(kept: Any, value: Any) -> bool:
    if isinstance(value, tuple | list) and isinstance(kept, tuple):
        return len(kept) == len(value) and all(a is b for a, b in zip(kept, value, strict=True))
    return kept is value
