"""The site as a plain Markdown project that any MkDocs-style renderer can build
without our `reader` plugin.

The plugin does its work inside `mkdocs build`: it adds the generated pages
(papers, bibliography, `.bib` and JSON-LD files) and rewrites hand-written pages
(home page paper list, concept backlinks, `[@key]` citations). This module does
the same work once and writes the result to a folder: `docs/` with every page as
the site shows it, `overrides/`, `includes/`, and a `mkdocs.yml` without the
`reader` plugin. Material for MkDocs reaches end of life on 2027-05-05, MkDocs
2.0 drops plugins, and Zensical reads mkdocs.yml but runs no third-party
plugins: the export is the way to any of them (README, "Moving to another
renderer"), and the benchmark's baseline of a build without our plugin.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from build_tools.front_matter import body_first_line
from build_tools.model import ReaderError
from build_tools.pipeline import build_site_content

# Written into every export, so a later export may replace it and nothing else.
EXPORT_MARKER = ".reader-export"
COPIED_FOLDERS = ("docs", "overrides", "includes")
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
# MkDocs' YAML front matter rule (mkdocs.utils.meta), so a page body here is
# exactly the Markdown the plugin's on_page_markdown receives.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
READER_PLUGIN = re.compile(r"(?m)^  - reader:?.*\n(?:      .*\n)*")
WATCHED_BUILD_TOOLS = re.compile(r"(?m)^  - build_tools\n")


def export_markdown_project(root: Path, out: Path) -> tuple[Path, ...]:
    """Write the project at `root` to `out` as final Markdown; returns the files
    written. `out` must be missing, empty, or an earlier export: a folder with
    anything else in it is refused, never overwritten."""
    config_text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config, plugins_removed = READER_PLUGIN.subn("", config_text)
    if plugins_removed != 1:
        raise ReaderError(root / "mkdocs.yml", "expected one `- reader` entry under `plugins` to remove",
                          "the export replaces what the reader plugin does; without it there is nothing to export")
    content = build_site_content(root, root / "docs", configured_site_url(config_text),
                                 repo_url=configured_value(config_text, "repo_url", ""))
    _make_empty_output_folder(out, root)

    for name in COPIED_FOLDERS:
        if (root / name).is_dir():
            shutil.copytree(root / name, out / name)
    docs = out / "docs"
    for page in sorted(docs.rglob("*.md")):
        source = root / "docs" / page.relative_to(docs)
        raw = page.read_text(encoding="utf-8")
        head, markdown = split_front_matter(raw)
        markdown = content.hand_written_markdown(markdown, source, page.relative_to(docs).as_posix(),
                                                 body_first_line(source, markdown))
        page.write_text(head + markdown, encoding="utf-8")
    for uri, text in sorted(content.generated.items()):
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    # The plugin's code is not part of the export, so there is nothing to watch.
    (out / "mkdocs.yml").write_text(WATCHED_BUILD_TOOLS.sub("", config), encoding="utf-8")
    (out / EXPORT_MARKER).write_text(
        f"Written by `python -m build_tools export` from {root.resolve()}.\n"
        "A later export replaces this whole folder; edit the project, not this copy.\n", encoding="utf-8")
    return tuple(sorted(p for p in out.rglob("*") if p.is_file()))


def split_front_matter(raw: str) -> tuple[str, str]:
    """(front matter block with the blank lines after it, body), as MkDocs splits a page."""
    match = FRONT_MATTER.match(raw)
    if not match or not isinstance(yaml.safe_load(match.group(1)), dict):
        return "", raw
    body = raw[match.end():].lstrip("\n")
    return raw[: len(raw) - len(body)], body


def configured_site_url(config_text: str) -> str:
    """`site_url` as MkDocs would read it, `!ENV [NAME, default]` included."""
    url = configured_value(config_text, "site_url", DEFAULT_SITE_URL)
    return url if url.endswith("/") else url + "/"


def configured_value(config_text: str, name: str, default: str) -> str:
    """A top-level `name: value` of mkdocs.yml as MkDocs would read it,
    `!ENV [NAME, default]` included."""

    class EnvLoader(yaml.SafeLoader):
        pass

    def env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        # `!ENV NAME` or `!ENV [NAME, ..., default]`: the first variable set wins.
        if isinstance(node, yaml.SequenceNode):
            items = loader.construct_sequence(node)
            names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
        else:
            names, default = [loader.construct_scalar(node)], None  # type: ignore[arg-type]
        return next((os.environ[str(n)] for n in names if str(n) in os.environ), default)

    EnvLoader.add_constructor("!ENV", env)
    # The full config can hold tags this loader does not know (!!python/name in
    # some Markdown extension settings); the one line is all we need.
    line = next((line for line in config_text.splitlines() if line.startswith(f"{name}:")), "")
    value = (yaml.load(line, Loader=EnvLoader) or {}).get(name) if line else None
    return str(value or default)


def _make_empty_output_folder(out: Path, root: Path) -> None:
    if out.is_symlink():
        # Replacing an earlier export deletes the folder: never through a link.
        raise ReaderError(out, f"the export folder is a symbolic link (to {os.readlink(out)})",
                          "name the folder itself, not a link to it")
    if out.exists() and not out.is_dir():
        raise ReaderError(out, "the export folder is a file", "name a new or empty folder")
    if root.resolve().is_relative_to(out.resolve()) or any(
            out.resolve().is_relative_to((root / name).resolve()) for name in COPIED_FOLDERS):
        raise ReaderError(out, "the export folder would contain the project, or be inside a folder it copies",
                          f"name a new folder outside the project's {', '.join(COPIED_FOLDERS)}")
    if out.is_dir() and any(out.iterdir()):
        if not (out / EXPORT_MARKER).is_file():
            raise ReaderError(out, "the export folder is not empty and holds no earlier export "
                              f"(no {EXPORT_MARKER} file), so nothing in it is overwritten",
                              "name a new or empty folder, or delete this one yourself")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
