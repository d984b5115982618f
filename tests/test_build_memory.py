"""A `mkdocs build` holds every page's Markdown and HTML until it ends,
which sets the build's peak memory (4.7 GB at N = 1,000 papers). The
reader plugin must not add to that peak what no later hook needs: the
site content, the values its cache keeps for a next rebuild (there is
none), a second copy of each generated page (issue 23)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from build_tools.cache import BuildCache
from build_tools.lasting_cache import LastingCache
from build_tools.mkdocs.plugin import ReaderPlugin
from tests.conftest import copy_project


@pytest.mark.unit
def test_a_released_cache_keeps_its_lasting_values_on_disk_and_computes_the_rest_again(tmp_path: Path) -> None:
    cache = BuildCache(LastingCache(tmp_path / "cache"))
    inputs = (object(),)
    assert cache.remembered("render.entry", "walt-1987", lambda: "kept on disk", lasting=True) == "kept on disk"
    assert cache.remembered("render.entry-in-memory", "walt-1987", lambda: "first") == "first"
    assert cache.same_inputs("references", inputs, lambda: "first") == "first"
    assert cache.held_values() == 3

    cache.release()

    assert cache.held_values() == 0
    assert cache.remembered("render.entry", "walt-1987", lambda: "computed again", lasting=True) == "kept on disk"
    assert cache.remembered("render.entry-in-memory", "walt-1987", lambda: "again") == "again"
    assert cache.same_inputs("references", inputs, lambda: "again") == "again"


@pytest.mark.site
def test_a_build_lets_go_of_the_content_and_cache_before_mkdocs_renders_the_pages(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin

    project, site = copy_project(tmp_path / "project"), tmp_path / "site"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    plugin = config.plugins["reader"]
    assert isinstance(plugin, ReaderPlugin)
    reader: ReaderPlugin = plugin  # for the probe below
    rendered: list[tuple[str, bool, int, bool]] = []

    class Probe(BasePlugin):  # type: ignore[type-arg, no-untyped-call]
        """What the reader plugin holds while MkDocs renders each page."""

        def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
            shared = page.file.content_string is page.markdown if page.file.generated_by else True
            rendered.append((page.file.src_uri, reader.content is None, reader.cache.held_values(), shared))
            return output

    config.plugins["probe"] = Probe()
    config.plugins.on_startup(command="build", dirty=False)
    build(config)

    assert (site / "papers" / "zou-balancing-act" / "index.html").is_file()
    assert {uri for uri, *_ in rendered} >= {"papers/zou-balancing-act.md", "concepts/entrapment.md", "index.md"}
    # No site content; in the cache only the theme's inline scripts, read
    # for the pages' security policy.
    assert [uri for uri, let_go, held, _ in rendered if not let_go or held > 1] == []
    assert [uri for uri, *_, shared in rendered if not shared] == []


@pytest.mark.site
def test_serve_keeps_the_content_and_cache_for_the_next_rebuild(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project, site = copy_project(tmp_path / "project"), tmp_path / "site"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    reader = config.plugins["reader"]
    assert isinstance(reader, ReaderPlugin)
    assert reader.content is not None and reader.cache.held_values() > 100
