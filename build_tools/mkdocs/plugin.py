"""The MkDocs plugin: runs the reader pipeline inside `mkdocs build` and
`mkdocs serve`.

It is a thin adapter. `on_files` reads the papers and adds each paper page as
a generated file (nothing is written into docs/), `on_page_markdown` fills the
home page's paper list, and `on_serve` watches the sources so a changed
source or paper.yml rebuilds live. Under `mkdocs serve --dirty` it decides
which pages a rebuild renders again (dirty_rebuild.py). A `ReaderError`
stops `mkdocs build` with its file:line message. `mkdocs serve` instead
builds the site from the files that passed and shows each problem on the
page it belongs to (render/build_problems.py): a failed rebuild would leave
every page request waiting until the file is fixed.
"""

from __future__ import annotations

import dataclasses
from functools import partial
from pathlib import Path
from typing import Any, cast

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from build_tools import urls
from build_tools.cache import BuildCache, content_digest
from build_tools.front_matter import body_first_line
from build_tools.lasting_cache import DEFAULT_DIRECTORY, LastingCache, cache_directory
from build_tools.mkdocs.csp import ThemeScripts, with_content_security_policy
from build_tools.mkdocs.dirty_rebuild import (
    PageDigests,
    ReaderFile,
    TemplateCodeInMemory,
    forced_copy,
    site_wide_digest,
)
from build_tools.mkdocs.pagefind_search import EXTRA_CSS, EXTRA_JAVASCRIPT, SEARCH_PAGE, index_site, pagefind_files
from build_tools.mkdocs.search_index import rewrite_search_index
from build_tools.model import Concept, Paper, Problems, ReaderError
from build_tools.pipeline import SiteContent, build_site_content
from build_tools.read.papers import paper_directories
from build_tools.render.build_problems import problem_pages, problems_html, unreadable_paper_page, with_problems
from build_tools.render.contributed_markdown import refuse_active_html
from build_tools.render.escape import escape_page_meta
from build_tools.urls import is_concept_page

log = get_plugin_logger(__name__)


class ReaderConfig(base.Config):  # type: ignore[no-untyped-call]
    papers_dir = opt.Type(str, default="papers")
    """Directory of `<slug>/paper.yml` + raw source, relative to mkdocs.yml."""
    search = opt.Choice(("material", "pagefind"), default="material")
    """Site search: Material's own (one JSON index; fine for tens of papers)
    or Pagefind (a chunked index written after the build, for hundreds of
    papers; needs `pip install 'pagefind[extended]'`). With `pagefind`,
    Material's search is switched off and a Search page is added."""
    cache_dir = opt.Type((str, bool), default=DEFAULT_DIRECTORY)
    """Where builds keep what they read and formatted for the next build
    (lasting_cache.py), relative to mkdocs.yml; "off" keeps nothing. The
    `READER_CACHE_DIR` environment variable overrides it."""


