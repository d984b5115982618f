"""Which pages a `mkdocs serve --dirty` rebuild may skip.

MkDocs' dirty rebuild renders a page again only when its source file is
newer than its output, and always renders generated pages, since it cannot
know what they depend on. For this site that is wrong both ways: saving a
note changes one generated paper page, yet every paper page, the
bibliography and the concepts index were rendered again; and editing a
paper or a concept page changes hand-written pages too (backlinks, the home
page's paper list), which MkDocs would skip.

So the plugin decides. Generated pages are rendered again when their text
changed since the last successful build. Everything is rendered again when
a site-wide input changed: a paper, a concept page (every page's term links
and backlinks depend on the glossary), a snippet, a template or mkdocs.yml.
Notes are not site-wide: a note shows only on its paper page and the notes
pages, which are generated.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.structure.files import File

from build_tools.cache import content_digest, files_digest

SITE_WIDE_DIRECTORIES = ("docs/concepts", "includes", "overrides")


class ReaderFile(File):
    """A file whose `is_modified` the plugin sets; `None` keeps MkDocs' own
    rule (source newer than output)."""

    modified: bool | None = None

    def is_modified(self) -> bool:
        if self.modified is None:
            return bool(super().is_modified())
        return self.modified


def forced_copy(file: File) -> ReaderFile:
    """The hand-written `file`, always rendered again."""
    copy = ReaderFile(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
                      dest_uri=file.dest_uri, inclusion=file.inclusion)
    copy.modified = True
    return copy


def text_digest(text: str) -> bytes:
    return content_digest(text.encode("utf-8"))


class PageDigests:
    """Each generated page's text digest. A page whose text is the very
    string digested last time (the pipeline's cache kept the page) is not
    hashed again: after a note edit, all but one or two of the pages."""

    def __init__(self) -> None:
        self.last: dict[str, tuple[str, bytes]] = {}

    def of(self, generated: dict[str, str]) -> dict[str, bytes]:
        digests = {}
        for uri, text in generated.items():
            kept = self.last.get(uri)
            digests[uri] = kept[1] if kept is not None and kept[0] is text else text_digest(text)
        self.last = {uri: (text, digests[uri]) for uri, text in generated.items()}
        return digests


def site_wide_digest(root: Path, papers_dir: Path, config_file: Path) -> bytes:
    """A digest of every site-wide input (see the module docstring)."""
    paths = [config_file]
    for directory in (papers_dir, *(root / d for d in SITE_WIDE_DIRECTORIES)):
        if directory.is_dir():
            paths += sorted(p for p in directory.rglob("*") if p.is_file())
    return files_digest(paths)


class TemplateCodeInMemory(jinja2.BytecodeCache):
    """Compiled theme templates kept across the rebuilds of one `mkdocs
    serve`: MkDocs makes a new Jinja environment for every rebuild, and
    compiling Material's templates again was a quarter of a rebuild after a
    note edit. Jinja checks each template's source checksum, so an edited
    override is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def without_replaced_search_entries(docs: list[dict[str, object]]) -> list[dict[str, object]]:
    """Material's search index after a dirty rebuild keeps the old entries of
    every rebuilt page but the first (it assumes one page per rebuild), so
    search in `mkdocs serve --dirty` showed a paper twice after each note
    edit. A page's entries are contiguous and a rebuilt page's come last, so
    keep each page's last run of entries."""
    runs: list[list[dict[str, object]]] = []
    for entry in docs:
        page = str(entry["location"]).split("#", 1)[0]
        if runs and str(runs[-1][0]["location"]).split("#", 1)[0] == page:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    last_run = {str(run[0]["location"]).split("#", 1)[0]: i for i, run in enumerate(runs)}
    return [entry for i, run in enumerate(runs) if last_run[str(run[0]["location"]).split("#", 1)[0]] == i
            for entry in run]
