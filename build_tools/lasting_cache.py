"""The part of the `BuildCache` that outlives the process: a directory of
values a previous build computed, so `mkdocs build` does not read every
paper and format every reference again when their sources are unchanged.

Every value is kept under a key made of what it depends on: the stage's
name, a digest of its input bytes (and context), and the code version, a
digest of every file of `build_tools` (code, the CRF model) and of the
Python and library versions whose output is kept. Any change to an input,
to our code or to such a library is a different key, so a kept value is
never stale; values of other code versions are removed when the cache is
opened.

Values are pickled. Pickle can run code while it loads, so a value is
loaded only from this directory, which the build writes itself inside the
project (`.cache/reader/`, beside the code it runs: whoever can write there
can change `build_tools` too), and only through an unpickler that accepts
our own model classes (dataclasses and enums of `build_tools`, and
`ReaderError` for a stage's notices), `Path` and dates,
never a function or another module's class: a tampered file can make a
wrong value, not run code. Each file carries a digest of its bytes and is
written to a temporary file and renamed, so a half-written or corrupt file
is never read as a value: whatever cannot be loaded is a miss, computed
again and rewritten.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import io
import os
import pickle
import shutil
import sys
from pathlib import Path
from typing import Any, BinaryIO

from build_tools.model import ReaderError

ENVIRONMENT_VARIABLE = "READER_CACHE_DIR"
DEFAULT_DIRECTORY = ".cache/reader"
OFF = ("", "off", "none", "false", "0")

CODE = Path(__file__).resolve().parent
MAGIC = b"reader-cache 1\n"
DIGEST_SIZE = 16


def code_version(code: Path = CODE) -> str:
    """A digest of every file of `code` (sources, the CRF model), Python's
    version and every installed distribution's name and version."""
    digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
    digest.update(sys.version.encode() + b"\0")
    digest.update("\0".join(installed_distributions()).encode() + b"\0")
    for path in sorted(p for p in code.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(code).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def installed_distributions() -> list[str]:
    """The `<name>-<version>.dist-info` folders on `sys.path`: the kept
    values hold the output of libraries (citeproc-py and its styles, lxml,
    wordfreq, python-crfsuite, Pandoc's wrapper, the .bib readers), and any
    installed version changing is a new code version. One directory
    listing per path entry, where asking each library's version took 2 ms.
    The working directory is left out, and each folder counted once: the
    project's own `.egg-info` (from `pip install -e .`) is there, and
    `python -m mkdocs` puts it on the path where the `mkdocs` script does
    not, so the two would each have thrown the other's cache away."""
    working = os.path.realpath(".")
    seen: set[str] = set()
    found: set[str] = set()
    for entry in sys.path:
        folder = os.path.realpath(entry or ".")
        if folder == working or folder in seen:
            continue
        seen.add(folder)
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        found.update(name for name in names if name.endswith((".dist-info", ".egg-info", ".egg-link")))
    return sorted(found)


def cache_directory(project: Path, configured: str | bool = DEFAULT_DIRECTORY) -> Path | None:
    """Where the project's cache lives: `READER_CACHE_DIR` if set, else
    `configured` (the plugin's `cache_dir`), relative to the project; None
    when either says "off" (or is empty). YAML reads a bare `off` as false."""
    if isinstance(configured, bool):
        configured = DEFAULT_DIRECTORY if configured else "off"
    chosen = os.environ.get(ENVIRONMENT_VARIABLE, configured).strip()
    if chosen.lower() in OFF:
        return None
    return project / chosen


class LastingCache:
    """Values by (stage, key bytes) in `directory/<code version>/`."""

    def __init__(self, directory: Path, version: str | None = None) -> None:
        self.version = version or code_version()
        self.directory = directory / self.version
        self._prune_other_versions(directory)
        self._made: set[Path] = set()  # stage folders this process made or found

    def _prune_other_versions(self, directory: Path) -> None:
        with contextlib.suppress(OSError):  # a folder it cannot read: nothing to remove
            for other in directory.iterdir():
                if other.is_dir() and other.name != self.version and len(other.name) == 2 * DIGEST_SIZE:
                    shutil.rmtree(other, ignore_errors=True)

    def _path(self, stage: str, key: bytes) -> Path:
        name = hashlib.blake2b(stage.encode() + b"\0" + key, digest_size=DIGEST_SIZE).hexdigest()
        return self.directory / stage / f"{name}.pickle"

    def load(self, stage: str, key: bytes) -> tuple[bool, Any]:
        """(True, value) if a value is kept under `key`, else (False, None):
        a missing, corrupt, tampered or unreadable file is a miss."""
        try:
            data = self._path(stage, key).read_bytes()
        except OSError:
            return False, None
        head, payload = data[:len(MAGIC) + DIGEST_SIZE], data[len(MAGIC) + DIGEST_SIZE:]
        if head != MAGIC + hashlib.blake2b(payload, digest_size=DIGEST_SIZE).digest():
            return False, None
        try:
            return True, _ModelUnpickler(io.BytesIO(payload)).load()
        except Exception:  # any failure to load is a miss, never a failed build
            return False, None

    def store(self, stage: str, key: bytes, value: Any) -> None:
        """Keep `value`; a value that cannot be pickled, or a directory that
        cannot be written, leaves the build as it was, only slower next time."""
        path = self._path(stage, key)
        # One writer per process at a time; another process has another name.
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            with temporary.open("wb") as file:
                # Pickled straight into the file, frame by frame: the tables
                # are saved at the end of a build, when MkDocs holds every
                # page, and a whole payload in memory would add to the peak.
                file.write(MAGIC + bytes(DIGEST_SIZE))
                writer = _DigestingWriter(file)
                pickle.dump(value, writer, protocol=pickle.HIGHEST_PROTOCOL)
                file.seek(len(MAGIC))
                file.write(writer.digest.digest())
            os.replace(temporary, path)  # atomic: a reader sees the old file or the whole new one
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)


class _DigestingWriter:
    """A binary file that also digests what is written to it."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.digest = hashlib.blake2b(digest_size=DIGEST_SIZE)

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.file.write(data)


SAFE_CLASSES = {("pathlib", "Path"), ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"),
                ("pathlib", "PurePosixPath"), ("pathlib", "PureWindowsPath"), ("builtins", "set"),
                ("builtins", "frozenset"), ("datetime", "date"), ("datetime", "datetime")}


class _ModelUnpickler(pickle.Unpickler):
    """Loads only containers, `Path`s and the dataclasses and enums of
    `build_tools` (see the module docstring)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in SAFE_CLASSES:
            return super().find_class(module, name)
        if module == "build_tools" or module.startswith("build_tools."):
            found = super().find_class(module, name)
            if isinstance(found, type) and (dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)
                                            or found is ReaderError):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a value the build keeps")