class ReaderPlugin(BasePlugin[ReaderConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.content: SiteContent | None = None
        # What the search index is rewritten from after the build (papers,
        # concepts), kept when the rest of the content is let go.
        self.indexed: tuple[tuple[Paper, ...], tuple[Concept, ...]] | None = None
        # Everything kept between the rebuilds of one `mkdocs serve`.
        self.cache = BuildCache()
        self.root = Path(".")
        self.dirty = False
        # What the last successful build rendered, for `mkdocs serve --dirty`
        # (see dirty_rebuild.py): generated page → text digest, and the
        # digest of the site-wide inputs.
        self.built: dict[str, bytes] = {}
        self.built_site_wide: bytes | None = None
        self.pending: tuple[dict[str, bytes], bytes | None] = ({}, None)
        self.page_digests = PageDigests()
        self.build_order: dict[str, int] = {}
        self.paper_pages: frozenset[str] = frozenset()  # the papers read, whose search entries are ours
        self.template_code = TemplateCodeInMemory()
        # The theme's inline scripts, read from its templates once per build,
        # and each page's template context until its policy is written.
        self.theme_scripts: ThemeScripts | None = None
        self.script_context: dict[str, TemplateContext] = {}
        self.serving = False
        # `mkdocs serve`: page → the problems shown on it, now and in the
        # last build (a page whose problems went away is rendered again).
        self.problems: dict[str, list[ReaderError]] = {}
        self.problems_before: set[str] = set()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having this hook at all keeps the plugin, `built` and the template
        # code, across the rebuilds of one `mkdocs serve`.
        self.dirty = dirty
        self.serving = command == "serve"

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        env.bytecode_cache = self.template_code
        # The order MkDocs builds pages in, which is the order Material
        # indexes them in (see `_spare_material_search`).
        self.build_order = {file.url: place for place, file in enumerate(files.documentation_pages())}
        if not self.serving and all(f.page is not None and f.page.content is not None
                                    for f in files.documentation_pages()):
            # Every page is read and converted (MkDocs calls `on_env` then):
            # the hooks that needed the site content and the concept pages'
            # checked HTML have run.
            self.content = None
            self.cache.release()
        return env

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).parent
        directory = cache_directory(self.root, cast("str | bool", self.config.cache_dir))  # the option's types
        if directory is None:
            self.cache.lasting = None
        elif self.cache.lasting is None or self.cache.lasting.directory.parent != directory:
            self.cache.lasting = LastingCache(directory)
        if not config.use_directory_urls:
            # Generated raw-HTML links (reference lists, notes) are written as
            # directory URLs, which MkDocs does not rewrite.
            raise PluginError("the reader plugin needs use_directory_urls: true in mkdocs.yml")
        if self.config.search == "pagefind":
            self._use_pagefind(config)
        return config

    def _use_pagefind(self, config: MkDocsConfig) -> None:
        for name in ("material/search", "search"):
            if name in config.plugins:
                # Material checks `enabled` in every hook and in the header
                # template, so its index and search box both go away.
                config.plugins[name].config["enabled"] = False
        config.extra_css.extend(EXTRA_CSS)
        config.extra_javascript.extend(EXTRA_JAVASCRIPT)
        if config.nav is not None:
            config.nav.append({"Search": SEARCH_PAGE})

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        problems = Problems() if self.serving else None
        try:
            self.content = build_site_content(self.root, Path(config.docs_dir), config.site_url or "", self.cache,
                                              problems, repo_url=config.repo_url or "")
        except ReaderError as error:
            raise PluginError(str(error)) from None
        self.indexed = (self.content.papers, tuple(self.content.glossary.concepts.values()))
        self.paper_pages = frozenset(urls.paper_page(paper.slug) for paper in self.content.papers)
        for warning in self.content.warnings:
            log.warning(str(warning))
        generated = dict(self.content.generated)
        self.problems_before = set(self.problems)
        self.problems = self._show_problems(problems, Path(config.docs_dir), generated)
        if self.config.search == "pagefind":
            generated.update(pagefind_files())
        site_wide = (site_wide_digest(self.root, self._papers_dir(), Path(config.config_file_path))
                     if self.dirty else None)
        everything = not self.dirty or site_wide != self.built_site_wide
        if everything:
            # Templates may have changed under `mkdocs serve`; a dirty rebuild
            # whose overrides/ and mkdocs.yml are unchanged keeps the theme's
            # scripts (reading Material's templates again was 4% of a rebuild).
            self.theme_scripts = None
        # Only a dirty rebuild compares pages with the last build.
        digests = self.page_digests.of(generated) if self.dirty else {}
        for uri, text in sorted(generated.items()):
            file = ReaderFile.generated(config, uri, content=text)
            assert isinstance(file, ReaderFile)
            file.modified = (everything or self.built.get(uri) != digests[uri] or uri in self._with_problems()
                             or not Path(file.abs_dest_path).exists())
            files.append(file)
        if self.dirty:
            for file in [f for f in files.documentation_pages() if not f.generated_by
                         and (everything or f.src_uri in self._with_problems())]:
                files.remove(file)
                files.append(forced_copy(file))
        self.pending = (digests, site_wide)
        if not self.serving:
            self._let_go_of_built_content()
        return files

    def _let_go_of_built_content(self) -> None:
        """`mkdocs build`: MkDocs holds every page's Markdown and HTML to the
        end of the build, its peak (4.7 GB at N = 1,000), so the plugin lets
        go of what no later hook needs: the values its cache kept for a
        next rebuild there is none of (the lasting ones are saved first),
        and the generated pages' text, now in their files. `mkdocs serve`
        keeps it all for the next rebuild."""
        assert self.content is not None
        self.content = dataclasses.replace(self.content, generated={})
        self.cache.release()

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        assert self.content is not None
        escape_page_meta(page.meta)  # Material prints title and description unescaped
        if page.file.generated_by:
            self._spare_material_search(page)
            if not self.serving:
                # Read once: the file shares the Markdown MkDocs keeps (its
                # front matter taken off) rather than hold a second copy.
                page.file.content_string = markdown
            return self._with_problems_box(markdown, page.file.src_uri)
        source = Path(page.file.abs_src_path or page.file.src_uri)
        first_line = body_first_line(source, markdown)
        try:
            markdown = self.content.hand_written_markdown(markdown, source, page.file.src_uri, first_line)
        except ReaderError as error:
            if not self.serving:
                raise PluginError(str(error)) from None
            found = Problems()
            found.record(error)
            for each in found.errors:
                log.error(str(each))
            self.problems.setdefault(page.file.src_uri, []).extend(found.errors)
        return self._with_problems_box(markdown, page.file.src_uri)

    def _spare_material_search(self, page: Page) -> None:
        """Material's search parses every page's HTML for its index, and the
        entries of a paper page are then replaced by the reader's own
        (render/search_entries.py): the page asks Material to leave it out
        (its documented `search: exclude` front matter), and the index is
        rewritten with the paper's entries where Material would have put
        them. Parsing paper pages was 0.27 of 4.7 CPU s at N = 20."""
        if self.config.search == "material" and page.file.src_uri in self.paper_pages and "search" not in page.meta:
            page.meta["search"] = {"exclude": True}

    def _show_problems(self, problems: Problems | None, docs_dir: Path,
                       generated: dict[str, str]) -> dict[str, list[ReaderError]]:
        """`mkdocs serve`: log each problem and say which page shows it; a
        paper that could not be read gets a page for its problems."""
        if not problems:
            return {}
        for error in problems.errors:
            log.error(str(error))
        slugs = [d.name for d in paper_directories(self._papers_dir())]
        pages = problem_pages(problems.errors, self.root, docs_dir, slugs)
        for slug in slugs:
            if urls.paper_page(slug) not in generated:
                generated[urls.paper_page(slug)] = unreadable_paper_page(slug)
        return pages

    def _with_problems(self) -> set[str]:
        return set(self.problems) | self.problems_before

    def _with_problems_box(self, markdown: str, page_uri: str) -> str:
        errors = self.problems.get(page_uri)
        return with_problems(markdown, problems_html(errors, self.root)) if errors else markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # A concept page's Markdown was made inert; its HTML is checked too.
        if not page.file.generated_by and is_concept_page(page.file.src_uri):
            try:
                # Kept by the HTML's bytes: only HTML that passed is kept, and passing depends on nothing else.
                self.cache.remembered("mkdocs.inert-concept-html", content_digest(html.encode()),
                                      partial(_checked_inert, html, Path(page.file.abs_src_path or page.file.src_uri)),
                                      lasting=True)
            except ReaderError as error:
                raise PluginError(str(error)) from None
        return html

    # The policy allows the theme's inline scripts as this page's template
    # context renders them (ThemeScripts); the context hooks note that.
    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        self.script_context[page.file.src_uri] = context
        return context

    def on_template_context(self, context: TemplateContext, /, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        self.script_context[template_name] = context
        return context

    @event_priority(-100)  # last: the policy lists the page's final inline scripts
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return self._with_policy(output, page.file.src_uri, config)

    @event_priority(-100)
    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):  # 404.html, not sitemap.xml
            return output_content
        return self._with_policy(output_content, template_name, config)

    def _with_policy(self, html: str, name: str, config: MkDocsConfig) -> str:
        if self.theme_scripts is None:
            self.theme_scripts = ThemeScripts(config.theme.dirs, self.cache)
        allowed = self.theme_scripts.allowed(dict(self.script_context.pop(name, {})))
        return with_content_security_policy(html, allowed, wasm=self.config.search == "pagefind")

    @event_priority(-50)  # after Material's search has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.search == "pagefind":
            try:
                index_site(Path(config.site_dir))
            except ReaderError as error:
                raise PluginError(str(error)) from None
        index_file = Path(config.site_dir) / "search" / "search_index.json"
        site_entries = self.config.search == "material" and self.indexed is not None
        if self.dirty or site_entries:
            papers, concepts = self.indexed or ((), ())
            rewrite_search_index(index_file, papers, concepts, site_entries=site_entries, dirty=self.dirty,
                                 cache=self.cache if self.serving else None, build_order=self.build_order)
        self.built, self.built_site_wide = self.pending
        self.cache.save()

    def on_build_error(self, *, error: Exception) -> None:
        # A failed build may have written some pages and not others, so the
        # next dirty rebuild must not trust the record of the last good one.
        self.built, self.built_site_wide = {}, None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # The sources too, so a saved source, paper.yml or note rebuilds
        # live, and polled sooner than MkDocs' default (live_reload.py).
        watched = [str(self._papers_dir())]
        if (self.root / "annotations").is_dir():
            watched.append(str(self.root / "annotations"))
        from build_tools.mkdocs.live_reload import polling_sooner  # watchdog and MkDocs' server: serve only
        return polling_sooner(server, builder, config.dev_addr, watched, config.watch)

    def _papers_dir(self) -> Path:
        return self.root / self.config.papers_dir


def _checked_inert(html: str, source: Path) -> bool:
    refuse_active_html(html, source)
    return True
