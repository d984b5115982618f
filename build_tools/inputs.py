"""Reading a file someone else wrote: every input is untrusted.

Every paper source, `paper.yml`, concept page and note comes through
`read_text`, which turns what would otherwise be a traceback or a hang into
one `ReaderError` with the file, the line and a hint:

- a symlink that leaves the repository (a note linked to ~/.ssh/id_rsa would
  be published as a page); `refuse_symlinks` refuses any symlink at all in
  the folders the site is built from;
- a file over its size limit (a 50 MB source or a 5 MB note makes pages no
  browser opens, and builds that take minutes); the limits are stated in
  CONTRIBUTING.md;
- bytes that are not UTF-8 (a binary file, a note saved as Latin-1), named by
  line and byte offset;
- a byte-order mark, which editors on Windows add and which YAML and the
  front matter fence would otherwise misread, is dropped;
- in text people write by hand (notes, concept pages, paper.yml): control
  characters (ESC, BEL, …) and bidirectional overrides, which make text
  display differently from what a reviewer reads in the diff
  ("Trojan Source", CVE-2021-42574).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from build_tools.model import ReaderError, ReaderErrors, SourceLocation
from build_tools.render.escape import terminal_text

MEGABYTE = 1024 * 1024
# The two papers' sources are 14 KB and 35 KB; a long article with its
# references converted to Markdown is rarely over 1 MB.
SOURCE_LIMIT = 5 * MEGABYTE
NOTE_LIMIT = 64 * 1024           # a note is a paragraph or a few; the longest today is 2 KB
CONCEPT_PAGE_LIMIT = 256 * 1024  # a concept page is a definition and a few paragraphs
METADATA_LIMIT = 256 * 1024      # paper.yml: metadata and corrections

# The folders the site is built from; snippets read only INCLUDES.
INCLUDES = "includes"
SITE_SOURCES = ("docs", INCLUDES, "overrides", "annotations", "papers")

BYTE_ORDER_MARK = "\ufeff"
# C0 controls but tab, line feed and carriage return; DEL; C1 controls; the
# bidirectional embeddings, overrides and isolates.
UNSAFE_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def read_text(path: Path, limit: int, what: str, root: Path | None = None, hand_written: bool = False) -> str:
    """The text of `path`, checked as the module docstring says. `what`
    names the file kind in errors ("a note"); `root` is the repository the
    file must stay inside after following symlinks."""
    check_file(path, limit, what, root)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ReaderError(SourceLocation(path, line),
                          f"this file is not UTF-8 text: byte {error.start} (0x{data[error.start]:02x}) "
                          f"on line {line} cannot be decoded",
                          "save the file as UTF-8 in your editor; a binary file (PDF, Word) must be "
                          "converted to text first") from None
    text = text.removeprefix(BYTE_ORDER_MARK)
    if hand_written:
        check_characters(text, path)
    return text


def check_file(path: Path, limit: int, what: str, root: Path | None = None) -> None:
    """The checks that come before reading a byte: where the file really is
    and how big it is."""
    if root is not None:
        check_inside(path, root)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ReaderError(path, f"cannot read this file: {error.strerror}",
                          "check that the file exists and is readable") from None
    if size > limit:
        raise ReaderError(path, f"{what} may be at most {limit // 1024:,} KB; this file is {size // 1024:,} KB",
                          "see 'Size limits' in CONTRIBUTING.md; a file this big is usually the wrong file "
                          "or one that needs splitting")


def check_characters(text: str, path: Path, first_line: int = 1) -> None:
    """Refuse control characters and bidirectional overrides in `text`."""
    found = UNSAFE_CHARACTER.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start())
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    character = found.group()
    raise ReaderError(SourceLocation(path, first_line + line),
                      f"invisible control character U+{ord(character):04X} at line {first_line + line}, "
                      f"column {column}",
                      "delete it: control characters and right-to-left overrides make a text show "
                      "differently from what reviewers read in the diff")


def check_inside(path: Path, root: Path) -> None:
    """A symlink may point anywhere in the repository but not out of it."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        raise ReaderError(path, f"this is a symbolic link to {path.resolve()}, outside the repository",
                          "copy the file into the repository instead of linking to it") from None


def refuse_symlinks(folders: Iterable[Path]) -> None:
    """Every symbolic link under `folders` is an error: MkDocs copies
    docs/ into the site and snippets read includes/, following links, so a
    link to /etc/passwd or ~/.ssh would be published wherever it pointed."""
    errors = []
    for folder in folders:
        for directory, subdirectories, files in os.walk(folder):  # never descends into a linked folder
            for name in sorted([*subdirectories, *files]):
                path = Path(directory) / name
                if path.is_symlink():
                    errors.append(ReaderError(
                        SourceLocation(path, 1), f"this is a symbolic link (to {os.readlink(path)}); "
                        "the site is built only from files in the repository",
                        "replace the link with a copy of the file, or remove it"))
    if errors:
        raise ReaderErrors(errors)


# The tags mkdocs.yml may use: MkDocs' own, and YAML's standard ones.
CONFIG_TAGS = ("!ENV", "!relative", "tag:yaml.org,2002:")


def refuse_code_in_site_config(path: Path) -> None:
    """mkdocs.yml as MkDocs will read it, with PyYAML's full loader: a
    `!!python/…` tag there runs Python (`!!python/object/apply:os.system`),
    and an alias bomb takes a minute to expand. Both are refused at their
    line by reading the file's tokens only, which constructs nothing."""
    text = read_text(path, METADATA_LIMIT, "mkdocs.yml")
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            where = SourceLocation(path, token.start_mark.line + 1)
            if isinstance(token, yaml.DirectiveToken) and token.name == "TAG":
                raise ReaderError(where, "a %TAG directive, which could rename any tag", "remove it")
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                raise ReaderError(where, "an anchor or alias (&name, *name) in mkdocs.yml",
                                  "write the value out where it is needed")
            if isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                tag = ("tag:yaml.org,2002:" if handle == "!!" else handle or "") + suffix
                if not tag.startswith(CONFIG_TAGS) or "python/" in tag:
                    raise ReaderError(where, f"the tag {terminal_text(tag)!r}, which runs code when MkDocs reads "
                                      "mkdocs.yml", "only !ENV, !relative and plain YAML values are used here")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ReaderError(SourceLocation(path, mark.line + 1 if mark else 1), f"mkdocs.yml is not YAML: {error}",
                          "check the indentation and quotes near that line") from None
