"""The Pagefind search option (READER_SEARCH=pagefind), for corpora whose
Material search index grows to megabytes: a reader finds a passage from the
Search page, offline, and the page passes axe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Request, expect

from build_tools.loopback import free_port
from tests.conftest import ROOT, run_mkdocs_build, serious_accessibility_violations, serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pagefind_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site, port = tmp_path_factory.mktemp("pagefind-site"), free_port()
    build = run_mkdocs_build(ROOT, site, f"http://127.0.0.1:{port}/", READER_SEARCH="pagefind")
    assert build.returncode == 0, build.stderr
    assert not (site / "search" / "search_index.json").exists()  # Material's index is off
    with serving(site, port) as url:
        yield url


def test_a_reader_finds_a_passage_from_the_search_page(page: Page, pagefind_site_url: str,
                                                       screenshot_dir: Path) -> None:
    elsewhere: list[str] = []

    def record(request: Request) -> None:
        if urlparse(request.url).netloc != urlparse(pagefind_site_url).netloc:
            elsewhere.append(request.url)

    page.on("request", record)
    page.goto(pagefind_site_url)
    expect(page.locator("input.md-search__input")).to_have_count(0)
    page.get_by_role("link", name="Search", exact=True).first.click()
    box = page.locator(".pagefind-ui__search-input")
    box.fill("entrapment")
    first = page.locator(".pagefind-ui__result").first
    expect(first).to_be_visible(timeout=15_000)
    expect(first).to_contain_text("ntrapment")
    page.screenshot(path=str(screenshot_dir / "pagefind-search.png"), full_page=False)
    href = first.locator("a").first.get_attribute("href") or ""
    assert href.startswith("/") and not href.startswith("//")
    first.locator("a").first.click()
    expect(page.locator("article h1").first).to_be_visible()
    assert urlparse(page.url).path == href.split("#")[0]
    assert elsewhere == []


def test_the_search_page_has_no_serious_accessibility_violations(page: Page, pagefind_site_url: str,
                                                                 axe: Axe) -> None:
    page.goto(pagefind_site_url + "search/")
    page.locator(".pagefind-ui__search-input").fill("alliance")
    expect(page.locator(".pagefind-ui__result").first).to_be_visible(timeout=15_000)
    assert serious_accessibility_violations(page, axe) == []
